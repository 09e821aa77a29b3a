// A closed school year is read-only: every write of a class, pupil or result of that year asks
// here first, so what the school closed (and reported) stays what its records say.
import type { Kysely } from 'kysely';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { AppError } from '#domain/errors.ts';

type Db = Kysely<SchoolTierDatabase>;

export async function isYearClosed(db: Db, schoolId: string, schoolYear: string): Promise<boolean> {
  const row = await db
    .selectFrom('school_year_closures')
    .select('school_year')
    .where('school_id', '=', schoolId)
    .where('school_year', '=', schoolYear)
    .executeTakeFirst();
  return row !== undefined;
}

/** Refuses a change to records of a closed year, naming the year. */
export async function assertYearOpen(
  db: Db,
  schoolId: string,
  ...years: (string | undefined)[]
): Promise<void> {
  for (const year of new Set(years)) {
    if (year && (await isYearClosed(db, schoolId, year)))
      throw new AppError('SCHOOL_YEAR_CLOSED', {
        message: `Năm học ${year} đã khoá sổ (kết chuyển năm học): hồ sơ của năm này chỉ xem, không sửa được.`,
      });
  }
}
