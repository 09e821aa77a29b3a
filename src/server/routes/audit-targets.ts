// The audit log names what each entry touched — a pupil, a class, an account, a school, a sync
// connection code — so that an officer reads "Lớp 4A", not a UUID. Names come from what this
// tier holds now: the school's own records at a school, the records received above it, and the
// accounts and units everywhere. One query for a whole page; an id nothing names stays unnamed.
import { sql } from 'kysely';
import { accessDb, type TierDb } from '../context.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AuditTarget {
  kind: string | null;
  id: string | null;
}

/** The record kinds whose names each tier keeps, and where. */
function namedRecords(tier: TierDb['tier'], ids: string[]) {
  if (tier === 'school')
    return sql`
      SELECT 'student' AS kind, id::text AS id, payload->>'fullName' AS name FROM students WHERE id = ANY(${ids}::uuid[])
      UNION ALL SELECT 'staff', id::text, payload->>'fullName' FROM staff WHERE id = ANY(${ids}::uuid[])
      UNION ALL SELECT 'class', id::text, payload->>'name' FROM classes WHERE id = ANY(${ids}::uuid[])
      UNION ALL SELECT 'school', id::text, payload->>'name' FROM schools WHERE id = ANY(${ids}::uuid[])`;
  return sql`
      SELECT kind, id::text AS id, coalesce(payload->>'fullName', payload->>'name') AS name
      FROM sync_records WHERE id = ANY(${ids}::uuid[])
      UNION ALL SELECT 'credential', c.id::text, c.client_id || ' — ' || coalesce(o.name, c.unit_key)
      FROM sync_credentials c LEFT JOIN org_units o ON o.key = c.unit_key WHERE c.id = ANY(${ids}::uuid[])`;
}

/** Names of the entries' targets, by `kind:id`. */
export async function namesOfTargets(context: TierDb, targets: AuditTarget[]): Promise<Map<string, string>> {
  const ids = [...new Set(targets.map((t) => t.id).filter((id): id is string => Boolean(id)))];
  const uuids = ids.filter((id) => UUID.test(id));
  if (ids.length === 0) return new Map();
  const units =
    context.tier === 'school'
      ? sql``
      : sql`UNION ALL SELECT 'school', key, name FROM org_units WHERE key = ANY(${ids}::text[])`;
  const { rows } = await sql<{ kind: string; id: string; name: string | null }>`
    SELECT 'user' AS kind, id::text AS id, display_name || ' (' || username || ')' AS name
    FROM users WHERE id = ANY(${uuids}::uuid[])
    UNION ALL ${namedRecords(context.tier, uuids)}
    ${units}`.execute(accessDb(context));
  return new Map(rows.filter((r) => r.name).map((r) => [`${r.kind}:${r.id}`, r.name!]));
}
