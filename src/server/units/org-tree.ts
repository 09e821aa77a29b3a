// Seeds the org-unit tree from the reference lists. Keys are readable and stable: VN (nation),
// P40 (province), X17329 (commune unit), S<code> (school). Seeding twice changes nothing.
import type { Kysely } from 'kysely';
import type { NationalTierDatabase, OrgUnitTable, ProvinceTierDatabase } from '#db/schema.ts';
import { communesOf, provinceByCode, provinces } from '#domain/reference/index.ts';

type OrgUnitRow = Omit<OrgUnitTable, 'created_at'>;
type OrgTreeDatabase = ProvinceTierDatabase | NationalTierDatabase;

export const orgKey = {
  nation: () => 'VN',
  province: (code: string) => `P${code}`,
  commune: (code: string) => `X${code}`,
  school: (code: string) => `S${code}`,
};

function provinceSubtree(provinceCode: string, parent: OrgUnitRow | null): OrgUnitRow[] {
  const province = provinceByCode.get(provinceCode);
  if (!province) throw new Error(`Mã tỉnh không có trong danh mục: ${provinceCode}`);
  const key = orgKey.province(province.code);
  const root: OrgUnitRow = {
    key,
    kind: 'province',
    code: province.code,
    name: province.name,
    parent_key: parent?.key ?? null,
    path: `${parent?.path ?? ''}${key}.`,
  };
  const communeUnits = communesOf(province.code).map(
    (commune): OrgUnitRow => ({
      key: orgKey.commune(commune.code),
      kind: 'commune',
      code: commune.code,
      name: commune.name,
      parent_key: key,
      path: `${root.path}${orgKey.commune(commune.code)}.`,
    }),
  );
  return [root, ...communeUnits];
}

async function insertUnits(db: Kysely<OrgTreeDatabase>, rows: OrgUnitRow[]): Promise<void> {
  // Parents come before children in `rows`; 1,000 rows per statement stays far below the
  // 65,535-parameter limit of one PostgreSQL statement.
  for (let start = 0; start < rows.length; start += 1000) {
    await db
      .insertInto('org_units')
      .values(rows.slice(start, start + 1000))
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }
}

/** The province tier's tree: the province and its commune units. */
export async function seedProvinceOrgTree(
  db: Kysely<ProvinceTierDatabase>,
  provinceCode: string,
): Promise<void> {
  await insertUnits(db, provinceSubtree(provinceCode, null));
}

/** The national tier's tree: the nation, every province and every commune unit. */
export async function seedNationalOrgTree(db: Kysely<NationalTierDatabase>): Promise<void> {
  const nation: OrgUnitRow = {
    key: orgKey.nation(),
    kind: 'nation',
    code: 'VN',
    name: 'Việt Nam',
    parent_key: null,
    path: 'VN.',
  };
  await insertUnits(db, [nation, ...provinces.flatMap((p) => provinceSubtree(p.code, nation))]);
}
