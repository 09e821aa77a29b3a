import { type Kysely, sql } from 'kysely';
import { provinces } from '#domain/reference/index.ts';

/**
 * Tables whose rows get a new sync status or identifier after they are written leave half of each
 * page free, so that PostgreSQL can keep the new row version on the same page and leave the
 * indexes alone (a heap-only update) instead of writing every index again. Half, because a sync
 * updates every row of a school at once: each row on a page needs room for its new version.
 * (The old version is pruned once no one can see it, so the next update finds room again.)
 */
const ROOM = 50;

const TABLES = {
  school: ['schools', 'classes', 'staff', 'students', 'results', 'outbox_items'],
  province: ['sync_records', 'outbox_items'],
  national: provinces.map((p) => `sync_records_p${p.code}`),
};

export function roomForStatusUpdates(tier: keyof typeof TABLES) {
  return async function up(db: Kysely<unknown>): Promise<void> {
    for (const table of TABLES[tier])
      await sql`ALTER TABLE ${sql.table(table)} SET (fillfactor = ${sql.lit(ROOM)})`.execute(db);
  };
}
