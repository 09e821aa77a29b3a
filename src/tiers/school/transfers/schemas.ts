import { z } from 'zod';
import { isoDate } from '#domain/entities/common.ts';
import { pupilQuery, transferRequestSchema } from '#sync/transfers/protocol.ts';

/** Chuyển đi kỳ 1, kỳ 2, trong hè. */
export const TRANSFER_OUT_CODES = ['04', '08', '11'] as const;

export const incomingSchema = transferRequestSchema.extend({
  /** This school's record of the pupil, when it has one. */
  studentId: z.uuid().nullable(),
});

export const lookupQuery = z.object({ q: pupilQuery });
export const fileBody = z.strictObject({ q: pupilQuery, note: z.string().trim().max(500).optional() });
export const transfersAnswer = z.object({
  incoming: z.array(incomingSchema),
  outgoing: z.array(transferRequestSchema),
});

export const answerBody = z.strictObject({
  accept: z.boolean(),
  reason: z.string().trim().max(500).optional(),
  statusDate: isoDate.optional(),
  statusCode: z.enum(TRANSFER_OUT_CODES).optional(),
});
export const answeredSchema = incomingSchema.extend({ syncRunId: z.uuid().nullable() });
