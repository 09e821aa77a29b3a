import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareTier } from '#app/prepare.ts';
import { communesOf } from '#domain/reference/index.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';

describe('org-unit tree', () => {
  let national: TestDatabase<'national'>;
  let province: TestDatabase<'province'>;
  beforeAll(async () => {
    national = await createTestDatabase('national');
    province = await createTestDatabase('province', { empty: true });
  });
  afterAll(async () => {
    await national.drop();
    await province.drop();
  });

  it('holds the nation, its 34 provinces and 3,321 commune units at the national tier', async () => {
    const kinds = await national.db
      .selectFrom('org_units')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('kind')
      .orderBy('kind')
      .execute();
    expect(kinds).toEqual([
      { kind: 'commune', n: 3321 },
      { kind: 'nation', n: 1 },
      { kind: 'province', n: 34 },
    ]);
  });

  it('finds a subtree with one prefix match on the path', async () => {
    const ngheAn = await national.db
      .selectFrom('org_units')
      .select('path')
      .where('key', '=', 'P40')
      .executeTakeFirstOrThrow();
    expect(ngheAn.path).toBe('VN.P40.');
    const subtree = await national.db
      .selectFrom('org_units')
      .select('key')
      .where('path', 'like', `${ngheAn.path}%`)
      .execute();
    expect(subtree).toHaveLength(1 + communesOf('40').length);
  });

  it('seeds a province tier with its own province only, and refuses to serve another later', async () => {
    await prepareTier('province', province.db, { provinceCode: '40' });
    await prepareTier('province', province.db, {}); // remembered; seeding again changes nothing
    const units = await province.db.selectFrom('org_units').select(['key', 'parent_key']).execute();
    expect(units).toHaveLength(1 + communesOf('40').length);
    expect(units.filter((u) => u.parent_key === null).map((u) => u.key)).toEqual(['P40']);
    await expect(prepareTier('province', province.db, { provinceCode: '01' })).rejects.toThrow(
      /đã dùng cho tỉnh 40/,
    );
  });

  it('refuses to start a province tier without knowing its province', async () => {
    const fresh = await createTestDatabase('province', { empty: true });
    await expect(prepareTier('province', fresh.db, {})).rejects.toThrow(/--province/);
    await expect(prepareTier('province', fresh.db, { provinceCode: '99' })).rejects.toThrow(
      /không có trong danh mục/,
    );
    await fresh.drop();
  });
});
