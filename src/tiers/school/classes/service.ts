// Thông tin lớp: what the routes do, in SQL. A class is dissolved only once its students have
// moved, and deleted only if it never had any (a tombstone for sync).
import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import { foldedNameContains } from '#db/like.ts';
import type { SchoolTierDatabase } from '#db/schema.ts';
import type { SchoolClass } from '#domain/entities/index.ts';
import { AppError, issue } from '#domain/errors.ts';
import { gradeName } from '#domain/grades.ts';
import { enrolledStatusCodes, schoolLevelByCode } from '#domain/reference/index.ts';
import { combinationIssues } from '../combination-check.ts';
import { inPageOrder, pageOfIds } from '../lists/page-order.ts';
import { insertRecord, lockRecord, tombstoneRecord, toView, updateRecord } from '../records.ts';
import type { CallerSchool } from '../school-of-caller.ts';
import type { createClassBody, dissolveBody, listClassesQuery, updateClassBody } from './schemas.ts';

type Db = Kysely<SchoolTierDatabase>;

/** The class's references must exist in the school: its grade in the school's level, its teacher, its site. */
export async function checkClass(db: Db, school: CallerSchool, data: SchoolClass, exceptId?: string) {
  const problems = [];
  if (!school.grades.includes(data.grade)) {
    const level = schoolLevelByCode.get(school.levelCode)?.name ?? school.levelCode;
    problems.push(
      issue(
        'grade',
        'CLASS_GRADE_NOT_IN_LEVEL',
        `Trường thuộc cấp ${level} nên chỉ có ${school.grades.map(gradeName).join(', ')}; không có ${gradeName(data.grade)}.`,
      ),
    );
  }
  problems.push(...combinationIssues(data.grade, data.combination, `Lớp ${data.name}`));
  if (data.homeroomStaffId) {
    const teacher = await db
      .selectFrom('staff')
      .select('id')
      .where('id', '=', data.homeroomStaffId)
      .where('school_id', '=', school.id)
      .where('deleted', '=', false)
      .executeTakeFirst();
    if (!teacher)
      problems.push(
        issue(
          'homeroomStaffId',
          'REFERENCE_UNKNOWN',
          'Giáo viên chủ nhiệm không có trong danh sách cán bộ của trường.',
        ),
      );
  }
  if (data.campusId) {
    const row = await db
      .selectFrom('schools')
      .select('payload')
      .where('id', '=', school.id)
      .executeTakeFirstOrThrow();
    const campuses = row.payload.campuses ?? [];
    if (!campuses.some((c) => c.id === data.campusId))
      problems.push(issue('campusId', 'REFERENCE_UNKNOWN', 'Điểm trường không có trong thông tin trường.'));
  }
  const sameName = await db
    .selectFrom('classes')
    .select('id')
    .where('school_id', '=', school.id)
    .where('school_year', '=', data.schoolYear)
    .where('name', '=', data.name)
    .where('deleted', '=', false)
    .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId!))
    .executeTakeFirst();
  if (sameName)
    problems.push(issue('name', 'INVALID_FORMAT', `Năm học ${data.schoolYear} đã có lớp ${data.name}.`));
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { issues: problems });
}

/** How many enrolled students each class has. */
function enrolledCount(db: Db, classIds: string[]): Promise<Map<string, number>> {
  if (classIds.length === 0) return Promise.resolve(new Map());
  return db
    .selectFrom('students')
    .select(['class_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('class_id', 'in', classIds)
    .where('deleted', '=', false)
    .where('status_code', 'in', enrolledStatusCodes)
    .groupBy('class_id')
    .execute()
    .then((rows) => new Map(rows.map((r) => [r.class_id, r.n])));
}

/** The classes in full, in the order of `ids`, with their enrolment and homeroom teacher's name. */
export async function classViews(db: Db, schoolId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('classes as c')
    .leftJoin('staff as t', (join) => join.on(sql<boolean>`t.id = (c.payload->>'homeroomStaffId')::uuid`))
    .select([
      'c.id',
      'c.school_id',
      'c.version',
      'c.deleted',
      'c.payload',
      'c.hash',
      'c.sync_state',
      'c.sync_error',
      'c.national_id',
      'c.updated_at',
      't.full_name as homeroomName',
    ])
    .where('c.id', 'in', ids)
    .where('c.school_id', '=', schoolId)
    .execute();
  const counts = await enrolledCount(db, ids);
  return inPageOrder(ids, rows).map((row) => ({
    ...toView<'classes'>(row),
    enrolledStudents: counts.get(row.id) ?? 0,
    homeroomName: row.homeroomName,
  }));
}

export const classOf = async (db: Db, schoolId: string, id: string) =>
  (await classViews(db, schoolId, [id]))[0]!;

export async function listClasses(
  db: Db,
  school: CallerSchool,
  {
    schoolYear: year = school.currentSchoolYear,
    grade,
    status,
    q,
    sort,
    order,
    page,
    pageSize,
  }: z.infer<typeof listClassesQuery>,
) {
  let query = db
    .selectFrom('classes')
    .where('school_id', '=', school.id)
    .where('deleted', '=', false)
    .where('school_year', '=', year);
  if (grade) query = query.where('grade', '=', grade);
  if (status) query = query.where('status', '=', status);
  if (q) query = query.where(foldedNameContains(sql.ref('name_search'), q));
  const direction = order === 'desc' ? sql`DESC` : sql`ASC`;
  const orderBy = {
    name: sql`name COLLATE "vi-x-icu" ${direction}`,
    grade: sql`length(grade) ${direction}, grade ${direction}, name COLLATE "vi-x-icu" ${direction}`,
    updatedAt: sql`updated_at ${direction}`,
  }[sort];
  const { ids, total } = await pageOfIds(query.select('id'), orderBy, { page, pageSize });
  return { items: await classViews(db, school.id, ids), total, page, pageSize };
}

/** Adds a class, active, in the school's current year unless another is given; returns it. */
export async function createClass(
  db: Db,
  school: CallerSchool,
  userId: string,
  input: z.infer<typeof createClassBody>,
): Promise<{ id: string; data: SchoolClass }> {
  const data: SchoolClass = {
    ...input,
    schoolYear: input.schoolYear ?? school.currentSchoolYear,
    status: 'active',
  };
  delete data.dissolvedOn;
  await checkClass(db, school, data);
  const row = await insertRecord(db, 'classes', school.id, data, userId);
  return { id: row.id, data };
}

export async function updateClass(
  db: Db,
  school: CallerSchool,
  userId: string,
  id: string,
  { version, ...input }: z.infer<typeof updateClassBody>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await lockRecord(trx, 'classes', school.id, id);
    const before = current.payload;
    // The school year and the status stay; dissolving has its own action.
    const data: SchoolClass = {
      ...input,
      schoolYear: before.schoolYear,
      status: before.status,
      dissolvedOn: before.dissolvedOn,
    };
    await checkClass(trx, school, data, current.id);
    await updateRecord(trx, 'classes', current, data, userId, version);
  });
}

export async function dissolveClass(
  db: Db,
  schoolId: string,
  userId: string,
  id: string,
  { dissolvedOn, dissolutionDecision }: z.infer<typeof dissolveBody>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await lockRecord(trx, 'classes', schoolId, id);
    const enrolled = (await enrolledCount(trx, [current.id])).get(current.id) ?? 0;
    const data = current.payload;
    if (enrolled > 0) {
      const message = `Lớp ${data.name} còn ${enrolled} học sinh đang học. Hãy chuyển các em sang lớp khác (Chuyển lớp) rồi giải thể.`;
      throw new AppError('CLASS_HAS_STUDENTS', {
        message,
        issues: [issue('students', 'CLASS_HAS_STUDENTS', message)],
      });
    }
    await updateRecord(
      trx,
      'classes',
      current,
      { ...data, status: 'dissolved', dissolvedOn, dissolutionDecision },
      userId,
    );
  });
}

export async function deleteClass(db: Db, schoolId: string, userId: string, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await lockRecord(trx, 'classes', schoolId, id);
    const { had_students } = await trx
      .selectFrom('classes')
      .select('had_students')
      .where('id', '=', current.id)
      .executeTakeFirstOrThrow();
    if (had_students) throw new AppError('CLASS_HAS_HISTORY');
    await tombstoneRecord(trx, 'classes', current, userId);
  });
}
