import { type Kysely, sql } from 'kysely';
import { provinces } from '#domain/reference/index.ts';

/**
 * What a receiving tier (province, national) keeps of the sync protocol: every batch received
 * (its id is the idempotency key; its body hash tells a replay from a reuse), the decision on
 * each item, and its copy of the records, newest version only. At the national tier the copy is
 * partitioned by province, so it can be spread over servers (Citus) when one is not enough.
 */
export function syncReceiving(partitioned: boolean) {
  return async function up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('sync_batches')
      .addColumn('id', 'uuid', (col) => col.primaryKey())
      .addColumn('sender_unit', 'text', (col) => col.notNull())
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('body_hash', 'text', (col) => col.notNull())
      .addColumn('item_count', 'integer', (col) => col.notNull())
      .addColumn('received_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .createIndex('sync_batches_sender')
      .on('sync_batches')
      .columns(['sender_unit', 'received_at'])
      .execute();

    await db.schema
      .createTable('sync_items')
      .addColumn('batch_id', 'uuid', (col) => col.notNull().references('sync_batches.id'))
      .addColumn('idx', 'integer', (col) => col.notNull())
      .addColumn('record_id', 'uuid', (col) => col.notNull())
      .addColumn('version', 'integer', (col) => col.notNull())
      .addColumn('school_code', 'text', (col) => col.notNull())
      .addColumn('status', 'text', (col) =>
        col.notNull().check(sql`status IN ('pending', 'success', 'failed')`),
      )
      .addColumn('decided_by', 'text')
      .addColumn('error_code', 'text')
      .addColumn('error_field', 'text')
      .addColumn('error_message', 'text')
      .addColumn('national_id', 'text')
      .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      // The item carrying a record's newest version: its status is the record's status.
      .addColumn('latest', 'boolean', (col) => col.notNull().defaultTo(true))
      .addPrimaryKeyConstraint('sync_items_pk', ['batch_id', 'idx'])
      .execute();
    await sql`CREATE INDEX sync_items_pending ON sync_items (record_id) WHERE status = 'pending'`.execute(db);
    await sql`CREATE INDEX sync_items_latest ON sync_items (record_id) WHERE latest`.execute(db);
    await sql`CREATE INDEX sync_items_school_status ON sync_items (school_code, status) WHERE latest`.execute(
      db,
    );

    await sql`
      CREATE TABLE sync_records (
        province_code text NOT NULL,
        id uuid NOT NULL,
        kind text NOT NULL,
        school_code text NOT NULL,
        version integer NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        payload jsonb NOT NULL,
        hash text NOT NULL,
        national_id text,
        personal_id text GENERATED ALWAYS AS (payload->>'personalId') STORED,
        status_code text GENERATED ALWAYS AS (payload->>'statusCode') STORED,
        received_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (province_code, id)
      ) ${sql.raw(partitioned ? 'PARTITION BY LIST (province_code)' : '')}`.execute(db);
    if (partitioned) {
      for (const { code } of provinces) {
        await sql`CREATE TABLE ${sql.raw(`sync_records_p${code}`)} PARTITION OF sync_records FOR VALUES IN (${sql.lit(code)})`.execute(
          db,
        );
      }
    }
    await sql`CREATE INDEX sync_records_school ON sync_records (school_code, kind)`.execute(db);
    await sql`CREATE INDEX sync_records_person ON sync_records (personal_id) WHERE personal_id IS NOT NULL AND NOT deleted`.execute(
      db,
    );
    await sql`CREATE SEQUENCE national_id_seq`.execute(db);
  };
}
