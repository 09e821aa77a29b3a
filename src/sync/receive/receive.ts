// Receiving a batch at the province or national tier: idempotent by batch id, every item
// checked (shape, references, the tier's rules), accepted items stored in one statement and
// only when newer than what the tier holds, the decision on each item kept for the sender.
import { type Kysely, sql } from 'kysely';
import { readMeta } from '../../db/meta.ts';
import type { ProvinceTierDatabase } from '../../db/schema.ts';
import type { School } from '../../domain/entities/index.ts';
import { AppError, type FieldIssue } from '../../domain/errors.ts';
import { canonicalJson, recordHash } from '../../domain/record-hash.ts';
import { isUuid } from '../../domain/uuid.ts';
import type { MachineCaller } from '../../server/auth/caller.ts';
import { sha256 } from '../../server/auth/secrets.ts';
import type { TierContext } from '../../server/context.ts';
import { registerSchools } from '../../tiers/province/register-school.ts';
import type { Batch, ItemStatus } from '../protocol.ts';
import { enqueueBatches } from '../send/outbox.ts';
import {
  addHolder,
  type HoldersByPersonalId,
  holdersOf,
  nationalProblem,
  provinceProblem,
  referenceProblem,
  type StoredRecord,
} from './rules.ts';
import { shapeProblem } from './shape.ts';
import { lockSummaries, summaryChanges } from './summary.ts';

// Province and national hold the same receiving tables; the province's types serve both.
type ReceivingDb = Kysely<ProvinceTierDatabase>;

interface Decision {
  status: ItemStatus;
  decidedBy: 'province' | 'national' | null;
  error?: FieldIssue;
  nationalId?: string | null;
}

const NATIONAL_ID_PREFIX: Record<string, string> = { class: 'LH', staff: 'GV', student: 'HS' };

/** The province whose records a batch carries: the province tier's own, or the sending province's. */
async function provinceOfBatch(context: TierContext, sender: MachineCaller): Promise<string> {
  if (context.tier === 'national') return sender.unitKey.slice(1);
  return (await readMeta<string>(context.db, 'province_code'))!;
}

export async function receiveBatch(
  context: TierContext,
  sender: MachineCaller,
  batch: Batch,
): Promise<{ batchId: string; status: 'pending' | 'done' }> {
  const db = context.db as Kysely<ProvinceTierDatabase>;
  const national = context.tier === 'national';
  const provinceCode = await provinceOfBatch(context, sender);
  const payloadHashes = batch.items.map((item) => recordHash(item.payload));
  const bodyHash = batchBodyHash(batch, payloadHashes);

  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{
      locked: boolean;
    }>`SELECT pg_try_advisory_xact_lock(hashtextextended(${batch.batchId}, 0)) AS locked`.execute(trx);
    if (!rows[0]!.locked) throw new AppError('BATCH_IN_FLIGHT');
    const seen = await trx
      .selectFrom('sync_batches')
      .select(['sender_unit', 'body_hash'])
      .where('id', '=', batch.batchId)
      .executeTakeFirst();
    if (seen) {
      const sameBody = seen.body_hash.startsWith(BODY_HASH_V2)
        ? seen.body_hash === bodyHash
        : seen.body_hash === sha256(canonicalJson(batch));
      if (seen.sender_unit === sender.unitKey && sameBody)
        return { batchId: batch.batchId, status: await statusOf(trx, batch.batchId) };
      throw new AppError('IDEMPOTENCY_KEY_REUSED');
    }

    // A school speaks for itself only; a province names each item's school.
    const items = batch.items.map((item) => ({
      ...item,
      schoolCode: national ? (item.schoolCode ?? '') : sender.unitKey.slice(1),
    }));
    // Before reading what the tier holds: another batch changing the same totals waits until
    // this one is done, so what is read below is what this batch changes.
    await lockSummaries(
      trx,
      items.map((i) => ({ schoolCode: i.schoolCode, kind: batch.kind })),
    );
    const referenced = new Set<string>(items.map((i) => i.id));
    for (const { payload } of items) {
      // A reference that is no uuid names no record; its item fails its shape check below.
      for (const key of ['classId', 'homeroomStaffId', 'studentId'] as const) {
        const reference = payload[key];
        if (typeof reference === 'string' && isUuid(reference)) referenced.add(reference);
      }
    }
    const known = await loadRecords(trx, provinceCode, [...referenced]);
    const held = await latestItemsOf(trx, items);
    const schoolCodes = [...new Set(items.map((i) => i.schoolCode))];
    const schools = await loadSchools(trx, provinceCode, schoolCodes);
    const holders: HoldersByPersonalId = national
      ? await holdersOf(
          trx,
          items.map((i) => i.payload.personalId).filter((p): p is string => typeof p === 'string'),
        )
      : new Map();
    const schoolNames = national
      ? await schoolNamesOf(trx, [...new Set([...holders.values()].flat().map((h) => h.school_code))])
      : new Map();

    const decisions: Decision[] = items.map((item, index) => {
      const misplaced =
        national && batch.kind === 'school' && (item.payload as School).address?.provinceCode !== provinceCode
          ? {
              field: 'address.provinceCode',
              code: 'SCHOOL_CODE_MISMATCH',
              message: 'Trường không thuộc tỉnh gửi.',
            }
          : national && !item.schoolCode
            ? {
                field: 'schoolCode',
                code: 'REQUIRED',
                message: 'Bản ghi từ CSDL Tỉnh phải ghi rõ mã trường.',
              }
            : undefined;
      const input = { kind: batch.kind, item, known, schools };
      const problem =
        shapeProblem(batch.kind, item, payloadHashes[index]!) ??
        misplaced ??
        referenceProblem(input) ??
        (national ? nationalProblem(input, holders, schoolNames) : provinceProblem(input));
      if (problem)
        return { status: 'failed', decidedBy: context.tier as 'province' | 'national', error: problem };
      if (national && typeof item.payload.personalId === 'string') {
        // Later items of the batch see this one as holding the person.
        addHolder(holders, {
          id: item.id,
          school_code: item.schoolCode,
          province_code: provinceCode,
          status_code: String(item.payload.statusCode ?? ''),
          national_id: null,
          personal_id: item.payload.personalId,
          kind: batch.kind,
        });
      }
      return national ? { status: 'success', decidedBy: 'national' } : { status: 'pending', decidedBy: null };
    });

    if (national) await assignNationalIds(trx, batch.kind, items, decisions, known, holders);

    const accepted = items.filter((_, i) => decisions[i]!.status !== 'failed');
    const stored = await upsertRecords(
      trx,
      provinceCode,
      batch.kind,
      accepted,
      decisions.filter((d) => d.status !== 'failed'),
    );
    // An older version than the one held is superseded: nothing to store, nothing to wait for.
    items.forEach((item, i) => {
      const decision = decisions[i]!;
      if (decision.status !== 'failed' && !stored.has(item.id))
        decisions[i] = { ...decision, status: 'success', decidedBy: decision.decidedBy ?? 'province' };
    });
    if (national && batch.kind === 'school') {
      await registerSchools(
        trx,
        accepted
          .filter((i) => !i.deleted)
          .map((i) => {
            const school = i.payload as School;
            return {
              code: school.code,
              name: school.name,
              levelCode: school.levelCode,
              provinceCode,
              communeCode: school.address.communeCode,
            };
          }),
      );
    }

    // What the province accepted goes on to the national tier, in the same transaction.
    const forward = items.filter((_, i) => decisions[i]!.status === 'pending');
    if (!national && forward.length > 0) {
      await enqueueBatches(trx, context.queue, {
        unitKey: `P${provinceCode}`,
        kind: batch.kind,
        items: forward,
      });
    }

    await trx
      .insertInto('sync_batches')
      .values({
        id: batch.batchId,
        sender_unit: sender.unitKey,
        kind: batch.kind,
        body_hash: bodyHash,
        item_count: items.length,
      })
      .execute();
    // Each record's status is that of its newest item; older items are history. An item as new
    // as the one held (the same version sent again) or newer takes over; an older one arrives as
    // history.
    const newestHeld = new Map<string, number>();
    for (const h of held) newestHeld.set(h.record_id, Math.max(h.version, newestHeld.get(h.record_id) ?? 0));
    const versionOf = new Map(items.map((i) => [i.id, i.version]));
    const superseded = held.filter((h) => h.version <= versionOf.get(h.record_id)!);
    const latest = items.map((i) => !((newestHeld.get(i.id) ?? 0) > i.version));
    if (superseded.length > 0) {
      await sql`
        UPDATE sync_items s SET latest = false
        FROM unnest(${superseded.map((h) => h.batch_id)}::uuid[], ${superseded.map((h) => h.idx)}::int[]) AS o(batch_id, idx)
        WHERE s.batch_id = o.batch_id AND s.idx = o.idx`.execute(trx);
    }
    // One statement with one array per column: a multi-row VALUES list of 500 items would carry
    // 5,500 parameters for PostgreSQL to parse and plan.
    await sql`
      INSERT INTO sync_items (batch_id, idx, record_id, version, school_code, status, decided_by,
                              error_code, error_field, error_message, national_id, latest)
      SELECT ${batch.batchId}, d.* FROM unnest(
        ${items.map((_, idx) => idx)}::int[], ${items.map((i) => i.id)}::uuid[], ${items.map((i) => i.version)}::int[],
        ${items.map((i) => i.schoolCode)}::text[], ${decisions.map((d) => d.status)}::text[],
        ${decisions.map((d) => d.decidedBy)}::text[], ${decisions.map((d) => d.error?.code ?? null)}::text[],
        ${decisions.map((d) => d.error?.field ?? null)}::text[], ${decisions.map((d) => d.error?.message ?? null)}::text[],
        ${decisions.map((d) => d.nationalId ?? null)}::text[], ${latest}::boolean[]) AS d`.execute(trx);

    const summary = summaryChanges();
    items.forEach((item, i) => {
      if (latest[i]) summary.add(item.schoolCode, batch.kind, decisions[i]!.status, 1);
      if (!stored.has(item.id)) return;
      const before = known.get(item.id);
      if (before && !before.deleted) summary.add(before.school_code, batch.kind, 'held', -1);
      if (!item.deleted) summary.add(item.schoolCode, batch.kind, 'held', 1);
    });
    for (const old of superseded) summary.add(old.school_code, batch.kind, old.status, -1);
    await summary.write(trx);
    return {
      batchId: batch.batchId,
      status: decisions.some((d) => d.status === 'pending') ? 'pending' : 'done',
    };
  });
}

/** Marks the body hashes made by batchBodyHash; older ones hashed the whole canonical body. */
const BODY_HASH_V2 = 'v2:';

/**
 * What tells a replay from a reuse of the key: the kind and every item's envelope with the hash
 * of its payload as received, so it equals for the same body and differs for any other, without
 * turning the whole batch into canonical JSON a second time.
 */
function batchBodyHash(batch: Batch, payloadHashes: string[]): string {
  const items = batch.items.map((i, index) => [
    i.id,
    i.version,
    i.deleted,
    i.schoolCode ?? null,
    i.hash,
    payloadHashes[index],
  ]);
  return `${BODY_HASH_V2}${sha256(JSON.stringify([batch.kind, items]))}`;
}

async function statusOf(db: ReceivingDb, batchId: string): Promise<'pending' | 'done'> {
  const pending = await db
    .selectFrom('sync_items')
    .select('idx')
    .where('batch_id', '=', batchId)
    .where('status', '=', 'pending')
    .limit(1)
    .executeTakeFirst();
  return pending ? 'pending' : 'done';
}

/** The items that hold the batch's records' statuses so far: their newest earlier items. */
async function latestItemsOf(db: ReceivingDb, items: { id: string }[]) {
  const { rows } = await sql<{
    batch_id: string;
    idx: number;
    record_id: string;
    version: number;
    school_code: string;
    status: ItemStatus;
  }>`SELECT batch_id, idx, record_id, version, school_code, status FROM sync_items
     WHERE latest AND record_id = ANY(${items.map((i) => i.id)}::uuid[])`.execute(db);
  return rows;
}

async function loadRecords(
  db: ReceivingDb,
  provinceCode: string,
  ids: string[],
): Promise<Map<string, StoredRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('sync_records')
    .select(['id', 'kind', 'school_code', 'province_code', 'version', 'deleted', 'payload', 'national_id'])
    .where('province_code', '=', provinceCode)
    .where(sql<boolean>`id = ANY(${ids}::uuid[])`)
    .execute();
  return new Map(rows.map((r) => [r.id, r as StoredRecord]));
}

async function loadSchools(
  db: ReceivingDb,
  provinceCode: string,
  codes: string[],
): Promise<Map<string, StoredRecord>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('sync_records')
    .select(['id', 'kind', 'school_code', 'province_code', 'version', 'deleted', 'payload', 'national_id'])
    .where('province_code', '=', provinceCode)
    .where('kind', '=', 'school')
    .where(sql<boolean>`school_code = ANY(${codes}::text[])`)
    .execute();
  return new Map(rows.map((r) => [r.school_code, r as StoredRecord]));
}

async function schoolNamesOf(
  db: ReceivingDb,
  codes: string[],
): Promise<Map<string, { name: string; provinceCode: string }>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('sync_records')
    .select(['school_code', 'province_code', 'payload'])
    .where('kind', '=', 'school')
    .where(sql<boolean>`school_code = ANY(${codes}::text[])`)
    .execute();
  return new Map(
    rows.map((r) => [r.school_code, { name: String(r.payload.name), provinceCode: r.province_code }]),
  );
}

/**
 * Mã định danh for accepted classes, staff and students: kept once given, never reused; a person
 * already known nationwide (the same personal ID, e.g. a student who moved school) keeps theirs.
 */
async function assignNationalIds(
  db: ReceivingDb,
  kind: string,
  items: (Batch['items'][number] & { schoolCode: string })[],
  decisions: Decision[],
  known: Map<string, StoredRecord>,
  holders: HoldersByPersonalId,
): Promise<void> {
  const prefix = NATIONAL_ID_PREFIX[kind];
  if (!prefix) return;
  const needNew: number[] = [];
  items.forEach((item, i) => {
    if (decisions[i]!.status === 'failed') return;
    const personalId = item.payload.personalId;
    const existing =
      known.get(item.id)?.national_id ??
      (typeof personalId === 'string'
        ? holders.get(personalId)?.find((h) => h.kind === kind && h.national_id)?.national_id
        : undefined);
    if (existing) decisions[i]!.nationalId = existing;
    else needNew.push(i);
  });
  if (needNew.length === 0) return;
  const { rows } = await sql<{
    n: string;
  }>`SELECT nextval('national_id_seq')::text AS n FROM generate_series(1, ${needNew.length})`.execute(db);
  needNew.forEach((itemIndex, k) => {
    decisions[itemIndex]!.nationalId = `${prefix}${rows[k]!.n.padStart(10, '0')}`;
  });
}

/**
 * One statement: insert new records, replace held ones only with a newer version. The items go
 * as one JSON document, in the shape they arrived in, for PostgreSQL to take apart: an array of
 * JSON texts would cost the driver an escaped copy of every payload, and PostgreSQL more to read.
 */
async function upsertRecords(
  db: ReceivingDb,
  provinceCode: string,
  kind: string,
  items: (Batch['items'][number] & { schoolCode: string })[],
  decisions: Decision[],
): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const { rows } = await sql<{ id: string }>`
    INSERT INTO sync_records (province_code, id, kind, school_code, version, deleted, payload, hash, national_id)
    SELECT ${provinceCode}, r.id, ${kind}, r.school_code, r.version, r.deleted, r.payload, r.hash,
           (${decisions.map((d) => d.nationalId ?? null)}::text[])[r.n]
    FROM ROWS FROM (jsonb_to_recordset(${JSON.stringify(items)}::jsonb)
                      AS (id uuid, "schoolCode" text, version int, deleted boolean, payload jsonb, hash text))
      WITH ORDINALITY AS r(id, school_code, version, deleted, payload, hash, n)
    ON CONFLICT (province_code, id) DO UPDATE
      SET version = excluded.version, deleted = excluded.deleted, payload = excluded.payload, hash = excluded.hash,
          national_id = coalesce(sync_records.national_id, excluded.national_id), updated_at = now()
      WHERE sync_records.version < excluded.version
    RETURNING id`.execute(db);
  return new Set(rows.map((r) => r.id));
}
