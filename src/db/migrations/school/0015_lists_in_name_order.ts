import { type Kysely, sql } from 'kysely';

/**
 * The student and staff lists are sorted by given name, then full name, in Vietnamese order
 * (byVietnameseName in src/tiers/school/lists/shared-schemas.ts). These indexes hold that order,
 * so a page of a large school is read in order instead of sorting the whole school each time.
 * The expressions must stay the same as the ORDER BY for PostgreSQL to use them.
 */
const GIVEN_NAME = sql`(regexp_replace(full_name, '^.* ', '') COLLATE "vi-x-icu"), (full_name COLLATE "vi-x-icu")`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX students_list_by_name ON students (school_id, school_year, ${GIVEN_NAME}) WHERE NOT deleted`.execute(
    db,
  );
  await sql`CREATE INDEX staff_list_by_name ON staff (school_id, ${GIVEN_NAME}) WHERE NOT deleted`.execute(
    db,
  );
}
