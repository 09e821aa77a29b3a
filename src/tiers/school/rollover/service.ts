// Kết chuyển năm học: close a year, preview where its classes and pupils go, write the next year.
// Every new record's id is derived from its source record and the target year, so running the
// rollover again finds its own records and inserts nothing twice.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { SchoolTierDatabase } from '#db/schema.ts';
import type { RolloverPlan } from '#domain/api/rollover.ts';
import type { SchoolClass, Student } from '#domain/entities/index.ts';
import { AppError, type FieldIssue, issue } from '#domain/errors.ts';
import { recordHash } from '#domain/record-hash.ts';
import { enrolledStatusCodes } from '#domain/reference/index.ts';
import { nextSchoolYear } from '#domain/reporting-periods.ts';
import {
  gradeAfter,
  nextGrade,
  proposedClassName,
  pupilMove,
  type YearEndResult,
} from '#domain/rules/year-rollover.ts';
import type { CallerSchool } from '../school-of-caller.ts';
import { isYearClosed } from '../school-year-closure.ts';
import type { RolloverBody } from './schemas.ts';

type Db = Kysely<SchoolTierDatabase>;

/** A stable id for the record carried from `sourceId` into `year` (a name-based UUID). */
export function carriedId(sourceId: string, year: string, tag = ''): string {
  const h = createHash('sha256').update(`${sourceId}|${year}|${tag}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface SourceClass {
  id: string;
  payload: SchoolClass;
}
interface SourcePupil {
  id: string;
  payload: Student;
  result: YearEndResult | undefined;
}

async function sourceOf(db: Db, schoolId: string, year: string) {
  const classes = (await db
    .selectFrom('classes')
    .select(['id', 'payload'])
    .where('school_id', '=', schoolId)
    .where('school_year', '=', year)
    .where('deleted', '=', false)
    .where('status', '=', 'active')
    .orderBy(sql`length(grade), grade, name COLLATE "vi-x-icu"`)
    .execute()) as SourceClass[];
  const pupils = await db
    .selectFrom('students as s')
    .leftJoin('results as r', (join) =>
      join.onRef('r.student_id', '=', 's.id').on('r.period', '=', 'CN').on('r.deleted', '=', false),
    )
    .select(['s.id', 's.payload', 'r.payload as result'])
    .where('s.school_id', '=', schoolId)
    .where('s.school_year', '=', year)
    .where('s.deleted', '=', false)
    .where('s.status_code', 'in', enrolledStatusCodes)
    .orderBy(sql`s.full_name COLLATE "vi-x-icu"`)
    .execute();
  return {
    classes,
    pupils: pupils.map(
      (p): SourcePupil => ({
        id: p.id,
        payload: p.payload,
        result: p.result ? (p.result as unknown as YearEndResult) : undefined,
      }),
    ),
  };
}

/**
 * The plan: each active class not in the last grade goes to the next grade. A pupil who stays
 * joins the new class of their grade that takes their old class's name (3A's repeaters join the
 * new 3A, carried from 2A), else the first new class of the grade, else a class kept for them
 * with their old class's name (a first grade has no class carried into it).
 */
export async function planRollover(
  db: Db,
  school: CallerSchool,
  fromYear: string,
  choices: Partial<RolloverBody> = {},
): Promise<RolloverPlan> {
  const toYear = nextSchoolYear(fromYear);
  const { classes, pupils } = await sourceOf(db, school.id, fromYear);
  const grades = school.grades;
  const classById = new Map(classes.map((c) => [c.id, c]));
  const carried = classes.flatMap((c) => {
    const to = nextGrade(c.payload.grade, grades);
    if (!to) return [];
    return [
      {
        sourceId: c.id,
        sourceName: c.payload.name,
        grade: c.payload.grade,
        targetId: carriedId(c.id, toYear),
        targetGrade: to,
        name: choices.classNames?.[c.id]?.trim() || proposedClassName(c.payload.name, c.payload.grade, to),
        repeat: false,
      },
    ];
  });
  const plannedPupils = pupils.map((p) => {
    const from = classById.get(p.payload.classId);
    const grade = from?.payload.grade ?? '';
    const proposed = pupilMove(grade, grades, p.result);
    const chosen = choices.moves?.[p.id];
    const move = chosen && (chosen !== 'graduate' || !nextGrade(grade, grades)) ? chosen : proposed.move;
    return { p, from, grade, move, decided: proposed.decided || chosen !== undefined };
  });
  const repeats: RolloverPlan['classes'] = [];
  const targetOf = (pupil: (typeof plannedPupils)[number]) => {
    if (!pupil.from) return undefined;
    const grade = gradeAfter(pupil.grade, grades, pupil.move);
    if (grade === undefined) return undefined;
    if (pupil.move === 'up') return carried.find((c) => c.sourceId === pupil.from!.id);
    const ofGrade = carried.filter((c) => c.targetGrade === grade);
    const found =
      ofGrade.find((c) => c.name === pupil.from!.payload.name) ??
      ofGrade[0] ??
      repeats.find((c) => c.sourceId === pupil.from!.id);
    if (found) return found;
    const kept = {
      sourceId: pupil.from.id,
      sourceName: pupil.from.payload.name,
      grade,
      targetId: carriedId(pupil.from.id, toYear, 'repeat'),
      targetGrade: grade,
      name: pupil.from.payload.name,
      repeat: true,
      exists: false,
    };
    repeats.push(kept);
    return kept;
  };
  const targets = plannedPupils.map((pupil) => targetOf(pupil));
  const allClasses = [...carried.map((c) => ({ ...c, exists: false })), ...repeats];
  const pupilTargets = plannedPupils.map((pupil, i) => ({
    studentId: pupil.p.id,
    fullName: pupil.p.payload.fullName,
    className: pupil.from?.payload.name ?? '',
    grade: pupil.grade,
    move: pupil.move,
    decided: pupil.decided,
    targetClassId: targets[i]?.targetId ?? null,
    targetClassName: targets[i]?.name ?? null,
    exists: false,
  }));
  const existing = await existingIds(db, [
    ...allClasses.map((c) => c.targetId),
    ...plannedPupils.map((pupil) => carriedId(pupil.p.id, toYear)),
  ]);
  for (const c of allClasses) c.exists = existing.has(c.targetId);
  for (const p of pupilTargets) p.exists = existing.has(carriedId(p.studentId, toYear));
  return {
    fromYear,
    toYear,
    closed: await isYearClosed(db, school.id, fromYear),
    alreadyWritten: existing.size,
    classes: allClasses,
    pupils: pupilTargets,
  };
}

async function existingIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await sql<{ id: string }>`
    SELECT id FROM classes WHERE id = ANY(${ids}::uuid[])
    UNION ALL SELECT id FROM students WHERE id = ANY(${ids}::uuid[])`.execute(db);
  return new Set(rows.map((r) => r.id));
}

export async function closeYear(db: Db, schoolId: string, year: string, userId: string): Promise<boolean> {
  const inserted = await db
    .insertInto('school_year_closures')
    .values({ school_id: schoolId, school_year: year, closed_by: userId })
    .onConflict((oc) => oc.doNothing())
    .returning('school_year')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The school year starts at its opening day (khai giảng, 5 September). */
const openingDay = (year: string) => `${year.slice(0, 4)}-09-05`;

/**
 * Writes the plan: new classes and pupils' enrolments of the next year, each inserted once (a
 * record already there is left as it is, edited or not), and the next year made current.
 */
export async function writeRollover(
  db: Db,
  school: CallerSchool,
  userId: string,
  body: RolloverBody,
): Promise<{ plan: RolloverPlan; classesWritten: number; pupilsWritten: number }> {
  return db.transaction().execute(async (trx) => {
    // One rollover of a school at a time: a second click waits and then finds the records.
    await sql`SELECT 1 FROM schools WHERE id = ${school.id} FOR UPDATE`.execute(trx);
    const plan = await planRollover(trx, school, body.fromYear, body);
    if (!plan.closed) throw new AppError('SCHOOL_YEAR_NOT_CLOSED');
    const { classes: sources, pupils } = await sourceOf(trx, school.id, body.fromYear);
    const sourceClass = new Map(sources.map((c) => [c.id, c.payload]));
    const newClasses = plan.classes
      .filter((c) => !c.exists)
      .map((c) => {
        const {
          dissolvedOn: _d,
          dissolutionDecision: _n,
          homeroomStaffId,
          ...rest
        } = sourceClass.get(c.sourceId)!;
        const payload: SchoolClass = {
          ...rest,
          ...(c.repeat || !homeroomStaffId ? {} : { homeroomStaffId }),
          schoolYear: plan.toYear,
          name: c.name,
          grade: c.targetGrade,
          status: 'active',
        };
        return { id: c.targetId, payload };
      });
    await refuseNameClashes(trx, school.id, plan.toYear, plan.classes);
    const pupilById = new Map(pupils.map((p) => [p.id, p.payload]));
    const newPupils = plan.pupils
      .filter((p) => !p.exists && p.targetClassId)
      .map((p) => {
        const payload: Student = {
          ...pupilById.get(p.studentId)!,
          schoolYear: plan.toYear,
          classId: p.targetClassId!,
          statusCode: '01',
          statusDate: openingDay(plan.toYear),
          previousYearRecordId: p.studentId,
        };
        return { id: carriedId(p.studentId, plan.toYear), payload };
      });
    const classesWritten = await insertNew(trx, 'classes', school.id, newClasses, userId);
    const pupilsWritten = await insertNew(trx, 'students', school.id, newPupils, userId);
    await trx
      .updateTable('schools')
      .set({ current_school_year: plan.toYear })
      .where('id', '=', school.id)
      .where(sql<boolean>`current_school_year IS DISTINCT FROM ${plan.toYear}`)
      .execute();
    return { plan, classesWritten, pupilsWritten };
  });
}

async function insertNew(
  db: Db,
  table: 'classes' | 'students',
  schoolId: string,
  rows: { id: string; payload: object }[],
  userId: string,
): Promise<number> {
  if (rows.length === 0) return 0;
  const { rows: written } = await sql<{ id: string }>`
    INSERT INTO ${sql.table(table)} (id, school_id, payload, hash, updated_by)
    SELECT r.id, ${schoolId}, r.payload, r.hash, ${userId}
    FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => JSON.stringify(r.payload))}::jsonb[],
                ${rows.map((r) => recordHash(r.payload))}::text[]) AS r(id, payload, hash)
    ON CONFLICT (id) DO NOTHING
    RETURNING id`.execute(db);
  return written.length;
}

/** Two classes of a year never share a name: a new name may not repeat another of that year. */
async function refuseNameClashes(
  db: Db,
  schoolId: string,
  year: string,
  classes: RolloverPlan['classes'],
): Promise<void> {
  const ours = new Set(classes.map((c) => c.targetId));
  const others = await db
    .selectFrom('classes')
    .select(['id', 'name'])
    .where('school_id', '=', schoolId)
    .where('school_year', '=', year)
    .where('deleted', '=', false)
    .execute();
  const taken = new Set(others.filter((c) => !ours.has(c.id)).map((c) => c.name));
  const problems: FieldIssue[] = [];
  for (const c of classes.filter((c) => !c.exists)) {
    if (taken.has(c.name))
      problems.push(
        issue(`classNames.${c.sourceId}`, 'INVALID_FORMAT', `Năm học ${year} đã có lớp ${c.name}.`),
      );
    taken.add(c.name);
  }
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { issues: problems });
}
