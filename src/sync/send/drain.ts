// Sending a unit's queued batches, oldest first, one at a time: claim the next batch under the
// unit's lock, post it, and keep what the upstream answered — accepted (then poll it), busy or
// unreachable (retry later), or refused as a whole (every item failed, final).
import { sql } from 'kysely';
import type { RecordKind } from '#domain/record-kinds.ts';
import type { BatchItem } from '../protocol.ts';
import { encodeBatchBody, postBatch, type SendOutcome } from './client.ts';
import { recordDecisions } from './decisions.ts';
import { bossDb, POLL_QUEUE, SEND_QUEUE } from './queue.ts';
import {
  type OutboxBatch,
  type OutboxTransaction,
  POLL_SECONDS,
  type Sender,
  upstreamFor,
} from './sender.ts';

type Step = { done: boolean } | { retry: Extract<SendOutcome, { kind: 'retry' }> };

export async function drain(sender: Sender, unitKey: string): Promise<void> {
  const upstream = await upstreamFor(sender, unitKey);
  for (;;) {
    const step: Step = await sender.db.transaction().execute(async (trx) => {
      const batch = await claimNext(trx, unitKey);
      if (!batch) return { done: true };
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
      if (outcome.kind === 'accepted') await markSent(sender, trx, batch.id, outcome.decided);
      else
        await reject(
          sender,
          trx,
          { id: batch.id, unitKey, kind: batch.kind as RecordKind, runId: batch.run_id },
          outcome,
        );
      return { done: false };
    });
    if ('retry' in step) {
      if (!step.retry.afterSeconds) throw new Error(step.retry.reason);
      await sender.queue.send(SEND_QUEUE, { unitKey }, { startAfter: step.retry.afterSeconds });
      return;
    }
    if (step.done) return;
  }
}

/**
 * The unit's oldest queued batch, locked. One sender per unit at a time, across every process,
 * so its batches go in order. It waits for the lock rather than give up: a batch queued just as
 * another process found nothing left and was about to let go would otherwise be left unsent
 * until the next job.
 */
async function claimNext(trx: OutboxTransaction, unitKey: string) {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`send:${unitKey}`}, 0))`.execute(trx);
  return trx
    .selectFrom('outbox_batches')
    .select(['id', 'kind', 'items', 'body', 'run_id'])
    .where('unit_key', '=', unitKey)
    .where('status', '=', 'queued')
    .orderBy('seq')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

/** Accepted upstream: decisions already made are fetched at once; others are given a moment. */
async function markSent(sender: Sender, trx: OutboxTransaction, batchId: string, decided: boolean) {
  await trx
    .updateTable('outbox_batches')
    .set({ status: 'sent', sent_at: sql`now()`, attempts: sql`attempts + 1`, last_error: null })
    .where('id', '=', batchId)
    .execute();
  await sender.queue.send(
    POLL_QUEUE,
    { batchId, attempt: 0 },
    { startAfter: decided ? 0 : POLL_SECONDS[0], db: bossDb(trx) },
  );
}

/** Refused as a whole: every item fails with the upstream's reason; no retry would help. */
async function reject(
  sender: Sender,
  trx: OutboxTransaction,
  batch: OutboxBatch,
  outcome: Extract<SendOutcome, { kind: 'rejected' }>,
) {
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
  await sender.hooks.applyFinal(trx, batch, items);
}
