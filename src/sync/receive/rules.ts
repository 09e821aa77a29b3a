// The rule every receiving tier applies beyond shape and ownership: references (a record naming
// another the tier has never received fails, naming it). Each tier's own rules are in its folder:
// src/tiers/province/rules.ts, src/tiers/national/person-rules.ts.
import { errorCatalogue, type FieldIssue } from '#domain/errors.ts';
import { type RecordKind, recordKind } from '#domain/record-kinds.ts';
import type { RecordPayload } from '#domain/record-schemas.ts';
import type { BatchItem } from '../protocol.ts';

export interface StoredRecord {
  id: string;
  kind: string;
  school_code: string;
  province_code: string;
  version: number;
  deleted: boolean;
  payload: Record<string, unknown>;
  national_id: string | null;
}

export interface RuleInput {
  kind: RecordKind;
  item: BatchItem & { schoolCode: string };
  /** Records this tier already holds that the batch's items name, by id. */
  known: Map<string, StoredRecord>;
  /** Each school's own record at this tier, by code. */
  schools: Map<string, StoredRecord>;
}

/**
 * A payload typed by its kind. Only for what has passed its kind's schema: an item after its
 * shape check (shape.ts), a record the tier holds (each was checked before it was stored).
 */
export const checkedPayload = <K extends RecordKind>(
  _kind: K,
  record: { payload: Record<string, unknown> },
): RecordPayload<K> => record.payload as RecordPayload<K>;

export const fail = (
  field: string,
  code: keyof typeof errorCatalogue,
  message: string = errorCatalogue[code].message,
): FieldIssue => ({
  field,
  code,
  message,
});

const isLive = (record: StoredRecord | undefined): record is StoredRecord =>
  record !== undefined && !record.deleted;

const isOwnLive = (record: StoredRecord | undefined, schoolCode: string): boolean =>
  isLive(record) && record.school_code === schoolCode;

/** References, at every receiving tier: what an item names must have arrived before it. */
export function referenceProblem({ kind, item, known, schools }: RuleInput): FieldIssue | undefined {
  if (item.deleted || kind === 'school') return undefined;
  if (!isLive(schools.get(item.schoolCode))) {
    return fail(
      'schoolCode',
      'REFERENCE_UNKNOWN',
      `Thông tin trường ${item.schoolCode} chưa được đồng bộ lên; hãy đồng bộ thông tin trường trước.`,
    );
  }
  // Only the sending school's own records can be named: another school's is unknown to it.
  const named = (id: unknown, what: string, field: string) =>
    typeof id === 'string' && !isOwnLive(known.get(id), item.schoolCode)
      ? fail(field, 'REFERENCE_UNKNOWN', `${what} (mã ${id}) chưa được đồng bộ lên.`)
      : undefined;
  for (const reference of recordKind(kind).references) {
    const problem = named(item.payload[reference.field], reference.label, reference.field);
    if (problem) return problem;
  }
  return undefined;
}
