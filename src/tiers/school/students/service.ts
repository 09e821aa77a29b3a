// Thông tin học sinh: what the routes do, in SQL. A student always sits in a live, active class
// of the school, in that class's school year.
import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import { foldedNameContains } from '#db/like.ts';
import type { SchoolTierDatabase } from '#db/schema.ts';
import type { Student } from '#domain/entities/index.ts';
import { AppError, issue } from '#domain/errors.ts';
import { combinationIssues, isUpperSecondaryGrade } from '../combination-check.ts';
import { inPageOrder, pageOfIds } from '../lists/page-order.ts';
import { byVietnameseName, personSummary } from '../lists/shared-schemas.ts';
import { personalIdWarnings, refuseDuplicatePersonalId, rethrowClash } from '../personal-ids.ts';
import {
  changedFields,
  findLiveClass,
  insertRecord,
  lockRecord,
  tombstoneRecord,
  toView,
  updateManyPayloads,
  updateRecord,
} from '../records.ts';
import type { CallerSchool } from '../school-of-caller.ts';
import type {
  createStudentBody,
  listStudentsQuery,
  moveBody,
  statusBody,
  updateStudentBody,
} from './schemas.ts';

// A transaction is a Kysely handle too.
type Db = Kysely<SchoolTierDatabase>;

/** A live, active class of the school, or a validation error on `field`. */
async function activeClass(db: Db, schoolId: string, classId: string, field = 'classId') {
  const cls = await findLiveClass(db, schoolId, classId);
  if (!cls) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [issue(field, 'REFERENCE_UNKNOWN', 'Lớp không có trong trường.')],
    });
  }
  if (cls.status !== 'active')
    throw new AppError('VALIDATION_FAILED', { issues: [issue(field, 'CLASS_NOT_ACTIVE')] });
  return cls;
}

/** A pupil's own combination only in an upper-secondary class. */
function refuseMisplacedCombination(grade: string, student: Student): void {
  const issues = combinationIssues(grade, student.combination, `Học sinh ${student.fullName}`);
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', { issues });
}

async function markClassesHadStudents(db: Db, classIds: string[]) {
  await db
    .updateTable('classes')
    .set({ had_students: true })
    .where('id', 'in', classIds)
    .where('had_students', '=', false)
    .execute();
}

/** One student in full, with the class's name and the warnings on the personal ID. */
export async function studentOf(db: Db, schoolId: string, id: string) {
  const row = await lockRecord(db, 'students', schoolId, id);
  const data = row.payload;
  const cls = await db.selectFrom('classes').select('name').where('id', '=', data.classId).executeTakeFirst();
  return { ...toView<'students'>(row), className: cls?.name ?? '', warnings: personalIdWarnings(data) };
}

/** A page of the school's students of a school year, filtered and sorted. */
export async function listStudents(
  db: Db,
  school: CallerSchool,
  {
    schoolYear = school.currentSchoolYear,
    grade,
    classId,
    statusCode,
    q,
    sort,
    order,
    page,
    pageSize,
  }: z.infer<typeof listStudentsQuery>,
) {
  let query = db
    .selectFrom('students as s')
    .innerJoin('classes as c', 'c.id', 's.class_id')
    .where('s.school_id', '=', school.id)
    .where('s.deleted', '=', false)
    .where('s.school_year', '=', schoolYear);
  if (grade) query = query.where('c.grade', '=', grade);
  if (classId) query = query.where('s.class_id', '=', classId);
  if (statusCode) query = query.where('s.status_code', '=', statusCode);
  if (q)
    query = query.where((eb) =>
      eb.or([foldedNameContains(sql.ref('s.name_search'), q), eb('s.personal_id', '=', q.trim())]),
    );
  const direction = order === 'desc' ? sql`DESC` : sql`ASC`;
  const byName = byVietnameseName('s.full_name', order);
  const orderBy = {
    name: byName,
    birthDate: sql`s.payload->>'birthDate' ${direction}`,
    class: sql`length(c.grade) ${direction}, c.grade ${direction}, c.name COLLATE "vi-x-icu" ${direction}, ${byName}`,
    updatedAt: sql`s.updated_at ${direction}`,
  }[sort];
  const { ids, total } = await pageOfIds(query.select('s.id'), orderBy, { page, pageSize });
  const rows = ids.length
    ? await db
        .selectFrom('students as s')
        .innerJoin('classes as c', 'c.id', 's.class_id')
        .select([
          's.id',
          's.version',
          's.sync_state',
          's.sync_error',
          's.national_id',
          's.payload',
          'c.name as className',
          'c.grade',
        ])
        .where('s.school_id', '=', school.id)
        .where('s.id', 'in', ids)
        .execute()
    : [];
  const items = inPageOrder(ids, rows).map((row) => ({
    ...personSummary(row),
    ethnicityCode: row.payload.ethnicityCode,
    classId: row.payload.classId,
    className: row.className,
    grade: row.grade,
    statusDate: row.payload.statusDate,
  }));
  return { items, total, page, pageSize };
}

/** Adds a student to an active class; returns the new record's id. */
export async function createStudent(
  db: Db,
  schoolId: string,
  userId: string,
  input: z.infer<typeof createStudentBody>,
): Promise<string> {
  const cls = await activeClass(db, schoolId, input.classId);
  await refuseDuplicatePersonalId(db, 'students', schoolId, input.personalId, undefined, cls.schoolYear);
  const data: Student = { ...input, schoolYear: cls.schoolYear };
  refuseMisplacedCombination(cls.grade, data);
  const row = await db
    .transaction()
    .execute(async (trx) => {
      await markClassesHadStudents(trx, [cls.id]);
      return insertRecord(trx, 'students', schoolId, data, userId);
    })
    .catch(rethrowClash);
  return row.id;
}

/** Stores a student's new record (another class too); returns the fields that changed. */
export async function updateStudent(
  db: Db,
  schoolId: string,
  userId: string,
  id: string,
  { version, ...input }: z.infer<typeof updateStudentBody>,
): Promise<string[]> {
  await refuseDuplicatePersonalId(db, 'students', schoolId, input.personalId, id);
  return db
    .transaction()
    .execute(async (trx) => {
      const current = await lockRecord(trx, 'students', schoolId, id);
      const before = current.payload;
      const cls =
        input.classId === before.classId
          ? await findLiveClass(trx, schoolId, before.classId).then((c) => ({
              id: before.classId,
              schoolYear: before.schoolYear,
              grade: c?.grade ?? '',
            }))
          : await activeClass(trx, schoolId, input.classId);
      const data: Student = { ...input, schoolYear: cls.schoolYear };
      refuseMisplacedCombination(cls.grade, data);
      await markClassesHadStudents(trx, [cls.id]);
      await updateRecord(trx, 'students', current, data, userId, version);
      return changedFields(before, data);
    })
    .catch(rethrowClash);
}

export async function changeStatus(
  db: Db,
  schoolId: string,
  userId: string,
  id: string,
  status: z.infer<typeof statusBody>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await lockRecord(trx, 'students', schoolId, id);
    await updateRecord(trx, 'students', current, { ...current.payload, ...status }, userId);
  });
}

/** Moves students of the school into one active class; returns how many moved. */
export async function moveStudents(
  db: Db,
  schoolId: string,
  userId: string,
  { studentIds, toClassId }: z.infer<typeof moveBody>,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const target = await activeClass(trx, schoolId, toClassId, 'toClassId');
    const rows = await trx
      .selectFrom('students')
      .select(['id', 'payload'])
      .where('id', 'in', studentIds)
      .where('school_id', '=', schoolId)
      .where('deleted', '=', false)
      .forUpdate()
      .execute();
    if (rows.length !== new Set(studentIds).size) throw new AppError('NOT_FOUND');
    await markClassesHadStudents(trx, [target.id]);
    await updateManyPayloads(
      trx,
      'students',
      rows.map((row) => {
        const payload = { ...row.payload, classId: target.id, schoolYear: target.schoolYear };
        // A pupil's own tổ hợp môn does not follow them out of grades 10–12.
        if (!isUpperSecondaryGrade(target.grade)) delete payload.combination;
        return { id: row.id, payload };
      }),
      userId,
    );
    return rows.length;
  });
}

export async function deleteStudent(db: Db, schoolId: string, userId: string, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await tombstoneRecord(trx, 'students', await lockRecord(trx, 'students', schoolId, id), userId);
  });
}
