// Writing to the outbox: inside the caller's transaction, so the batches (and the job that
// will send them) exist exactly when the action that made them has committed.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { PgBoss } from 'pg-boss';
import type { SendingTables } from '#db/schema.ts';
import type { RecordKind } from '#domain/record-kinds.ts';
import { type BatchItem, MAX_ITEMS_PER_BATCH } from '../protocol.ts';
import { encodeBatchBody } from './client.ts';
import { bossDb, SEND_QUEUE } from './queue.ts';

type Db = Kysely<SendingTables> | Transaction<SendingTables>;

export async function enqueueBatches(
  db: Db,
  queue: PgBoss | undefined,
  batch: { unitKey: string; kind: RecordKind; items: BatchItem[]; runId?: string },
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < batch.items.length; start += MAX_ITEMS_PER_BATCH) {
    const items = batch.items.slice(start, start + MAX_ITEMS_PER_BATCH);
    const id = crypto.randomUUID();
    await db
      .insertInto('outbox_batches')
      .values({
        id,
        unit_key: batch.unitKey,
        run_id: batch.runId ?? null,
        kind: batch.kind,
        body: encodeBatchBody({ batchId: id, kind: batch.kind, items }),
      })
      .execute();
    // Arrays, not a VALUES list: one parameter per column whatever the batch size.
    await sql`
      INSERT INTO outbox_items (batch_id, idx, record_id, version)
      SELECT ${id}, i.* FROM unnest(${items.map((_, idx) => idx)}::int[], ${items.map((i) => i.id)}::uuid[],
                                    ${items.map((i) => i.version)}::int[]) AS i`.execute(db);
    ids.push(id);
  }
  // Without a queue (a process that only receives), the worker picks the batches up at its start.
  if (queue && ids.length > 0) await queue.send(SEND_QUEUE, { unitKey: batch.unitKey }, { db: bossDb(db) });
  return ids;
}
