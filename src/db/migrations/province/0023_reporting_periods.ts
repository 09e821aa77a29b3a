import { type Kysely, sql } from 'kysely';

/**
 * Reporting periods (kỳ báo cáo) the Sở opens per school year, each with a deadline per kind of
 * record; the unlocks that let a school edit a period's data past its deadline (granted on a
 * request, or when a submission is returned); and the schools' requests for them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE reporting_periods (
      school_year text NOT NULL,
      period text NOT NULL CHECK (period IN ('DN', 'GK1', 'CK1', 'GK2', 'CN')),
      opens_on date NOT NULL,
      deadlines jsonb NOT NULL,
      updated_by text,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (school_year, period)
    )`.execute(db);
  await sql`
    CREATE TABLE period_unlocks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_code text NOT NULL,
      school_year text NOT NULL,
      period text NOT NULL,
      kinds text[],
      until timestamptz NOT NULL,
      reason text NOT NULL,
      granted_by text,
      source text NOT NULL CHECK (source IN ('request', 'returned')),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX period_unlocks_school ON period_unlocks (school_code, school_year, until DESC)`.execute(
    db,
  );
  await sql`
    CREATE TABLE unlock_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_code text NOT NULL,
      school_year text NOT NULL,
      period text NOT NULL,
      kinds text[],
      reason text NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'granted', 'refused')),
      until timestamptz,
      answer_reason text,
      answered_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      answered_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX unlock_requests_school ON unlock_requests (school_code, created_at DESC)`.execute(
    db,
  );
}
