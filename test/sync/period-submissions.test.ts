// Nộp và duyệt over real tiers: a school submits a period only once its records are synced; the
// figures are the province's own; the credential decides which school submits; officers see and
// review only their unit's schools; a return reopens the school's editing until the time chosen;
// approval is final; the school reads every answer; each step is in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamDay } from '#domain/rules/period-locks.ts';
import { newWorkbook } from '#excel/load-exceljs.ts';
import { savePeriod } from '#tiers/province/periods/service.ts';
import { auditActions, createCredential, createUser, sessionCookie } from '../helpers/access.ts';
import { PROVINCE_CODE } from '../helpers/one-school.ts';
import { type Answer, schoolApi, syncUnsynced } from '../helpers/school-api.ts';
import { communesOf, startThreeTiers, type ThreeTiers } from '../helpers/three-tiers.ts';

type Api = (method: string, path: string, body?: unknown) => Promise<Answer>;
const DAY = 86_400_000;
const dayOffset = (days: number) => vietnamDay(new Date(Date.now() + days * DAY));
const SYNC_PATHS = [
  '/api/school/sync',
  '/api/classes/sync',
  '/api/staff/sync',
  '/api/students/sync',
  '/api/results/sync',
];

describe('submitting a reporting period and reviewing it', () => {
  let tiers: ThreeTiers;
  let clerk: Api;
  let officer: Api;
  let officerCookie: string;
  let commune: { own: Api; other: Api };
  let otherSchool: Api;
  let year: string;
  let submissionId: string;

  beforeAll(async () => {
    tiers = await startThreeTiers({ students: 4, seed: 41, schools: 2 });
    const admin = await createUser(tiers.school.db, 'school_admin', `S${tiers.schoolCode}`);
    clerk = schoolApi(tiers.links.school, await sessionCookie(tiers.school.db, admin.id));
    const db = tiers.province.db;
    const as = async (role: 'province_officer' | 'commune_officer', unit: string) =>
      schoolApi(tiers.links.province, await sessionCookie(db, (await createUser(db, role, unit)).id));
    officerCookie = await sessionCookie(
      db,
      (await createUser(db, 'province_officer', `P${PROVINCE_CODE}`)).id,
    );
    officer = schoolApi(tiers.links.province, officerCookie);
    const units = await communesOf(tiers.province, tiers.schoolCode);
    commune = {
      own: await as('commune_officer', units.own),
      other: await as('commune_officer', units.other),
    };
    const other = tiers.schoolCodes.find((code) => code !== tiers.schoolCode)!;
    const credential = await createCredential(db, `S${other}`);
    otherSchool = async (method, path, body) => {
      const response = await fetch(`${tiers.links.province}${path}`, {
        method,
        headers: {
          authorization: `Basic ${Buffer.from(`${credential.clientId}:${credential.secret}`).toString('base64')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    };
    year = (await clerk('GET', '/api/school')).body.currentSchoolYear;
  }, 120_000);
  afterAll(() => tiers?.stop());

  const submit = () => clerk('POST', '/api/reporting-periods/submit', { schoolYear: year, period: 'DN' });

  it('refuses Nộp while records are not synced, then takes it with the province’s own figures', async () => {
    const early = await submit();
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('SUBMISSION_NOT_SYNCED');
    expect(early.body.message).toMatch(/^Còn \d+ bản ghi chưa đồng bộ xong/);
    expect(await tiers.province.db.selectFrom('period_submissions').selectAll().execute()).toEqual([]);

    for (const path of SYNC_PATHS) expect(await syncUnsynced(clerk, path)).toEqual([]);
    // Đầu năm: pupils were due two days ago, the school's information in a month.
    await savePeriod(
      tiers.province.db,
      { schoolYear: year, period: 'DN' },
      { opensOn: dayOffset(-30), deadlines: { school: dayOffset(30), student: dayOffset(-2) } },
      'so.gddt',
    );
    const submitted = await submit();
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    submissionId = submitted.body.id;
    const pupils = (await clerk('GET', `/api/students?schoolYear=${year}&pageSize=200`)).body.total;
    expect(submitted.body).toMatchObject({ schoolCode: tiers.schoolCode, status: 'submitted' });
    expect(submitted.body.figures.student).toEqual({ held: pupils, failed: 0 });

    const again = await submit();
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SUBMISSION_UNDER_REVIEW');
    const seen = (await clerk('GET', '/api/reporting-periods')).body;
    expect(seen.submissions).toEqual([expect.objectContaining({ id: submissionId, status: 'submitted' })]);
  }, 120_000);

  it('takes a submission for the school its credential names, whatever the body says', async () => {
    const named = await otherSchool('POST', '/api/sync/v1/submissions', {
      schoolYear: year,
      period: 'DN',
      schoolCode: tiers.schoolCode,
    });
    expect(named.status, JSON.stringify(named.body)).toBe(201);
    expect(named.body.schoolCode).not.toBe(tiers.schoolCode);
    const never = await otherSchool('POST', '/api/sync/v1/submissions', { schoolYear: year, period: 'CN' });
    expect(never.status).toBe(404);
  });

  it('shows each officer only the schools of their unit, with the counts', async () => {
    const list = await officer('GET', `/api/submissions?schoolYear=${year}&period=DN`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.counts).toMatchObject({ schools: 2, submitted: 2, approved: 0, returned: 0, late: 0 });
    expect(list.body.due).toBe(dayOffset(30));
    const own = (await commune.own('GET', `/api/submissions?schoolYear=${year}&period=DN`)).body;
    expect(own.items.map((i: { schoolCode: string }) => i.schoolCode)).toContain(tiers.schoolCode);
    const other = (await commune.other('GET', `/api/submissions?schoolYear=${year}&period=DN`)).body;
    expect(other.items.map((i: { schoolCode: string }) => i.schoolCode)).not.toContain(tiers.schoolCode);
    expect((await commune.other('GET', `/api/submissions/${submissionId}`)).status).toBe(404);
    expect(
      (await commune.other('POST', `/api/submissions/${submissionId}/review`, { decision: 'approve' }))
        .status,
    ).toBe(404);
    expect((await officer('GET', `/api/submissions?schoolYear=${year}&period=XX`)).status).toBe(400);
  });

  it('returns with a comment, reopening the locked pupils until the time chosen; the school sees why', async () => {
    const [pupil] = (await clerk('GET', `/api/students?schoolYear=${year}&pageSize=1`)).body.items;
    await clerk('GET', '/api/reporting-periods');
    expect((await clerk('DELETE', `/api/students/${pupil.id}`)).status).toBe(409);

    const noComment = await officer('POST', `/api/submissions/${submissionId}/review`, {
      decision: 'return',
      comment: '',
      reopenUntil: new Date(Date.now() + DAY).toISOString(),
    });
    expect(noComment.status).toBe(400);
    const returned = await commune.own('POST', `/api/submissions/${submissionId}/review`, {
      decision: 'return',
      comment: 'Thiếu học sinh chuyển đi',
      reopenUntil: new Date(Date.now() + 2 * DAY).toISOString(),
    });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', comment: 'Thiếu học sinh chuyển đi' });

    const seen = (await clerk('GET', '/api/reporting-periods')).body;
    expect(seen.submissions[0]).toMatchObject({ status: 'returned', comment: 'Thiếu học sinh chuyển đi' });
    expect(seen.unlocks).toEqual([
      expect.objectContaining({ period: 'DN', kinds: null, source: 'returned' }),
    ]);
    expect(seen.locks).toEqual([]);
    expect((await clerk('DELETE', `/api/students/${pupil.id}`)).status).toBe(204);
    expect(await syncUnsynced(clerk, '/api/students/sync')).toEqual([]);
  }, 120_000);

  it('takes the submission again, shows what changed, approves it once and for all', async () => {
    const second = await submit();
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    const detail = (await officer('GET', `/api/submissions/${second.body.id}`)).body;
    const held = detail.figures.student.held;
    expect(detail.previous).toMatchObject({ status: 'returned' });
    expect(detail.changes).toEqual([{ kind: 'student', figure: 'held', before: held + 1, after: held }]);
    // The first submission was answered already.
    expect(
      (await officer('POST', `/api/submissions/${submissionId}/review`, { decision: 'approve' })).body.code,
    ).toBe('SUBMISSION_REVIEWED');

    const approved = await officer('POST', `/api/submissions/${second.body.id}/review`, {
      decision: 'approve',
    });
    expect(approved.body).toMatchObject({ status: 'approved' });
    expect((await submit()).body.code).toBe('SUBMISSION_APPROVED');
    expect((await clerk('GET', '/api/reporting-periods')).body.submissions[0]).toMatchObject({
      status: 'approved',
    });
    const counts = (await officer('GET', `/api/submissions?schoolYear=${year}&period=DN`)).body.counts;
    expect(counts).toMatchObject({ approved: 1, submitted: 1, returned: 0 });

    expect(await auditActions(tiers.province.db, 'period.')).toEqual([
      'period.approved',
      'period.returned',
      'period.submitted',
      'period.submitted',
      'period.submitted',
    ]);
    const atSchool = await tiers.school.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'period.submitted')
      .execute();
    expect(atSchool).toHaveLength(2);
  }, 120_000);

  it('reports the approved school alone: classes and pupils by grade as the school holds them, in JSON and Excel', async () => {
    const school = await tiers.school.db
      .selectFrom('schools')
      .select('id')
      .where('code', '=', tiers.schoolCode)
      .executeTakeFirstOrThrow();
    const classes = await tiers.school.db
      .selectFrom('classes')
      .select(['id', 'grade'])
      .where('school_id', '=', school.id)
      .where('school_year', '=', year)
      .where('status', '=', 'active')
      .where('deleted', '=', false)
      .execute();
    const pupils = await tiers.school.db
      .selectFrom('students')
      .select('payload')
      .where('school_id', '=', school.id)
      .where('school_year', '=', year)
      .where('deleted', '=', false)
      .execute();
    // The model: the school's own records, counted here by hand.
    const expected = new Map<
      string,
      { classes: number; pupils: number; female: number; ethnicMinority: number }
    >();
    for (const c of classes) {
      const row = expected.get(c.grade) ?? { classes: 0, pupils: 0, female: 0, ethnicMinority: 0 };
      row.classes += 1;
      expected.set(c.grade, row);
    }
    for (const { payload } of pupils) {
      if (!['01', '02', '03'].includes(payload.statusCode)) continue;
      const row = expected.get(classes.find((c) => c.id === payload.classId)!.grade)!;
      row.pupils += 1;
      if (payload.gender === 'female') row.female += 1;
      if (payload.ethnicityCode !== '01') row.ethnicMinority += 1;
    }
    const report = await officer('GET', `/api/reports/emis?schoolYear=${year}&period=DN`);
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.schools).toEqual({ total: 2, approved: 1 });
    expect(
      Object.fromEntries(
        report.body.byGrade.map(
          (r: { grade: string; classes: number; pupils: number; female: number; ethnicMinority: number }) => [
            r.grade,
            { classes: r.classes, pupils: r.pupils, female: r.female, ethnicMinority: r.ethnicMinority },
          ],
        ),
      ),
    ).toEqual(Object.fromEntries(expected));
    expect(report.body.lastYear).toBeNull();
    // The school's own report, counted from its records in memory, agrees with the province's SQL.
    const own = await clerk('GET', `/api/reporting-periods/own-report?schoolYear=${year}`);
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body).toEqual({
      schoolYear: year,
      byGrade: report.body.byGrade,
      totals: report.body.totals,
      staff: report.body.staff,
    });
    expect(own.body.staff.total).toBeGreaterThan(0);
    // Another commune's officer sees none of it; a unit outside the officer's is a 404.
    const other = (await commune.other('GET', `/api/reports/emis?schoolYear=${year}&period=DN`)).body;
    expect(other.schools.approved).toBe(0);
    expect(
      (
        await commune.other(
          'GET',
          `/api/reports/emis?schoolYear=${year}&period=DN&unitKey=S${tiers.schoolCode}`,
        )
      ).status,
    ).toBe(404);

    const file = await fetch(`${tiers.links.province}/api/reports/emis.xlsx?schoolYear=${year}&period=DN`, {
      headers: { cookie: officerCookie },
    });
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = await newWorkbook();
    await workbook.xlsx.load(Buffer.from(await file.arrayBuffer()) as never);
    const sheet = workbook.getWorksheet('Lớp và học sinh')!;
    expect(String(sheet.getCell('A1').value)).toContain(`Đầu năm ${year}`);
    expect(String(sheet.getCell('A1').value)).toContain('số liệu đã duyệt của 1/2 trường');
    const total = sheet.getRow(sheet.rowCount);
    expect(total.getCell(1).value).toBe('Tổng');
    expect(Number(total.getCell(3).value)).toBe(report.body.totals.pupils);
  });
});
