// Writes generated schools into the school tier's database: one multi-row INSERT per chunk of
// records, never one round trip per record.
import type { Kysely } from 'kysely';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { recordHash } from '#domain/record-hash.ts';
import type { GeneratedRecord, SchoolBundle } from './generator.ts';

const ROWS_PER_STATEMENT = 2_000;

type RecordTable = 'classes' | 'staff' | 'students';

export interface SeedCounts {
  schools: number;
  classes: number;
  staff: number;
  students: number;
}

/** Stores one school with its records in one transaction; returns how many of each were written. */
export async function writeSchoolBundle(
  db: Kysely<SchoolTierDatabase>,
  bundle: SchoolBundle,
): Promise<SeedCounts> {
  await db.transaction().execute(async (trx) => {
    const { school } = bundle;
    await trx
      .insertInto('schools')
      .values({
        id: school.id,
        code: school.payload.code,
        payload: JSON.stringify(school.payload),
        hash: recordHash(school.payload),
        current_school_year: bundle.classes[0]?.payload.schoolYear ?? null,
      })
      .execute();
    await insertRecords(trx, 'staff', school.id, bundle.staff);
    await insertRecords(trx, 'classes', school.id, bundle.classes);
    await insertRecords(trx, 'students', school.id, bundle.students);
  });
  return {
    schools: 1,
    classes: bundle.classes.length,
    staff: bundle.staff.length,
    students: bundle.students.length,
  };
}

async function insertRecords(
  db: Kysely<SchoolTierDatabase>,
  table: RecordTable,
  schoolId: string,
  records: GeneratedRecord<object>[],
): Promise<void> {
  for (let start = 0; start < records.length; start += ROWS_PER_STATEMENT) {
    const rows = records.slice(start, start + ROWS_PER_STATEMENT).map((record) => ({
      id: record.id,
      school_id: schoolId,
      payload: JSON.stringify(record.payload),
      hash: recordHash(record.payload),
    }));
    await db.insertInto(table).values(rows).execute();
  }
}
