import { vietnamDay } from '#domain/rules/period-locks.ts';
import { normaliseHeader as fold } from '#excel/columns.ts';
import type { TierContext } from '#server/context.ts';
import { type CallerSchool, schoolDb } from '../school-of-caller.ts';
import type { Lookups } from './lists.ts';

/** The school's classes of the year and its staff, by name, for reading and writing rows. */
export async function loadLookups(
  context: TierContext,
  school: CallerSchool,
  schoolYear = school.currentSchoolYear,
): Promise<Lookups> {
  const db = schoolDb(context);
  const [classes, staff] = await Promise.all([
    db
      .selectFrom('classes')
      .select(['id', 'payload'])
      .where('school_id', '=', school.id)
      .where('deleted', '=', false)
      .execute(),
    db
      .selectFrom('staff')
      .select(['id', 'payload'])
      .where('school_id', '=', school.id)
      .where('deleted', '=', false)
      .execute(),
  ]);
  const lookups: Lookups = {
    schoolYear,
    classByName: new Map(),
    classNameById: new Map(),
    staffIdsByName: new Map(),
    staffNameById: new Map(),
    // The school's day, not the server's: at 06:00 in Hà Nội it is still yesterday in UTC.
    today: vietnamDay(new Date()),
  };
  for (const { id, payload } of classes) {
    const data = payload;
    lookups.classNameById.set(id, data.name);
    if (data.schoolYear === schoolYear)
      lookups.classByName.set(fold(data.name), { id, name: data.name, status: data.status });
  }
  for (const { id, payload } of staff) {
    const { fullName } = payload;
    lookups.staffNameById.set(id, fullName);
    const key = fold(fullName);
    lookups.staffIdsByName.set(key, [...(lookups.staffIdsByName.get(key) ?? []), id]);
  }
  return lookups;
}
