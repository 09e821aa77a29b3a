// What GET /api/dashboard answers: the schema the server checks its answer against and
// documents in OpenAPI, and the types the web app reads it with.
import { z } from 'zod';
import { RECORD_KINDS } from '../record-kinds.ts';

export const countsSchema = z.object({
  held: z.number(),
  pending: z.number(),
  success: z.number(),
  failed: z.number(),
});

export const schoolRowSchema = z.object({
  key: z.string(),
  code: z.string(),
  name: z.string(),
  parentKey: z.string().nullable(),
  /** Cấp học from the school's own record, once it has arrived. */
  levelCode: z.string().nullable(),
  totals: countsSchema,
  byKind: z.partialRecord(z.enum(RECORD_KINDS), countsSchema),
  topFailures: z.array(z.object({ code: z.string(), count: z.number() })),
  lastSuccessAt: z.string().nullable(),
  lastActivityAt: z.string().nullable(),
});

export const unitRowSchema = z.object({
  key: z.string(),
  name: z.string(),
  kind: z.string(),
  schools: z.number(),
  totals: countsSchema,
});

export const dashboardSchema = z.object({
  unit: z.object({ key: z.string(), name: z.string(), kind: z.string() }),
  totals: countsSchema.extend({ schools: z.number(), schoolsWithFailures: z.number() }),
  children: z.array(unitRowSchema),
  schools: z.array(schoolRowSchema),
});

export type Counts = z.infer<typeof countsSchema>;
export type SchoolRow = z.infer<typeof schoolRowSchema>;
export type UnitRow = z.infer<typeof unitRowSchema>;
export type Dashboard = z.infer<typeof dashboardSchema>;
