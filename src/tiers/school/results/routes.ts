// Kết quả học tập: the grid of one class for one period, entered and saved for the whole class
// at once. Values are checked as they are saved; a missing value only leaves the entry
// incomplete, so a teacher can save halfway. Averages, results and the proposed year-end
// rating are computed here and stored with the entry.
import { sql } from 'kysely';
import { z } from 'zod';
import type { SchoolClass, Student } from '../../../domain/entities/index.ts';
import { AppError, type FieldIssue, issue } from '../../../domain/errors.ts';
import { recordHash } from '../../../domain/record-hash.ts';
import { enrolledStatusCodes } from '../../../domain/reference/index.ts';
import { criteriaGroupOf } from '../../../domain/rules/primary-evaluation.ts';
import type { ZodApp } from '../../../server/app.ts';
import { writeAudit } from '../../../server/audit.ts';
import type { TierContext } from '../../../server/context.ts';
import { userRequest } from '../../../server/services.ts';
import { schoolDb, schoolOfCaller } from '../school-of-caller.ts';
import { computeOutcome, entryIssues, gridOf, PERIODS, schemeOfGrade, type TermOutcome } from './scheme.ts';

const tags = ['Kết quả học tập'];
const entrySchema = z.record(z.string(), z.unknown());

interface ResultPayload {
  studentId: string;
  classId: string;
  schoolYear: string;
  period: string;
  scheme: string;
  entry: Record<string, unknown>;
  complete: boolean;
  outcome?: TermOutcome;
}

export function registerResultRoutes(app: ZodApp, context: TierContext): void {
  const db = schoolDb(context);

  /** The class (of the caller's school), its scheme, and its enrolled students in name order. */
  async function classGrid(schoolId: string, classId: string, period: string) {
    const row = await db
      .selectFrom('classes')
      .select(['id', 'payload'])
      .where('id', '=', classId)
      .where('school_id', '=', schoolId)
      .where('deleted', '=', false)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND');
    const cls = row.payload as SchoolClass;
    const students = await db
      .selectFrom('students')
      .select(['id', 'payload'])
      .where('school_id', '=', schoolId)
      .where('class_id', '=', classId)
      .where('deleted', '=', false)
      .where('status_code', 'in', enrolledStatusCodes)
      .orderBy(sql`regexp_replace(full_name, '^.* ', '') COLLATE "vi-x-icu", full_name COLLATE "vi-x-icu"`)
      .execute();
    const existing = await db
      .selectFrom('results')
      .select(['id', 'student_id', 'period', 'version', 'sync_state', 'payload'])
      .where('school_id', '=', schoolId)
      .where('school_year', '=', cls.schoolYear)
      .where('student_id', 'in', students.length ? students.map((s) => s.id) : [crypto.randomUUID()])
      .where('deleted', '=', false)
      .execute();
    const electives = [
      ...new Set(
        existing.flatMap((r) =>
          Object.keys(((r.payload as unknown as ResultPayload).entry?.subjects as object) ?? {}),
        ),
      ),
    ];
    const scheme = schemeOfGrade(cls.grade, electives);
    if (!scheme)
      throw new AppError('VALIDATION_FAILED', {
        issues: [
          issue('classId', 'RESULT_INVALID', 'Lớp mầm non không nhập kết quả học tập theo Thông tư 27 / 22.'),
        ],
      });
    if (!PERIODS[scheme.scheme].includes(period)) {
      throw new AppError('VALIDATION_FAILED', {
        issues: [
          issue(
            'period',
            'CODE_UNKNOWN',
            `Thời gian đánh giá của ${scheme.scheme === 'TT27' ? 'tiểu học' : 'THCS/THPT'} là ${PERIODS[scheme.scheme].join(', ')}.`,
          ),
        ],
      });
    }
    return { cls: { id: row.id, ...cls }, scheme, students, existing };
  }

  app.get(
    '/api/results',
    {
      schema: {
        tags,
        summary: 'Bảng kết quả học tập của một lớp trong một kỳ',
        querystring: z.object({
          classId: z.uuid(),
          period: z.string().max(3),
          criteria: z.enum(['all', 'NLC', 'NLDT', 'PC']).default('all').describe('nhóm tiêu chí (tiểu học)'),
        }),
      },
    },
    async (request) => {
      const school = await schoolOfCaller(context, userRequest(context, request).caller);
      const { classId, period, criteria } = request.query;
      const { cls, scheme, students, existing } = await classGrid(school.id, classId, period);
      const grid = gridOf(scheme, period);
      if (grid.competencies && grid.qualities && criteria !== 'all') {
        grid.competencies = grid.competencies.filter((name) => criteriaGroupOf(name) === criteria);
        grid.qualities = grid.qualities.filter((name) => criteriaGroupOf(name) === criteria);
      }
      const resultOf = new Map(existing.filter((r) => r.period === period).map((r) => [r.student_id, r]));
      return {
        class: { id: cls.id, name: cls.name, grade: cls.grade },
        schoolYear: cls.schoolYear,
        period,
        scheme: scheme.scheme,
        grid,
        rows: students.map((s) => {
          const result = resultOf.get(s.id);
          const data = result?.payload as unknown as ResultPayload | undefined;
          return {
            studentId: s.id,
            fullName: (s.payload as Student).fullName,
            birthDate: (s.payload as Student).birthDate,
            result: result
              ? {
                  id: result.id,
                  version: result.version,
                  syncState: result.sync_state,
                  entry: data!.entry,
                  complete: data!.complete,
                  outcome: data!.outcome ?? null,
                }
              : null,
          };
        }),
      };
    },
  );

  app.put(
    '/api/results',
    {
      schema: {
        tags,
        summary: 'Lưu kết quả học tập của cả lớp trong một kỳ',
        body: z.object({
          classId: z.uuid(),
          period: z.string().max(3),
          entries: z
            .array(z.object({ studentId: z.uuid(), entry: entrySchema }))
            .min(1)
            .max(100),
        }),
        response: { 200: z.object({ saved: z.number(), unchanged: z.number(), incomplete: z.number() }) },
      },
    },
    async (request) => {
      const { caller } = userRequest(context, request);
      const school = await schoolOfCaller(context, caller);
      const { classId, period, entries } = request.body;
      const { cls, scheme, students, existing } = await classGrid(school.id, classId, period);
      const inClass = new Set(students.map((s) => s.id));
      const problems: FieldIssue[] = [];
      const outcomesOf = (studentId: string, term: string) =>
        (
          existing.find((r) => r.student_id === studentId && r.period === term)?.payload as
            | ResultPayload
            | undefined
        )?.outcome;

      const rows = entries.flatMap(({ studentId, entry }, index) => {
        if (!inClass.has(studentId)) {
          problems.push(
            issue(
              `entries.${index}.studentId`,
              'REFERENCE_UNKNOWN',
              'Học sinh không thuộc lớp này (hoặc không còn đang học).',
            ),
          );
          return [];
        }
        const { errors, complete } = entryIssues(scheme, period, entry);
        problems.push(...errors.map((e) => ({ ...e, field: `entries.${index}.${e.field}` })));
        if (errors.length > 0) return [];
        const outcome = complete
          ? computeOutcome(scheme, period, entry, {
              HK1: outcomesOf(studentId, 'HK1'),
              HK2: outcomesOf(studentId, 'HK2'),
            })
          : undefined;
        // At year end the teacher may change the proposed rating; without one, the proposal stands.
        const stored =
          scheme.scheme === 'TT27' && outcome?.yearEndRating && !entry.yearEndRating
            ? { ...entry, yearEndRating: outcome.yearEndRating }
            : entry;
        const payload: ResultPayload = {
          studentId,
          classId,
          schoolYear: cls.schoolYear,
          period,
          scheme: scheme.scheme,
          entry: stored,
          complete,
          ...(outcome ? { outcome } : {}),
        };
        return [payload];
      });
      if (problems.length > 0) throw new AppError('RESULT_INVALID', { issues: problems });

      const hashes = rows.map((p) => recordHash(p));
      const written = await sql<{ id: string }>`
        INSERT INTO results (id, school_id, student_id, school_year, period, payload, hash, updated_by)
        SELECT gen_random_uuid(), ${school.id}, r.student_id, ${cls.schoolYear}, ${period}, r.payload, r.hash, ${caller.id}
        FROM unnest(${rows.map((r) => r.studentId)}::uuid[], ${rows.map((r) => JSON.stringify(r))}::jsonb[], ${hashes}::text[])
          AS r(student_id, payload, hash)
        ON CONFLICT (student_id, school_year, period) DO UPDATE
          SET payload = excluded.payload, hash = excluded.hash, version = results.version + 1, deleted = false,
              sync_state = 'unsynced', updated_by = excluded.updated_by, updated_at = now()
          WHERE results.hash <> excluded.hash OR results.deleted
        RETURNING id`.execute(db);
      await writeAudit(context.db, request, {
        action: 'results.saved',
        targetKind: 'class',
        targetId: classId,
        details: { period, saved: written.rows.length },
      });
      return {
        saved: written.rows.length,
        unchanged: rows.length - written.rows.length,
        incomplete: rows.filter((r) => !r.complete).length,
      };
    },
  );
}
