// "Đồng bộ lên CSDL Quốc gia" for each category, and the sync history (Lịch sử đồng bộ): the
// routes; runs.ts starts a run, history.ts reads the history.
import { z } from 'zod';
import type { Category, Permission } from '#domain/access/permissions.ts';
import { AppError } from '#domain/errors.ts';
import { RECORD_KINDS, type RecordKind, recordKind } from '#domain/record-kinds.ts';
import { writeAudit } from '#server/audit.ts';
import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { schoolDb, schoolRequest } from '../school-of-caller.ts';
import { failedOf, listRuns, runItems, runOf } from './history.ts';
import { startSyncRun } from './runs.ts';
import { runItemsQuery, runSchema, runsQuery, syncRequestSchema } from './schemas.ts';
import { SCHOOL_RECORD_KINDS } from './tables.ts';

const tags = ['Đồng bộ'];

/** The list each category's sync button lives on, and the permission it needs. */
export const SYNC_ROUTES: { path: string; kind: RecordKind; category: Category }[] = RECORD_KINDS.map(
  (kind) => ({
    path: `${SCHOOL_RECORD_KINDS[kind].list}/sync`,
    kind,
    category: recordKind(kind).category,
  }),
);

export function registerSyncRoutes(app: ZodApp, context: TierContext): void {
  registerSyncButtons(app, context);
  registerHistoryRoutes(app, context);
}

/** "Đồng bộ lên CSDL Quốc gia" on each list. */
function registerSyncButtons(app: ZodApp, context: TierContext): void {
  for (const { path, kind, category } of SYNC_ROUTES) {
    app.post(
      path,
      {
        schema: {
          tags,
          summary:
            'Đồng bộ lên CSDL Quốc gia: các bản ghi đã chọn, hoặc mọi bản ghi chưa đồng bộ, cùng những gì chúng phụ thuộc',
          body: syncRequestSchema,
          response: { 202: runSchema },
        },
      },
      async (request, reply) => {
        const { caller, school } = await schoolRequest(context, request);
        const ids = 'ids' in request.body ? request.body.ids : undefined;
        const run = await startSyncRun(context, caller, school, kind, ids);
        await writeAudit(context.db, request, {
          action: 'sync.requested',
          targetKind: category,
          targetId: run.runId,
          details: { records: run.records, dependencies: run.dependencies },
        });
        return reply.code(202).send(run);
      },
    );
  }
}

/** Lịch sử đồng bộ: the runs, one run's records, and a retry of its failures. */
function registerHistoryRoutes(app: ZodApp, context: TierContext): void {
  const db = schoolDb(context);

  app.get(
    '/api/sync/runs',
    {
      schema: {
        tags,
        summary: 'Lịch sử đồng bộ: mỗi lần đồng bộ, số bản ghi theo trạng thái và tiến độ',
        querystring: runsQuery,
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      return listRuns(db, school.id, request.query);
    },
  );

  app.get(
    '/api/sync/runs/:id/items',
    {
      schema: {
        tags,
        summary:
          'Từng bản ghi của một lần đồng bộ: trạng thái, tầng quyết định, lý do nếu thất bại, mã định danh',
        params: z.object({ id: z.uuid() }),
        querystring: runItemsQuery,
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      return runItems(db, school.id, request.params.id, request.query);
    },
  );

  app.post(
    '/api/sync/runs/:id/retry-failed',
    {
      schema: {
        tags,
        summary: 'Đồng bộ lại các bản ghi lỗi của một lần đồng bộ (sau khi đã sửa)',
        params: z.object({ id: z.uuid() }),
        response: { 202: runSchema },
      },
    },
    async (request, reply) => {
      const { caller, school } = await schoolRequest(context, request);
      const run = await runOf(db, school.id, request.params.id);
      const kind = run.kind as RecordKind;
      const { category } = recordKind(kind);
      if (!caller.permissions.has(`${category}:sync` as Permission)) throw new AppError('FORBIDDEN');
      const failed = await failedOf(db, run);
      if (failed.length === 0) {
        throw new AppError('VALIDATION_FAILED', {
          issues: [
            { field: 'id', code: 'NOTHING_TO_SYNC', message: 'Lần đồng bộ này không có bản ghi lỗi.' },
          ],
        });
      }
      const retried = await startSyncRun(context, caller, school, kind, failed);
      await writeAudit(context.db, request, {
        action: 'sync.requested',
        targetKind: category,
        targetId: retried.runId,
        details: { retryOf: run.id, records: retried.records },
      });
      return reply.code(202).send(retried);
    },
  );
}
