// What the parts of the sync worker share: the outbox's database, the job queue, the tier's
// hooks and the statistics keeper; and the hooks a sending tier gives.
import type { Kysely, Transaction } from 'kysely';
import type { PgBoss } from 'pg-boss';
import type { SendingTables } from '#db/schema.ts';
import type { statisticsKeeper } from '#db/statistics.ts';
import type { RecordKind } from '#domain/record-kinds.ts';
import type { Upstream, UpstreamItem } from './client.ts';

// School and province keep the same outbox tables.
export type OutboxDb = Kysely<SendingTables>;
export type OutboxTransaction = Transaction<SendingTables>;

export interface OutboxBatch {
  id: string;
  unitKey: string;
  kind: RecordKind;
  runId: string | null;
}

export interface SenderHooks<DB extends SendingTables = SendingTables> {
  /** Where a unit sends, with its credential. */
  upstreamOf(unitKey: string): Promise<Upstream | undefined>;
  /** Tables besides the outbox whose statistics the sender's statements rely on. */
  analyzedTables?: string[];
  /** Items whose decision upstream has just become final. */
  applyFinal(trx: Transaction<DB>, batch: OutboxBatch, items: UpstreamItem[]): Promise<void>;
}

export interface Sender {
  db: OutboxDb;
  queue: PgBoss;
  hooks: SenderHooks;
  statistics: ReturnType<typeof statisticsKeeper>;
}

// Most batches are decided within a second or two; later polls space out, but no further than
// a few seconds: a batch waiting its turn upstream is decided at once when its turn comes, and a
// poll that finds nothing new is answered with counts only.
export const POLL_SECONDS = [0.5, 1, 1, 2, 3, 5];

/** The unit's upstream, or an error the job queue retries (a credential may yet be saved). */
export async function upstreamFor(sender: Sender, unitKey: string): Promise<Upstream> {
  const upstream = await sender.hooks.upstreamOf(unitKey);
  if (!upstream) throw new Error(`${unitKey} chưa có mã kết nối đồng bộ với tầng trên`);
  return upstream;
}
