// The school's side of a digest: what it holds as accepted upstream, to compare with what the
// province and the national tier hold (src/sync/digest.ts).
import { sql } from 'kysely';
import type { AnyTierDatabase } from '#db/schema.ts';
import type { RecordKind } from '#domain/record-kinds.ts';
import { RECORD_TABLE } from './tables.ts';

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
