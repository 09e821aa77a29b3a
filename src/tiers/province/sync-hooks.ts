// What the province does with the national tier's final decisions.
import { type Kysely, sql } from 'kysely';
import type { ProvinceTierDatabase } from '#db/schema.ts';
import type { SecretKeys } from '#db/secret-box.ts';
import type { ItemStatus } from '#sync/protocol.ts';
import { lockSummaries, summaryChanges } from '#sync/receive/summary.ts';
import type { SenderHooks } from '#sync/send/sender.ts';
import { upstreamOf } from '#sync/send/upstream.ts';

/** The province relays the national decisions to the items its schools sent, and keeps the identifiers. */
export function provinceHooks(
  db: Kysely<ProvinceTierDatabase>,
  secretKeys: SecretKeys,
): SenderHooks<ProvinceTierDatabase> {
  return {
    upstreamOf: (unitKey) => upstreamOf(db, secretKeys, unitKey),
    async applyFinal(trx, batch, items) {
      if (items.length === 0) return;
      const ids = items.map((i) => i.id);
      const decided = sql`unnest(${ids}::uuid[], ${items.map((i) => i.version)}::int[], ${items.map((i) => i.status)}::text[],
        ${items.map((i) => i.decidedBy)}::text[], ${items.map((i) => i.error?.code ?? null)}::text[], ${items.map((i) => i.error?.field ?? null)}::text[],
        ${items.map((i) => i.error?.message ?? null)}::text[], ${items.map((i) => i.nationalId)}::text[])
        AS d(id, version, status, decided_by, error_code, error_field, error_message, national_id)`;
      // The totals first, then records, then items: the order in which taking a batch locks them,
      // so that the two do not wait on each other crosswise. Each statement names the ids it
      // touches (= ANY) besides joining them: an index look-up whatever the planner believes of
      // the table's size (before its first ANALYZE it may think it tiny and compare every row
      // with every decision).
      const { rows: schools } = await sql<{ school_code: string }>`
        SELECT DISTINCT s.school_code FROM sync_items s, ${decided}
        WHERE s.record_id = ANY(${ids}::uuid[]) AND s.status = 'pending'
          AND s.record_id = d.id AND s.version = d.version`.execute(trx);
      await lockSummaries(
        trx,
        schools.map((s) => ({ schoolCode: s.school_code, kind: batch.kind })),
      );
      await sql`
        UPDATE sync_records r SET national_id = d.national_id
        FROM ${decided}
        WHERE r.province_code = ${batch.unitKey.slice(1)} AND r.id = ANY(${ids}::uuid[]) AND r.id = d.id
          AND d.national_id IS NOT NULL AND r.national_id IS NULL`.execute(trx);
      const { rows: relayed } = await sql<{ school_code: string; status: ItemStatus; latest: boolean }>`
        UPDATE sync_items s SET status = d.status, decided_by = coalesce(d.decided_by, 'national'), error_code = d.error_code,
          error_field = d.error_field, error_message = d.error_message, national_id = d.national_id, updated_at = now()
        FROM ${decided}
        WHERE s.record_id = ANY(${ids}::uuid[]) AND s.status = 'pending'
          AND s.record_id = d.id AND s.version = d.version
        RETURNING s.school_code, s.status, s.latest`.execute(trx);
      const summary = summaryChanges();
      for (const item of relayed)
        if (item.latest) summary.move(item.school_code, batch.kind, 'pending', item.status);
      await summary.write(trx);
    },
  };
}
