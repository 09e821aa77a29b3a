// A receiving tier's tables grow from nothing to millions of rows during a province's first sync,
// faster than autovacuum's first ANALYZE comes round. Until then PostgreSQL plans with no
// statistics, believes the tables tiny and may compare every held row with every item of a batch
// instead of looking each one up. So the receiver analyzes them itself each time what it has
// taken since the last time is as much again as what they held then.
import { sql } from 'kysely';
import type { AnyTierDatabase } from '../../db/schema.ts';

const TABLES = sql`sync_records, sync_items, sync_batches, school_sync_summary`;
const FIRST_AFTER = 5_000;

export function statisticsKeeper(db: AnyTierDatabase, log: { warn(details: object, message: string): void }) {
  let takenSince = 0;
  let heldAtLast = 0;
  let running = false;
  return {
    /** Counts what a batch added; starts an ANALYZE in the background when it is due. */
    taken(items: number): void {
      takenSince += items;
      if (running || takenSince < Math.max(FIRST_AFTER, heldAtLast)) return;
      running = true;
      heldAtLast += takenSince;
      takenSince = 0;
      sql`ANALYZE ${TABLES}`
        .execute(db)
        .catch((error) => log.warn({ err: error }, 'ANALYZE các bảng nhận đồng bộ không chạy được'))
        .finally(() => {
          running = false;
        });
    },
  };
}
