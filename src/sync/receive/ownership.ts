// Who may touch a record: the receiver decides from the credential, never from the body. The
// first accepted item of a record binds its id to the sending unit — its school at the province,
// its school and province at the national tier — and no other unit's credential can change or
// delete it afterwards. Pupils move between schools as new records (the new school's own id);
// the person, not the record, moves.
import { type Kysely, sql } from 'kysely';
import type { ProvinceTierDatabase } from '#db/schema.ts';
import type { School } from '#domain/entities/index.ts';
import { errorCatalogue, type FieldIssue } from '#domain/errors.ts';
import type { RecordKind } from '#domain/record-kinds.ts';
import { communeByCode } from '#domain/reference/index.ts';
import type { BatchItem } from '../protocol.ts';
import type { StoredRecord } from './rules.ts';

type ReceivingDb = Kysely<ProvinceTierDatabase>;

/** What a batch's items may collide with, read before they are decided. */
export interface Claims {
  /** Record ids held under another province (national tier only). */
  idsElsewhere: Set<string>;
  /** School codes another province holds or has placed in its tree (national tier only). */
  schoolsElsewhere: Set<string>;
}

const ownedElsewhere = (field = 'id'): FieldIssue => ({
  field,
  code: 'RECORD_OWNED_ELSEWHERE',
  message: errorCatalogue.RECORD_OWNED_ELSEWHERE.message,
});

/**
 * The first ownership problem of an item: the id is another school's record (or another kind of
 * record), another province's, or, for a school record, the school is not the sender's.
 * `held` is what this tier holds under the sender's province; `schools` its school records.
 */
export function ownershipProblem(
  input: {
    kind: RecordKind;
    item: BatchItem & { schoolCode: string };
    held: StoredRecord | undefined;
    schools: Map<string, StoredRecord>;
    national: boolean;
    provinceCode: string;
  },
  claims: Claims,
): FieldIssue | undefined {
  const { kind, item, held, schools, national, provinceCode } = input;
  if (claims.idsElsewhere.has(item.id)) return ownedElsewhere();
  if (held && (held.school_code !== item.schoolCode || held.kind !== kind)) return ownedElsewhere();
  // A province speaks only for schools it has sent: a tombstone too, which no reference checks.
  if (national && kind !== 'school' && !schools.has(item.schoolCode)) {
    return {
      field: 'schoolCode',
      code: 'REFERENCE_UNKNOWN',
      message: `Thông tin trường ${item.schoolCode} chưa được đồng bộ lên từ tỉnh gửi.`,
    };
  }
  if (kind !== 'school') return undefined;
  // One school record per school, and it speaks of the sender's school.
  const school = schools.get(item.schoolCode);
  if (school && school.id !== item.id) return ownedElsewhere();
  if (item.deleted) return undefined;
  const payload = item.payload as Partial<School>;
  if (payload.code !== item.schoolCode) {
    return {
      field: 'code',
      code: 'SCHOOL_CODE_MISMATCH',
      message: `Mã trường ${String(payload.code)} khác với trường gửi (${item.schoolCode}).`,
    };
  }
  if (!national) return undefined;
  const commune = communeByCode.get(String(payload.address?.communeCode ?? ''));
  if (payload.address?.provinceCode !== provinceCode || (commune && commune.provinceCode !== provinceCode)) {
    return {
      field: 'address.provinceCode',
      code: 'SCHOOL_CODE_MISMATCH',
      message: 'Trường không thuộc tỉnh gửi.',
    };
  }
  if (claims.schoolsElsewhere.has(item.schoolCode)) return ownedElsewhere('code');
  return undefined;
}

/** At the national tier, what other provinces already hold of a batch's ids and schools. */
export async function claimsOf(
  db: ReceivingDb,
  national: boolean,
  provinceCode: string,
  kind: RecordKind,
  items: { id: string; schoolCode: string }[],
): Promise<Claims> {
  const claims: Claims = { idsElsewhere: new Set(), schoolsElsewhere: new Set() };
  if (!national) return claims;
  const { rows } = await sql<{ id: string }>`
    SELECT id FROM sync_records
    WHERE id = ANY(${items.map((i) => i.id)}::uuid[]) AND province_code <> ${provinceCode}`.execute(db);
  for (const row of rows) claims.idsElsewhere.add(row.id);
  if (kind === 'school') {
    const codes = [...new Set(items.map((i) => i.schoolCode))];
    const { rows: schools } = await sql<{ code: string }>`
      SELECT school_code AS code FROM sync_records
      WHERE kind = 'school' AND school_code = ANY(${codes}::text[]) AND province_code <> ${provinceCode}
      UNION
      SELECT code FROM org_units
      WHERE kind = 'school' AND code = ANY(${codes}::text[]) AND path NOT LIKE ${`%.P${provinceCode}.%`}`.execute(
      db,
    );
    for (const row of schools) claims.schoolsElsewhere.add(row.code);
  }
  return claims;
}

/** What a tier holds of a record now: read again for the items its upsert did not store. */
export interface HeldNow {
  id: string;
  kind: string;
  school_code: string;
  version: number;
  hash: string;
  deleted: boolean;
  national_id: string | null;
}

export async function heldNow(
  db: ReceivingDb,
  provinceCode: string,
  ids: string[],
): Promise<Map<string, HeldNow>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<HeldNow>`
    SELECT id, kind, school_code, version, hash, deleted, national_id FROM sync_records
    WHERE province_code = ${provinceCode} AND id = ANY(${ids}::uuid[])`.execute(db);
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Why an accepted item was not stored, from what the tier holds now: another unit's record (a
 * sender racing the owner for a new id), a newer version (a late or stale copy: never reported
 * as a success), or the same version with other content. Undefined: the very version the tier
 * holds was sent again — a retry, to be decided again, not answered from the past.
 */
export function notStoredProblem(
  kind: RecordKind,
  item: { version: number; hash: string; deleted: boolean; schoolCode: string },
  now: HeldNow | undefined,
  tierLabel: string,
): FieldIssue | undefined {
  if (!now || now.school_code !== item.schoolCode || now.kind !== kind) return ownedElsewhere();
  if (now.version > item.version) {
    return {
      field: 'version',
      code: 'VERSION_SUPERSEDED',
      message: `${tierLabel} đã có phiên bản mới hơn (${now.version}) của bản ghi này; phiên bản ${item.version} không được lưu.`,
    };
  }
  // The hash covers the payload only: a tombstone and a live copy of one version differ too.
  if (now.hash !== item.hash || now.deleted !== item.deleted) {
    return {
      field: 'version',
      code: 'RECORD_VERSION_CONFLICT',
      message: errorCatalogue.RECORD_VERSION_CONFLICT.message,
    };
  }
  return undefined;
}
