// "Đồng bộ lên CSDL Quốc gia" for each category, and the sync history (Lịch sử đồng bộ).
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { SchoolTierDatabase } from '#db/schema.ts';
import type { Category, Permission } from '#domain/access/permissions.ts';
import { isoDate } from '#domain/entities/common.ts';
import { AppError } from '#domain/errors.ts';
import { RECORD_KINDS, type RecordKind, recordKind } from '#domain/record-kinds.ts';
import { writeAudit } from '#server/audit.ts';
import type { UserCaller } from '#server/auth/caller.ts';
import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import type { CallerSchool } from '../school-of-caller.ts';
import { schoolDb, schoolRequest } from '../school-of-caller.ts';
import { collectForSync } from './collect.ts';
import { queueSyncRun } from './runs.ts';
import { RECORD_TABLE, SCHOOL_RECORD_KINDS } from './tables.ts';

const tags = ['Đồng bộ'];

/** The list each category's sync button lives on, and the permission it needs. */
export const SYNC_ROUTES: { path: string; kind: RecordKind; category: Category }[] = RECORD_KINDS.map(
  (kind) => ({
    path: `${SCHOOL_RECORD_KINDS[kind].list}/sync`,
    kind,
    category: recordKind(kind).category,
  }),
);

const runSchema = z.object({
  runId: z.uuid(),
  records: z.number(),
  dependencies: z.partialRecord(z.enum(RECORD_KINDS), z.number()),
});

/** Marks the records pending and writes the run and its outbox batches, dependencies first, in one transaction. */
export async function startSyncRun(
  context: TierContext,
  caller: UserCaller,
  school: CallerSchool,
  kind: RecordKind,
  ids?: string[],
) {
  const db = schoolDb(context);
  return db.transaction().execute(async (trx) => {
    const collected = await collectForSync(trx, school.id, kind, { ids });
    if (collected.chosen === 0) {
      throw new AppError('VALIDATION_FAILED', {
        issues: [
          {
            field: ids ? 'ids' : 'allUnsynced',
            code: 'NOTHING_TO_SYNC',
            message: 'Không có bản ghi nào cần đồng bộ (hoặc các bản ghi đang chờ xử lý).',
          },
        ],
      });
    }
    const runId = await queueSyncRun(
      trx,
      context.queue,
      { school, kind, requestedBy: { id: caller.id, name: caller.displayName }, records: collected.chosen },
      collected.byKind,
    );
    const dependencies = Object.fromEntries(
      [...collected.byKind].filter(([k]) => k !== kind).map(([k, items]) => [k, items.length]),
    );
    return { runId, records: collected.chosen, dependencies };
  });
}

export function registerSyncRoutes(app: ZodApp, context: TierContext): void {
  const db = schoolDb(context);

  for (const { path, kind, category } of SYNC_ROUTES) {
    app.post(
      path,
      {
        schema: {
          tags,
          summary:
            'Đồng bộ lên CSDL Quốc gia: các bản ghi đã chọn, hoặc mọi bản ghi chưa đồng bộ, cùng những gì chúng phụ thuộc',
          body: z.union([
            z.object({ ids: z.array(z.uuid()).min(1).max(20_000) }),
            z.object({ allUnsynced: z.literal(true) }),
          ]),
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

  app.get(
    '/api/sync/runs',
    {
      schema: {
        tags,
        summary: 'Lịch sử đồng bộ: mỗi lần đồng bộ, số bản ghi theo trạng thái và tiến độ',
        querystring: z.object({
          kind: z.enum(RECORD_KINDS).optional(),
          status: z
            .enum(['pending', 'success', 'failed'])
            .optional()
            .describe('chỉ những lần có bản ghi ở trạng thái này'),
          from: isoDate.optional(),
          to: isoDate.optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      const { kind, status, from, to, page, pageSize } = request.query;
      const { rows } = await sql<{
        id: string;
        kind: string;
        created_at: Date;
        requested_by_name: string | null;
        record_count: number;
        pending: number;
        success: number;
        failed: number;
      }>`
        SELECT r.id, r.kind, r.created_at, r.requested_by_name, r.record_count,
          count(*) FILTER (WHERE i.status = 'pending')::int AS pending,
          count(*) FILTER (WHERE i.status = 'success')::int AS success,
          count(*) FILTER (WHERE i.status = 'failed')::int AS failed
        FROM sync_runs r
        JOIN outbox_batches b ON b.run_id = r.id
        JOIN outbox_items i ON i.batch_id = b.id
        WHERE r.school_id = ${school.id}
          ${kind ? sql`AND r.kind = ${kind}` : sql``}
          ${from ? sql`AND r.created_at >= ${`${from}T00:00:00+07:00`}::timestamptz` : sql``}
          ${to ? sql`AND r.created_at < ${`${to}T00:00:00+07:00`}::timestamptz + interval '1 day'` : sql``}
        GROUP BY r.id
        ${status ? sql`HAVING count(*) FILTER (WHERE i.status = ${status}) > 0` : sql``}
        ORDER BY r.created_at DESC
        LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db);
      return {
        page,
        pageSize,
        items: rows.map((r) => {
          const total = r.pending + r.success + r.failed;
          return {
            id: r.id,
            kind: r.kind,
            createdAt: new Date(r.created_at).toISOString(),
            requestedBy: r.requested_by_name,
            records: r.record_count,
            counts: { pending: r.pending, success: r.success, failed: r.failed },
            progress: total === 0 ? 1 : (r.success + r.failed) / total,
          };
        }),
      };
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
        querystring: z.object({
          status: z.enum(['pending', 'success', 'failed']).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(1000).default(200),
        }),
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      await runOf(db, school.id, request.params.id);
      const { status, page, pageSize } = request.query;
      let query = db
        .selectFrom('outbox_items as i')
        .innerJoin('outbox_batches as b', 'b.id', 'i.batch_id')
        .select([
          'b.kind',
          'i.record_id',
          'i.version',
          'i.status',
          'i.decided_by',
          'i.error_code',
          'i.error_field',
          'i.error_message',
          'i.national_id',
        ])
        .where('b.run_id', '=', request.params.id);
      if (status) query = query.where('i.status', '=', status);
      const items = await query
        .orderBy('b.seq')
        .orderBy('i.idx')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute();
      const labels = await labelsOf(
        db,
        items.map((i) => ({ kind: i.kind as RecordKind, id: i.record_id })),
      );
      return {
        page,
        pageSize,
        items: items.map((i) => ({
          kind: i.kind,
          id: i.record_id,
          label: labels.get(i.record_id) ?? '',
          version: i.version,
          status: i.status,
          decidedBy: i.decided_by,
          error: i.error_code
            ? { code: i.error_code, field: i.error_field ?? '', message: i.error_message ?? '' }
            : null,
          nationalId: i.national_id,
        })),
      };
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
      const category = SYNC_ROUTES.find((r) => r.kind === run.kind)!.category;
      if (!caller.permissions.has(`${category}:sync` as Permission)) throw new AppError('FORBIDDEN');
      const failed = await db
        .selectFrom('outbox_items as i')
        .innerJoin('outbox_batches as b', 'b.id', 'i.batch_id')
        .select('i.record_id')
        .where('b.run_id', '=', run.id)
        .where('b.kind', '=', run.kind)
        .where('i.status', '=', 'failed')
        .execute();
      if (failed.length === 0) {
        throw new AppError('VALIDATION_FAILED', {
          issues: [
            { field: 'id', code: 'NOTHING_TO_SYNC', message: 'Lần đồng bộ này không có bản ghi lỗi.' },
          ],
        });
      }
      const retried = await startSyncRun(context, caller, school, run.kind as RecordKind, [
        ...new Set(failed.map((f) => f.record_id)),
      ]);
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

async function runOf(db: Kysely<SchoolTierDatabase>, schoolId: string, id: string) {
  const run = await db
    .selectFrom('sync_runs')
    .select(['id', 'kind'])
    .where('id', '=', id)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  if (!run) throw new AppError('NOT_FOUND');
  return run;
}

/** A readable name for each record in the history: the class name, the person's full name. */
async function labelsOf(
  db: Kysely<SchoolTierDatabase>,
  records: { kind: RecordKind; id: string }[],
): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  for (const kind of RECORD_KINDS) {
    const ids = records.filter((r) => r.kind === kind).map((r) => r.id);
    if (ids.length === 0) continue;
    const label =
      kind === 'result'
        ? sql<string>`payload->>'period'`
        : kind === 'staff' || kind === 'student'
          ? sql<string>`payload->>'fullName'`
          : sql<string>`payload->>'name'`;
    const { rows } = await sql<{
      id: string;
      label: string;
    }>`SELECT id, ${label} AS label FROM ${sql.table(RECORD_TABLE[kind])} WHERE id = ANY(${ids}::uuid[])`.execute(
      db,
    );
    for (const row of rows) labels.set(row.id, row.label);
  }
  return labels;
}
