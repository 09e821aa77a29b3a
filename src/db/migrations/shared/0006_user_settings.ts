import { type Kysely, sql } from 'kysely';

/** Per-user settings of each list (visible columns and their order), so they follow the user. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('user_list_settings')
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('list', 'text', (col) => col.notNull())
    .addColumn('columns', 'jsonb', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('user_list_settings_pk', ['user_id', 'list'])
    .execute();
}
