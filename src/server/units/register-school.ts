import type { Kysely } from 'kysely';
import type { ProvinceTierDatabase } from '#db/schema.ts';
import { orgKey } from './org-tree.ts';

export interface SchoolRegistration {
  code: string;
  name: string;
  levelCode: string;
  provinceCode: string;
  communeCode: string;
}

// Since 1 July 2025 preschool, primary and lower-secondary schools report to their commune;
// schools teaching upper-secondary grades report to the Sở directly.
const UNDER_COMMUNE = new Set(['MN', 'TH', 'THCS', 'TH_THCS']);

/** Places schools in the province's org tree (under their commune unit or the province). */
export async function registerSchools(
  db: Kysely<ProvinceTierDatabase>,
  schools: SchoolRegistration[],
): Promise<void> {
  if (schools.length === 0) return;
  const parentKeys = [
    ...new Set(
      schools.map((s) =>
        UNDER_COMMUNE.has(s.levelCode) ? orgKey.commune(s.communeCode) : orgKey.province(s.provinceCode),
      ),
    ),
  ];
  const parents = await db
    .selectFrom('org_units')
    .select(['key', 'path'])
    .where('key', 'in', parentKeys)
    .execute();
  const pathOf = new Map(parents.map((p) => [p.key, p.path]));
  const rows = schools.map((school) => {
    const parentKey = UNDER_COMMUNE.has(school.levelCode)
      ? orgKey.commune(school.communeCode)
      : orgKey.province(school.provinceCode);
    const parentPath = pathOf.get(parentKey);
    if (!parentPath)
      throw new Error(`Đơn vị quản lý ${parentKey} của trường ${school.code} chưa có trong cây đơn vị`);
    const key = orgKey.school(school.code);
    return {
      key,
      kind: 'school' as const,
      code: school.code,
      name: school.name,
      parent_key: parentKey,
      path: `${parentPath}${key}.`,
    };
  });
  await db
    .insertInto('org_units')
    .values(rows)
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
    .execute();
}
