import type { Kysely } from 'kysely';

/**
 * The reason the last sync of a record failed, kept on the record itself so every list can show
 * it beside the red "Thất bại" tag without reading the sync history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['schools', 'classes', 'staff', 'students', 'results']) {
    await db.schema.alterTable(table).addColumn('sync_error', 'text').execute();
  }
}
