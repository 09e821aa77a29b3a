import { type Kysely, sql } from 'kysely';

/**
 * The outbox of a sending tier (school → province, province → national). Batches are written in
 * the same transaction as the action that makes them, so nothing acknowledged to the user is
 * lost; a worker sends them in order per unit, and keeps the upstream's decision on each item.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outbox_batches')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('seq', 'bigserial', (col) => col.notNull().unique())
    .addColumn('unit_key', 'text', (col) => col.notNull())
    .addColumn('run_id', 'uuid')
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('items', 'jsonb', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().defaultTo('queued').check(sql`status IN ('queued', 'sent', 'done', 'rejected')`),
    )
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addColumn('done_at', 'timestamptz')
    .execute();
  await sql`CREATE INDEX outbox_batches_queued ON outbox_batches (unit_key, seq) WHERE status = 'queued'`.execute(
    db,
  );
  await db.schema.createIndex('outbox_batches_run').on('outbox_batches').column('run_id').execute();

  await db.schema
    .createTable('outbox_items')
    .addColumn('batch_id', 'uuid', (col) => col.notNull().references('outbox_batches.id'))
    .addColumn('idx', 'integer', (col) => col.notNull())
    .addColumn('record_id', 'uuid', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('pending'))
    .addColumn('decided_by', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_field', 'text')
    .addColumn('error_message', 'text')
    .addColumn('national_id', 'text')
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('outbox_items_pk', ['batch_id', 'idx'])
    .execute();
  await db.schema
    .createIndex('outbox_items_record')
    .on('outbox_items')
    .columns(['record_id', 'version'])
    .execute();
}
