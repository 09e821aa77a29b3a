import { type Kysely, sql } from 'kysely';

/**
 * Closed school years (Kết chuyển năm học): once a school closes a year its classes, pupils and
 * results of that year are read-only, so what was reported for it stays what the records say.
 * A pupil has a record per school year, so a personal ID is unique per school and year.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE school_year_closures (
      school_id uuid NOT NULL,
      school_year text NOT NULL,
      closed_by uuid,
      closed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (school_id, school_year)
    )`.execute(db);
  await sql`DROP INDEX students_school_personal_id`.execute(db);
  await sql`CREATE UNIQUE INDEX students_school_personal_id ON students (school_id, school_year, personal_id)
    WHERE NOT deleted AND personal_id IS NOT NULL`.execute(db);
}
