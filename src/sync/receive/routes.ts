import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { retryTransient } from '../../db/retry.ts';
import { statisticsKeeper } from '../../db/statistics.ts';
import { AppError } from '../../domain/errors.ts';
import { writeAudit } from '../../server/audit.ts';
import { requireMachine } from '../../server/auth/caller.ts';
import type { TierContext } from '../../server/context.ts';
import { uncheckedResponse } from '../../server/unchecked-response.ts';
import type { ZodApp } from '../../server/zod-app.ts';
import {
  BATCHES_PATH,
  batchSchema,
  batchStatusSchema,
  MAX_BATCH_BYTES,
  MAX_ITEMS_PER_BATCH,
} from '../protocol.ts';
import type { ReceiverHooks, ReceivingDb } from './hooks.ts';
import { batchIntake, DEFAULT_INTAKE_LIMITS } from './intake.ts';
import { receiveBatch } from './receive.ts';

const tags = ['Đồng bộ'];

/** The receiving side of the sync protocol, at the province and national tiers. */
export function registerReceiveRoutes(app: ZodApp, context: TierContext, hooks: ReceiverHooks): void {
  const statistics = statisticsKeeper(context.db, [
    'sync_records',
    'sync_items',
    'sync_batches',
    'school_sync_summary',
  ]);
  const intake = batchIntake(DEFAULT_INTAKE_LIMITS, (request) => requireMachine(request.caller).unitKey);
  app.post(
    BATCHES_PATH,
    {
      bodyLimit: MAX_BATCH_BYTES,
      // After authentication (the app's hook runs first): the sender is known.
      onRequest: intake.admit,
      preParsing: [
        intake.readBody,
        // A batch may come gzip-compressed; the size limit counts the uncompressed bytes.
        async (request, _reply, payload) => {
          const encoding = request.headers['content-encoding'];
          if (!encoding || encoding === 'identity') return payload;
          if (encoding !== 'gzip')
            throw new AppError('UNSUPPORTED_MEDIA_TYPE', { message: 'Chỉ nhận nội dung nén gzip.' });
          delete request.headers['content-length'];
          // Decoded from here on, so the JSON parser reads it as plain JSON.
          delete request.headers['content-encoding'];
          return payload.pipe(createGunzip());
        },
      ],
      schema: {
        tags,
        summary: 'Gửi một lô bản ghi (Idempotency-Key = batchId); trả 202 và trạng thái pending',
        headers: z.object({ 'idempotency-key': z.uuid() }),
        body: batchSchema,
        response: { 202: z.object({ batchId: z.uuid(), status: z.enum(['pending', 'done']) }) },
      },
    },
    async (request, reply) => {
      const sender = requireMachine(request.caller);
      if (request.headers['idempotency-key'] !== request.body.batchId)
        throw new AppError('IDEMPOTENCY_KEY_MISMATCH');
      // Taking a batch and relaying national decisions (at the province) lock the same rows; when
      // the two deadlock, PostgreSQL aborts one, and a batch it aborted is simply taken again.
      const answer = await retryTransient(() =>
        receiveBatch(context.db as ReceivingDb, hooks, sender, request.body),
      );
      statistics.wrote(request.body.items.length);
      await writeAudit(context.db, request, {
        action: 'sync.batch_received',
        targetKind: 'batch',
        targetId: answer.batchId,
        details: { kind: request.body.kind, items: request.body.items.length },
      });
      return reply.code(202).send(answer);
    },
  );

  app.get(
    `${BATCHES_PATH}/:id`,
    {
      schema: {
        tags,
        summary: 'Trạng thái từng bản ghi của một lô (chỉ lô của chính đơn vị gửi)',
        params: z.object({ id: z.uuid() }),
        querystring: z.object({
          // A batch holds at most MAX_ITEMS_PER_BATCH items: no page or count can be larger.
          page: z.coerce.number().int().min(1).max(MAX_ITEMS_PER_BATCH).default(1),
          pageSize: z.coerce.number().int().min(1).max(1000).default(500),
          decided: z.coerce
            .number()
            .int()
            .min(0)
            .max(MAX_ITEMS_PER_BATCH)
            .optional()
            .describe(
              'số bản ghi của lô đã có quyết định mà bên gửi đã biết: nếu không có gì mới, chỉ trả số đếm',
            ),
        }),
        response: { 200: batchStatusSchema },
      },
      // Senders poll this answer again and again, up to 1,000 items each time.
      serializerCompiler: uncheckedResponse,
    },
    async (request) => {
      const sender = requireMachine(request.caller);
      const { page, pageSize, decided } = request.query;
      const batch = await context.db
        .selectFrom('sync_batches')
        .select(['id', 'kind', 'item_count'])
        .where('id', '=', request.params.id)
        .where('sender_unit', '=', sender.unitKey)
        .executeTakeFirst();
      if (!batch) throw new AppError('NOT_FOUND');
      // Counts first, items after: an item only ever goes from pending to final, so a batch
      // read as done here can show no pending item below (read side by side, the counts could
      // already see a decision the items had not, and a sender would close the batch early).
      const counts = await context.db
        .selectFrom('sync_items')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('batch_id', '=', batch.id)
        .groupBy('status')
        .execute();
      const count = (status: string) => counts.find((c: { status: string }) => c.status === status)?.n ?? 0;
      const summary = {
        batchId: batch.id,
        kind: batch.kind,
        status: count('pending') > 0 ? ('pending' as const) : ('done' as const),
        counts: { pending: count('pending'), success: count('success'), failed: count('failed') },
        page,
        pageSize,
        total: batch.item_count,
      };
      if (decided !== undefined && count('success') + count('failed') === decided)
        return { ...summary, items: [], unchanged: true };
      const items = await context.db
        .selectFrom('sync_items')
        .selectAll()
        .where('batch_id', '=', batch.id)
        .orderBy('idx')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute();
      return {
        ...summary,
        items: items.map((item: Record<string, unknown>) => ({
          index: item.idx as number,
          id: item.record_id as string,
          version: item.version as number,
          status: item.status as 'pending' | 'success' | 'failed',
          decidedBy: item.decided_by as 'province' | 'national' | null,
          error: item.error_code
            ? {
                code: item.error_code as string,
                field: (item.error_field as string) ?? '',
                message: item.error_message as string,
              }
            : null,
          nationalId: (item.national_id as string | null) ?? null,
        })),
      };
    },
  );
}
