// Org units as each tier knows them: the province and national tiers hold the org tree; the
// school tier's units are its schools (key S<code>), each a tree of its own.
import type { OrgUnitTable } from '#db/schema.ts';
import { type TierDb, upperTierDb } from '../context.ts';

export interface Unit {
  key: string;
  kind: OrgUnitTable['kind'];
  code: string;
  name: string;
  path: string;
}

export async function findUnits(tier: TierDb, keys: string[]): Promise<Unit[]> {
  if (keys.length === 0) return [];
  if (tier.tier === 'school') {
    const codes = keys.filter((key) => key.startsWith('S')).map((key) => key.slice(1));
    if (codes.length === 0) return [];
    const schools = await tier.db
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
  return upperTierDb(tier)
    .selectFrom('org_units')
    .select(['key', 'kind', 'code', 'name', 'path'])
    .where('key', 'in', keys)
    .execute();
}

export async function findUnit(tier: TierDb, key: string): Promise<Unit | undefined> {
  return (await findUnits(tier, [key]))[0];
}
