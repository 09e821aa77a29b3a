import { z } from 'zod';
import { isoDate } from '#domain/entities/common.ts';
import { RECORD_KINDS } from '#domain/record-kinds.ts';

/** What starting a sync answers: the run, its records, and the dependencies that travel with them. */
export const runSchema = z.object({
  runId: z.uuid(),
  records: z.number(),
  dependencies: z.partialRecord(z.enum(RECORD_KINDS), z.number()),
});

/** The chosen records, or every record not yet synced. */
export const syncRequestSchema = z.union([
  z.object({ ids: z.array(z.uuid()).min(1).max(20_000) }),
  z.object({ allUnsynced: z.literal(true) }),
]);

const decision = z.enum(['pending', 'success', 'failed']);

export const runsQuery = z.object({
  kind: z.enum(RECORD_KINDS).optional(),
  status: decision.optional().describe('chỉ những lần có bản ghi ở trạng thái này'),
  from: isoDate.optional(),
  to: isoDate.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const runItemsQuery = z.object({
  status: decision.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).default(200),
});
