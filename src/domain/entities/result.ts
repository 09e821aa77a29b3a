import { z } from 'zod';
import { schoolYear } from './common.ts';

/** A learning result as it travels: one student × school year × period. */
export const resultSyncSchema = z.object({
  studentId: z.uuid(),
  classId: z.uuid(),
  schoolYear,
  period: z.enum(['GK1', 'CK1', 'GK2', 'CN', 'HK1', 'HK2']),
  scheme: z.enum(['TT27', 'TT22']),
  entry: z.record(z.string(), z.unknown()),
  complete: z.boolean(),
  outcome: z.record(z.string(), z.unknown()).optional(),
});
export type ResultRecord = z.infer<typeof resultSyncSchema>;
