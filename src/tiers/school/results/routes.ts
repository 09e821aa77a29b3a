// Kết quả học tập: the grid of one class for one period, entered and saved for the whole class.
import { AppError } from '#domain/errors.ts';
import { writeAudit } from '#server/audit.ts';
import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { schoolDb, schoolRequest } from '../school-of-caller.ts';
import { classGridView } from './grid-view.ts';
import { gridQuery, savedSchema, saveResultsBody } from './schemas.ts';
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
        querystring: gridQuery,
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      return classGridView(db, school.id, request.query);
    },
  );

  app.put(
    '/api/results',
    {
      schema: {
        tags,
        summary: 'Lưu kết quả học tập của cả lớp trong một kỳ',
        body: saveResultsBody,
        response: { 200: savedSchema },
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
