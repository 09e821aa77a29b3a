import type { RecordKind } from '../../../sync/protocol.ts';

/** Where the school keeps each kind of record. */
export const RECORD_TABLE: Record<RecordKind, 'schools' | 'classes' | 'staff' | 'students' | 'results'> = {
  school: 'schools',
  class: 'classes',
  staff: 'staff',
  student: 'students',
  result: 'results',
};
