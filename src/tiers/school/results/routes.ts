// Kết quả học tập: the grid of one class for one period, entered and saved for the whole class.
import { z } from 'zod';
import { AppError } from '#domain/errors.ts';
import { criteriaGroupOf } from '#domain/rules/primary-evaluation.ts';
import { gridOf } from '#domain/rules/result-scheme.ts';
import { writeAudit } from '#server/audit.ts';
import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { schoolDb, schoolRequest } from '../school-of-caller.ts';
import { loadClassGrid, prepareResults, writeResults } from './service.ts';

const tags = ['Kết quả học tập'];

export function registerResultRoutes(app: ZodApp, context: TierContext): void {
  const db = schoolDb(context);

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
      const { school } = await schoolRequest(context, request);
      const { classId, period, criteria } = request.query;
      const grid = await loadClassGrid(db, school.id, classId, period);
      const columns = gridOf(grid.scheme, period);
      if (columns.competencies && columns.qualities && criteria !== 'all') {
        columns.competencies = columns.competencies.filter((name) => criteriaGroupOf(name) === criteria);
        columns.qualities = columns.qualities.filter((name) => criteriaGroupOf(name) === criteria);
      }
      const resultOf = new Map(grid.results.filter((r) => r.period === period).map((r) => [r.studentId, r]));
      return {
        class: { id: grid.cls.id, name: grid.cls.name, grade: grid.cls.grade },
        schoolYear: grid.cls.schoolYear,
        period,
        scheme: grid.scheme.scheme,
        grid: columns,
        rows: grid.students.map((student) => {
          const result = resultOf.get(student.id);
          return {
            studentId: student.id,
            fullName: student.fullName,
            birthDate: student.birthDate,
            result: result
              ? {
                  id: result.id,
                  version: result.version,
                  syncState: result.syncState,
                  syncError: result.syncError,
                  entry: result.payload.entry,
                  complete: result.payload.complete,
                  outcome: result.payload.outcome ?? null,
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
            .array(z.strictObject({ studentId: z.uuid(), entry: z.record(z.string(), z.unknown()) }))
            .min(1)
            .max(100)
            // One entry per pupil: which of two would be the pupil's result is not ours to guess.
            .superRefine((entries, ctx) => {
              const seen = new Set<string>();
              entries.forEach(({ studentId }, index) => {
                if (seen.has(studentId))
                  ctx.addIssue({
                    code: 'custom',
                    path: [index, 'studentId'],
                    message:
                      'Học sinh này có hai dòng kết quả trong cùng một lần lưu; mỗi học sinh chỉ một dòng.',
                  });
                seen.add(studentId);
              });
            }),
        }),
        response: { 200: z.object({ saved: z.number(), unchanged: z.number(), incomplete: z.number() }) },
      },
    },
    async (request) => {
      const { caller, school } = await schoolRequest(context, request);
      const { classId, period, entries } = request.body;
      const grid = await loadClassGrid(db, school.id, classId, period);
      const { rows, problems } = prepareResults(grid, entries);
      if (problems.length > 0) {
        throw new AppError('RESULT_INVALID', {
          issues: problems.map(({ index, ...p }) => ({ ...p, field: `entries.${index}.${p.field}` })),
        });
      }
      const outcome = await writeResults(db, school.id, grid, rows, caller.id);
      await writeAudit(context.db, request, {
        action: 'results.saved',
        targetKind: 'class',
        targetId: classId,
        details: { period, ...outcome },
      });
      return outcome;
    },
  );
}
