// Personal IDs at the school: twelve digits are required by the schema; whether they fit the
// birth date and gender is only a warning here (the national tier makes it an error), so the
// clerk can fix it before syncing. Two live records of one school (of one school year, for
// pupils) never share one.
import { type Kysely, sql } from 'kysely';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { AppError, type FieldIssue } from '#domain/errors.ts';
import { checkPersonalId, type Gender } from '#domain/rules/personal-id.ts';

export function personalIdWarnings(person: {
  personalId?: string;
  birthDate: string;
  gender: Gender;
}): FieldIssue[] {
  return person.personalId
    ? checkPersonalId({ personalId: person.personalId, birthDate: person.birthDate, gender: person.gender })
    : [];
}

/** Refuses a personal ID another live record of the school already has, naming that record. */
export async function refuseDuplicatePersonalId(
  db: Kysely<SchoolTierDatabase>,
  table: 'staff' | 'students',
  schoolId: string,
  personalId: string | undefined,
  exceptId?: string,
  schoolYear?: string,
): Promise<void> {
  if (!personalId) return;
  const other = await db
    .selectFrom(table)
    .select(['id', 'full_name'])
    .where('school_id', '=', schoolId)
    .where('personal_id', '=', personalId)
    .where('deleted', '=', false)
    .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId!))
    // A pupil has one enrolment per school year: last year's record of them is no duplicate.
    .$if(table === 'students', (q) =>
      q.where(
        sql.ref('school_year'),
        '=',
        schoolYear ?? sql`(SELECT school_year FROM students WHERE id = ${exceptId ?? null}::uuid)`,
      ),
    )
    .executeTakeFirst();
  if (other) {
    throw new AppError('PERSONAL_ID_DUPLICATE', {
      issues: [
        {
          field: 'personalId',
          code: 'PERSONAL_ID_DUPLICATE',
          message: `Số định danh ${personalId} đã có ở ${table === 'students' ? 'học sinh' : 'cán bộ'} ${other.full_name}.`,
        },
      ],
    });
  }
}

/** The unique index is the last word when two clerks save at the same moment. */
export function rethrowClash(error: unknown): never {
  const e = error as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint?.endsWith('_school_personal_id'))
    throw new AppError('PERSONAL_ID_DUPLICATE');
  throw error;
}
