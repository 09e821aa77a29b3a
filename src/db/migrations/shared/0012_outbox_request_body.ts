import { type Kysely, sql } from 'kysely';

/**
 * Each outbox batch keeps the request body it is sent with, JSON compressed with gzip once when
 * the batch is written, so every attempt sends the same bytes without reading, parsing,
 * serialising and compressing its records again. Batches written before keep their `items`.
 * The bytes are already compressed: PostgreSQL stores them as they are (EXTERNAL).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox_batches').addColumn('body', 'bytea').execute();
  await sql`ALTER TABLE outbox_batches ALTER COLUMN body SET STORAGE EXTERNAL, ALTER COLUMN items DROP NOT NULL`.execute(
    db,
  );
}
