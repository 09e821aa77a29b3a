import { type Kysely, sql } from 'kysely';

/**
 * Submissions (nộp báo cáo) of a reporting period by each school, and their review by the Sở or
 * the commune's unit: every submission is kept with the figures the province held when it came,
 * so the reviewer sees what changed since the one before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE period_submissions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_code text NOT NULL,
      school_year text NOT NULL,
      period text NOT NULL CHECK (period IN ('DN', 'GK1', 'CK1', 'GK2', 'CN')),
      status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'approved', 'returned')),
      figures jsonb NOT NULL,
      note text,
      submitted_at timestamptz NOT NULL DEFAULT now(),
      reviewed_by text,
      reviewed_at timestamptz,
      comment text
    )`.execute(db);
  await sql`
    CREATE INDEX period_submissions_newest
    ON period_submissions (school_year, period, school_code, submitted_at DESC)`.execute(db);
}
