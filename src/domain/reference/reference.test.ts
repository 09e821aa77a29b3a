import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodApp } from '#server/zod-app.ts';
import { buildTestApp } from '../../../test/helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { codeLists, communes, ethnicGroups, formerProvinces, provinceByCode, provinces } from './index.ts';

describe('reference data shipped with dongbo', () => {
  it('has the 34 provinces and 3,321 communes in force from 1 July 2025', () => {
    expect(provinces).toHaveLength(34);
    expect(communes).toHaveLength(3321);
    const byType = Object.groupBy(communes, (c) => c.type);
    expect(byType.Xã).toHaveLength(2621);
    expect(byType.Phường).toHaveLength(687);
    expect(byType['Đặc khu']).toHaveLength(13);
    expect(communes.every((c) => provinceByCode.has(c.provinceCode))).toBe(true);
    expect(new Set(communes.map((c) => c.code)).size).toBe(3321);
  });

  it('maps each of the 63 former provinces to a current one', () => {
    expect(formerProvinces).toHaveLength(63);
    expect(formerProvinces.every((p) => provinceByCode.has(p.mergedIntoCode))).toBe(true);
  });

  it('has the 54 ethnic groups and the 12 student statuses', () => {
    expect(ethnicGroups).toHaveLength(54);
    expect(codeLists.studentStatuses.map((s) => s.code)).toEqual(
      Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
  });

  it('stores Vietnamese names in NFC', () => {
    const names = [...provinces, ...communes, ...ethnicGroups].map((x) => x.name);
    expect(names.filter((name) => name !== name.normalize('NFC'))).toEqual([]);
  });
});

describe('GET /api/reference/<list>', () => {
  let database: TestDatabase<'national'>;
  let app: ZodApp;
  beforeAll(async () => {
    database = await createTestDatabase('national');
    app = await buildTestApp('national', database.db);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('lists the lists and serves each read-only', async () => {
    const { lists } = (await app.inject('/api/reference')).json();
    expect(lists).toEqual(
      expect.arrayContaining(['provinces', 'communes', 'ethnic-groups', 'student-statuses']),
    );
    for (const list of lists) {
      const response = await app.inject(`/api/reference/${list}`);
      expect(response.statusCode, list).toBe(200);
      expect(response.headers['cache-control']).toContain('max-age');
    }
    expect((await app.inject('/api/reference/provinces')).json()).toHaveLength(34);
    expect((await app.inject({ method: 'POST', url: '/api/reference/provinces' })).statusCode).toBe(404);
  });

  it('filters communes by province', async () => {
    const response = await app.inject('/api/reference/communes?province=40');
    const ngheAn = response.json();
    expect(ngheAn.length).toBe(communes.filter((c) => c.provinceCode === '40').length);
    expect(ngheAn.every((c: { provinceCode: string }) => c.provinceCode === '40')).toBe(true);
  });

  it('answers an unknown list with 404 REFERENCE_LIST_UNKNOWN', async () => {
    const response = await app.inject('/api/reference/khong-co');
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('REFERENCE_LIST_UNKNOWN');
    expect((await app.inject('/api/reference/__proto__')).statusCode).toBe(404);
  });
});
