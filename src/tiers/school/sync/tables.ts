import type { SchoolTierDatabase } from '#db/schema.ts';
import type { RecordKind } from '#domain/record-kinds.ts';

/**
 * The school tier's part of each record kind (the rest — schema, references, labels — is in
 * src/domain/record-kinds.ts): the table it is kept in and the list its sync button lives on.
 */
export const SCHOOL_RECORD_KINDS: Record<
  RecordKind,
  { table: keyof SchoolTierDatabase & RecordTable; list: string }
> = {
  school: { table: 'schools', list: '/api/school' },
  class: { table: 'classes', list: '/api/classes' },
  staff: { table: 'staff', list: '/api/staff' },
  student: { table: 'students', list: '/api/students' },
  result: { table: 'results', list: '/api/results' },
};

type RecordTable = 'schools' | 'classes' | 'staff' | 'students' | 'results';

/** Where the school keeps each kind of record. */
export const RECORD_TABLE = Object.fromEntries(
  Object.entries(SCHOOL_RECORD_KINDS).map(([kind, { table }]) => [kind, table]),
) as Record<RecordKind, RecordTable>;
