// A sync run, however it starts — a user's "Đồng bộ lên CSDL Quốc gia", a record edited while
// its sync was under way, `dongbo reconcile` — is the same: the run the history shows, and its
// records' batches queued in the outbox, what they name first, in the caller's transaction.
import type { Transaction } from 'kysely';
import type { PgBoss } from 'pg-boss';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { DEPENDENCY_ORDER, type RecordKind } from '#domain/record-kinds.ts';
import type { BatchItem } from '#sync/protocol.ts';
import { enqueueBatches } from '#sync/send/outbox.ts';

export interface SyncRunRequest {
  school: { id: string; code: string };
  /** The category the run is for (its records' kind); dependencies travel with it. */
  kind: RecordKind;
  /** Who asked: a user, or (id null) what made the school sync by itself. */
  requestedBy: { id: string | null; name: string };
  /** The records chosen, not counting their dependencies. */
  records: number;
}

/** Writes the run and queues its batches; returns the run's id. */
export async function queueSyncRun(
  trx: Transaction<SchoolTierDatabase>,
  queue: PgBoss | undefined,
  run: SyncRunRequest,
  byKind: ReadonlyMap<RecordKind, BatchItem[]>,
): Promise<string> {
  const runId = crypto.randomUUID();
  await trx
    .insertInto('sync_runs')
    .values({
      id: runId,
      school_id: run.school.id,
      kind: run.kind,
      requested_by: run.requestedBy.id,
      requested_by_name: run.requestedBy.name,
      record_count: run.records,
    })
    .execute();
  for (const kind of DEPENDENCY_ORDER) {
    const items = byKind.get(kind);
    if (items?.length)
      await enqueueBatches(trx, queue, { unitKey: `S${run.school.code}`, kind, items, runId });
  }
  return runId;
}
