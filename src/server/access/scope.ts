// The one access choke point. A caller sees its own unit's subtree: a school user its school,
// a commune officer the schools under the commune, a province officer the province, the
// ministry everything. Lists are filtered in SQL; a set of ids is checked in one query, and an
// id outside the subtree is answered exactly like a missing one (404).
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { escapeLike } from '#db/like.ts';
import type { AccessTables, AnyTierDatabase, OrgUnitTable, SyncCredentialTable } from '#db/schema.ts';
import { AppError } from '#domain/errors.ts';
import type { TierName } from '#domain/tiers.ts';
import { isUuid } from '#domain/uuid.ts';
import type { Caller } from '../auth/caller.ts';

/** `column` names a unit key within the caller's subtree. */
export function unitInScope(tier: TierName, caller: Caller, column: string): Expression<SqlBool> {
  if (tier === 'school') return sql<SqlBool>`${sql.ref(column)} = ${caller.unitKey}`;
  return sql<SqlBool>`${sql.ref(column)} IN (SELECT key FROM org_units WHERE path LIKE ${`${escapeLike(caller.unitPath)}%`})`;
}

interface ScopedTables extends AccessTables {
  org_units: OrgUnitTable;
  sync_credentials: SyncCredentialTable;
}

/** Where each kind of resource keeps its id and the unit it belongs to. */
const RESOURCES = {
  user: { table: 'users', id: 'id', unit: 'unit_key' },
  credential: { table: 'sync_credentials', id: 'id', unit: 'unit_key' },
  unit: { table: 'org_units', id: 'key', unit: 'key' },
} as const;

export type ResourceKind = keyof typeof RESOURCES;

/** Which of `ids` the caller may touch: one query, however many ids. */
export async function accessibleIds(
  db: AnyTierDatabase,
  tier: TierName,
  caller: Caller,
  kind: ResourceKind,
  ids: readonly string[],
): Promise<Set<string>> {
  const { table, id, unit } = RESOURCES[kind];
  // A malformed id cannot exist; asking PostgreSQL would only turn it into a type error.
  const candidates = kind === 'unit' ? [...ids] : ids.filter(isUuid);
  if (candidates.length === 0) return new Set();
  if (kind === 'unit' && tier === 'school')
    return new Set(candidates.filter((key) => key === caller.unitKey));
  const rows = await (db as Kysely<ScopedTables>)
    .selectFrom(table)
    .select(sql<string>`${sql.ref(id)}::text`.as('id'))
    .where(sql.ref(id), 'in', candidates)
    .where(unitInScope(tier, caller, unit))
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Throws NOT_FOUND unless the caller may touch every one of `ids`. */
export async function assertAccessible(
  db: AnyTierDatabase,
  tier: TierName,
  caller: Caller,
  kind: ResourceKind,
  ids: readonly string[],
): Promise<void> {
  const allowed = await accessibleIds(db, tier, caller, kind, ids);
  if (ids.some((value) => !allowed.has(value))) throw new AppError('NOT_FOUND');
}
