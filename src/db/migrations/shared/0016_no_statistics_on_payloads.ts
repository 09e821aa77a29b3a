import { type Kysely, sql } from 'kysely';

/**
 * No query filters or joins on a whole record's JSON, so the statistics PostgreSQL gathers on it
 * go unused; gathering them means reading and decompressing every sampled payload, which made an
 * ANALYZE of the sync tables cost seconds while a province synced. Target 0 skips them; the
 * columns generated from the payload (names, personal IDs, statuses) keep theirs.
 */
const PAYLOADS = {
  school: [
    ['schools', 'payload'],
    ['classes', 'payload'],
    ['staff', 'payload'],
    ['students', 'payload'],
    ['results', 'payload'],
    ['outbox_batches', 'items'],
    ['outbox_batches', 'body'],
  ],
  province: [
    ['sync_records', 'payload'],
    ['outbox_batches', 'items'],
    ['outbox_batches', 'body'],
  ],
  // The partitioned table passes the setting on to every province's partition.
  national: [['sync_records', 'payload']],
} as const;

export function noStatisticsOnPayloads(tier: keyof typeof PAYLOADS) {
  return async function up(db: Kysely<unknown>): Promise<void> {
    for (const [table, column] of PAYLOADS[tier])
      await sql`ALTER TABLE ${sql.table(table)} ALTER COLUMN ${sql.ref(column)} SET STATISTICS 0`.execute(db);
  };
}
