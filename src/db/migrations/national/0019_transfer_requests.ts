import { type Kysely, sql } from 'kysely';

/**
 * Transfer requests (yêu cầu chuyển trường): a school that takes in a pupil still enrolled at
 * another school asks that school to release them. Kept at the national tier, the one tier that
 * sees every school of every province; schools reach it through their province.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE transfer_requests (
      id uuid PRIMARY KEY,
      national_id text NOT NULL,
      pupil_name text NOT NULL,
      birth_date text NOT NULL,
      from_school_code text NOT NULL,
      from_province_code text NOT NULL,
      to_school_code text NOT NULL,
      to_province_code text NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'refused')),
      note text,
      answer_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      answered_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX transfer_requests_from ON transfer_requests (from_school_code, created_at DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX transfer_requests_to ON transfer_requests (to_school_code, created_at DESC)`.execute(
    db,
  );
  // One open request per pupil and receiving school: asking twice is asking once.
  await sql`CREATE UNIQUE INDEX transfer_requests_open ON transfer_requests (national_id, to_school_code) WHERE status = 'open'`.execute(
    db,
  );
}
