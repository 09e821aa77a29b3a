// After Kết chuyển năm học the next year's classes and pupils sync upstream like any records,
// and each pupil stays the same person nationwide: their national identifier carries over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, sessionCookie } from '../helpers/access.ts';
import { type Answer, schoolApi, until } from '../helpers/school-api.ts';
import { startThreeTiers, type ThreeTiers } from '../helpers/three-tiers.ts';

type Api = (method: string, path: string, body?: unknown) => Promise<Answer>;
interface Pupil {
  id: string;
  personalId: string | null;
  nationalId: string | null;
  syncState: string;
}

describe('the next school year synced upstream', () => {
  let tiers: ThreeTiers;
  let api: Api;

  beforeAll(async () => {
    tiers = await startThreeTiers({ students: 12, seed: 47, schools: 2 });
    const admin = await createUser(tiers.school.db, 'school_admin', `S${tiers.schoolCodes[0]}`);
    api = schoolApi(tiers.links.school, await sessionCookie(tiers.school.db, admin.id));
  }, 120_000);
  afterAll(() => tiers?.stop());

  async function syncAll() {
    const failed: unknown[] = [];
    for (const path of ['/api/school/sync', '/api/classes/sync', '/api/staff/sync', '/api/students/sync']) {
      const started = await api('POST', path, { allUnsynced: true });
      if (started.body?.errors?.[0]?.code === 'NOTHING_TO_SYNC') continue;
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      // Done when every record of the run (and those that travelled with it) has its answer.
      const items = (
        await until(
          () => api('GET', `/api/sync/runs/${started.body.runId}/items`),
          (r) => r.body.items.every((i: { status: string }) => i.status !== 'pending'),
        )
      ).body.items;
      failed.push(...items.filter((i: { status: string }) => i.status !== 'success'));
    }
    return failed;
  }
  const pupilsOf = async (year: string) =>
    (await api('GET', `/api/students?schoolYear=${year}&pageSize=200`)).body.items as Pupil[];

  it('rolls over, syncs the new year with nothing refused, and every pupil keeps their national id', async () => {
    // Two pupils without a personal ID: the national tier knows them by their records alone.
    for (const pupil of (await api('GET', '/api/students?pageSize=2')).body.items as Pupil[]) {
      const view = (await api('GET', `/api/students/${pupil.id}`)).body;
      const { schoolYear: _year, personalId: _id, ...data } = view.data;
      const saved = await api('PUT', `/api/students/${pupil.id}`, { ...data, version: view.version });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    }
    expect(await syncAll()).toEqual([]);
    const year = (await api('GET', '/api/school')).body.currentSchoolYear as string;
    const before = await pupilsOf(year);
    expect(before.every((p) => p.nationalId)).toBe(true);

    expect((await api('POST', '/api/school/close-year', { schoolYear: year })).status).toBe(200);
    const rolled = await api('POST', '/api/school/rollover', { fromYear: year });
    expect(rolled.status, JSON.stringify(rolled.body)).toBe(200);
    const next = rolled.body.plan.toYear as string;
    expect(rolled.body.pupilsWritten).toBeGreaterThan(0);

    expect(await syncAll()).toEqual([]);
    const after = await pupilsOf(next);
    expect(after).toHaveLength(rolled.body.pupilsWritten);
    expect(after.every((p) => p.syncState === 'success')).toBe(true);
    const idOf = new Map(before.filter((p) => p.personalId).map((p) => [p.personalId, p.nationalId]));
    const withPersonalId = after.filter((p) => p.personalId);
    expect(withPersonalId.length).toBeGreaterThan(0);
    for (const pupil of withPersonalId) expect(pupil.nationalId).toBe(idOf.get(pupil.personalId));
    // Those without a personal ID too: each carries last year's identifier, none a new one.
    expect(after.some((p) => !p.personalId)).toBe(true);
    const lastYear = new Set(before.map((p) => p.nationalId));
    for (const pupil of after) expect(lastYear.has(pupil.nationalId)).toBe(true);
    expect(new Set(after.map((p) => p.nationalId)).size).toBe(after.length);
  }, 180_000);

  it('never lets another school carry on a pupil it does not hold, to take their identifier', async () => {
    const theirs = (await api('GET', '/api/students?pageSize=1')).body.items[0] as Pupil;
    expect(theirs.nationalId).toBeTruthy();
    const other = await createUser(tiers.school.db, 'school_admin', `S${tiers.schoolCodes[1]}`);
    const otherApi = schoolApi(tiers.links.school, await sessionCookie(tiers.school.db, other.id));
    const [classmate] = (await otherApi('GET', '/api/students?pageSize=1')).body.items as Pupil[];
    const view = (await otherApi('GET', `/api/students/${classmate!.id}`)).body;
    const { schoolYear: _year, personalId: _id, ...data } = view.data;
    const added = await otherApi('POST', '/api/students', {
      ...data,
      fullName: 'Học Sinh Mạo Danh',
      previousYearRecordId: theirs.id,
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const started = await otherApi('POST', '/api/students/sync', { ids: [added.body.id] });
    expect(started.status).toBe(202);
    const items = (
      await until(
        () => otherApi('GET', `/api/sync/runs/${started.body.runId}/items`),
        (r) => r.body.items.every((i: { status: string }) => i.status !== 'pending'),
      )
    ).body.items as { id: string; status: string; nationalId: string | null }[];
    const mine = items.find((i) => i.id === added.body.id)!;
    expect(mine.status).toBe('success');
    expect(mine.nationalId).toBeTruthy();
    expect(mine.nationalId).not.toBe(theirs.nationalId);
  }, 120_000);
});
