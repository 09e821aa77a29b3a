// Reporting periods and unlock requests across real tiers: the Sở opens a period; a school learns
// it and files a request with its sync credential; the officer grants or refuses; each school
// sees only its own requests; every step is in the province's audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActions, createCredential, createUser, sessionCookie } from '../helpers/access.ts';
import { PROVINCE_CODE } from '../helpers/one-school.ts';
import { type Answer, schoolApi } from '../helpers/school-api.ts';
import { communesOf, startThreeTiers, type ThreeTiers } from '../helpers/three-tiers.ts';

type Api = (method: string, path: string, body?: unknown) => Promise<Answer>;

describe('reporting periods and unlock requests', () => {
  let tiers: ThreeTiers;
  let officer: Api;
  let commune: { own: Api; other: Api };
  const schools: Api[] = [];

  function machine(clientId: string, secret: string): Api {
    return async (method, path, body) => {
      const response = await fetch(`${tiers.links.province}${path}`, {
        method,
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: response.status, body: await response.json() };
    };
  }

  beforeAll(async () => {
    tiers = await startThreeTiers({ students: 2, seed: 5, schools: 2 });
    const db = tiers.province.db;
    const as = async (role: 'province_admin' | 'commune_officer', unit: string) =>
      schoolApi(tiers.links.province, await sessionCookie(db, (await createUser(db, role, unit)).id));
    officer = await as('province_admin', `P${PROVINCE_CODE}`);
    const units = await communesOf(tiers.province, tiers.schoolCodes[0]!);
    commune = {
      own: await as('commune_officer', units.own),
      other: await as('commune_officer', units.other),
    };
    for (const code of tiers.schoolCodes) {
      const credential = await createCredential(db, `S${code}`);
      schools.push(machine(credential.clientId, credential.secret));
    }
  }, 120_000);
  afterAll(() => tiers?.stop());

  it('opens a period with a deadline per kind, refusing a deadline before it opens', async () => {
    const bad = await officer('PUT', '/api/periods/2026-2027/DN', {
      opensOn: '2026-09-05',
      deadlines: { student: '2026-09-01' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('Hạn nộp không được trước ngày mở kỳ báo cáo.');
    const body = { opensOn: '2026-09-05', deadlines: { school: '2026-09-30', student: '2026-09-15' } };
    expect((await officer('PUT', '/api/periods/2026-2027/DN', body)).body).toEqual({ created: true });
    expect(
      (await officer('PUT', '/api/periods/2026-2027/DN', { ...body, opensOn: '2026-09-06' })).body,
    ).toEqual({
      created: false,
    });
    expect((await officer('PUT', '/api/periods/2026-2027/XX', body)).status).toBe(400);
    const seen = await schools[0]!('GET', '/api/sync/v1/reporting-periods');
    expect(seen.status).toBe(200);
    expect(seen.body.periods).toEqual([
      expect.objectContaining({
        schoolYear: '2026-2027',
        period: 'DN',
        opensOn: '2026-09-06',
        deadlines: body.deadlines,
      }),
    ]);
  });

  it('takes requests from the school its credential names; each school reads only its own', async () => {
    const filed = await schools[0]!('POST', '/api/sync/v1/unlock-requests', {
      schoolYear: '2026-2027',
      period: 'DN',
      kinds: ['student'],
      reason: 'Bổ sung học sinh chuyển đến',
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body).toMatchObject({ schoolCode: tiers.schoolCodes[0], status: 'open' });
    // The school cannot speak for another; a period never opened is refused.
    const named = await schools[0]!('POST', '/api/sync/v1/unlock-requests', {
      schoolYear: '2026-2027',
      period: 'CN',
      kinds: null,
      reason: 'Không có kỳ này',
    });
    expect(named.status).toBe(404);
    expect((await schools[0]!('GET', '/api/sync/v1/reporting-periods')).body.requests).toHaveLength(1);
    expect((await schools[1]!('GET', '/api/sync/v1/reporting-periods')).body.requests).toEqual([]);
    // Officers see the requests of their own unit only.
    expect(
      (await officer('GET', '/api/unlock-requests')).body.items.map((r: { id: string }) => r.id),
    ).toEqual([filed.body.id]);
    expect((await commune.other('GET', '/api/unlock-requests')).body.items).toEqual([]);
  });

  it('grants until a time, refuses with a reason, and answers each request once', async () => {
    const [request] = (await officer('GET', '/api/unlock-requests')).body.items;
    expect(
      (
        await commune.own('POST', `/api/unlock-requests/${request.id}/answer`, {
          grant: false,
          reason: 'Không',
        })
      ).status,
    ).toBe(403);
    const unknown = await officer(
      'POST',
      '/api/unlock-requests/00000000-0000-4000-8000-000000000000/answer',
      {
        grant: false,
        reason: 'Không rõ yêu cầu',
      },
    );
    expect(unknown.status).toBe(404);
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const granted = await officer('POST', `/api/unlock-requests/${request.id}/answer`, {
      grant: true,
      until,
    });
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    expect(granted.body).toMatchObject({ status: 'granted', until });
    const again = await officer('POST', `/api/unlock-requests/${request.id}/answer`, {
      grant: false,
      reason: 'Đổi ý kiến',
    });
    expect(again.status).toBe(409);
    const seen = (await schools[0]!('GET', '/api/sync/v1/reporting-periods')).body;
    expect(seen.unlocks).toEqual([
      expect.objectContaining({ period: 'DN', kinds: ['student'], until, source: 'request' }),
    ]);
    expect(seen.requests[0]).toMatchObject({ status: 'granted' });
    expect((await schools[1]!('GET', '/api/sync/v1/reporting-periods')).body.unlocks).toEqual([]);

    const second = await schools[1]!('POST', '/api/sync/v1/unlock-requests', {
      schoolYear: '2026-2027',
      period: 'DN',
      kinds: null,
      reason: 'Sửa thông tin trường',
    });
    const refused = await officer('POST', `/api/unlock-requests/${second.body.id}/answer`, {
      grant: false,
      reason: 'Đã quá thời hạn tổng hợp',
    });
    expect(refused.body).toMatchObject({ status: 'refused', answerReason: 'Đã quá thời hạn tổng hợp' });
    expect((await schools[1]!('GET', '/api/sync/v1/reporting-periods')).body).toMatchObject({
      unlocks: [],
      requests: [expect.objectContaining({ status: 'refused', answerReason: 'Đã quá thời hạn tổng hợp' })],
    });

    expect(await auditActions(tiers.province.db, 'period.')).toEqual([
      'period.changed',
      'period.opened',
      'period.unlock_granted',
      'period.unlock_refused',
      'period.unlock_requested',
      'period.unlock_requested',
    ]);
  });
});
