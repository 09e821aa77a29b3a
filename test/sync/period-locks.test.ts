// Reporting-period locks at the province, over real tiers: a pupil changed after the Đầu năm
// deadline for pupils fails with the period and the deadline named; an unlock lets the change
// through until it ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamDay } from '#domain/rules/period-locks.ts';
import { savePeriod } from '#tiers/province/periods/service.ts';
import { grantUnlock } from '#tiers/province/periods/unlocks.ts';
import { createUser, sessionCookie } from '../helpers/access.ts';
import { type Answer, schoolApi, syncUnsynced } from '../helpers/school-api.ts';
import { startThreeTiers, type ThreeTiers } from '../helpers/three-tiers.ts';

type Api = (method: string, path: string, body?: unknown) => Promise<Answer>;
const DAY = 86_400_000;
const dayOffset = (days: number) => vietnamDay(new Date(Date.now() + days * DAY));

describe('reporting-period locks at the province', () => {
  let tiers: ThreeTiers;
  let api: Api;
  let year: string;

  beforeAll(async () => {
    tiers = await startThreeTiers({ students: 4, seed: 23 });
    const admin = await createUser(tiers.school.db, 'school_admin', `S${tiers.schoolCode}`);
    api = schoolApi(tiers.links.school, await sessionCookie(tiers.school.db, admin.id));
  }, 120_000);
  afterAll(() => tiers?.stop());

  const sync = (path: string) => syncUnsynced(api, path);
  async function editPupil() {
    const [pupil] = (await api('GET', `/api/students?schoolYear=${year}&pageSize=1`)).body.items;
    const student = (await api('GET', `/api/students/${pupil.id}`)).body;
    const edited = await api('PUT', `/api/students/${pupil.id}`, {
      ...Object.fromEntries(Object.entries(student.data).filter(([k]) => k !== 'schoolYear')),
      nationality: student.data.nationality === 'Việt Nam' ? 'Lào' : 'Việt Nam',
    });
    return { id: pupil.id as string, edited };
  }

  it('refuses a pupil changed after the deadline, naming the period and the day', async () => {
    for (const path of ['/api/school/sync', '/api/classes/sync', '/api/staff/sync', '/api/students/sync'])
      expect(await sync(path)).toEqual([]);
    year = (await api('GET', '/api/school')).body.currentSchoolYear;
    const deadline = dayOffset(-2);
    await savePeriod(
      tiers.province.db,
      { schoolYear: year, period: 'DN' },
      { opensOn: dayOffset(-30), deadlines: { school: dayOffset(30), student: deadline } },
      'so.gddt',
    );

    const { id, edited } = await editPupil();
    expect(edited.status).toBe(200);
    const failed = await sync('/api/students/sync');
    expect(failed).toEqual([
      expect.objectContaining({
        id,
        status: 'failed',
        error: expect.objectContaining({ code: 'PERIOD_LOCKED' }),
      }),
    ]);
    expect(failed[0].error.message).toBe(
      `Kỳ báo cáo Đầu năm ${year} đã hết hạn nộp Thông tin học sinh ngày ${deadline.split('-').reverse().join('/')}. Gửi yêu cầu mở khóa để sửa.`,
    );
    // The school's information has a later deadline: it still goes through.
    const info = (await api('GET', '/api/school')).body;
    const { code: _code, ...data } = info.data;
    expect(
      (await api('PUT', '/api/school', { ...data, phone: '0238 3777 111', version: info.version })).status,
    ).toBe(200);
    expect(await sync('/api/school/sync')).toEqual([]);
  }, 120_000);

  it('lets the change through while an unlock lasts, and refuses it again once it has ended', async () => {
    const grant = {
      schoolCode: tiers.schoolCode,
      schoolYear: year,
      period: 'DN' as const,
      reason: 'Bổ sung hồ sơ',
      grantedBy: null,
      source: 'request' as const,
    };
    // An unlock of other kinds, or of another school, does not help.
    await grantUnlock(tiers.province.db, {
      ...grant,
      kinds: ['class'],
      until: new Date(Date.now() + 3600_000),
    });
    await grantUnlock(tiers.province.db, {
      ...grant,
      schoolCode: 'XX999',
      kinds: null,
      until: new Date(Date.now() + 3600_000),
    });
    expect((await sync('/api/students/sync')).map((i: { error: { code: string } }) => i.error.code)).toEqual([
      'PERIOD_LOCKED',
    ]);

    const unlockId = await grantUnlock(tiers.province.db, {
      ...grant,
      kinds: ['student'],
      until: new Date(Date.now() + 3600_000),
    });
    expect(await sync('/api/students/sync')).toEqual([]);

    await tiers.province.db
      .updateTable('period_unlocks')
      .set({ until: new Date(Date.now() - 1000) })
      .where('id', '=', unlockId)
      .execute();
    expect((await editPupil()).edited.status).toBe(200);
    expect((await sync('/api/students/sync')).map((i: { error: { code: string } }) => i.error.code)).toEqual([
      'PERIOD_LOCKED',
    ]);
  }, 120_000);

  it('refuses the edit at the school too once it has read the periods, until the officer grants its request', async () => {
    const seen = await api('GET', '/api/reporting-periods');
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    expect(seen.body).toMatchObject({ fresh: true });
    expect(seen.body.locks).toEqual([expect.objectContaining({ period: 'DN', kind: 'student' })]);
    const refused = (await editPupil()).edited;
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'PERIOD_LOCKED', message: seen.body.locks[0].message });

    const filed = await api('POST', '/api/reporting-periods/unlock-requests', {
      schoolYear: year,
      period: 'DN',
      kinds: ['student'],
      reason: 'Cập nhật quốc tịch học sinh',
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const officer = await createUser(tiers.province.db, 'province_admin', 'P40');
    const province = schoolApi(tiers.links.province, await sessionCookie(tiers.province.db, officer.id));
    const until = new Date(Date.now() + 3600_000).toISOString();
    expect(
      (await province('POST', `/api/unlock-requests/${filed.body.id}/answer`, { grant: true, until })).status,
    ).toBe(200);
    const after = (await api('GET', '/api/reporting-periods')).body;
    expect(after.locks).toEqual([]);
    expect(after.requests[0]).toMatchObject({ status: 'granted', until });
    expect((await editPupil()).edited.status).toBe(200);
    expect(await sync('/api/students/sync')).toEqual([]);
  }, 120_000);
});
