// The payload schema of each kind of record (the rest of what a kind is: record-kinds.ts): as it
// is saved at the school and as it travels; every tier checks it with this schema.
import type { z } from 'zod';
import { classSchema, schoolSchema, staffSchema, studentSchema } from './entities/index.ts';
import { resultSyncSchema } from './entities/result.ts';
import type { RecordKind } from './record-kinds.ts';

export const RECORD_SCHEMAS = {
  school: schoolSchema,
  class: classSchema,
  staff: staffSchema,
  student: studentSchema,
  result: resultSyncSchema,
} as const satisfies Record<RecordKind, z.ZodType>;

/** A kind's payload, as its schema describes it. */
export type RecordPayload<K extends RecordKind> = z.infer<(typeof RECORD_SCHEMAS)[K]>;
