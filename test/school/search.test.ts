// Search boxes find names the way people type them: without diacritics, "d" for "đ", in capitals,
// or decomposed (NFD) as some keyboards and pasted text send them. Over real HTTP.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorkbook } from '#excel/read.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { studentList } from '#tiers/school/excel/lists.ts';
import { insertRecord } from '#tiers/school/records.ts';
import { addFixtureUnits, createUser, sessionCookie } from '../helpers/access.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { schoolApi } from '../helpers/school-api.ts';
import { classData, SCHOOL_YEAR, schoolIdOf, staffData, studentData } from '../helpers/school-records.ts';

const NAME = 'Trần Văn Bình';
const OTHER = 'Đỗ Thị Ánh';
/** What people type for NAME, OTHER or the class "Lớp Hoa Đào": each must find it. */
const TYPED = {
  'no diacritics': ['tran van binh', 'do thi anh', 'hoa dao'],
  capitals: ['TRẦN VĂN BÌNH', 'ĐỖ THỊ ÁNH', 'HOA ĐÀO'],
  'capitals without diacritics': ['TRAN VAN', 'DO THI', 'HOA DAO'],
  decomposed: [NAME.normalize('NFD'), OTHER.normalize('NFD'), 'Hoa Đào'.normalize('NFD')],
  'a part, spaced oddly': ['  tran   van ', 'thi  anh', ' dao'],
};

async function listening(app: ZodApp): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

const names = (body: {
  items: { fullName?: string; name?: string; displayName?: string; data?: { name: string } }[];
}) => body.items.map((item) => item.fullName ?? item.displayName ?? item.name ?? item.data?.name);

describe('searching a school list the way people type', () => {
  let database: TestDatabase<'school'>;
  let app: ZodApp;
  let call: ReturnType<typeof schoolApi>;
  let url: string;
  let cookie: string;

  beforeAll(async () => {
    database = await createTestDatabase('school');
    await addFixtureUnits('school', database.db);
    app = await buildTestApp('school', database.db);
    const admin = await createUser(database.db, 'school_admin', 'S7000001');
    url = await listening(app);
    cookie = await sessionCookie(database.db, admin.id);
    call = schoolApi(url, cookie);
    expect((await call('PUT', '/api/school/current-year', { schoolYear: SCHOOL_YEAR })).status).toBe(200);
    const schoolId = await schoolIdOf(database.db, '7000001');
    const cls = await insertRecord(
      database.db,
      'classes',
      schoolId,
      classData({ name: 'Lớp Hoa Đào' }),
      admin.id,
    );
    await insertRecord(database.db, 'classes', schoolId, classData({ name: 'Lớp Hoa Mai' }), admin.id);
    for (const fullName of [NAME, OTHER, 'Nguyễn Văn Bính', 'Trân Thị Lan'])
      await insertRecord(database.db, 'students', schoolId, studentData(cls.id, { fullName }), admin.id);
    for (const fullName of [NAME, OTHER, 'Lê Văn Tám'])
      await insertRecord(database.db, 'staff', schoolId, staffData({ fullName }), admin.id);
    await database.db
      .updateTable('users')
      .set({ display_name: NAME })
      .where('id', '=', (await createUser(database.db, 'school_staff', 'S7000001')).id)
      .execute();
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const search = async (path: string, q: string) => {
    const answer = await call('GET', `${path}${path.includes('?') ? '&' : '?'}q=${encodeURIComponent(q)}`);
    expect(answer.status).toBe(200);
    return names(answer.body);
  };

  for (const [how, [forName, forOther, forClass]] of Object.entries(TYPED)) {
    it(`finds students, staff, classes and accounts typed ${how}`, async () => {
      expect(await search('/api/students', forName!)).toEqual([NAME]);
      expect(await search('/api/students', forOther!)).toEqual([OTHER]);
      expect(await search('/api/staff', forName!)).toEqual([NAME]);
      expect(await search('/api/staff', forOther!)).toEqual([OTHER]);
      expect(await search('/api/classes', forClass!)).toEqual(['Lớp Hoa Đào']);
      expect(await search('/api/accounts', forName!)).toEqual([NAME]);
    });
  }

  it('folds what is typed too: "Bình" typed with its accents also finds "Bính"', async () => {
    expect((await search('/api/students', 'Bình')).sort()).toEqual(['Nguyễn Văn Bính', NAME].sort());
  });

  it('takes LIKE wildcards typed in a search as letters', async () => {
    expect(await search('/api/students', '%')).toEqual([]);
    expect(await search('/api/students', 'tran_van')).toEqual([]);
  });

  it('exports to Excel the list the search shows', async () => {
    const response = await fetch(`${url}/api/students/export.xlsx?q=${encodeURIComponent('TRAN VAN BINH')}`, {
      headers: { cookie },
    });
    expect(response.status).toBe(200);
    const sheet = await readWorkbook(Buffer.from(await response.arrayBuffer()), studentList.columns);
    expect(sheet.rows.map((row) => row.values.fullName)).toEqual([NAME]);
  });
});

describe('searching at the province the way people type', () => {
  let database: TestDatabase<'province'>;
  let app: ZodApp;
  let call: ReturnType<typeof schoolApi>;

  beforeAll(async () => {
    database = await createTestDatabase('province');
    await addFixtureUnits('province', database.db);
    app = await buildTestApp('province', database.db);
    const officer = await createUser(database.db, 'province_officer', 'P40');
    call = schoolApi(await listening(app), await sessionCookie(database.db, officer.id));
    await database.db
      .insertInto('sync_records')
      .values(
        [NAME, OTHER, 'Phạm Thu Hà'].map((fullName) => ({
          province_code: '40',
          id: crypto.randomUUID(),
          kind: 'student',
          school_code: '7100001',
          version: 1,
          payload: JSON.stringify({ fullName, birthDate: '2019-01-01' }),
          hash: 'h',
        })),
      )
      .execute();
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  for (const [how, [forName, forOther]] of Object.entries(TYPED)) {
    it(`finds a school's records typed ${how}`, async () => {
      const records = (q: string) =>
        call(
          'GET',
          `/api/dashboard/school-records?schoolKey=S7100001&kind=student&q=${encodeURIComponent(q)}`,
        );
      expect(names((await records(forName!)).body)).toEqual([NAME]);
      expect(names((await records(forOther!)).body)).toEqual([OTHER]);
    });
  }

  it('finds a school on the dashboard by its name typed without diacritics', async () => {
    const answer = await call(
      'GET',
      `/api/dashboard?unitKey=P40&q=${encodeURIComponent('truong kiem thu 7100001')}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.schools.map((s: { code: string }) => s.code)).toEqual(['7100001']);
  });

  it('finds a unit in the pickers by its name typed in capitals without diacritics', async () => {
    const answer = await call('GET', `/api/units?q=${encodeURIComponent('TRUONG KIEM THU 7100002')}`);
    expect(answer.status).toBe(200);
    expect(answer.body.map((u: { key: string }) => u.key)).toEqual(['S7100002']);
  });
});
