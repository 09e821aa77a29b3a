// Agreement between tiers: for a school and a category, the count of records and the SHA-256 of
// their sorted "id:version" pairs (tombstones included). Equal digests mean the tiers agree.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { AnyTierDatabase } from '../db/schema.ts';
import { RECORD_TABLE } from '../tiers/school/sync/tables.ts';
import type { RecordKind } from './protocol.ts';

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

/**
 * What the school holds as accepted upstream (its last sync Thành công): those records every
 * upper tier must hold, at that version at least.
 */
export async function schoolPairs(db: AnyTierDatabase, schoolId: string, kind: RecordKind) {
  const table = RECORD_TABLE[kind];
  const { rows } = await sql<{ id: string; version: number }>`
    SELECT id::text, version FROM ${sql.table(table)}
    WHERE ${sql.ref(table === 'schools' ? 'id' : 'school_id')} = ${schoolId} AND sync_state = 'success'`.execute(
    db,
  );
  return rows;
}
