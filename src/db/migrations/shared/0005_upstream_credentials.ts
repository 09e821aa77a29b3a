import { type Kysely, sql } from 'kysely';

/**
 * The credential a unit of this tier presents to the tier above: each school's, issued by its
 * province; the province's, issued by the national tier. The tier must send the secret, so it
 * keeps it; only administrators of the unit can replace it, and no API returns it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('upstream_credentials')
    .addColumn('unit_key', 'text', (col) => col.primaryKey())
    .addColumn('upstream_url', 'text', (col) => col.notNull())
    .addColumn('client_id', 'text', (col) => col.notNull())
    .addColumn('client_secret', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}
