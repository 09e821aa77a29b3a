import { type Kysely, sql } from 'kysely';

/**
 * Running totals per school and category at a receiving tier: records held (not deleted), and
 * how many records' newest item is pending, success or failed, with the last success and the
 * last activity. Kept in the same transactions as what they count (src/sync/receive/summary.ts),
 * so the dashboard reads one row per school and category instead of counting every record.
 * Filled here from what the tier already holds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('school_sync_summary')
    .addColumn('school_code', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('held', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('pending', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('success', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_success_at', 'timestamptz')
    .addColumn('last_activity_at', 'timestamptz')
    .addPrimaryKeyConstraint('school_sync_summary_pk', ['school_code', 'kind'])
    .execute();
  await sql`
    INSERT INTO school_sync_summary (school_code, kind, held, pending, success, failed, last_success_at, last_activity_at)
    SELECT school_code, kind, sum(held)::int, sum(pending)::int, sum(success)::int, sum(failed)::int,
      max(last_success_at), max(last_activity_at)
    FROM (
      SELECT school_code, kind, count(*) AS held, 0 AS pending, 0 AS success, 0 AS failed,
        NULL::timestamptz AS last_success_at, NULL::timestamptz AS last_activity_at
      FROM sync_records WHERE NOT deleted GROUP BY 1, 2
      UNION ALL
      SELECT i.school_code, b.kind, 0, count(*) FILTER (WHERE i.status = 'pending'),
        count(*) FILTER (WHERE i.status = 'success'), count(*) FILTER (WHERE i.status = 'failed'),
        max(i.updated_at) FILTER (WHERE i.status = 'success'), max(i.updated_at)
      FROM sync_items i JOIN sync_batches b ON b.id = i.batch_id WHERE i.latest GROUP BY 1, 2
    ) AS counts
    GROUP BY 1, 2`.execute(db);
}
