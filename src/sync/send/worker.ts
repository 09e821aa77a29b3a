// Sends the outbox upstream and brings the decisions back. Batches of one unit go in order (its
// records depend on each other: the school before its classes, classes before students). A
// failure to reach upstream is retried with exponential backoff and jitter (pg-boss), a
// Retry-After is honoured, a refused batch (4xx) is final. Everything is in the database, so a
// restarted process resumes where it stopped; the upstream's idempotency makes a resend harmless.
// The parts: drain.ts (claim a unit's next batch, post it), poll.ts (ask what upstream decided,
// apply the final decisions), decisions.ts (keep each decision once).

import type { Kysely, Transaction } from 'kysely';
import type { Job, JobResult, PgBoss } from 'pg-boss';
import type { SendingTables } from '#db/schema.ts';
import { statisticsKeeper } from '#db/statistics.ts';
import { drain } from './drain.ts';
import { poll } from './poll.ts';
import { POLL_QUEUE, SEND_QUEUE } from './queue.ts';
import type { OutboxDb, Sender, SenderHooks } from './sender.ts';

export interface SyncWorker {
  /** Sends whatever is queued and polls whatever is awaited (at start, and for tests). */
  kick(): Promise<void>;
}

export async function startSyncWorker<DB extends SendingTables>(
  tierDb: Kysely<DB>,
  queue: PgBoss,
  tierHooks: SenderHooks<DB>,
  options: { pollingIntervalSeconds?: number } = {},
): Promise<SyncWorker> {
  // The worker reads and writes the outbox only; the hooks work in the tier's own tables, in the
  // same transaction — the one place a transaction is seen as the tier's database again.
  const db = tierDb as unknown as OutboxDb;
  const hooks: SenderHooks = {
    ...tierHooks,
    applyFinal: (trx, batch, items) => tierHooks.applyFinal(trx as unknown as Transaction<DB>, batch, items),
  };
  const statistics = statisticsKeeper(db, [
    'outbox_items',
    'outbox_batches',
    ...(hooks.analyzedTables ?? []),
  ]);
  const sender: Sender = { db, queue, hooks, statistics };
  // Jobs come several at a time and run side by side (units drain in parallel, each in order
  // under its own lock; polls are independent); while fetches come back full the worker fetches
  // again at once instead of idling a polling interval between jobs. Each job settles on its own.
  const work = {
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
    burstWhenBatchFull: true,
    perJobResults: true,
  } as const;
  await queue.work<{ unitKey: string }>(SEND_QUEUE, { ...work, batchSize: 4 }, (jobs) =>
    settleEach(
      jobs,
      (job) => job.data.unitKey,
      (unitKey) => drain(sender, unitKey),
    ),
  );
  await queue.work<{ batchId: string; attempt?: number }>(POLL_QUEUE, { ...work, batchSize: 8 }, (jobs) =>
    settleEach(
      jobs,
      (job) => job.data.batchId,
      (batchId) => poll(sender, batchId, jobs.find((j) => j.data.batchId === batchId)!.data.attempt ?? 0),
    ),
  );
  const kick = () => queueWhatWaits(sender);
  await kick();
  return { kick };
}

/** Queues a drain for every unit with batches waiting, and a poll for every sent batch without one. */
async function queueWhatWaits({ db, queue }: Sender): Promise<void> {
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
  for (const { id } of sent) if (!waiting.has(id)) await queue.send(POLL_QUEUE, { batchId: id, attempt: 0 });
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
