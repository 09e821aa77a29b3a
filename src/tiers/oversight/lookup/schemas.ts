import { z } from 'zod';

const enrolmentSchema = z.object({
  /** The record at that school (each school keeps its own record of the person). */
  id: z.uuid(),
  statusCode: z.string().nullable(),
  /** The status by its name in the code list (Đang học, Đã chuyển đi…). */
  statusName: z.string().nullable(),
  /** A pupil's class at that school, as this tier holds it. */
  className: z.string().nullable(),
  statusDate: z.string().nullable(),
  deleted: z.boolean(),
  updatedAt: z.string(),
  school: z.object({ code: z.string(), name: z.string(), province: z.string() }),
});

/** One person: their identifier, their details as last sent, every school record of them. */
export const personSchema = z.object({
  kind: z.string(),
  nationalId: z.string().nullable(),
  fullName: z.string(),
  birthDate: z.string(),
  gender: z.string(),
  genderName: z.string().nullable(),
  /** The ethnic group by its name (Kinh, Tày…). */
  ethnicGroup: z.string().nullable(),
  personalId: z.string().nullable(),
  enrolments: z.array(enrolmentSchema),
});

export const lookupQuery = z.object({
  q: z
    .string()
    .trim()
    .regex(
      /^(\d{12}|[A-Z]{2}\d{10})$/,
      'Nhập số định danh 12 chữ số hoặc mã định danh (ví dụ HS0000000123).',
    ),
});

export const lookupAnswer = z.object({ persons: z.array(personSchema) });
