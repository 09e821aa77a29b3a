// Valid records of a test school, written straight to its database.

import type { Kysely } from 'kysely';
import type { SchoolTierDatabase } from '#db/schema.ts';
import type { SchoolClass, Staff, Student } from '#domain/entities/index.ts';
import {
  generalCompetencies,
  type PrimaryPeriod,
  qualities,
  scoredSubjects,
  specificCompetencies,
  subjectsOfGrade,
} from '#domain/rules/primary-evaluation.ts';
import { insertRecord } from '#tiers/school/records.ts';

export const SCHOOL_YEAR = '2026-2027';
let serial = 0;

export const classData = (overrides: Partial<SchoolClass> = {}): SchoolClass => ({
  schoolYear: SCHOOL_YEAR,
  name: `1${String.fromCharCode(65 + (serial++ % 26))}${serial}`,
  grade: '1',
  sessionsPerDay: 2,
  combined: false,
  semiBoarding: false,
  status: 'active',
  ...overrides,
});

export const staffData = (overrides: Partial<Staff> = {}): Staff => ({
  fullName: 'Trần Thị Hoa',
  birthDate: '1985-03-12',
  gender: 'female',
  ethnicityCode: '01',
  religion: 'Không',
  statusCode: '01',
  statusDate: '2020-08-15',
  subjects: ['Toán'],
  ...overrides,
});

export const studentData = (classId: string, overrides: Partial<Student> = {}): Student => ({
  schoolYear: SCHOOL_YEAR,
  fullName: 'Nguyễn Văn An',
  birthDate: '2020-05-04',
  gender: 'male',
  ethnicityCode: '01',
  religion: 'Không',
  nationality: 'Việt Nam',
  classId,
  statusCode: '01',
  statusDate: '2026-09-05',
  policyBeneficiary: false,
  ...overrides,
});

export async function schoolIdOf(db: Kysely<SchoolTierDatabase>, code: string): Promise<string> {
  return (await db.selectFrom('schools').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

/** One of each record kind in the school: a class with a student, an empty class, a staff member. */
export async function createSchoolRecords(db: Kysely<SchoolTierDatabase>, schoolCode: string) {
  const schoolId = await schoolIdOf(db, schoolCode);
  const userId = crypto.randomUUID();
  const cls = await insertRecord(db, 'classes', schoolId, classData(), userId);
  const emptyClass = await insertRecord(db, 'classes', schoolId, classData(), userId);
  const staff = await insertRecord(db, 'staff', schoolId, staffData(), userId);
  const student = await insertRecord(db, 'students', schoolId, studentData(cls.id), userId);
  await db.updateTable('classes').set({ had_students: true }).where('id', '=', cls.id).execute();
  await db
    .updateTable('schools')
    .set({ current_school_year: SCHOOL_YEAR })
    .where('id', '=', schoolId)
    .execute();
  // A past sync of the student that failed upstream, for the history routes.
  const runId = crypto.randomUUID();
  const batchId = crypto.randomUUID();
  await db
    .insertInto('sync_runs')
    .values({
      id: runId,
      school_id: schoolId,
      kind: 'student',
      requested_by: null,
      requested_by_name: 'Thử',
      record_count: 1,
    })
    .execute();
  await db
    .insertInto('outbox_batches')
    .values({
      id: batchId,
      unit_key: `S${schoolCode}`,
      run_id: runId,
      kind: 'student',
      items: JSON.stringify([]),
      status: 'done',
    })
    .execute();
  await db
    .insertInto('outbox_items')
    .values({
      batch_id: batchId,
      idx: 0,
      record_id: student.id,
      version: 1,
      status: 'failed',
      decided_by: 'national',
      error_code: 'PERSONAL_ID_FORMAT',
      error_field: 'personalId',
      error_message: 'Sai.',
    })
    .execute();
  await db.updateTable('students').set({ sync_state: 'failed' }).where('id', '=', student.id).execute();
  return {
    schoolId,
    classId: cls.id,
    emptyClassId: emptyClass.id,
    staffId: staff.id,
    studentId: student.id,
    runId,
  };
}

export const all = <T extends string>(names: string[], level: T) =>
  Object.fromEntries(names.map((n) => [n, level]));

/** A complete primary (Thông tư 27) entry of a grade and period: every subject T, scored where due. */
export function primaryEntry(grade: number, period: PrimaryPeriod, score: number) {
  const scored = scoredSubjects(grade, period);
  return {
    subjects: Object.fromEntries(
      subjectsOfGrade(grade).map((s) => [s, scored.includes(s) ? { level: 'T', score } : { level: 'T' }]),
    ),
    competencies: all([...generalCompetencies(), ...specificCompetencies(grade)], 'T'),
    qualities: all(qualities(), 'T'),
  };
}
