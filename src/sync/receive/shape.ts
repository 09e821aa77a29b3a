// The shape check every receiving tier makes of an item: its hash, and its payload against the
// entity's zod schema (the same one the school saved it with).
import { z } from 'zod';
import { schoolYear } from '../../domain/entities/common.ts';
import { classSchema, schoolSchema, staffSchema, studentSchema } from '../../domain/entities/index.ts';
import type { FieldIssue } from '../../domain/errors.ts';
import { errorCatalogue } from '../../domain/errors.ts';
import { zodFieldIssues } from '../../domain/validation.ts';
import type { BatchItem, RecordKind } from '../protocol.ts';

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

export const SCHEMAS: Record<RecordKind, z.ZodType> = {
  school: schoolSchema,
  class: classSchema,
  staff: staffSchema,
  student: studentSchema,
  result: resultSyncSchema,
};

/**
 * The first problem of an item's shape, or undefined when it is well formed. `payloadHash` is
 * recordHash(item.payload), computed once by the caller, which needs it too.
 */
export function shapeProblem(kind: RecordKind, item: BatchItem, payloadHash: string): FieldIssue | undefined {
  if (payloadHash !== item.hash) {
    return { field: 'hash', code: 'HASH_MISMATCH', message: errorCatalogue.HASH_MISMATCH.message };
  }
  if (item.deleted) return undefined;
  const parsed = SCHEMAS[kind].safeParse(item.payload);
  if (!parsed.success) return zodFieldIssues(parsed.error)[0];
  return undefined;
}
