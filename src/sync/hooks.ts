// What each sending tier does with its upstream's final decisions.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { ProvinceTierDatabase, SchoolTierDatabase } from '../db/schema.ts';
import type { RecordKind } from './protocol.ts';
import type { Upstream, UpstreamItem } from './send/client.ts';
import type { OutboxBatch, SenderHooks } from './send/worker.ts';

export const RECORD_TABLE: Record<RecordKind, 'schools' | 'classes' | 'staff' | 'students' | 'results'> = {
  school: 'schools',
  class: 'classes',
  staff: 'staff',
  student: 'students',
  result: 'results',
};

async function upstreamOf(db: Kysely<ProvinceTierDatabase>, unitKey: string): Promise<Upstream | undefined> {
  const row = await db
    .selectFrom('upstream_credentials')
    .selectAll()
    .where('unit_key', '=', unitKey)
    .executeTakeFirst();
  return row?.upstream_url
    ? { url: row.upstream_url.replace(/\/+$/, ''), clientId: row.client_id, secret: row.client_secret }
    : undefined;
}

/**
 * The school shows each record's last sync status and its national identifier. A record changed
 * again since the synced version keeps "chưa đồng bộ": its newer version still has to go up.
 */
export function schoolHooks(db: Kysely<SchoolTierDatabase>): SenderHooks {
  return {
    upstreamOf: (unitKey) => upstreamOf(db as never, unitKey),
    async applyFinal(trx, batch: OutboxBatch, items: UpstreamItem[]) {
      if (items.length === 0) return;
      const table = RECORD_TABLE[batch.kind];
      const nationalId =
        table === 'results' || table === 'schools'
          ? sql``
          : sql`, national_id = coalesce(t.national_id, d.national_id)`;
      await sql`
        UPDATE ${sql.table(table)} t SET sync_state = d.status ${nationalId}
        FROM unnest(${items.map((i) => i.id)}::uuid[], ${items.map((i) => i.version)}::int[], ${items.map((i) => i.status)}::text[],
                    ${items.map((i) => i.nationalId)}::text[]) AS d(id, version, status, national_id)
        WHERE t.id = d.id AND t.version = d.version`.execute(trx as Transaction<unknown>);
    },
  };
}

/** The province relays the national decisions to the items its schools sent, and keeps the identifiers. */
export function provinceHooks(db: Kysely<ProvinceTierDatabase>): SenderHooks {
  return {
    upstreamOf: (unitKey) => upstreamOf(db, unitKey),
    async applyFinal(trx, _batch, items) {
      if (items.length === 0) return;
      const decided = sql`unnest(${items.map((i) => i.id)}::uuid[], ${items.map((i) => i.version)}::int[], ${items.map((i) => i.status)}::text[],
        ${items.map((i) => i.decidedBy)}::text[], ${items.map((i) => i.error?.code ?? null)}::text[], ${items.map((i) => i.error?.field ?? null)}::text[],
        ${items.map((i) => i.error?.message ?? null)}::text[], ${items.map((i) => i.nationalId)}::text[])
        AS d(id, version, status, decided_by, error_code, error_field, error_message, national_id)`;
      await sql`
        UPDATE sync_items s SET status = d.status, decided_by = coalesce(d.decided_by, 'national'), error_code = d.error_code,
          error_field = d.error_field, error_message = d.error_message, national_id = d.national_id, updated_at = now()
        FROM ${decided}
        WHERE s.record_id = d.id AND s.version = d.version AND s.status = 'pending'`.execute(trx);
      await sql`
        UPDATE sync_records r SET national_id = coalesce(r.national_id, d.national_id)
        FROM ${decided}
        WHERE r.id = d.id AND d.national_id IS NOT NULL`.execute(trx);
    },
  };
}
