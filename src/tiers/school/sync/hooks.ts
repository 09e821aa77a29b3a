// What the school does with its province's final decisions: each record shows its last sync
// status and its national identifier. A record edited while its sync was under way keeps
// "chưa đồng bộ", and its newer version goes up on its own, so nothing is lost.
import { type Kysely, sql } from 'kysely';
import type { PgBoss } from 'pg-boss';
import type { SchoolTierDatabase } from '#db/schema.ts';
import type { SecretKeys } from '#db/secret-box.ts';
import { recordKind } from '#domain/record-kinds.ts';
import type { BatchItem } from '#sync/protocol.ts';
import type { SenderHooks } from '#sync/send/sender.ts';
import { upstreamOf } from '#sync/send/upstream.ts';
import { markPending } from './collect.ts';
import { queueSyncRun } from './runs.ts';
import { RECORD_TABLE } from './tables.ts';

export function schoolHooks(
  db: Kysely<SchoolTierDatabase>,
  queue: PgBoss | undefined,
  secretKeys: SecretKeys,
): SenderHooks<SchoolTierDatabase> {
  return {
    upstreamOf: (unitKey) => upstreamOf(db, secretKeys, unitKey),
    // A school's records arrive in bulk (an Excel import, a new school) just before their sync.
    analyzedTables: ['students', 'staff', 'classes', 'results'],
    async applyFinal(trx, batch, items) {
      if (items.length === 0) return;
      const table = RECORD_TABLE[batch.kind];
      // Kinds the national tier identifies keep the identifier it gave, once given.
      const nationalId = recordKind(batch.kind).nationalIdPrefix
        ? sql`, national_id = coalesce(t.national_id, d.national_id)`
        : sql``;
      await sql`
        UPDATE ${sql.table(table)} t SET sync_state = d.status, sync_error = d.error ${nationalId}
        FROM unnest(${items.map((i) => i.id)}::uuid[], ${items.map((i) => i.version)}::int[], ${items.map((i) => i.status)}::text[],
                    ${items.map((i) => i.nationalId)}::text[], ${items.map((i) => i.error?.message ?? null)}::text[])
          AS d(id, version, status, national_id, error)
        WHERE t.id = d.id AND t.version = d.version`.execute(trx);

      const { rows: newer } = await sql<BatchItem>`
        SELECT t.id::text, t.version, t.deleted, t.payload, t.hash
        FROM ${sql.table(table)} t, unnest(${items.map((i) => i.id)}::uuid[], ${items.map((i) => i.version)}::int[]) AS d(id, version)
        WHERE t.id = d.id AND t.version > d.version AND t.sync_state = 'unsynced'`.execute(trx);
      if (newer.length === 0) return;
      const school = await trx
        .selectFrom('schools')
        .select(['id', 'code'])
        .where('code', '=', batch.unitKey.slice(1))
        .executeTakeFirstOrThrow();
      const byKind = new Map([[batch.kind, newer]]);
      await queueSyncRun(
        trx,
        queue,
        {
          school,
          kind: batch.kind,
          requestedBy: { id: null, name: 'Tự động: bản sửa trong lúc đồng bộ' },
          records: newer.length,
        },
        byKind,
      );
      await markPending(trx, byKind);
    },
  };
}
