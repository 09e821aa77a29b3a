// Receiving a batch at the province or national tier: idempotent by batch id, every item
// checked (shape, references, the tier's rules), accepted items stored in one statement and
// only when newer than what the tier holds, the decision on each item kept for the sender.
import { sql, type Transaction } from 'kysely';
import type { ProvinceTierDatabase } from '#db/schema.ts';
import { AppError } from '#domain/errors.ts';
import { canonicalJson, recordHash } from '#domain/record-hash.ts';
import { type RecordKind, recordKind } from '#domain/record-kinds.ts';
import { isUuid } from '#domain/uuid.ts';
import type { MachineCaller } from '#server/auth/caller.ts';
import { sha256 } from '#server/auth/secrets.ts';
import type { Batch, ItemStatus } from '../protocol.ts';
import type { DecidedBatch, Decision, ReceivedItem, ReceiverHooks, ReceivingDb, TierRules } from './hooks.ts';
import { type Claims, claimsOf, heldNow, notStoredProblem, ownershipProblem } from './ownership.ts';
import { referenceProblem, type StoredRecord } from './rules.ts';
import { shapeProblem } from './shape.ts';
import { lockSummaries, summaryChanges } from './summary.ts';

/**
 * The steps of receiving a batch, in one transaction: replay check → what the tier holds →
 * each item's decision (ownership, shape, references, the tier's rules) → the tier's work before
 * storing → store → the not-stored decided → the tier's work after storing → the batch recorded.
 */
export async function receiveBatch(
  db: ReceivingDb,
  hooks: ReceiverHooks,
  sender: MachineCaller,
  batch: Batch,
): Promise<{ batchId: string; status: 'pending' | 'done' }> {
  const provinceCode = await hooks.provinceOf(db, sender);
  const payloadHashes = batch.items.map((item) => recordHash(item.payload));
  const bodyHash = batchBodyHash(batch, payloadHashes);

  return db.transaction().execute(async (trx) => {
    const replay = await replayOf(trx, sender, batch, bodyHash);
    if (replay) return replay;

    const items: ReceivedItem[] = batch.items.map((item) => ({
      ...item,
      schoolCode: hooks.schoolOf(item, sender),
    }));
    // Before reading what the tier holds: another batch changing the same totals waits until
    // this one is done, so what is read below is what this batch changes.
    await lockSummaries(
      trx,
      items.map((i) => ({ schoolCode: i.schoolCode, kind: batch.kind })),
    );
    const holding = await readHolding(trx, hooks.tier === 'national', provinceCode, batch.kind, items);
    const rules = await hooks.rules(trx, provinceCode, batch.kind, items);
    const decisions = decide(hooks, provinceCode, batch.kind, items, payloadHashes, holding, rules);
    const decided: DecidedBatch = {
      provinceCode,
      kind: batch.kind,
      items,
      decisions,
      stored: new Set(),
      known: holding.known,
    };
    await hooks.beforeStore?.(trx, decided);

    const acceptedIndexes = items.map((_, i) => i).filter((i) => decisions[i]!.status !== 'failed');
    decided.stored = await upsertRecords(
      trx,
      provinceCode,
      batch.kind,
      acceptedIndexes.map((i) => items[i]!),
      acceptedIndexes.map((i) => decisions[i]!),
    );
    await decideNotStored(trx, hooks.tier, decided);
    await hooks.afterStore?.(trx, decided);
    await recordBatch(trx, sender, batch, bodyHash, decided, holding);
    return {
      batchId: batch.batchId,
      status: decisions.some((d) => d.status === 'pending') ? 'pending' : 'done',
    };
  });
}

/** The answer to a batch already taken (the same key, the same body, the same sender). */
async function replayOf(trx: ReceivingDb, sender: MachineCaller, batch: Batch, bodyHash: string) {
  const { rows } = await sql<{
    locked: boolean;
  }>`SELECT pg_try_advisory_xact_lock(hashtextextended(${batch.batchId}, 0)) AS locked`.execute(trx);
  if (!rows[0]!.locked) throw new AppError('BATCH_IN_FLIGHT');
  const seen = await trx
    .selectFrom('sync_batches')
    .select(['sender_unit', 'body_hash'])
    .where('id', '=', batch.batchId)
    .executeTakeFirst();
  if (!seen) return undefined;
  const sameBody = seen.body_hash.startsWith(BODY_HASH_V2)
    ? seen.body_hash === bodyHash
    : seen.body_hash === sha256(canonicalJson(batch));
  if (seen.sender_unit === sender.unitKey && sameBody)
    return { batchId: batch.batchId, status: await statusOf(trx, batch.batchId) };
  throw new AppError('IDEMPOTENCY_KEY_REUSED');
}

/** What the tier holds that a batch's items touch or name. */
interface Holding {
  known: Map<string, StoredRecord>;
  /** The items holding the batch's records' statuses so far. */
  held: Awaited<ReturnType<typeof latestItemsOf>>;
  schools: Map<string, StoredRecord>;
  claims: Claims;
}

async function readHolding(
  trx: ReceivingDb,
  national: boolean,
  provinceCode: string,
  kind: RecordKind,
  items: ReceivedItem[],
): Promise<Holding> {
  const referenced = new Set<string>(items.map((i) => i.id));
  for (const { payload } of items) {
    // A reference that is no uuid names no record; its item fails its shape check below.
    for (const { field } of recordKind(kind).references) {
      const reference = payload[field];
      if (typeof reference === 'string' && isUuid(reference)) referenced.add(reference);
    }
  }
  const known = await loadRecords(trx, provinceCode, [...referenced]);
  const held = await latestItemsOf(trx, items);
  const schools = await loadSchools(trx, provinceCode, [...new Set(items.map((i) => i.schoolCode))]);
  const claims = await claimsOf(trx, national, provinceCode, kind, items);
  return { known, held, schools, claims };
}

/** Each item's decision on receipt: who owns it, its shape, its references, the tier's rules. */
function decide(
  hooks: ReceiverHooks,
  provinceCode: string,
  kind: RecordKind,
  items: ReceivedItem[],
  payloadHashes: string[],
  { known, schools, claims }: Holding,
  rules: TierRules,
): Decision[] {
  const national = hooks.tier === 'national';
  return items.map((item, index) => {
    const missingSchool =
      national && !item.schoolCode
        ? { field: 'schoolCode', code: 'REQUIRED', message: 'Bản ghi từ CSDL Tỉnh phải ghi rõ mã trường.' }
        : undefined;
    const input = { kind, item, known, schools };
    const problem =
      missingSchool ??
      ownershipProblem({ kind, item, held: known.get(item.id), schools, national, provinceCode }, claims) ??
      shapeProblem(kind, item, payloadHashes[index]!) ??
      referenceProblem(input) ??
      rules.problem(input);
    if (problem) return { status: 'failed', decidedBy: hooks.tier, error: problem };
    rules.accepted?.(item);
    return { ...hooks.accepted };
  });
}

/**
 * Accepted items the upsert did not store: a newer version held, another unit's record, or the
 * very version held sent again. Only the last is accepted: the national tier holds that version
 * (a success it gave before), the province forwards it for the national tier to decide again.
 */
async function decideNotStored(
  trx: ReceivingDb,
  tier: 'province' | 'national',
  { provinceCode, kind, items, decisions, stored }: DecidedBatch,
): Promise<void> {
  const notStored = items
    .map((_, i) => i)
    .filter((i) => decisions[i]!.status !== 'failed' && !stored.has(items[i]!.id));
  if (notStored.length === 0) return;
  const now = await heldNow(
    trx,
    provinceCode,
    notStored.map((i) => items[i]!.id),
  );
  const tierLabel = tier === 'national' ? 'CSDL Quốc gia' : 'CSDL Tỉnh';
  for (const i of notStored) {
    const held = now.get(items[i]!.id);
    const problem = notStoredProblem(kind, items[i]!, held, tierLabel);
    if (problem) decisions[i] = { status: 'failed', decidedBy: tier, error: problem };
    else if (tier === 'national') decisions[i]!.nationalId = held?.national_id ?? decisions[i]!.nationalId;
  }
}

/** The batch, each item's decision, the records' newest items and the running totals. */
async function recordBatch(
  trx: Transaction<ProvinceTierDatabase>,
  sender: MachineCaller,
  batch: Batch,
  bodyHash: string,
  { items, decisions, stored, known }: DecidedBatch,
  { held }: Holding,
): Promise<void> {
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
  // Each record's status is that of its newest item from its school; older items are history.
  // An item as new as the one held (the same version sent again) or newer takes over; an older
  // one arrives as history. Another school's item naming the record (refused) never takes over
  // the owner's status.
  const schoolOf = new Map(items.map((i) => [i.id, i.schoolCode]));
  const ownHeld = held.filter((h) => h.school_code === schoolOf.get(h.record_id));
  const newestHeld = new Map<string, number>();
  for (const h of ownHeld) newestHeld.set(h.record_id, Math.max(h.version, newestHeld.get(h.record_id) ?? 0));
  const versionOf = new Map(items.map((i) => [i.id, i.version]));
  const superseded = ownHeld.filter((h) => h.version <= versionOf.get(h.record_id)!);
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
        AND sync_records.school_code = excluded.school_code AND sync_records.kind = excluded.kind
    RETURNING id`.execute(db);
  return new Set(rows.map((r) => r.id));
}
