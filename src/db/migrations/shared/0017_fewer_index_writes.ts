import { type Kysely, sql } from 'kysely';

/**
 * Every index on a sync table is written once per record synced, and again whenever the record's
 * status changes where the status is part of the index. Only the indexes that queries use are kept:
 *
 * - An outbox item is always looked up through its batch (the primary key); the index on its
 *   record was never read.
 * - A received item is looked up by record (its newest item, or the one awaiting a decision):
 *   one index on the record serves both, where two partial ones were written for each item.
 * - By school, only the failures of each record's newest item are looked up (dashboard, drill-down,
 *   statistics): an index of those alone, instead of every newest item with its status.
 *
 * And the items' foreign keys to their batches go: an item is written only by the statement that
 * follows its batch's in the same transaction, and batches are never deleted, so the check — a
 * look-up of the batch for every item, a tenth of a province's statement time taking a batch —
 * guarded against nothing that can happen.
 */
const SENT_ITEMS = [
  sql`DROP INDEX outbox_items_record`,
  sql`ALTER TABLE outbox_items DROP CONSTRAINT outbox_items_batch_id_fkey`,
];

const RECEIVED_ITEMS = [
  sql`ALTER TABLE sync_items DROP CONSTRAINT sync_items_batch_id_fkey`,
  sql`CREATE INDEX sync_items_record ON sync_items (record_id)`,
  sql`DROP INDEX sync_items_pending`,
  sql`DROP INDEX sync_items_latest`,
  sql`CREATE INDEX sync_items_school_failed ON sync_items (school_code) WHERE latest AND status = 'failed'`,
  sql`DROP INDEX sync_items_school_status`,
];

const STEPS = {
  school: SENT_ITEMS,
  province: [...SENT_ITEMS, ...RECEIVED_ITEMS],
  national: RECEIVED_ITEMS,
};

export function fewerIndexWrites(tier: keyof typeof STEPS) {
  return async function up(db: Kysely<unknown>): Promise<void> {
    for (const step of STEPS[tier]) await step.execute(db);
  };
}
