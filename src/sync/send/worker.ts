// Sends the outbox upstream and brings the decisions back. Batches of one unit go in order (its
// records depend on each other: the school before its classes, classes before students). A
// failure to reach upstream is retried with exponential backoff and jitter (pg-boss), a
// Retry-After is honoured, a refused batch (4xx) is final. Everything is in the database, so a
// restarted process resumes where it stopped; the upstream's idempotency makes a resend harmless.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Job, JobResult, PgBoss } from 'pg-boss';
import type { AnyTierDatabase, ProvinceTierDatabase } from '../../db/schema.ts';
import { statisticsKeeper } from '../../db/statistics.ts';
import type { RecordKind } from '../../domain/record-kinds.ts';
import type { BatchItem } from '../protocol.ts';
import { encodeBatchBody, getBatchStatus, postBatch, type Upstream, type UpstreamItem } from './client.ts';
import { bossDb, POLL_QUEUE, SEND_QUEUE } from './queue.ts';

type Db = Kysely<ProvinceTierDatabase>;

export interface OutboxBatch {
  id: string;
  unitKey: string;
  kind: RecordKind;
  runId: string | null;
}

export interface SenderHooks {
  /** Where a unit sends, with its credential. */
  upstreamOf(unitKey: string): Promise<Upstream | undefined>;
  /** Tables besides the outbox whose statistics the sender's statements rely on. */
  analyzedTables?: string[];
  /** Items whose decision upstream has just become final. */
  applyFinal(
    trx: Transaction<ProvinceTierDatabase>,
    batch: OutboxBatch,
    items: UpstreamItem[],
  ): Promise<void>;
}

export interface SyncWorker {
  /** Sends whatever is queued and polls whatever is awaited (at start, and for tests). */
  kick(): Promise<void>;
}

// Most batches are decided within a second or two; later polls space out, but no further than
// a few seconds: a batch waiting its turn upstream is decided at once when its turn comes, and a
// poll that finds nothing new is answered with counts only.
const POLL_SECONDS = [0.5, 1, 1, 2, 3, 5];

export async function startSyncWorker(
  anyDb: AnyTierDatabase,
  queue: PgBoss,
  hooks: SenderHooks,
  options: { pollingIntervalSeconds?: number } = {},
): Promise<SyncWorker> {
  // School and province keep the same outbox tables; the province's types describe both.
  const db = anyDb as Db;
  const statistics = statisticsKeeper(db, [
    'outbox_items',
    'outbox_batches',
    ...(hooks.analyzedTables ?? []),
  ]);
  // Jobs come several at a time and run side by side (units drain in parallel, each in order
  // under its own lock; polls are independent); while fetches come back full the worker fetches
  // again at once instead of idling a polling interval between jobs. Each job settles on its own.
  const work = {
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
    burstWhenBatchFull: true,
    perJobResults: true,
  } as const;

  await queue.work<{ unitKey: string }>(SEND_QUEUE, { ...work, batchSize: 4 }, (jobs) =>
    settleEach(jobs, (job) => job.data.unitKey, drain),
  );
  await queue.work<{ batchId: string; attempt?: number }>(POLL_QUEUE, { ...work, batchSize: 8 }, (jobs) =>
    settleEach(
      jobs,
      (job) => job.data.batchId,
      (batchId) => poll(batchId, jobs.find((j) => j.data.batchId === batchId)!.data.attempt ?? 0),
    ),
  );

  async function drain(unitKey: string): Promise<void> {
    const upstream = await hooks.upstreamOf(unitKey);
    if (!upstream) throw new Error(`${unitKey} chưa có thông tin xác thực đồng bộ với tầng trên`);
    for (;;) {
      const step = await db.transaction().execute(async (trx) => {
        // One sender per unit at a time, across every process, so its batches go in order. Wait
        // for the lock rather than give up: a batch queued just as another process found nothing
        // left and was about to let go would otherwise be left unsent until the next job.
        await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`send:${unitKey}`}, 0))`.execute(trx);
        const batch = await trx
          .selectFrom('outbox_batches')
          .select(['id', 'kind', 'items', 'body', 'run_id'])
          .where('unit_key', '=', unitKey)
          .where('status', '=', 'queued')
          .orderBy('seq')
          .limit(1)
          .forUpdate()
          .executeTakeFirst();
        if (!batch) return { done: true as const };
        const body =
          batch.body ??
          encodeBatchBody({
            batchId: batch.id,
            kind: batch.kind as RecordKind,
            items: batch.items as BatchItem[],
          });
        const outcome = await postBatch(upstream, batch.id, body);
        if (outcome.kind === 'retry') {
          await trx
            .updateTable('outbox_batches')
            .set({ attempts: sql`attempts + 1`, last_error: outcome.reason })
            .where('id', '=', batch.id)
            .execute();
          return { retry: outcome };
        }
        if (outcome.kind === 'accepted') {
          await trx
            .updateTable('outbox_batches')
            .set({ status: 'sent', sent_at: sql`now()`, attempts: sql`attempts + 1`, last_error: null })
            .where('id', '=', batch.id)
            .execute();
          // Decisions already made are fetched at once; others are given a moment.
          await queue.send(
            POLL_QUEUE,
            { batchId: batch.id, attempt: 0 },
            { startAfter: outcome.decided ? 0 : POLL_SECONDS[0], db: bossDb(trx) },
          );
          return { done: false as const };
        }
        // Refused as a whole: every item fails with the upstream's reason; no retry would help.
        const error = {
          code: outcome.code,
          field: '',
          message: outcome.message || `Tầng trên từ chối lô (HTTP ${outcome.status}).`,
        };
        await trx
          .updateTable('outbox_batches')
          .set({ status: 'rejected', done_at: sql`now()`, last_error: `${outcome.status} ${outcome.code}` })
          .where('id', '=', batch.id)
          .execute();
        const sent = await trx
          .selectFrom('outbox_items')
          .select(['idx', 'record_id', 'version'])
          .where('batch_id', '=', batch.id)
          .orderBy('idx')
          .execute();
        const items = sent.map((item) => ({
          index: item.idx,
          id: item.record_id,
          version: item.version,
          status: 'failed' as const,
          decidedBy: null,
          error,
          nationalId: null,
        }));
        await recordDecisions(trx, batch.id, items);
        await hooks.applyFinal(
          trx,
          { id: batch.id, unitKey, kind: batch.kind as RecordKind, runId: batch.run_id },
          items,
        );
        return { done: false as const };
      });
      if ('retry' in step && step.retry) {
        if (step.retry.afterSeconds) {
          await queue.send(SEND_QUEUE, { unitKey }, { startAfter: step.retry.afterSeconds });
          return;
        }
        throw new Error(step.retry.reason);
      }
      if ('done' in step && step.done) return;
    }
  }

  async function poll(batchId: string, attempt: number): Promise<void> {
    const batch = await db
      .selectFrom('outbox_batches')
      .select(['id', 'unit_key', 'kind', 'run_id', 'status'])
      .where('id', '=', batchId)
      .executeTakeFirst();
    if (batch?.status !== 'sent') return;
    const upstream = await hooks.upstreamOf(batch.unit_key);
    if (!upstream) throw new Error(`${batch.unit_key} chưa có thông tin xác thực đồng bộ với tầng trên`);
    const { known } = await db
      .selectFrom('outbox_items')
      .select((eb) => eb.fn.countAll<number>().as('known'))
      .where('batch_id', '=', batchId)
      .where('status', '!=', 'pending')
      .executeTakeFirstOrThrow();
    const outcome = await getBatchStatus(upstream, batchId, known);
    if (outcome.kind === 'retry') throw new Error(outcome.reason);
    const pollAgain = (trx: Transaction<ProvinceTierDatabase>) =>
      queue.send(
        POLL_QUEUE,
        { batchId, attempt: attempt + 1 },
        { startAfter: POLL_SECONDS[Math.min(attempt + 1, POLL_SECONDS.length - 1)]!, db: bossDb(trx) },
      );
    if (outcome.kind === 'unchanged') {
      await db.transaction().execute(pollAgain);
      return;
    }
    await db.transaction().execute(async (trx) => {
      if (outcome.kind === 'unknown') {
        // The upstream has no trace of it: send it again (the same id, so at most once there).
        await trx.updateTable('outbox_batches').set({ status: 'queued' }).where('id', '=', batchId).execute();
        await queue.send(SEND_QUEUE, { unitKey: batch.unit_key }, { db: bossDb(trx) });
        return;
      }
      const final = outcome.items.filter((item) => item.status !== 'pending');
      const newlyFinal = await recordDecisions(trx, batchId, final);
      statistics.wrote(newlyFinal.length);
      await hooks.applyFinal(
        trx,
        { id: batchId, unitKey: batch.unit_key, kind: batch.kind as RecordKind, runId: batch.run_id },
        newlyFinal,
      );
      // Closed only when every item has its decision, whatever the upstream's summary says.
      if (outcome.done && final.length === outcome.items.length) {
        await trx
          .updateTable('outbox_batches')
          .set({ status: 'done', done_at: sql`now()` })
          .where('id', '=', batchId)
          .execute();
      } else {
        await pollAgain(trx);
      }
    });
  }

  const kick = async () => {
    const queued = await db
      .selectFrom('outbox_batches')
      .select('unit_key')
      .distinct()
      .where('status', '=', 'queued')
      .execute();
    for (const { unit_key } of queued) await queue.send(SEND_QUEUE, { unitKey: unit_key });
    // A sent batch whose next poll is already waiting keeps that one: another would start a
    // second polling chain for the batch, and every restart would add one more. (A poll that
    // was running in a process that died is not waiting, so its batch gets a fresh chain.)
    const waiting = new Set(
      (await queue.findJobs<{ batchId: string }>(POLL_QUEUE, { queued: true, limit: 100_000 })).map(
        (job) => job.data.batchId,
      ),
    );
    const sent = await db.selectFrom('outbox_batches').select('id').where('status', '=', 'sent').execute();
    for (const { id } of sent)
      if (!waiting.has(id)) await queue.send(POLL_QUEUE, { batchId: id, attempt: 0 });
  };
  await kick();
  return { kick };
}

/**
 * Runs the work of a batch of jobs side by side, once per distinct key (two jobs for the same
 * unit need one drain), and settles each job with the outcome of its key's work.
 */
async function settleEach<Data>(
  jobs: Job<Data>[],
  keyOf: (job: Job<Data>) => string,
  run: (key: string) => Promise<void>,
): Promise<JobResult[]> {
  const keys = [...new Set(jobs.map(keyOf))];
  const settled = await Promise.allSettled(keys.map(run));
  const outcome = new Map(keys.map((key, i) => [key, settled[i]!]));
  return jobs.map((job) => {
    const result = outcome.get(keyOf(job))!;
    return result.status === 'fulfilled'
      ? { id: job.id, status: 'completed' }
      : {
          id: job.id,
          status: 'failed',
          output: { message: String((result.reason as Error)?.message ?? result.reason) },
        };
  });
}

/** Stores decisions not yet known; returns those that are new. */
async function recordDecisions(
  trx: Transaction<ProvinceTierDatabase>,
  batchId: string,
  items: UpstreamItem[],
): Promise<UpstreamItem[]> {
  if (items.length === 0) return [];
  const { rows } = await sql<{ idx: number }>`
    UPDATE outbox_items o SET status = d.status, decided_by = d.decided_by, error_code = d.error_code,
      error_field = d.error_field, error_message = d.error_message, national_id = d.national_id, updated_at = now()
    FROM unnest(${items.map((i) => i.index)}::int[], ${items.map((i) => i.status)}::text[], ${items.map((i) => i.decidedBy)}::text[],
                ${items.map((i) => i.error?.code ?? null)}::text[], ${items.map((i) => i.error?.field ?? null)}::text[],
                ${items.map((i) => i.error?.message ?? null)}::text[], ${items.map((i) => i.nationalId)}::text[])
      AS d(idx, status, decided_by, error_code, error_field, error_message, national_id)
    WHERE o.batch_id = ${batchId} AND o.idx = d.idx AND o.status = 'pending'
    RETURNING o.idx`.execute(trx);
  const fresh = new Set(rows.map((r) => r.idx));
  return items.filter((i) => fresh.has(i.index));
}
