// A sync run, however it starts — a user's "Đồng bộ lên CSDL Quốc gia", a record edited while
// its sync was under way, `dongbo reconcile` — is the same: the run the history shows, and its
// records' batches queued in the outbox, what they name first, in the caller's transaction.
import type { Transaction } from 'kysely';
import type { PgBoss } from 'pg-boss';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { AppError } from '#domain/errors.ts';
import { DEPENDENCY_ORDER, type RecordKind } from '#domain/record-kinds.ts';
import type { UserCaller } from '#server/auth/caller.ts';
import type { TierContext } from '#server/context.ts';
import type { BatchItem } from '#sync/protocol.ts';
import { enqueueBatches } from '#sync/send/outbox.ts';
import { type CallerSchool, schoolDb } from '../school-of-caller.ts';
import { collectForSync } from './collect.ts';

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

/** Marks the records pending and writes the run and its outbox batches, dependencies first, in one transaction. */
export async function startSyncRun(
  context: TierContext,
  caller: UserCaller,
  school: CallerSchool,
  kind: RecordKind,
  ids?: string[],
) {
  const db = schoolDb(context);
  return db.transaction().execute(async (trx) => {
    const collected = await collectForSync(trx, school.id, kind, { ids });
    if (collected.chosen === 0) {
      throw new AppError('VALIDATION_FAILED', {
        issues: [
          {
            field: ids ? 'ids' : 'allUnsynced',
            code: 'NOTHING_TO_SYNC',
            message: 'Không có bản ghi nào cần đồng bộ (hoặc các bản ghi đang chờ xử lý).',
          },
        ],
      });
    }
    const runId = await queueSyncRun(
      trx,
      context.queue,
      { school, kind, requestedBy: { id: caller.id, name: caller.displayName }, records: collected.chosen },
      collected.byKind,
    );
    const dependencies = Object.fromEntries(
      [...collected.byKind].filter(([k]) => k !== kind).map(([k, items]) => [k, items.length]),
    );
    return { runId, records: collected.chosen, dependencies };
  });
}
