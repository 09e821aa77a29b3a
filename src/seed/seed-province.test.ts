import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordHash } from '#domain/record-hash.ts';
import { verifyPassword } from '#server/auth/passwords.ts';
import { sha256 } from '#server/auth/secrets.ts';
import { upstreamFromRow } from '#sync/send/upstream.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { testSecretKeys } from '../../test/helpers/secret-keys.ts';
import { DEMO_PASSWORD } from './demo-access.ts';
import { DEMO, seedDemoOnce, seedProvince } from './seed-province.ts';

describe('seeding a province into the school and province tiers', () => {
  let school: TestDatabase<'school'>;
  let province: TestDatabase<'province'>;
  beforeAll(async () => {
    school = await createTestDatabase('school');
    province = await createTestDatabase('province');
  });
  afterAll(async () => {
    await school.drop();
    await province.drop();
  });

  it('stores every record with its hash and registers each school in the org tree', async () => {
    const counts = await seedProvince(
      { school: school.db, province: province.db },
      {
        provinceCode: '40',
        schools: 4,
        studentsPerSchool: 90,
        schoolYearStart: 2026,
        seed: 3,
        levels: ['TH', 'THCS', 'THPT', 'TH'],
      },
    );
    expect(counts).toMatchObject({ schools: 4, students: 360 });
    const stored = await school.db
      .selectFrom('students')
      .select(['payload', 'hash', 'version', 'deleted'])
      .execute();
    expect(stored).toHaveLength(360);
    for (const row of stored.slice(0, 50)) {
      expect(row.hash).toBe(recordHash(row.payload));
      expect(row).toMatchObject({ version: 1, deleted: false });
    }

    const units = await province.db
      .selectFrom('org_units')
      .selectAll()
      .where('kind', '=', 'school')
      .orderBy('code')
      .execute();
    expect(units).toHaveLength(4);
    const schools = await school.db.selectFrom('schools').select(['code', 'payload']).execute();
    for (const unit of units) {
      const payload = schools.find((s) => s.code === unit.code)!.payload as {
        levelCode: string;
        address: { communeCode: string };
      };
      // Upper-secondary schools report to the Sở; the others to their commune.
      const parent = payload.levelCode === 'THPT' ? 'P40' : `X${payload.address.communeCode}`;
      expect(unit.parent_key).toBe(parent);
      expect(unit.path.startsWith('P40.')).toBe(true);
    }
  });

  it('adds schools on each further run with the same options instead of clashing', async () => {
    const again = { provinceCode: '40', schools: 2, studentsPerSchool: 10, schoolYearStart: 2026, seed: 3 };
    await seedProvince({ school: school.db }, again);
    await seedProvince({ school: school.db }, again);
    const codes = await school.db.selectFrom('schools').select('code').execute();
    expect(codes).toHaveLength(8);
    expect(new Set(codes.map((c) => c.code)).size).toBe(8);
    const ids = await school.db
      .selectFrom('students')
      .select('personal_id')
      .where('personal_id', 'is not', null)
      .execute();
    expect(new Set(ids.map((r) => r.personal_id)).size).toBe(ids.length);
  });

  it('seeds the demo once only', async () => {
    const demoSchool = await createTestDatabase('school');
    const first = await seedDemoOnce({ school: demoSchool.db, province: province.db }, testSecretKeys);
    expect(first).toMatchObject({ schools: DEMO.schools, students: DEMO.schools * DEMO.studentsPerSchool });
    expect(
      await seedDemoOnce({ school: demoSchool.db, province: province.db }, testSecretKeys),
    ).toBeUndefined();
    const { n } = await demoSchool.db
      .selectFrom('students')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(n).toBe(DEMO.schools * DEMO.studentsPerSchool);

    // Demo accounts share a password, never a salt or a hash.
    const hashes = (await demoSchool.db.selectFrom('users').select('password_hash').execute()).map(
      (u) => u.password_hash,
    );
    expect(hashes.length).toBeGreaterThan(1);
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(new Set(hashes.map((h) => h.split('$')[4])).size).toBe(hashes.length);
    expect((await verifyPassword(DEMO_PASSWORD, hashes[0]!)).ok).toBe(true);

    // Each school keeps its sync secret sealed: the row does not hold it, the key opens it, and
    // it is the one whose hash the province holds.
    const rows = await demoSchool.db.selectFrom('upstream_credentials').selectAll().execute();
    expect(rows).toHaveLength(DEMO.schools);
    for (const row of rows) {
      const upstream = upstreamFromRow(row, testSecretKeys);
      expect(upstream.secret).toMatch(/^[\w-]{43}$/);
      expect(JSON.stringify(row)).not.toContain(upstream.secret);
      const issued = await province.db
        .selectFrom('sync_credentials')
        .select('secret_hash')
        .where('client_id', '=', upstream.clientId)
        .executeTakeFirstOrThrow();
      expect(issued.secret_hash).toBe(sha256(upstream.secret));
    }
    await demoSchool.drop();
  });
});
