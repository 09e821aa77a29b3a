import { type Kysely, sql } from 'kysely';

/**
 * One person, one national identifier. `person_identities` binds a personal ID (số định danh cá
 * nhân) to the identifier the national tier gave that person, whatever becomes of the records that
 * carried it: a pupil deleted and added again, or moved to a school that makes a new record, gets
 * the same identifier back. Keyed by kind, since a teacher who was once a pupil is two roles.
 *
 * And records are looked up by id alone across provinces (the registry is partitioned by
 * province): a province may not send a record whose id another province already holds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE person_identities (
      kind text NOT NULL,
      personal_id text NOT NULL,
      national_id text NOT NULL UNIQUE,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kind, personal_id)
    )`.execute(db);
  // Every person known so far keeps the identifier of their earliest record.
  await sql`
    INSERT INTO person_identities (kind, personal_id, national_id)
    SELECT DISTINCT ON (kind, personal_id) kind, personal_id, national_id
    FROM sync_records
    WHERE personal_id IS NOT NULL AND national_id IS NOT NULL AND kind IN ('student', 'staff')
    ORDER BY kind, personal_id, received_at
    ON CONFLICT DO NOTHING`.execute(db);
  await sql`CREATE INDEX sync_records_id ON sync_records (id)`.execute(db);
}
