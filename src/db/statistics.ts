// The sync tables grow from nothing to millions of rows during a province's first sync, faster
// than autovacuum's first ANALYZE comes round. Until then PostgreSQL plans with no statistics,
// believes the tables tiny, and may compare every held row with every item of a batch instead of
// looking each one up. So the process that writes them analyzes them itself each time it has
// written as many rows again as they held at the last ANALYZE. (A failed ANALYZE — the database
// going away at shutdown, say — changes nothing and is simply tried again later.)
import { sql } from 'kysely';
import type { AnyTierDatabase } from './schema.ts';

const FIRST_AFTER = 5_000;

export interface StatisticsKeeper {
  /** Counts rows written; starts an ANALYZE in the background when one is due. */
  wrote(rows: number): void;
}

export function statisticsKeeper(db: AnyTierDatabase, tables: string[]): StatisticsKeeper {
  let writtenSince = 0;
  let heldAtLast = 0;
  let running = false;
  const list = sql.join(tables.map((table) => sql.table(table)));
  return {
    wrote(rows) {
      writtenSince += rows;
      if (running || writtenSince < Math.max(FIRST_AFTER, heldAtLast)) return;
      running = true;
      heldAtLast += writtenSince;
      writtenSince = 0;
      db.transaction()
        .execute(async (trx) => {
          // What the planner needs here is how many rows there are and that ids are unique: a
          // sample of 3,000 rows per table tells it as well as autovacuum's later 30,000, at a
          // tenth of the cost (it was a quarter of PostgreSQL's time in a province's first sync).
          await sql`SET LOCAL default_statistics_target = 10`.execute(trx);
          await sql`ANALYZE ${list}`.execute(trx);
        })
        .catch(() => {})
        .finally(() => {
          running = false;
        });
    },
  };
}
