import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { retryTransient } from '#db/retry.ts';
import { statisticsKeeper } from '#db/statistics.ts';
import { AppError } from '#domain/errors.ts';
import { writeAudit } from '#server/audit.ts';
import { requireMachine } from '#server/auth/caller.ts';
import type { TierContext } from '#server/context.ts';
import { uncheckedResponse } from '#server/unchecked-response.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { BATCHES_PATH, batchSchema, batchStatusSchema, MAX_BATCH_BYTES } from '../protocol.ts';
import { batchStatus, batchStatusQuery } from './batch-status.ts';
import type { ReceiverHooks, ReceivingDb } from './hooks.ts';
import { batchIntake, DEFAULT_INTAKE_LIMITS } from './intake.ts';
import { receiveBatch } from './receive.ts';

const tags = ['Đồng bộ'];

/** The receiving side of the sync protocol, at the province and national tiers. */
export function registerReceiveRoutes(app: ZodApp, context: TierContext, hooks: ReceiverHooks): void {
  const db = context.db as ReceivingDb;
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
      const answer = await retryTransient(() => receiveBatch(db, hooks, sender, request.body));
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
        querystring: batchStatusQuery,
        response: { 200: batchStatusSchema },
      },
      // Senders poll this answer again and again, up to 1,000 items each time.
      serializerCompiler: uncheckedResponse,
    },
    async (request) => batchStatus(db, requireMachine(request.caller), request.params.id, request.query),
  );
}
