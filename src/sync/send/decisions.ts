import { sql } from 'kysely';
import type { UpstreamItem } from './client.ts';
import type { OutboxTransaction } from './sender.ts';

/** Stores decisions not yet known; returns those that are new. */
export async function recordDecisions(
  trx: OutboxTransaction,
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
