// The running totals behind the dashboard (table school_sync_summary): per school and category,
// the records held and how many records' newest item is pending, success or failed. Whatever
// changes what they count — a batch taken, a decision relayed — first locks the totals it will
// change (lockSummaries), then collects its changes here and writes them in one statement, in
// the same transaction, so the totals never drift from the rows they count: two transactions
// that change the same school's category take turns, and each reads what the other wrote.
import { sql, type Transaction } from 'kysely';
import type { ProvinceTierDatabase } from '#db/schema.ts';
import type { ItemStatus } from '../protocol.ts';

type Figure = 'held' | ItemStatus;

interface Change {
  schoolCode: string;
  kind: string;
  held: number;
  pending: number;
  success: number;
  failed: number;
  /** An item of this school and category was decided success. */
  succeeded: boolean;
}

export interface SummaryChanges {
  add(schoolCode: string, kind: string, figure: Figure, by: number): void;
  /** A newest item moves from one status to another (a decision relayed). */
  move(schoolCode: string, kind: string, from: ItemStatus, to: ItemStatus): void;
  write(trx: Transaction<ProvinceTierDatabase>): Promise<void>;
}

const keyOf = (schoolCode: string, kind: string) => `${schoolCode}\u0000${kind}`;
const byKey = <T extends { schoolCode: string; kind: string }>(a: T, b: T) =>
  a.schoolCode === b.schoolCode ? (a.kind < b.kind ? -1 : 1) : a.schoolCode < b.schoolCode ? -1 : 1;

/**
 * Locks the totals of these schools' categories until the transaction ends (creating the rows
 * still missing): the first thing a transaction that changes them does, always in the same
 * order, so two of them never wait on each other crosswise.
 */
export async function lockSummaries(
  trx: Transaction<ProvinceTierDatabase>,
  pairs: { schoolCode: string; kind: string }[],
): Promise<void> {
  const unique = [...new Map(pairs.map((p) => [keyOf(p.schoolCode, p.kind), p])).values()].sort(byKey);
  if (unique.length === 0) return;
  await sql`
    INSERT INTO school_sync_summary AS s (school_code, kind)
    SELECT p.school_code, p.kind
    FROM unnest(${unique.map((p) => p.schoolCode)}::text[], ${unique.map((p) => p.kind)}::text[])
      WITH ORDINALITY AS p(school_code, kind, n)
    ORDER BY p.n
    ON CONFLICT (school_code, kind) DO UPDATE SET kind = s.kind`.execute(trx);
}

export function summaryChanges(): SummaryChanges {
  const changes = new Map<string, Change>();
  const changeOf = (schoolCode: string, kind: string): Change => {
    const key = keyOf(schoolCode, kind);
    let change = changes.get(key);
    if (!change) {
      change = { schoolCode, kind, held: 0, pending: 0, success: 0, failed: 0, succeeded: false };
      changes.set(key, change);
    }
    return change;
  };
  const add = (schoolCode: string, kind: string, figure: Figure, by: number) => {
    const change = changeOf(schoolCode, kind);
    change[figure] += by;
    if (figure === 'success' && by > 0) change.succeeded = true;
  };
  return {
    add,
    move(schoolCode, kind, from, to) {
      add(schoolCode, kind, from, -1);
      add(schoolCode, kind, to, 1);
    },
    async write(trx) {
      if (changes.size === 0) return;
      const rows = [...changes.values()].sort(byKey);
      await sql`
        INSERT INTO school_sync_summary AS s (school_code, kind, held, pending, success, failed, last_success_at, last_activity_at)
        SELECT c.school_code, c.kind, c.held, c.pending, c.success, c.failed,
          CASE WHEN c.succeeded THEN now() END, now()
        FROM unnest(${rows.map((r) => r.schoolCode)}::text[], ${rows.map((r) => r.kind)}::text[],
                    ${rows.map((r) => r.held)}::int[], ${rows.map((r) => r.pending)}::int[],
                    ${rows.map((r) => r.success)}::int[], ${rows.map((r) => r.failed)}::int[],
                    ${rows.map((r) => r.succeeded)}::boolean[])
          AS c(school_code, kind, held, pending, success, failed, succeeded)
        ON CONFLICT (school_code, kind) DO UPDATE SET
          held = s.held + excluded.held, pending = s.pending + excluded.pending,
          success = s.success + excluded.success, failed = s.failed + excluded.failed,
          last_success_at = coalesce(excluded.last_success_at, s.last_success_at),
          last_activity_at = excluded.last_activity_at`.execute(trx);
    },
  };
}
