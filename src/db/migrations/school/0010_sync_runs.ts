import { type Kysely, sql } from 'kysely';

/** Each "Đồng bộ lên CSDL Quốc gia" a user makes: the sync history (Lịch sử đồng bộ) lists them. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sync_runs')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('requested_by', 'uuid')
    .addColumn('requested_by_name', 'text')
    .addColumn('record_count', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('sync_runs_school')
    .on('sync_runs')
    .columns(['school_id', 'created_at'])
    .execute();
}
