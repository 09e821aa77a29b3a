// `dongbo reconcile`: compare what a tier holds with what its upstream holds, per school and
// category, and send again whatever upstream lacks or holds at an older version.
import { type Kysely, sql } from 'kysely';
import type { PgBoss } from 'pg-boss';
import { readMeta } from '#db/meta.ts';
import type { ProvinceTierDatabase, SchoolTierDatabase, SendingTables } from '#db/schema.ts';
import type { SecretKeys } from '#db/secret-box.ts';
import type { RecordKind } from '#domain/record-kinds.ts';
import { DEPENDENCY_ORDER } from '#domain/record-kinds.ts';
import { type Digest, digestOf, upstreamPairs } from '#sync/digest.ts';
import type { BatchItem } from '#sync/protocol.ts';
import { getDigest } from '#sync/send/client.ts';
import { enqueueBatches } from '#sync/send/outbox.ts';
import { upstreamFromRow } from '#sync/send/upstream.ts';
import { markPending } from './collect.ts';
import { schoolPairs } from './digest.ts';
import { queueSyncRun } from './runs.ts';
import { RECORD_TABLE } from './tables.ts';

export interface ReconcileLine {
  schoolCode: string;
  kind: RecordKind;
  here: Digest;
  upstream: Digest;
  resent: number;
}

/** The ids held here that upstream lacks or holds older. */
function behind(
  here: { id: string; version: number }[],
  upstream: { id: string; version: number }[],
): Set<string> {
  const there = new Map(upstream.map((p) => [p.id, p.version]));
  return new Set(here.filter((p) => (there.get(p.id) ?? 0) < p.version).map((p) => p.id));
}

const credentials = (db: Kysely<Pick<SendingTables, 'upstream_credentials'>>) =>
  db.selectFrom('upstream_credentials').selectAll().execute();

export async function reconcileSchools(
  db: Kysely<SchoolTierDatabase>,
  queue: PgBoss | undefined,
  secretKeys: SecretKeys,
): Promise<ReconcileLine[]> {
  const lines: ReconcileLine[] = [];
  for (const credential of await credentials(db)) {
    const school = await db
      .selectFrom('schools')
      .select(['id', 'code'])
      .where('code', '=', credential.unit_key.slice(1))
      .executeTakeFirst();
    if (!school) continue;
    const upstream = upstreamFromRow(credential, secretKeys);
    await db.transaction().execute(async (trx) => {
      for (const kind of DEPENDENCY_ORDER) {
        const mine = await schoolPairs(trx, school.id, kind);
        const theirs = await getDigest(upstream, kind);
        const here = digestOf(mine, false);
        const missing = here.hash === theirs.hash ? new Set<string>() : behind(mine, theirs.records);
        const table = RECORD_TABLE[kind];
        const rows = missing.size
          ? (
              await sql<BatchItem>`SELECT id::text, version, deleted, payload, hash FROM ${sql.table(table)}
                WHERE id = ANY(${[...missing]}::uuid[]) AND sync_state <> 'pending' FOR UPDATE`.execute(trx)
            ).rows
          : [];
        if (rows.length) {
          const byKind = new Map([[kind, rows]]);
          await queueSyncRun(
            trx,
            queue,
            { school, kind, requestedBy: { id: null, name: 'Đối chiếu tự động' }, records: rows.length },
            byKind,
          );
          await markPending(trx, byKind);
        }
        lines.push({
          schoolCode: school.code,
          kind,
          here,
          upstream: { count: theirs.count, hash: theirs.hash },
          resent: rows.length,
        });
      }
    });
  }
  return lines;
}

export async function reconcileProvince(
  db: Kysely<ProvinceTierDatabase>,
  queue: PgBoss | undefined,
  secretKeys: SecretKeys,
): Promise<ReconcileLine[]> {
  const provinceCode = (await readMeta<string>(db, 'province_code'))!;
  const [credential] = await credentials(db);
  if (!credential) return [];
  const upstream = upstreamFromRow(credential, secretKeys);
  const schools = await db
    .selectFrom('sync_records')
    .select('school_code')
    .distinct()
    .where('province_code', '=', provinceCode)
    .execute();
  const lines: ReconcileLine[] = [];
  for (const { school_code: schoolCode } of schools) {
    for (const kind of DEPENDENCY_ORDER) {
      const mine = await upstreamPairs(db, provinceCode, schoolCode, kind);
      const theirs = await getDigest(upstream, kind, schoolCode);
      const here = digestOf(mine, false);
      const missing = here.hash === theirs.hash ? [] : [...behind(mine, theirs.records)];
      const rows = missing.length
        ? await db
            .selectFrom('sync_records')
            .select(['id', 'version', 'deleted', 'payload', 'hash'])
            .where('province_code', '=', provinceCode)
            .where('id', 'in', missing)
            .execute()
        : [];
      if (rows.length) {
        await enqueueBatches(db, queue, {
          unitKey: credential.unit_key,
          kind,
          items: rows.map((r) => ({ ...r, schoolCode })),
        });
      }
      lines.push({
        schoolCode,
        kind,
        here,
        upstream: { count: theirs.count, hash: theirs.hash },
        resent: rows.length,
      });
    }
  }
  return lines;
}
