import { type Kysely, sql } from 'kysely';

/**
 * Machine credentials this tier issues to the units below it (a province to its schools, the
 * national tier to provinces). The secret is 256 random bits, stored as its SHA-256 only.
 * A unit may hold two at once while rotating: the old one lives until `expires_at`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sync_credentials')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('client_id', 'text', (col) => col.notNull().unique())
    .addColumn('unit_key', 'text', (col) => col.notNull())
    .addColumn('secret_hash', 'text', (col) => col.notNull())
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('sync_credentials_unit').on('sync_credentials').column('unit_key').execute();
}
