// Many schools syncing at once, without a school tier each: every simulated school holds its own
// sync credential issued by the province and sends the records the seed generator made for it,
// with the product's sync client, over real HTTP. Like the school tier's worker it sends its
// batches in order (school, staff, classes, students), honours Retry-After, then polls each batch
// until the tiers above have decided every item.
import type { Kysely } from 'kysely';
import type { ProvinceTierDatabase } from '#db/schema.ts';
import { recordHash } from '#domain/record-hash.ts';
import type { RecordKind } from '#domain/record-kinds.ts';
import { generateProvince } from '#seed/generator.ts';
import { registerSchools } from '#server/units/register-school.ts';
import { type Batch, type BatchItem, MAX_ITEMS_PER_BATCH } from '#sync/protocol.ts';
import {
  encodeBatchBody,
  getBatchStatus,
  postBatch,
  type Upstream,
  type UpstreamItem,
} from '#sync/send/client.ts';
import { createCredential } from './access.ts';

export interface SimulatedSchool {
  code: string;
  credential: { clientId: string; secret: string };
  /** In the order they must arrive: the school, its staff, classes, then students. */
  batches: Batch[];
}

/** Generates the schools, registers them at the province and issues each its credential. */
export async function prepareSimulatedSchools(
  province: Kysely<ProvinceTierDatabase>,
  options: { schools: number; studentsPerSchool: number; seed: number },
): Promise<SimulatedSchool[]> {
  const schools: SimulatedSchool[] = [];
  for (const bundle of generateProvince({
    provinceCode: '40',
    schools: options.schools,
    studentsPerSchool: options.studentsPerSchool,
    schoolYearStart: 2026,
    seed: options.seed,
    levels: Array.from({ length: options.schools }, () => 'TH' as const),
  })) {
    const { code, name, levelCode, address } = bundle.school.payload;
    await registerSchools(province, [
      { code, name, levelCode, provinceCode: address.provinceCode, communeCode: address.communeCode },
    ]);
    const groups: [RecordKind, { id: string; payload: object }[]][] = [
      ['school', [bundle.school]],
      ['staff', bundle.staff],
      ['class', bundle.classes],
      ['student', bundle.students],
    ];
    schools.push({
      code,
      credential: await createCredential(province, `S${code}`),
      batches: groups.flatMap(([kind, records]) => batchesOf(kind, records)),
    });
  }
  return schools;
}

function batchesOf(kind: RecordKind, records: { id: string; payload: object }[]): Batch[] {
  const items: BatchItem[] = records.map(({ id, payload }) => ({
    id,
    version: 1,
    deleted: false,
    payload: payload as Record<string, unknown>,
    hash: recordHash(payload),
  }));
  const batches: Batch[] = [];
  for (let start = 0; start < items.length; start += MAX_ITEMS_PER_BATCH)
    batches.push({
      batchId: crypto.randomUUID(),
      kind,
      items: items.slice(start, start + MAX_ITEMS_PER_BATCH),
    });
  return batches;
}

export interface SendStats {
  batches: number;
  records: number;
  /** 429 answers: the receiver asked to come back later (then honoured and retried). */
  busy: number;
  /** 409 answers: the same batch was still being taken (by another instance); retried. */
  inFlight: number;
  /** Anything else that was not a 202: network errors, 5xx, refusals. Should stay empty. */
  errors: string[];
  /** Milliseconds of each request that was answered 202. */
  acceptMs: number[];
  /** Milliseconds from a batch's first attempt to its 202, waits after 429s included. */
  firstTryToAcceptMs: number[];
}

export const emptyStats = (): SendStats => ({
  batches: 0,
  records: 0,
  busy: 0,
  inFlight: 0,
  errors: [],
  acceptMs: [],
  firstTryToAcceptMs: [],
});

/** Gives up on a batch after this many unexpected answers, so a broken run ends and reports. */
const MAX_ERRORS_PER_BATCH = 5;

/**
 * Sends one school's batches in order, each to every URL in `urls` at once (with two URLs, two
 * instances of the province race to take the same batch). Resolves when every batch is accepted.
 */
export async function sendSchool(school: SimulatedSchool, urls: string[], stats: SendStats): Promise<void> {
  for (const batch of school.batches) {
    const firstTry = performance.now();
    await Promise.all(urls.map((url) => sendUntilAccepted(upstreamOf(school, url), batch, stats)));
    stats.firstTryToAcceptMs.push(performance.now() - firstTry);
    stats.batches += 1;
    stats.records += batch.items.length;
  }
}

async function sendUntilAccepted(upstream: Upstream, batch: Batch, stats: SendStats): Promise<void> {
  const body = encodeBatchBody(batch);
  for (let errors = 0; errors < MAX_ERRORS_PER_BATCH; ) {
    const started = performance.now();
    const outcome = await postBatch(upstream, batch.batchId, body);
    if (outcome.kind === 'accepted') {
      stats.acceptMs.push(performance.now() - started);
      return;
    }
    if (outcome.kind === 'retry' && outcome.status === 429) stats.busy += 1;
    else if (outcome.kind === 'retry' && outcome.status === 409) stats.inFlight += 1;
    else {
      errors += 1;
      stats.errors.push(outcome.kind === 'retry' ? outcome.reason : `${outcome.status} ${outcome.code}`);
    }
    const waitSeconds = outcome.kind === 'retry' ? (outcome.afterSeconds ?? 0.2) : 0.2;
    await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000));
  }
}

// Like the school tier's worker: the first look soon, later ones spaced out.
const POLL_MS = [500, 1000, 1000, 2000, 3000, 5000];

/** Polls each of the school's batches until no item is pending; returns every item's decision. */
export async function awaitDecisions(
  school: SimulatedSchool,
  url: string,
  deadline: number,
): Promise<UpstreamItem[]> {
  const decided: UpstreamItem[] = [];
  for (const batch of school.batches) {
    for (let attempt = 0; ; attempt++) {
      const outcome = await getBatchStatus(upstreamOf(school, url), batch.batchId);
      if (outcome.kind === 'status' && outcome.done) {
        decided.push(...outcome.items);
        break;
      }
      if (Date.now() > deadline) throw new Error(`batch ${batch.batchId} of ${school.code} still undecided`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS[Math.min(attempt, POLL_MS.length - 1)]));
    }
  }
  return decided;
}

const upstreamOf = (school: SimulatedSchool, url: string): Upstream => ({
  url,
  clientId: school.credential.clientId,
  secret: school.credential.secret,
});

/** The value below which `share` of the sorted figures fall (nearest rank). */
export function percentile(values: number[], share: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}
