// A day's edits: 1% of the students of every school changed (at least one per school), as a
// clerk's edits leave them — a new version, its hash, "chưa đồng bộ" — ready for the next sync.
import { sql } from 'kysely';
import type { Student } from '#domain/entities/index.ts';
import { recordHash } from '#domain/record-hash.ts';
import type { TierDatabases } from './cluster.ts';

export async function changeOnePercent(dbs: TierDatabases, day: string): Promise<number> {
  const { rows } = await sql<{ id: string; payload: Student }>`
    SELECT id, payload FROM (
      SELECT id, payload, row_number() OVER (PARTITION BY school_id ORDER BY id) AS n,
             count(*) OVER (PARTITION BY school_id) AS total
      FROM students WHERE NOT deleted) s
    WHERE n <= ceil(total / 100.0)`.execute(dbs.school);
  for (let start = 0; start < rows.length; start += 2000) {
    const chunk = rows.slice(start, start + 2000).map((row) => {
      const payload = { ...row.payload, birthplace: `Cập nhật ngày ${day}` };
      return { id: row.id, payload: JSON.stringify(payload), hash: recordHash(payload) };
    });
    await sql`
      UPDATE students t SET version = t.version + 1, payload = c.payload, hash = c.hash,
        sync_state = 'unsynced', updated_at = now()
      FROM unnest(${chunk.map((c) => c.id)}::uuid[], ${chunk.map((c) => c.payload)}::jsonb[], ${chunk.map((c) => c.hash)}::text[])
        AS c(id, payload, hash)
      WHERE t.id = c.id`.execute(dbs.school);
  }
  return rows.length;
}
