// Agreement between tiers: for a school and a category, the count of records and the SHA-256 of
// their sorted "id:version" pairs (tombstones included). Equal digests mean the tiers agree.
import { createHash } from 'node:crypto';
import type { AnyTierDatabase } from '#db/schema.ts';
import type { RecordKind } from '#domain/record-kinds.ts';

export interface Digest {
  count: number;
  hash: string;
  /** The pairs themselves, when asked for, to see what differs. */
  records?: { id: string; version: number }[];
}

export function digestOf(pairs: { id: string; version: number }[], withRecords: boolean): Digest {
  const sorted = [...pairs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const hash = createHash('sha256')
    .update(sorted.map((p) => `${p.id}:${p.version}`).join('\n'))
    .digest('hex');
  return { count: sorted.length, hash, ...(withRecords ? { records: sorted } : {}) };
}

/** What a receiving tier holds of one school's category. */
export async function upstreamPairs(
  db: AnyTierDatabase,
  provinceCode: string,
  schoolCode: string,
  kind: RecordKind,
) {
  return db
    .selectFrom('sync_records')
    .select(['id', 'version'])
    .where('province_code', '=', provinceCode)
    .where('school_code', '=', schoolCode)
    .where('kind', '=', kind)
    .execute() as Promise<{ id: string; version: number }[]>;
}
