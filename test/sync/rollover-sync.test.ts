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
    tiers = await startThreeTiers({ students: 12, seed: 47 });
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
  }, 180_000);
});
