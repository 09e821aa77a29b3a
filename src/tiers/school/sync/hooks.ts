// What the school does with its province's final decisions: each record shows its last sync
// status and its national identifier. A record edited while its sync was under way keeps
// "chưa đồng bộ", and its newer version goes up on its own, so nothing is lost.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { PgBoss } from 'pg-boss';
import type { ProvinceTierDatabase, SchoolTierDatabase } from '../../../db/schema.ts';
import type { SecretKeys } from '../../../db/secret-box.ts';
import type { BatchItem } from '../../../sync/protocol.ts';
import { enqueueBatches } from '../../../sync/send/outbox.ts';
import type { SenderHooks } from '../../../sync/send/sender.ts';
import { upstreamOf } from '../../../sync/send/upstream.ts';
import { markPending } from './collect.ts';
import { RECORD_TABLE } from './tables.ts';

export function schoolHooks(
  db: Kysely<SchoolTierDatabase>,
  queue: PgBoss | undefined,
  secretKeys: SecretKeys,
): SenderHooks {
  return {
    upstreamOf: (unitKey) => upstreamOf(db as unknown as Kysely<ProvinceTierDatabase>, secretKeys, unitKey),
    // A school's records arrive in bulk (an Excel import, a new school) just before their sync.
    analyzedTables: ['students', 'staff', 'classes', 'results'],
    async applyFinal(trx, batch, items) {
      if (items.length === 0) return;
      const table = RECORD_TABLE[batch.kind];
      const nationalId =
        table === 'results' || table === 'schools'
          ? sql``
          : sql`, national_id = coalesce(t.national_id, d.national_id)`;
      await sql`
        UPDATE ${sql.table(table)} t SET sync_state = d.status, sync_error = d.error ${nationalId}
        FROM unnest(${items.map((i) => i.id)}::uuid[], ${items.map((i) => i.version)}::int[], ${items.map((i) => i.status)}::text[],
                    ${items.map((i) => i.nationalId)}::text[], ${items.map((i) => i.error?.message ?? null)}::text[])
          AS d(id, version, status, national_id, error)
        WHERE t.id = d.id AND t.version = d.version`.execute(trx as Transaction<unknown>);

      const { rows: newer } = await sql<BatchItem>`
        SELECT t.id::text, t.version, t.deleted, t.payload, t.hash
        FROM ${sql.table(table)} t, unnest(${items.map((i) => i.id)}::uuid[], ${items.map((i) => i.version)}::int[]) AS d(id, version)
        WHERE t.id = d.id AND t.version > d.version AND t.sync_state = 'unsynced'`.execute(
        trx as Transaction<unknown>,
      );
      if (newer.length === 0) return;
      const school = await (trx as unknown as Transaction<SchoolTierDatabase>)
        .selectFrom('schools')
        .select('id')
        .where('code', '=', batch.unitKey.slice(1))
        .executeTakeFirstOrThrow();
      const runId = crypto.randomUUID();
      await (trx as unknown as Transaction<SchoolTierDatabase>)
        .insertInto('sync_runs')
        .values({
          id: runId,
          school_id: school.id,
          kind: batch.kind,
          requested_by: null,
          requested_by_name: 'Tự động: bản sửa trong lúc đồng bộ',
          record_count: newer.length,
        })
        .execute();
      await enqueueBatches(trx, queue, { unitKey: batch.unitKey, kind: batch.kind, items: newer, runId });
      await markPending(trx as unknown as Transaction<SchoolTierDatabase>, new Map([[batch.kind, newer]]));
    },
  };
}
