// What a receiving tier answers a sender polling one of its batches: the counts, and a page of
// each item's decision. Only the sending unit's own batches exist for it.
import { z } from 'zod';
import { AppError } from '#domain/errors.ts';
import type { MachineCaller } from '#server/auth/caller.ts';
import { type BatchStatus, MAX_ITEMS_PER_BATCH } from '../protocol.ts';
import type { ReceivingDb } from './hooks.ts';

export const batchStatusQuery = z.object({
  // A batch holds at most MAX_ITEMS_PER_BATCH items: no page or count can be larger.
  page: z.coerce.number().int().min(1).max(MAX_ITEMS_PER_BATCH).default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).default(500),
  decided: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_ITEMS_PER_BATCH)
    .optional()
    .describe('số bản ghi của lô đã có quyết định mà bên gửi đã biết: nếu không có gì mới, chỉ trả số đếm'),
});

export async function batchStatus(
  db: ReceivingDb,
  sender: MachineCaller,
  batchId: string,
  { page, pageSize, decided }: z.infer<typeof batchStatusQuery>,
): Promise<BatchStatus> {
  const batch = await db
    .selectFrom('sync_batches')
    .select(['id', 'kind', 'item_count'])
    .where('id', '=', batchId)
    .where('sender_unit', '=', sender.unitKey)
    .executeTakeFirst();
  if (!batch) throw new AppError('NOT_FOUND');
  // Counts first, items after: an item only ever goes from pending to final, so a batch
  // read as done here can show no pending item below (read side by side, the counts could
  // already see a decision the items had not, and a sender would close the batch early).
  const counts = await db
    .selectFrom('sync_items')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('batch_id', '=', batch.id)
    .groupBy('status')
    .execute();
  const count = (status: string) => counts.find((c) => c.status === status)?.n ?? 0;
  const summary = {
    batchId: batch.id,
    kind: batch.kind as BatchStatus['kind'],
    status: count('pending') > 0 ? ('pending' as const) : ('done' as const),
    counts: { pending: count('pending'), success: count('success'), failed: count('failed') },
    page,
    pageSize,
    total: batch.item_count,
  };
  if (decided !== undefined && count('success') + count('failed') === decided)
    return { ...summary, items: [], unchanged: true };
  const items = await db
    .selectFrom('sync_items')
    .selectAll()
    .where('batch_id', '=', batch.id)
    .orderBy('idx')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return {
    ...summary,
    items: items.map((item) => ({
      index: item.idx,
      id: item.record_id,
      version: item.version,
      status: item.status,
      decidedBy: item.decided_by,
      error: item.error_code
        ? { code: item.error_code, field: item.error_field ?? '', message: item.error_message ?? '' }
        : null,
      nationalId: item.national_id ?? null,
    })),
  };
}
