// Transfers between schools (chuyển trường) over the sync API: a school looks a pupil up by
// personal ID or national identifier, asks the school that still holds them to let them go, and
// answers the requests made to it. Schools call their province with their sync credential; the
// province relays to the national tier, which keeps the requests (it alone sees every school).
import { z } from 'zod';

export const PERSONS_PATH = '/api/sync/v1/persons';
export const TRANSFERS_PATH = '/api/sync/v1/transfers';

/** A personal ID (12 digits) or a pupil's national identifier (HS and 10 digits). */
export const pupilQuery = z
  .string()
  .trim()
  .toUpperCase()
  .regex(
    /^(\d{12}|HS\d{10})$/,
    'Nhập số định danh cá nhân 12 chữ số hoặc mã định danh học sinh (HS và 10 chữ số).',
  );

/** A province names the school it relays for; a school is named by its credential. */
const relayedSchool = z
  .string()
  .regex(/^[0-9A-Za-z]{2,20}$/)
  .optional()
  .describe('Mã trường, khi CSDL Tỉnh chuyển tiếp cho một trường của tỉnh');

export const personQuerySchema = z.object({ q: pupilQuery, schoolCode: relayedSchool });

/** What a school taking a pupil in may see of them: enough to fill the pupil's record. */
export const transferPersonSchema = z.object({
  nationalId: z.string(),
  fullName: z.string(),
  birthDate: z.string(),
  gender: z.enum(['male', 'female']),
  ethnicityCode: z.string(),
  personalId: z.string().nullable(),
  /** Where the pupil is enrolled now (Đang học), if anywhere. */
  enrolledAt: z
    .object({ schoolCode: z.string(), schoolName: z.string(), province: z.string(), statusCode: z.string() })
    .nullable(),
});
export type TransferPerson = z.infer<typeof transferPersonSchema>;

export const transferStatuses = ['open', 'accepted', 'refused'] as const;

export const transferRequestSchema = z.object({
  id: z.uuid(),
  nationalId: z.string(),
  pupilName: z.string(),
  birthDate: z.string(),
  fromSchool: z.object({ code: z.string(), name: z.string(), province: z.string() }),
  toSchool: z.object({ code: z.string(), name: z.string(), province: z.string() }),
  status: z.enum(transferStatuses),
  note: z.string().nullable(),
  answerReason: z.string().nullable(),
  createdAt: z.string(),
  answeredAt: z.string().nullable(),
});
export type TransferRequest = z.infer<typeof transferRequestSchema>;

export const fileTransferSchema = z.strictObject({
  q: pupilQuery,
  note: z.string().trim().max(500).optional(),
  schoolCode: relayedSchool,
});

export const listTransfersSchema = z.object({ schoolCode: relayedSchool });

export const transferListSchema = z.object({
  /** Asked of this school: pupils it holds that another school takes in. */
  incoming: z.array(transferRequestSchema),
  /** Asked by this school. */
  outgoing: z.array(transferRequestSchema),
});

export const answerTransferSchema = z.strictObject({
  accept: z.boolean(),
  reason: z.string().trim().max(500).optional(),
  schoolCode: relayedSchool,
});
