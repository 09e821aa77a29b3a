// Org units as each tier knows them: the province and national tiers hold the org tree; the
// school tier's units are its schools (key S<code>), each a tree of its own.
import type { Kysely } from 'kysely';
import type { AnyTierDatabase, OrgUnitTable, SchoolTierDatabase } from '../../db/schema.ts';
import type { TierName } from '../../domain/tiers.ts';

export interface Unit {
  key: string;
  kind: OrgUnitTable['kind'];
  code: string;
  name: string;
  path: string;
}

export async function findUnits(db: AnyTierDatabase, tier: TierName, keys: string[]): Promise<Unit[]> {
  if (keys.length === 0) return [];
  if (tier === 'school') {
    const codes = keys.filter((key) => key.startsWith('S')).map((key) => key.slice(1));
    if (codes.length === 0) return [];
    const schools = await (db as Kysely<SchoolTierDatabase>)
      .selectFrom('schools')
      .select(['code', 'name'])
      .where('code', 'in', codes)
      .execute();
    return schools.map((s) => ({
      key: `S${s.code}`,
      kind: 'school',
      code: s.code,
      name: s.name,
      path: `S${s.code}.`,
    }));
  }
  return db
    .selectFrom('org_units')
    .select(['key', 'kind', 'code', 'name', 'path'])
    .where('key', 'in', keys)
    .execute();
}

export async function findUnit(db: AnyTierDatabase, tier: TierName, key: string): Promise<Unit | undefined> {
  return (await findUnits(db, tier, [key]))[0];
}
