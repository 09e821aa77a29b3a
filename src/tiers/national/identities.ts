// Mã định danh for accepted classes, staff and students (Thông tư 42/2021 Điều 10: unique, made
// at first entry, never changed or deleted). A record keeps the identifier it was given. A person
// (by personal ID) keeps one identifier through everything the records carrying them go through:
// deleted and added again, moved to another school or province (a new record there), corrected.
//
// When a school corrects a wrong personal ID on a record, the identifier stays with the record and
// the registry entry moves to the new personal ID — unless that personal ID already belongs to
// another identifier: then the correction fails (PERSONAL_ID_IDENTITY_CONFLICT) rather than give
// one person two identifiers; merging two identities is a decision for an officer, not a sync.
import { type Kysely, sql } from 'kysely';
import type { ProvinceTierDatabase } from '#db/schema.ts';
import { errorCatalogue, type FieldIssue } from '#domain/errors.ts';
import { type RecordKind, recordKind } from '#domain/record-kinds.ts';
import type { BatchItem } from '#sync/protocol.ts';
import type { Decision } from '#sync/receive/hooks.ts';
import type { StoredRecord } from '#sync/receive/rules.ts';

type ReceivingDb = Kysely<ProvinceTierDatabase>;

// A tombstone carries the record's last payload: its person is the record's person. Whatever
// order a record's versions arrive in, it ends with the person's one identifier.
const personalIdOf = (item: BatchItem): string | undefined =>
  typeof item.payload.personalId === 'string' ? item.payload.personalId : undefined;

const identityConflict: FieldIssue = {
  field: 'personalId',
  code: 'PERSONAL_ID_IDENTITY_CONFLICT',
  message: errorCatalogue.PERSONAL_ID_IDENTITY_CONFLICT.message,
};

/** Gives each accepted item its identifier; an item that would split or merge a person fails. */
export async function assignNationalIds(
  db: ReceivingDb,
  kind: RecordKind,
  items: BatchItem[],
  decisions: Decision[],
  known: Map<string, StoredRecord>,
): Promise<void> {
  const prefix = recordKind(kind).nationalIdPrefix;
  if (!prefix) return;
  const accepted = items.map((_, i) => i).filter((i) => decisions[i]!.status !== 'failed');
  const personalIds = accepted.map((i) => personalIdOf(items[i]!)).filter((p) => p !== undefined);
  const registered = await identitiesOf(db, kind, personalIds);

  // Records already identified first: a new record of the same person in the batch joins them.
  const moves: { personalId: string; nationalId: string }[] = [];
  const needNew: number[] = [];
  for (const i of accepted) {
    const held = known.get(items[i]!.id);
    const own = held?.national_id;
    const personalId = personalIdOf(items[i]!);
    if (!own) continue;
    decisions[i]!.nationalId = own;
    // Only a newer version speaks for the person now: a stale copy (it will not be stored)
    // must not move the registry back to a personal ID the record no longer carries.
    if (!personalId || items[i]!.version <= held.version) continue;
    const holder = registered.get(personalId);
    if (holder === undefined) {
      registered.set(personalId, own);
      moves.push({ personalId, nationalId: own });
    } else if (holder !== own) {
      decisions[i] = { status: 'failed', decidedBy: 'national', error: identityConflict };
    }
  }
  const carried = await carriedIdentities(
    db,
    kind,
    accepted.map((i) => items[i]!),
  );
  for (const i of accepted) {
    if (decisions[i]!.nationalId) continue;
    const personalId = personalIdOf(items[i]!);
    const holder = personalId ? registered.get(personalId) : undefined;
    const before = carried.get(items[i]!.id);
    if (holder) decisions[i]!.nationalId = holder;
    else if (before) {
      // The next year's record of a pupil is the same person as last year's.
      decisions[i]!.nationalId = before;
      if (personalId) {
        registered.set(personalId, before);
        moves.push({ personalId, nationalId: before });
      }
    } else needNew.push(i);
  }

  const fresh: { personalId: string; nationalId: string }[] = [];
  if (needNew.length > 0) {
    const { rows } = await sql<{ n: string }>`
      SELECT nextval('national_id_seq')::text AS n FROM generate_series(1, ${needNew.length})`.execute(db);
    needNew.forEach((i, k) => {
      const personalId = personalIdOf(items[i]!);
      // Two new records of one person in a batch: the second joins the first.
      const nationalId =
        (personalId && registered.get(personalId)) || `${prefix}${rows[k]!.n.padStart(10, '0')}`;
      decisions[i]!.nationalId = nationalId;
      if (personalId && !registered.has(personalId)) {
        registered.set(personalId, nationalId);
        fresh.push({ personalId, nationalId });
      }
    });
  }
  await moveIdentities(db, kind, moves);
  const taken = await registerIdentities(db, kind, fresh);
  // A person registered meanwhile by another batch (another province, at the same moment):
  // that identifier is the person's.
  if (taken.size > 0) {
    for (const i of needNew) {
      const personalId = personalIdOf(items[i]!);
      const winner = personalId ? taken.get(personalId) : undefined;
      if (winner) decisions[i]!.nationalId = winner;
    }
  }
}

/**
 * The identifiers of the records that new ones carry on from (a pupil's record of the year before,
 * `previousYearRecordId`): only a record of the same kind and the same school, so that a school
 * can never take over another school's pupil this way.
 */
async function carriedIdentities(
  db: ReceivingDb,
  kind: string,
  items: BatchItem[],
): Promise<Map<string, string>> {
  const carrying = items.flatMap((item) =>
    typeof item.payload.previousYearRecordId === 'string'
      ? [{ id: item.id, previous: item.payload.previousYearRecordId, school: item.schoolCode }]
      : [],
  );
  if (carrying.length === 0) return new Map();
  const { rows } = await sql<{ id: string; national_id: string }>`
    SELECT c.id, r.national_id
    FROM unnest(${carrying.map((c) => c.id)}::text[], ${carrying.map((c) => c.previous)}::uuid[],
                ${carrying.map((c) => c.school)}::text[]) AS c(id, previous, school)
    JOIN sync_records r ON r.id = c.previous AND r.kind = ${kind} AND r.school_code = c.school
    WHERE r.national_id IS NOT NULL`.execute(db);
  return new Map(rows.map((r) => [r.id, r.national_id]));
}

async function identitiesOf(
  db: ReceivingDb,
  kind: string,
  personalIds: string[],
): Promise<Map<string, string>> {
  if (personalIds.length === 0) return new Map();
  const { rows } = await sql<{ personal_id: string; national_id: string }>`
    SELECT personal_id, national_id FROM person_identities
    WHERE kind = ${kind} AND personal_id = ANY(${personalIds}::text[])`.execute(db);
  return new Map(rows.map((r) => [r.personal_id, r.national_id]));
}

/** A record's identifier follows its corrected personal ID (or is registered for the first time). */
async function moveIdentities(
  db: ReceivingDb,
  kind: string,
  moves: { personalId: string; nationalId: string }[],
): Promise<void> {
  if (moves.length === 0) return;
  await sql`
    INSERT INTO person_identities (kind, personal_id, national_id)
    SELECT ${kind}, m.personal_id, m.national_id
    FROM unnest(${moves.map((m) => m.personalId)}::text[], ${moves.map((m) => m.nationalId)}::text[])
      AS m(personal_id, national_id)
    ON CONFLICT (national_id) DO UPDATE SET personal_id = excluded.personal_id, updated_at = now()`.execute(
    db,
  );
}

/** Registers new persons; answers those another batch registered first, with their identifier. */
async function registerIdentities(
  db: ReceivingDb,
  kind: string,
  fresh: { personalId: string; nationalId: string }[],
): Promise<Map<string, string>> {
  if (fresh.length === 0) return new Map();
  const { rows } = await sql<{ personal_id: string }>`
    INSERT INTO person_identities (kind, personal_id, national_id)
    SELECT ${kind}, f.personal_id, f.national_id
    FROM unnest(${fresh.map((f) => f.personalId)}::text[], ${fresh.map((f) => f.nationalId)}::text[])
      AS f(personal_id, national_id)
    ON CONFLICT (kind, personal_id) DO NOTHING
    RETURNING personal_id`.execute(db);
  const inserted = new Set(rows.map((r) => r.personal_id));
  const lost = fresh.filter((f) => !inserted.has(f.personalId)).map((f) => f.personalId);
  return identitiesOf(db, kind, lost);
}
