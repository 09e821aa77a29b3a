// The guide's flow across the three tiers over real HTTP: a school ticks its students and
// presses "Đồng bộ lên CSDL Quốc gia"; the province takes them, the national tier decides and
// assigns identifiers; statuses and identifiers come back to the school's lists and history.
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTiers } from '#app/run.ts';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { recordHash } from '#domain/record-hash.ts';
import { readWorkbook } from '#excel/read.ts';
import { reconcileProvince, reconcileSchools } from '#tiers/school/sync/reconcile.ts';
import { createUser, ORIGIN, sessionCookie } from '../helpers/access.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { allGoodPrimaryEntry, schoolApi, until } from '../helpers/school-api.ts';
import { testSecretKeys } from '../helpers/secret-keys.ts';
import { communesOf, startThreeTiers, type ThreeTiers } from '../helpers/three-tiers.ts';

describe('sync end to end, school → province → national', () => {
  let school: TestDatabase<'school'>;
  let province: TestDatabase<'province'>;
  let national: TestDatabase<'national'>;
  let running: RunningTiers;
  let schoolUrl: string;
  let cookie: string;
  let schoolCode: string;

  let tiers: ThreeTiers;

  beforeAll(async () => {
    tiers = await startThreeTiers({ students: 60, seed: 11 });
    ({ school, province, national, running, schoolCode } = tiers);
    const { links } = tiers;
    schoolUrl = links.school;
    const admin = await createUser(school.db, 'school_admin', `S${schoolCode}`);
    cookie = await sessionCookie(school.db, admin.id);
  }, 60_000);
  afterAll(() => tiers?.stop());

  const api = (method: string, path: string, body?: unknown) =>
    schoolApi(schoolUrl, cookie)(method, path, body);

  it('syncs every unsynced student with its class, teacher and school; all come back Thành công with identifiers', async () => {
    // One pupil's personal ID contradicts the birth year: the national tier must refuse just that one.
    const [wrong] = await school.db
      .selectFrom('students')
      .select(['id', 'payload'])
      .orderBy('id')
      .limit(1)
      .execute();
    const payload = {
      ...(wrong!.payload as Record<string, unknown>),
      personalId: '040299000001',
      birthDate: '2019-05-05',
      gender: 'male',
    };
    await (school.db as Kysely<SchoolTierDatabase>)
      .updateTable('students')
      .set({ payload: JSON.stringify(payload), hash: recordHash(payload), version: 2 })
      .where('id', '=', wrong!.id)
      .execute();

    const started = await api('POST', '/api/students/sync', { allUnsynced: true });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      records: 60,
      dependencies: { school: 1, class: expect.any(Number), staff: expect.any(Number) },
    });

    const history = await until(
      () => api('GET', '/api/sync/runs'),
      (r) => r.body.items[0]?.counts.pending === 0,
    );
    const run = history.body.items[0];
    expect(run).toMatchObject({ kind: 'student', records: 60, progress: 1 });
    expect(run.counts.failed).toBe(1);

    const students = (await api('GET', '/api/students?pageSize=100')).body.items;
    expect(students.filter((s: { syncState: string }) => s.syncState === 'success')).toHaveLength(59);
    expect(
      students.every((s: { id: string; syncState: string; nationalId: string | null }) =>
        s.id === wrong!.id ? s.syncState === 'failed' : /^HS\d{10}$/.test(s.nationalId ?? ''),
      ),
    ).toBe(true);
    // The list itself says why, for the tag's hover text.
    const failedRow = students.find((s: { id: string }) => s.id === wrong!.id);
    expect(failedRow.syncError).toMatch(/năm sinh/i);
    expect(students.find((s: { id: string }) => s.id !== wrong!.id).syncError).toBeNull();
    const classes = (await api('GET', '/api/classes')).body.items;
    expect(
      classes.every(
        (c: { syncState: string; nationalId: string }) =>
          c.syncState === 'success' && /^LH/.test(c.nationalId),
      ),
    ).toBe(true);

    const failed = (await api('GET', `/api/sync/runs/${run.id}/items?status=failed`)).body.items;
    expect(failed).toEqual([
      expect.objectContaining({
        kind: 'student',
        id: wrong!.id,
        status: 'failed',
        decidedBy: 'national',
        error: expect.objectContaining({ code: 'PERSONAL_ID_BIRTH_YEAR_MISMATCH', field: 'personalId' }),
      }),
    ]);

    // The three tiers agree on what the nation holds.
    const held = await national.db
      .selectFrom('sync_records')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('kind')
      .orderBy('kind')
      .execute();
    expect(Object.fromEntries(held.map((h) => [h.kind, h.n]))).toMatchObject({
      school: 1,
      student: 59,
      class: classes.length,
    });
    const relayed = await province.db
      .selectFrom('sync_items')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    expect(relayed.find((r) => r.status === 'pending')).toBeUndefined();
    // The national tier decides on receipt and says so: the province asks for the decisions at
    // once. The school, whose batches the province only forwards, gives them a moment.
    const firstPollDelays = async (db: typeof province.db | typeof school.db) =>
      (
        await sql<{ delay: number }>`
          SELECT extract(epoch FROM start_after - created_on)::float AS delay FROM pgboss.job
          WHERE name = 'sync-poll' AND (data->>'attempt')::int = 0`.execute(db)
      ).rows.map((r) => r.delay);
    const fromProvince = await firstPollDelays(province.db);
    expect(fromProvince.length).toBeGreaterThan(0);
    expect(Math.max(...fromProvince)).toBeLessThan(0.2);
    expect(Math.min(...(await firstPollDelays(school.db)))).toBeGreaterThanOrEqual(0.4);
  });

  it('shows the province its schools’ sync: held, waiting, failed with the reasons, per commune', async () => {
    const { own: communeKey, other: otherCommune } = await communesOf(province, schoolCode);
    const officer = await createUser(province.db, 'commune_officer', communeKey);
    const provinceUrl = schoolUrl.replace(/:\d+$/, `:${new URL(running.urls.province!).port}`);
    interface Counts {
      held: number;
      pending: number;
      success: number;
      failed: number;
    }
    interface View {
      unit: { key: string };
      totals: Counts & { schools: number; schoolsWithFailures: number };
      children: { key: string; schools: number }[];
      schools: {
        code: string;
        byKind: Record<string, Counts>;
        topFailures: unknown[];
        lastSuccessAt: string | null;
      }[];
    }
    const dashboard = async (query = '', user = officer) => {
      const response = await fetch(`${provinceUrl}/api/dashboard${query}`, {
        headers: { cookie: await sessionCookie(province.db, user.id) },
      });
      return { status: response.status, body: (await response.json()) as View };
    };
    const view = (await dashboard()).body;
    expect(view.unit.key).toBe(communeKey);
    expect(view.totals).toMatchObject({ schools: 1, schoolsWithFailures: 1, failed: 1, pending: 0 });
    const row = view.schools[0]!;
    expect(row.code).toBe(schoolCode);
    expect(row.byKind.student).toMatchObject({ held: 60, success: 59, failed: 1 });
    expect(row.topFailures).toEqual([{ code: 'PERSONAL_ID_BIRTH_YEAR_MISMATCH', count: 1 }]);
    expect(row.lastSuccessAt).not.toBeNull();
    // Another commune's officer sees none of it, and cannot ask for this commune.
    const elsewhere = await createUser(province.db, 'commune_officer', otherCommune);
    expect((await dashboard('', elsewhere)).body.totals.schools).toBe(0);
    expect((await dashboard(`?unitKey=${communeKey}`, elsewhere)).status).toBe(404);
    const sở = await createUser(province.db, 'province_officer', 'P40');
    const whole = (await dashboard('', sở)).body;
    expect(whole.children).toEqual([expect.objectContaining({ key: communeKey, schools: 1 })]);
    expect(whole.schools[0]).toMatchObject({ levelCode: 'TH' });

    // Drilling into the school: its records as the province holds them, and its failure.
    const get = async (path: string, user = officer) => {
      const response = await fetch(`${provinceUrl}${path}`, {
        headers: { cookie: await sessionCookie(province.db, user.id) },
      });
      // biome-ignore lint/suspicious/noExplicitAny: each route answers its own shape.
      return { status: response.status, body: (await response.json()) as any };
    };
    const held = await get(
      `/api/dashboard/school-records?schoolKey=S${schoolCode}&kind=student&pageSize=100`,
    );
    expect(held.status).toBe(200);
    expect(held.body.total).toBe(60);
    expect(held.body.items.filter((r: { status: string }) => r.status === 'success')).toHaveLength(59);
    const failedRecord = held.body.items.find((r: { status: string }) => r.status === 'failed');
    expect(failedRecord.error).toMatchObject({ code: 'PERSONAL_ID_BIRTH_YEAR_MISMATCH' });
    const audited = await province.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor_id', '=', officer.id)
      .where('action', '=', 'personal_data.read')
      .execute();
    expect(audited.length).toBeGreaterThan(0);
    const failures = await get(`/api/dashboard/school-failures?schoolKey=S${schoolCode}`);
    expect(failures.body.items).toEqual([
      expect.objectContaining({
        recordId: failedRecord.id,
        kind: 'student',
        name: failedRecord.name,
        decidedBy: 'national',
        error: expect.objectContaining({ code: 'PERSONAL_ID_BIRTH_YEAR_MISMATCH' }),
      }),
    ]);
    // …but not by an officer of another commune: the school is as good as missing.
    const foreign = await get(`/api/dashboard/school-records?schoolKey=S${schoolCode}`, elsewhere);
    expect(foreign.status).toBe(404);
    expect((await get(`/api/dashboard/school-failures?schoolKey=S${schoolCode}`, elsewhere)).status).toBe(
      404,
    );

    // The charts' figures.
    const statistics = (await get('/api/dashboard/statistics', sở)).body;
    expect(statistics.failuresByCode).toEqual([
      expect.objectContaining({ code: 'PERSONAL_ID_BIRTH_YEAR_MISMATCH', count: 1 }),
    ]);
    expect(statistics.studentsByGender.reduce((sum: number, g: { count: number }) => sum + g.count, 0)).toBe(
      60,
    );
    expect(statistics.studentsByGrade.every((g: { label: string }) => /^Khối [1-5]$/.test(g.label))).toBe(
      true,
    );
    expect(statistics.progress.at(-1).success).toBeGreaterThanOrEqual(59);
    expect((await get('/api/dashboard/statistics', elsewhere)).body.studentsByGender).toEqual([]);
  });

  it('exports a table as it is shown to an Excel file that opens', async () => {
    const response = await fetch(`${schoolUrl}/api/export/table.xlsx`, {
      method: 'POST',
      headers: {
        cookie,
        origin: ORIGIN.replace('localhost:80', schoolUrl.slice(7)),
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        title: 'Tình hình đồng bộ các trường',
        columns: [
          { key: 'a', header: 'Tên trường' },
          { key: 'b', header: 'Thất bại' },
        ],
        rows: [{ a: 'Trường Tiểu học Thạch Thị', b: 1 }],
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('Tinh-hinh-dong-bo-cac-truong.xlsx');
    const read = await readWorkbook(Buffer.from(await response.arrayBuffer()), [
      { key: 'name', header: 'Tên trường' },
      { key: 'failed', header: 'Thất bại', kind: 'number' },
    ]);
    expect(read.rows.map((r) => r.values)).toEqual([{ name: 'Trường Tiểu học Thạch Thị', failed: 1 }]);
  });

  it('finds the tiers in agreement by digest, and resends what the province lost', async () => {
    const local = async (kind: string) => (await api('GET', `/api/sync/digest?kind=${kind}`)).body;
    const lines = await reconcileSchools(school.db, running.queues.school, testSecretKeys);
    const line = (kind: string) => lines.find((l) => l.kind === kind)!;
    // Everything the school holds as Thành công, the province holds at the same version.
    for (const kind of ['school', 'staff', 'class'])
      expect(line(kind).here.hash, kind).toBe(line(kind).upstream.hash);
    expect(lines.every((l) => l.resent === 0)).toBe(true);
    // The student the nation refused stays at the province (it accepted it) but not at the school's Thành công.
    expect(line('student')).toMatchObject({ here: { count: 59 }, upstream: { count: 60 } });

    // The province loses a class (a restored backup): reconcile notices and sends it again.
    const [lostClass] = (await api('GET', '/api/classes')).body.items;
    await province.db.deleteFrom('sync_records').where('id', '=', lostClass.id).execute();
    const before = await reconcileSchools(school.db, running.queues.school, testSecretKeys);
    expect(before.find((l) => l.kind === 'class')).toMatchObject({ resent: 1 });
    await until(
      () => api('GET', `/api/classes/${lostClass.id}`),
      (r) => r.body.syncState === 'success',
    );
    expect(
      await province.db
        .selectFrom('sync_records')
        .select('id')
        .where('id', '=', lostClass.id)
        .executeTakeFirst(),
    ).toBeDefined();
    const mine = await local('class');
    const after = await reconcileSchools(school.db, running.queues.school, testSecretKeys);
    expect(after.find((l) => l.kind === 'class')).toMatchObject({
      here: { hash: mine.hash },
      upstream: { hash: mine.hash },
      resent: 0,
    });
  });

  it('syncs the fixed record again with "đồng bộ lại các bản ghi lỗi"', async () => {
    const runs = (await api('GET', '/api/sync/runs?status=failed')).body.items;
    const [failedItem] = (await api('GET', `/api/sync/runs/${runs[0].id}/items?status=failed`)).body.items;
    const student = (await api('GET', `/api/students/${failedItem.id}`)).body;
    const fixed = await api('PUT', `/api/students/${failedItem.id}`, {
      ...Object.fromEntries(Object.entries(student.data).filter(([k]) => k !== 'schoolYear')),
      personalId: '040219000001',
    });
    expect(fixed.status).toBe(200);
    const retry = await api('POST', `/api/sync/runs/${runs[0].id}/retry-failed`);
    expect(retry.status).toBe(202);
    expect(retry.body.records).toBe(1);
    const after = await until(
      () => api('GET', `/api/students/${failedItem.id}`),
      (r) => r.body.syncState !== 'pending',
    );
    expect(after.body).toMatchObject({
      syncState: 'success',
      nationalId: expect.stringMatching(/^HS\d{10}$/),
    });
  });

  it('syncs school info, the remaining staff and a class’s results too; afterwards the three tiers agree', async () => {
    const info = (await api('GET', '/api/school')).body;
    const { code: _code, ...data } = info.data;
    expect(
      (await api('PUT', '/api/school', { ...data, phone: '0238 3999 888', version: info.version })).status,
    ).toBe(200);
    expect((await api('POST', '/api/school/sync', { allUnsynced: true })).status).toBe(202);
    expect((await api('POST', '/api/staff/sync', { allUnsynced: true })).body.records).toBeGreaterThan(0);

    // The whole of one class, at the end of the first term, then synced.
    const [cls] = (await api('GET', '/api/classes?sort=grade')).body.items;
    const grid = (await api('GET', `/api/results?classId=${cls.id}&period=CK1`)).body;
    const entry = allGoodPrimaryEntry(grid.grid);
    const saved = await api('PUT', '/api/results', {
      classId: cls.id,
      period: 'CK1',
      entries: grid.rows.map((r: { studentId: string }) => ({ studentId: r.studentId, entry })),
    });
    expect(saved.body).toMatchObject({ saved: grid.rows.length, incomplete: 0 });
    expect((await api('POST', '/api/results/sync', { allUnsynced: true })).body.records).toBe(
      grid.rows.length,
    );

    const settled = async () => {
      const { rows } = await sql<{ n: number }>`
        SELECT (SELECT count(*) FROM results WHERE sync_state <> 'success')
             + (SELECT count(*) FROM staff WHERE sync_state <> 'success')
             + (SELECT count(*) FROM schools WHERE sync_state <> 'success') AS n`.execute(school.db);
      return Number(rows[0]!.n);
    };
    expect(await until(settled, (n) => n === 0)).toBe(0);
    expect(
      (await national.db.selectFrom('sync_records').select('id').where('kind', '=', 'result').execute())
        .length,
    ).toBe(grid.rows.length);

    // Agreement: the school with the province, the province with the nation.
    for (const line of await reconcileSchools(school.db, running.queues.school, testSecretKeys)) {
      expect(line.resent, `${line.kind} school → province`).toBe(0);
      if (line.kind !== 'student') expect(line.here.hash, line.kind).toBe(line.upstream.hash);
    }
    for (const line of await reconcileProvince(province.db, running.queues.province, testSecretKeys)) {
      expect(line.resent, `${line.kind} province → nation`).toBe(0);
    }
  });

  it('sends again on its own the newer version of a record edited while its sync was under way', async () => {
    const [student] = (await api('GET', '/api/students?pageSize=1')).body.items;
    const before = (await api('GET', `/api/students/${student.id}`)).body;
    const { schoolYear: _, ...data } = before.data;
    const edited = { ...data, father: { name: 'Nguyễn Văn Sửa', phone: '0912000111' } };
    expect((await api('PUT', `/api/students/${student.id}`, edited)).status).toBe(200); // unsynced again
    expect((await api('POST', '/api/students/sync', { ids: [student.id] })).status).toBe(202);
    const later = { ...edited, father: { name: 'Nguyễn Văn Sửa Lại', phone: '0912000111' } };
    expect((await api('PUT', `/api/students/${student.id}`, later)).body.version).toBe(before.version + 2);
    const settled = await until(
      () => api('GET', `/api/students/${student.id}`),
      (r) => r.body.syncState === 'success',
    );
    expect(settled.body.version).toBe(before.version + 2);
    const held = await national.db
      .selectFrom('sync_records')
      .select(['version', 'payload'])
      .where('id', '=', student.id)
      .executeTakeFirstOrThrow();
    expect(held).toMatchObject({
      version: before.version + 2,
      payload: { father: { name: 'Nguyễn Văn Sửa Lại' } },
    });
  });

  it('finds a synced pupil in the national registry by personal ID or identifier, and logs the look-up', async () => {
    const student = (await api('GET', '/api/students?pageSize=100')).body.items.find(
      (s: { personalId: string | null; nationalId: string | null }) => s.personalId && s.nationalId,
    );
    const officer = await createUser(national.db, 'national_officer', 'VN');
    const nationalUrl = running.urls.national!.replace('localhost', '127.0.0.1');
    const lookup = async (
      q: string,
      user = officer,
      url = nationalUrl,
      db: typeof national.db | typeof province.db = national.db,
    ) => {
      const response = await fetch(`${url}/api/registry/lookup?q=${q}`, {
        headers: { cookie: await sessionCookie(db, user.id) },
      });
      return {
        status: response.status,
        body: (await response.json()) as {
          persons: { nationalId: string; enrolments: { school: { code: string; province: string } }[] }[];
        },
      };
    };
    const byPersonalId = await lookup(student.personalId);
    expect(byPersonalId.body.persons).toEqual([
      expect.objectContaining({
        nationalId: student.nationalId,
        enrolments: [
          expect.objectContaining({
            school: expect.objectContaining({ code: schoolCode, province: 'Tỉnh Nghệ An' }),
          }),
        ],
      }),
    ]);
    expect((await lookup(student.nationalId)).body.persons).toHaveLength(1);
    expect((await lookup('123')).status).toBe(400);
    const logged = await national.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'personal_data.read')
      .execute();
    expect(logged.map((l) => (l.details as { query: string }).query)).toEqual(
      expect.arrayContaining([student.personalId, student.nationalId]),
    );
    // At the province, an officer of another commune finds nobody.
    const { other: otherCommune } = await communesOf(province, schoolCode);
    const stranger = await createUser(province.db, 'commune_officer', otherCommune);
    const provinceUrl = running.urls.province!.replace('localhost', '127.0.0.1');
    expect((await lookup(student.personalId, stranger, provinceUrl, province.db)).body.persons).toEqual([]);
  });
});
