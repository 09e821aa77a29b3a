// The one registry of record kinds: what each kind of school record is, for every tier and the
// web app. Whatever differs by kind — its label, the records it names, the order batches go in,
// its national identifier, who may touch it — is read from here, and its payload's schema from
// record-schemas.ts (kept apart so that the web app reads the registry without the schemas and
// the code lists they check against); TypeScript refuses either leaving a kind out. A new kind
// (say, phụ huynh) starts with an entry in both.

export const RECORD_KINDS = ['school', 'class', 'staff', 'student', 'result'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** A field of a payload that names another record of the same school. */
export interface RecordReference {
  field: string;
  kind: RecordKind;
  /** What the named record is, in a sentence: "Lớp của học sinh (mã …) chưa được đồng bộ lên." */
  label: string;
}

export interface RecordKindDefinition {
  /** What the school's screens and the sync history call it. */
  label: string;
  /** Its name where space is short: a dashboard's column, a chart's axis. */
  shortLabel: string;
  /** The permission category that guards it (view, edit, sync): see access/permissions.ts. */
  category: string;
  /** The records its payload names; they travel before it. Every kind but the school's also belongs to its school. */
  references: readonly RecordReference[];
  /** The prefix of the national identifier the national tier gives it, when it gives one. */
  nationalIdPrefix?: string;
  /** Its payload carries a person's personal ID (CCCD): one person keeps one national identifier. */
  person: boolean;
  /** The payload field that names a record to a reader (the history, a refusal). */
  nameField: string;
}

export const RECORD_KIND_DEFINITIONS = {
  school: {
    label: 'Thông tin trường',
    nameField: 'name',
    shortLabel: 'Trường',
    category: 'school_info',
    references: [],
    person: false,
  },
  staff: {
    label: 'Thông tin giáo viên',
    nameField: 'fullName',
    shortLabel: 'Giáo viên',
    category: 'staff',
    references: [],
    nationalIdPrefix: 'GV',
    person: true,
  },
  class: {
    label: 'Thông tin lớp',
    nameField: 'name',
    shortLabel: 'Lớp',
    category: 'classes',
    references: [{ field: 'homeroomStaffId', kind: 'staff', label: 'Giáo viên chủ nhiệm' }],
    nationalIdPrefix: 'LH',
    person: false,
  },
  student: {
    label: 'Thông tin học sinh',
    nameField: 'fullName',
    shortLabel: 'Học sinh',
    category: 'students',
    references: [{ field: 'classId', kind: 'class', label: 'Lớp của học sinh' }],
    nationalIdPrefix: 'HS',
    person: true,
  },
  result: {
    label: 'Kết quả học tập',
    nameField: 'period',
    shortLabel: 'Kết quả học tập',
    category: 'results',
    references: [
      { field: 'studentId', kind: 'student', label: 'Học sinh' },
      { field: 'classId', kind: 'class', label: 'Lớp' },
    ],
    person: false,
  },
} as const satisfies Record<RecordKind, RecordKindDefinition>;

export const recordKind = (kind: RecordKind): RecordKindDefinition & { category: RecordCategory } =>
  RECORD_KIND_DEFINITIONS[kind];

/**
 * The order batches go in: a kind after every kind it names, so nothing arrives before what it
 * refers to (the school first: every other record belongs to it).
 */
export const DEPENDENCY_ORDER: readonly RecordKind[] = (() => {
  const order: RecordKind[] = [];
  const visit = (kind: RecordKind) => {
    if (order.includes(kind)) return;
    if (kind !== 'school') visit('school');
    for (const reference of recordKind(kind).references) visit(reference.kind);
    order.push(kind);
  };
  for (const kind of Object.keys(RECORD_KIND_DEFINITIONS) as RecordKind[]) visit(kind);
  return order;
})();

/** The permission categories of records, one per kind, in the registry's order. */
export type RecordCategory = (typeof RECORD_KIND_DEFINITIONS)[RecordKind]['category'];

/** The kind a permission category guards, where it guards one. */
export const kindOfCategory = (category: string): RecordKind | undefined =>
  RECORD_KINDS.find((kind) => recordKind(kind).category === category);
