// Asking upstream what it decided of a sent batch, and keeping each decision once: final
// decisions go to the tier's hooks (the school's records, the province's answers to its
// schools); the batch closes when every item has its decision, else it is asked again later.
import { sql } from 'kysely';
import type { RecordKind } from '#domain/record-kinds.ts';
import { getBatchStatus, type StatusOutcome } from './client.ts';
import { recordDecisions } from './decisions.ts';
import { bossDb, POLL_QUEUE, SEND_QUEUE } from './queue.ts';
import {
  type OutboxBatch,
  type OutboxTransaction,
  POLL_SECONDS,
  type Sender,
  upstreamFor,
} from './sender.ts';

export async function poll(sender: Sender, batchId: string, attempt: number): Promise<void> {
  const { db } = sender;
  const row = await db
    .selectFrom('outbox_batches')
    .select(['id', 'unit_key', 'kind', 'run_id', 'status'])
    .where('id', '=', batchId)
    .executeTakeFirst();
  if (row?.status !== 'sent') return;
  const batch: OutboxBatch = {
    id: batchId,
    unitKey: row.unit_key,
    kind: row.kind as RecordKind,
    runId: row.run_id,
  };
  const upstream = await upstreamFor(sender, batch.unitKey);
  const { known } = await db
    .selectFrom('outbox_items')
    .select((eb) => eb.fn.countAll<number>().as('known'))
    .where('batch_id', '=', batchId)
    .where('status', '!=', 'pending')
    .executeTakeFirstOrThrow();
  const outcome = await getBatchStatus(upstream, batchId, known);
  if (outcome.kind === 'retry') throw new Error(outcome.reason);
  const pollAgain = (trx: OutboxTransaction) =>
    sender.queue.send(
      POLL_QUEUE,
      { batchId, attempt: attempt + 1 },
      { startAfter: POLL_SECONDS[Math.min(attempt + 1, POLL_SECONDS.length - 1)]!, db: bossDb(trx) },
    );
  await db.transaction().execute(async (trx) => {
    if (outcome.kind === 'unchanged') return pollAgain(trx);
    if (outcome.kind === 'unknown') {
      // The upstream has no trace of it: send it again (the same id, so at most once there).
      await trx.updateTable('outbox_batches').set({ status: 'queued' }).where('id', '=', batchId).execute();
      await sender.queue.send(SEND_QUEUE, { unitKey: batch.unitKey }, { db: bossDb(trx) });
      return;
    }
    const closed = await applyDecisions(sender, trx, batch, outcome);
    if (!closed) await pollAgain(trx);
  });
}

/** Keeps the new final decisions; closes the batch when every item has one. */
async function applyDecisions(
  sender: Sender,
  trx: OutboxTransaction,
  batch: OutboxBatch,
  outcome: Extract<StatusOutcome, { kind: 'status' }>,
): Promise<boolean> {
  const final = outcome.items.filter((item) => item.status !== 'pending');
  const newlyFinal = await recordDecisions(trx, batch.id, final);
  sender.statistics.wrote(newlyFinal.length);
  await sender.hooks.applyFinal(trx, batch, newlyFinal);
  // Closed only when every item has its decision, whatever the upstream's summary says.
  if (!outcome.done || final.length !== outcome.items.length) return false;
  await trx
    .updateTable('outbox_batches')
    .set({ status: 'done', done_at: sql`now()` })
    .where('id', '=', batch.id)
    .execute();
  return true;
}
