// The sync protocol between tiers (school → province, province → national): the same batch
// shape both ways. The sender's unit comes from its credential, never from the body.
import { z } from 'zod';
import { RECORD_KINDS } from '#domain/record-kinds.ts';

/** Where a batch is sent (POST) and, with its id, where its status is read (GET). */
export const BATCHES_PATH = '/api/sync/v1/batches';

/** Items per batch; a sender splits more into several batches. */
export const MAX_ITEMS_PER_BATCH = 500;
/** Bytes of one batch's JSON, before compression. */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** Versions are stored as PostgreSQL integers at every tier. */
export const MAX_VERSION = 2_147_483_647;

export const itemSchema = z.object({
  id: z.uuid(),
  version: z.number().int().min(1).max(MAX_VERSION),
  deleted: z.boolean(),
  /** The school the record belongs to; required from a province, implied from a school. */
  schoolCode: z.string().max(20).optional(),
  payload: z.record(z.string(), z.unknown()),
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'hash phải là SHA-256 dạng hex.'),
});
export type BatchItem = z.infer<typeof itemSchema>;

export const batchSchema = z.object({
  batchId: z.uuid(),
  kind: z.enum(RECORD_KINDS),
  items: z
    .array(itemSchema)
    .min(1)
    .max(MAX_ITEMS_PER_BATCH)
    // A record travels at most once per batch: which of two versions in one batch is "the
    // newest" would be a guess, and the receiver stores a batch in one statement, a row once.
    .superRefine((items, ctx) => {
      const seen = new Set<string>();
      items.forEach((item, index) => {
        if (seen.has(item.id))
          ctx.addIssue({
            code: 'custom',
            path: [index, 'id'],
            message: `Bản ghi ${item.id} xuất hiện nhiều lần trong lô; mỗi lô chỉ gửi mỗi bản ghi một lần.`,
          });
        seen.add(item.id);
      });
    }),
});
export type Batch = z.infer<typeof batchSchema>;

export const ITEM_STATUSES = ['pending', 'success', 'failed'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const itemResultSchema = z.object({
  index: z.number(),
  id: z.uuid(),
  version: z.number(),
  status: z.enum(ITEM_STATUSES),
  decidedBy: z.enum(['province', 'national']).nullable(),
  error: z.object({ code: z.string(), field: z.string(), message: z.string() }).nullable(),
  nationalId: z.string().nullable(),
});
export type ItemResult = z.infer<typeof itemResultSchema>;

export const batchStatusSchema = z.object({
  batchId: z.uuid(),
  kind: z.enum(RECORD_KINDS),
  status: z.enum(['pending', 'done']),
  counts: z.object({ pending: z.number(), success: z.number(), failed: z.number() }),
  items: z.array(itemResultSchema),
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
  /**
   * Answered to a sender that said how many decisions it already knows (`?decided=`) when there
   * is none more: the counts only, no items, so a poll that finds nothing new costs little.
   */
  unchanged: z.boolean().optional(),
});
export type BatchStatus = z.infer<typeof batchStatusSchema>;
