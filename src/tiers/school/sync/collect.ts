// What one "Đồng bộ lên CSDL Quốc gia" sends: the records the user chose (or every one not yet
// synced) and each dependency upstream may not have yet — the school itself, a student's class,
// a class's homeroom teacher — so that nothing arrives before what it refers to.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { DEPENDENCY_ORDER, type RecordKind, recordKind } from '#domain/record-kinds.ts';
import type { BatchItem } from '#sync/protocol.ts';
import { RECORD_TABLE } from './tables.ts';

type Db = Kysely<SchoolTierDatabase> | Transaction<SchoolTierDatabase>;

interface Row {
  id: string;
  version: number;
  deleted: boolean;
  payload: Record<string, unknown>;
  hash: string;
}

/**
 * Takes the rows that go up, marking them "Chờ xử lý" — this very version; a later change makes
 * it unsynced again. One statement both locks and marks them, instead of a locking read and
 * then an update of the same rows.
 */
async function takeRows(
  db: Db,
  kind: RecordKind,
  schoolId: string,
  filter: { ids?: string[]; unsyncedOnly: boolean },
): Promise<Row[]> {
  const table = RECORD_TABLE[kind];
  const idColumn = sql.ref(table === 'schools' ? 'id' : 'school_id');
  const { rows } = await sql<Row>`
    UPDATE ${sql.table(table)} SET sync_state = 'pending'
    WHERE ${idColumn} = ${schoolId}
      AND sync_state <> 'pending'
      ${filter.unsyncedOnly ? sql`AND sync_state IN ('unsynced', 'failed')` : sql``}
      ${filter.ids ? sql`AND id = ANY(${filter.ids}::uuid[])` : sql``}
    RETURNING id, version, deleted, payload, hash`.execute(db);
  return rows;
}

export interface Collected {
  chosen: number;
  byKind: Map<RecordKind, BatchItem[]>;
}

/** Takes what a sync sends (see takeRows: each record taken is marked "Chờ xử lý"). */
export async function collectForSync(
  db: Db,
  schoolId: string,
  kind: RecordKind,
  choice: { ids?: string[] },
): Promise<Collected> {
  const byKind = new Map<RecordKind, BatchItem[]>();
  const add = (k: RecordKind, rows: Row[]) => {
    const list = byKind.get(k) ?? [];
    const seen = new Set(list.map((i) => i.id));
    for (const row of rows)
      if (!seen.has(row.id))
        list.push({
          id: row.id,
          version: row.version,
          deleted: row.deleted,
          payload: row.payload,
          hash: row.hash,
        });
    byKind.set(k, list);
  };
  const chosen = await takeRows(
    db,
    kind,
    schoolId,
    choice.ids ? { ids: choice.ids, unsyncedOnly: false } : { unsyncedOnly: true },
  );
  add(kind, chosen);

  // Dependencies, only where upstream may not hold their current version: the records the
  // chosen ones name (record-kinds.ts), then those these name, down to the school.
  const idsOf = (rows: Row[], field: string) => [
    ...new Set(rows.map((r) => r.payload[field]).filter((v): v is string => typeof v === 'string')),
  ];
  const naming = new Map<RecordKind, Row[]>([[kind, chosen.filter((r) => !r.deleted)]]);
  for (const from of [...DEPENDENCY_ORDER].reverse()) {
    const rows = naming.get(from) ?? [];
    for (const reference of recordKind(from).references) {
      const ids = idsOf(rows, reference.field);
      if (ids.length === 0) continue;
      const taken = await takeRows(db, reference.kind, schoolId, { ids, unsyncedOnly: true });
      add(reference.kind, taken);
      naming.set(reference.kind, [...(naming.get(reference.kind) ?? []), ...taken]);
    }
  }
  if (kind !== 'school') add('school', await takeRows(db, 'school', schoolId, { unsyncedOnly: true }));
  for (const [k, items] of byKind) if (items.length === 0) byKind.delete(k);
  return { chosen: chosen.length, byKind };
}

/** Marks what goes up as "Chờ xử lý" — this very version; a later change makes it unsynced again. */
export async function markPending(db: Db, byKind: Map<RecordKind, BatchItem[]>): Promise<void> {
  for (const [kind, items] of byKind) {
    await sql`
      UPDATE ${sql.table(RECORD_TABLE[kind])} t SET sync_state = 'pending'
      FROM unnest(${items.map((i) => i.id)}::uuid[], ${items.map((i) => i.version)}::int[]) AS s(id, version)
      WHERE t.id = s.id AND t.version = s.version`.execute(db);
  }
}
