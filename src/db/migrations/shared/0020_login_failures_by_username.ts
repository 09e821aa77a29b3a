import { type Kysely, sql } from 'kysely';

/**
 * Failed logins are counted per username as typed (after the login's own trimming and lower
 * casing), whether or not an account has that name: an unknown name is then throttled exactly
 * like a known one, and the answers tell nobody which names exist. The counts kept on `users`
 * move here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('login_failures')
    .addColumn('username', 'text', (col) => col.primaryKey())
    .addColumn('failures', 'integer', (col) => col.notNull())
    .addColumn('locked_until', 'timestamptz')
    .addColumn('last_failed_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  // Counts of names nobody has tried for a day are forgotten; this index finds them.
  await db.schema
    .createIndex('login_failures_last_failed_at')
    .on('login_failures')
    .column('last_failed_at')
    .execute();
  await sql`
    INSERT INTO login_failures (username, failures, locked_until)
    SELECT username, failed_logins, locked_until FROM users WHERE failed_logins > 0`.execute(db);
  await db.schema.alterTable('users').dropColumn('failed_logins').dropColumn('locked_until').execute();
}
