// The school's own EMIS figures for a year, from its records as they are now: what the Sở will
// count once its submission is approved, to be checked before pressing Nộp.
import type { Kysely } from 'kysely';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { emisFigures } from '#domain/rules/emis-figures.ts';

export async function ownReport(db: Kysely<SchoolTierDatabase>, schoolId: string, schoolYear: string) {
  const [classes, pupils, staff] = await Promise.all([
    db
      .selectFrom('classes')
      .select(['id', 'grade'])
      .where('school_id', '=', schoolId)
      .where('school_year', '=', schoolYear)
      .where('status', '=', 'active')
      .where('deleted', '=', false)
      .execute(),
    db
      .selectFrom('students')
      .select('payload')
      .where('school_id', '=', schoolId)
      .where('school_year', '=', schoolYear)
      .where('deleted', '=', false)
      .execute(),
    db
      .selectFrom('staff')
      .select('payload')
      .where('school_id', '=', schoolId)
      .where('deleted', '=', false)
      .execute(),
  ]);
  return {
    schoolYear,
    ...emisFigures(
      classes,
      pupils.map((p) => p.payload),
      staff.map((s) => s.payload),
    ),
  };
}
