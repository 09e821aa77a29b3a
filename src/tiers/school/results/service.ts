// Loading a class's result grid and saving entries for it, shared by the grid screen and the
// Excel import. Values are checked as they are saved; a missing value only leaves the entry
// incomplete, so a teacher can save halfway. Averages, results and the proposed year-end
// rating are computed here and stored with the entry.
import { type Kysely, sql } from 'kysely';
import type { SchoolTierDatabase } from '#db/schema.ts';
import type { SchoolClass } from '#domain/entities/index.ts';
import { AppError, type FieldIssue, issue } from '#domain/errors.ts';
import { recordHash } from '#domain/record-hash.ts';
import { enrolledStatusCodes } from '#domain/reference/index.ts';
import {
  type ClassScheme,
  computeOutcome,
  entryIssues,
  PERIODS,
  schemeOfGrade,
  type TermOutcome,
} from '#domain/rules/result-scheme.ts';
import { byVietnameseName } from '../lists/shared-schemas.ts';
import { findLiveClass } from '../records.ts';
import { assertYearOpen } from '../school-year-closure.ts';

export interface ResultPayload {
  studentId: string;
  classId: string;
  schoolYear: string;
  period: string;
  scheme: string;
  entry: Record<string, unknown>;
  complete: boolean;
  outcome?: TermOutcome;
}

export interface ClassGrid {
  cls: SchoolClass & { id: string };
  scheme: ClassScheme;
  period: string;
  /** Each with the scheme of their own subjects (at THPT, their combination's or their class's). */
  students: { id: string; fullName: string; birthDate: string; scheme: ClassScheme }[];
  /** Saved results of the class's students this school year, every period. */
  results: {
    id: string;
    studentId: string;
    period: string;
    version: number;
    syncState: string;
    syncError: string | null;
    payload: ResultPayload;
  }[];
}

/** The class (of the school), its scheme, its enrolled students in name order, their results. */
export async function loadClassGrid(
  db: Kysely<SchoolTierDatabase>,
  schoolId: string,
  classId: string,
  period: string,
): Promise<ClassGrid> {
  const cls = await findLiveClass(db, schoolId, classId);
  if (!cls) throw new AppError('NOT_FOUND');
  const students = await db
    .selectFrom('students')
    .select(['id', 'payload'])
    .where('school_id', '=', schoolId)
    .where('class_id', '=', classId)
    .where('deleted', '=', false)
    .where('status_code', 'in', enrolledStatusCodes)
    .orderBy(byVietnameseName('full_name'))
    .execute();
  const results = students.length
    ? await db
        .selectFrom('results')
        .select(['id', 'student_id', 'period', 'version', 'sync_state', 'sync_error', 'payload'])
        .where('school_id', '=', schoolId)
        .where('school_year', '=', cls.schoolYear)
        .where(
          'student_id',
          'in',
          students.map((s) => s.id),
        )
        .where('deleted', '=', false)
        .execute()
    : [];
  const saved = results.map((r) => ({
    id: r.id,
    studentId: r.student_id,
    period: r.period,
    version: r.version,
    syncState: r.sync_state,
    syncError: r.sync_error,
    payload: r.payload as unknown as ResultPayload,
  }));
  const scheme = schemeOfGrade(cls.grade, cls.combination);
  if (!scheme) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [
        issue('classId', 'RESULT_INVALID', 'Lớp mầm non không nhập kết quả học tập theo Thông tư 27 / 22.'),
      ],
    });
  }
  if (!PERIODS[scheme.scheme].includes(period)) {
    const levelName = scheme.scheme === 'TT27' ? 'tiểu học' : 'THCS/THPT';
    throw new AppError('VALIDATION_FAILED', {
      issues: [
        issue(
          'period',
          'CODE_UNKNOWN',
          `Thời gian đánh giá của ${levelName} là ${PERIODS[scheme.scheme].join(', ')}.`,
        ),
      ],
    });
  }
  return {
    cls,
    scheme,
    period,
    students: students.map((s) => ({
      id: s.id,
      fullName: s.payload.fullName,
      birthDate: s.payload.birthDate,
      scheme: {
        ...(scheme.level === 'THPT'
          ? schemeOfGrade(cls.grade, s.payload.combination ?? cls.combination)!
          : scheme),
        owner: `học sinh ${s.payload.fullName}`,
      },
    })),
    results: saved,
  };
}

/** What an entry may hold under each scheme; anything else is refused, never stored. */
const ENTRY_KEYS: Record<ClassScheme['scheme'], readonly string[]> = {
  TT27: ['subjects', 'competencies', 'qualities', 'yearEndRating', 'completedProgram', 'promoted'],
  TT22: ['subjects', 'conduct'],
};

/** Checks entries and computes their outcomes; problems name the entry by its index. */
export function prepareResults(
  grid: ClassGrid,
  entries: { studentId: string; entry: Record<string, unknown> }[],
): { rows: ResultPayload[]; problems: (FieldIssue & { index: number })[] } {
  const { cls, period } = grid;
  const pupilOf = new Map(grid.students.map((s) => [s.id, s]));
  const outcomeOf = (studentId: string, term: string) =>
    grid.results.find((r) => r.studentId === studentId && r.period === term)?.payload.outcome;
  const problems: (FieldIssue & { index: number })[] = [];
  const rows = entries.flatMap(({ studentId, entry }, index) => {
    const scheme = pupilOf.get(studentId)?.scheme;
    if (!scheme) {
      problems.push({
        index,
        ...issue('studentId', 'REFERENCE_UNKNOWN', 'Học sinh không thuộc lớp này (hoặc không còn đang học).'),
      });
      return [];
    }
    const [unknown] = Object.keys(entry).filter((key) => !ENTRY_KEYS[scheme.scheme].includes(key));
    if (unknown !== undefined) {
      problems.push({
        index,
        ...issue(`entry.${unknown}`, 'INVALID_FORMAT', `Kết quả không có mục "${unknown.slice(0, 40)}".`),
      });
      return [];
    }
    const { errors, complete } = entryIssues(scheme, period, entry);
    problems.push(...errors.map((e) => ({ index, ...e })));
    if (errors.length > 0) return [];
    const outcome = complete
      ? computeOutcome(scheme, period, entry, {
          HK1: outcomeOf(studentId, 'HK1'),
          HK2: outcomeOf(studentId, 'HK2'),
        })
      : undefined;
    // At year end the teacher may change what is proposed; what they leave empty takes the
    // proposal: the rating, and "completed the programme" / "promoted" unless it is CHT.
    const rating = outcome?.yearEndRating;
    const stored =
      scheme.scheme === 'TT27' && rating
        ? {
            ...entry,
            yearEndRating: entry.yearEndRating ?? rating,
            completedProgram: entry.completedProgram ?? (entry.yearEndRating ?? rating) !== 'CHT',
            promoted: entry.promoted ?? (entry.yearEndRating ?? rating) !== 'CHT',
          }
        : entry;
    const payload: ResultPayload = {
      studentId,
      classId: cls.id,
      schoolYear: cls.schoolYear,
      period,
      scheme: scheme.scheme,
      entry: stored,
      complete,
      ...(outcome ? { outcome } : {}),
    };
    return [payload];
  });
  return { rows, problems };
}

/** Upserts the entries in one statement; an entry equal to the stored one changes nothing. */
export async function writeResults(
  db: Kysely<SchoolTierDatabase>,
  schoolId: string,
  grid: ClassGrid,
  rows: ResultPayload[],
  userId: string,
): Promise<{ saved: number; unchanged: number; incomplete: number }> {
  if (rows.length === 0) return { saved: 0, unchanged: 0, incomplete: 0 };
  await assertYearOpen(db, schoolId, grid.cls.schoolYear);
  const written = await sql<{ id: string }>`
    INSERT INTO results (id, school_id, student_id, school_year, period, payload, hash, updated_by)
    SELECT gen_random_uuid(), ${schoolId}, r.student_id, ${grid.cls.schoolYear}, ${grid.period}, r.payload, r.hash, ${userId}
    FROM unnest(${rows.map((r) => r.studentId)}::uuid[], ${rows.map((r) => JSON.stringify(r))}::jsonb[],
                ${rows.map((r) => recordHash(r))}::text[]) AS r(student_id, payload, hash)
    ON CONFLICT (student_id, school_year, period) DO UPDATE
      SET payload = excluded.payload, hash = excluded.hash, version = results.version + 1, deleted = false,
          sync_state = 'unsynced', updated_by = excluded.updated_by, updated_at = now()
      WHERE results.hash <> excluded.hash OR results.deleted
    RETURNING id`.execute(db);
  return {
    saved: written.rows.length,
    unchanged: rows.length - written.rows.length,
    incomplete: rows.filter((r) => !r.complete).length,
  };
}
