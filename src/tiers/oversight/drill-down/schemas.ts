import { z } from 'zod';
import { RECORD_KINDS } from '#domain/record-kinds.ts';

export const schoolQuery = z.object({
  schoolKey: z.string().regex(/^S\d{1,20}$/, 'Mã đơn vị của trường có dạng S và các chữ số.'),
  kind: z.enum(RECORD_KINDS).default('student'),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

const errorSchema = z
  .object({ code: z.string(), field: z.string().nullable(), message: z.string() })
  .nullable();

export const recordSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  version: z.number(),
  deleted: z.boolean(),
  nationalId: z.string().nullable(),
  /** A person's or a class's name, or the school's; a result's is its pupil's. */
  name: z.string(),
  /** A pupil's or a result's class, as this tier holds it. */
  className: z.string().nullable(),
  /** A result's school year (2025-2026) and evaluation period by its name (Giữa học kỳ I…). */
  schoolYear: z.string().nullable(),
  period: z.string().nullable(),
  birthDate: z.string().nullable(),
  personalId: z.string().nullable(),
  /** A class dissolved (giải thể) at its school, and the day: a state that travels with the record. */
  dissolvedOn: z.string().nullable(),
  status: z.enum(['pending', 'success', 'failed']).nullable(),
  error: errorSchema,
  updatedAt: z.string(),
});

export const failureSchema = z.object({
  recordId: z.uuid(),
  kind: z.string(),
  version: z.number(),
  name: z.string().nullable(),
  decidedBy: z.string().nullable(),
  error: errorSchema,
  at: z.string(),
});

export const schoolPage = <T extends z.ZodType>(item: T) =>
  z.object({
    school: z.object({ key: z.string(), code: z.string(), name: z.string() }),
    items: z.array(item),
    total: z.number(),
    page: z.number(),
    pageSize: z.number(),
  });

export const failuresQuery = schoolQuery
  .omit({ kind: true, q: true })
  .extend({ kind: z.enum(RECORD_KINDS).optional() });
