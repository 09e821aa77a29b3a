// Trust in the record, through the school's own API and the three tiers over real HTTP: a retry
// is decided by the national tier (never answered "Thành công" by the province from the past), a
// pupil deleted and added again keeps one national identifier, a dissolved class is seen as
// dissolved upstream, and a results save naming a pupil twice or carrying junk is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '#domain/rules/personal-id.ts';
import { createUser, sessionCookie } from '../helpers/access.ts';
import { type Answer, schoolApi, until } from '../helpers/school-api.ts';
import { primaryEntry } from '../helpers/school-records.ts';
import { startThreeTiers, type ThreeTiers } from '../helpers/three-tiers.ts';

interface StudentView {
  id: string;
  version: number;
  syncState: string;
  nationalId: string | null;
  data: Record<string, unknown> & { classId: string; birthDate: string; gender: 'male' | 'female' };
}

describe('integrity of the record across the three tiers', () => {
  let tiers: ThreeTiers;
  let api: (method: string, path: string, body?: unknown) => Promise<Answer>;

  beforeAll(async () => {
    tiers = await startThreeTiers({ students: 12, seed: 23 });
    const admin = await createUser(tiers.school.db, 'school_admin', `S${tiers.schoolCode}`);
    api = schoolApi(tiers.links.school, await sessionCookie(tiers.school.db, admin.id));
  }, 60_000);
  afterAll(() => tiers?.stop());

  const studentView = async (id: string): Promise<StudentView> =>
    (await api('GET', `/api/students/${id}`)).body;
  const save = async (student: StudentView, changes: Record<string, unknown>) => {
    const { schoolYear: _, ...data } = student.data;
    const answer = await api('PUT', `/api/students/${student.id}`, {
      ...data,
      ...changes,
      version: student.version,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  };
  /** Presses a sync button and waits until every record of the run is decided; answers the run's items. */
  const syncAndWait = async (path: string, body: unknown) => {
    const started = await api('POST', path, body);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await until(
      () => api('GET', `/api/sync/runs?pageSize=200`),
      (r) => r.body.items.find((run: { id: string }) => run.id === started.body.runId)?.counts.pending === 0,
    );
    return {
      runId: started.body.runId as string,
      items: (await api('GET', `/api/sync/runs/${started.body.runId}/items`)).body.items as {
        kind: string;
        id: string;
        status: string;
        decidedBy: string | null;
        nationalId: string | null;
        error: { code: string } | null;
      }[],
    };
  };
  const gradeOf = async (classId: string) => {
    const answer = await api('GET', `/api/classes/${classId}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return Number(answer.body.data.grade);
  };
  const personalIdOf = (student: StudentView, serial: number, yearShift = 0) =>
    makePersonalId({
      provinceCode: '40',
      birthYear: Number(student.data.birthDate.slice(0, 4)) + yearShift,
      gender: student.data.gender,
      serial,
    });

  it('decides a retried learning result at the national tier, once its pupil is fixed: no success the nation never gave', async () => {
    const [first] = (await api('GET', '/api/students?pageSize=50')).body.items as { id: string }[];
    const pupil = await studentView(first!.id);
    await save(pupil, { personalId: personalIdOf(pupil, 501, 1) });
    const grade = await gradeOf(pupil.data.classId);
    const saved = await api('PUT', '/api/results', {
      classId: pupil.data.classId,
      period: 'CK1',
      entries: [{ studentId: pupil.id, entry: primaryEntry(grade, 'CK1', 8) }],
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const refused = await syncAndWait('/api/results/sync', { allUnsynced: true });
    expect(refused.items.find((i) => i.id === pupil.id)).toMatchObject({
      status: 'failed',
      decidedBy: 'national',
      error: { code: 'PERSONAL_ID_BIRTH_YEAR_MISMATCH' },
    });
    const result = refused.items.find((i) => i.kind === 'result')!;
    expect(result).toMatchObject({
      status: 'failed',
      decidedBy: 'national',
      error: { code: 'REFERENCE_UNKNOWN' },
    });

    await save(await studentView(pupil.id), { personalId: personalIdOf(pupil, 501) });
    const fixed = await syncAndWait('/api/students/sync', { ids: [pupil.id] });
    expect(fixed.items.find((i) => i.id === pupil.id)).toMatchObject({
      status: 'success',
      decidedBy: 'national',
    });
    const retried = await syncAndWait(`/api/sync/runs/${refused.runId}/retry-failed`, undefined);
    expect(retried.items.find((i) => i.id === result.id)).toMatchObject({
      status: 'success',
      decidedBy: 'national',
    });
    const held = await tiers.national.db
      .selectFrom('sync_records')
      .select('version')
      .where('id', '=', result.id)
      .executeTakeFirst();
    expect(held).toBeDefined();
  });

  it('gives a pupil deleted and added again at the same school the identifier the pupil had', async () => {
    const list = (await api('GET', '/api/students?pageSize=50')).body.items as { id: string }[];
    const pupil = await studentView(list[1]!.id);
    const personalId = personalIdOf(pupil, 502);
    await save(pupil, { personalId });
    const synced = await syncAndWait('/api/students/sync', { ids: [pupil.id] });
    const nationalId = synced.items.find((i) => i.id === pupil.id)!.nationalId;
    expect(nationalId).toMatch(/^HS\d{10}$/);
    expect((await api('DELETE', `/api/students/${pupil.id}`)).status).toBe(204);
    await syncAndWait('/api/students/sync', { allUnsynced: true });

    const { schoolYear: _, ...data } = pupil.data;
    const added = await api('POST', '/api/students', { ...data, personalId });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const again = await syncAndWait('/api/students/sync', { ids: [added.body.id] });
    expect(again.items.find((i) => i.id === added.body.id)).toMatchObject({ status: 'success', nationalId });

    const officer = await createUser(tiers.national.db, 'national_officer', 'VN');
    const lookup = await fetch(`${tiers.links.national}/api/registry/lookup?q=${personalId}`, {
      headers: { cookie: await sessionCookie(tiers.national.db, officer.id) },
    });
    const { persons } = (await lookup.json()) as { persons: { nationalId: string; enrolments: unknown[] }[] };
    expect(persons).toHaveLength(1);
    expect(persons[0]).toMatchObject({ nationalId, enrolments: [expect.anything(), expect.anything()] });
  });

  it('shows a dissolved class as dissolved, with its date, at the province and the national tier', async () => {
    const added = await api('POST', '/api/classes', { name: '5Z', grade: '5' });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    await syncAndWait('/api/classes/sync', { ids: [added.body.id] });
    expect(
      (await api('POST', `/api/classes/${added.body.id}/dissolve`, { dissolvedOn: '2026-12-01' })).status,
    ).toBe(200);
    const synced = await syncAndWait('/api/classes/sync', { ids: [added.body.id] });
    expect(synced.items.find((i) => i.id === added.body.id)).toMatchObject({ status: 'success' });
    for (const [tier, unit, role] of [
      ['province', 'P40', 'province_officer'],
      ['national', 'VN', 'national_officer'],
    ] as const) {
      const officer = await createUser(tiers[tier].db, role, unit);
      const answer = await fetch(
        `${tiers.links[tier]}/api/dashboard/school-records?schoolKey=S${tiers.schoolCode}&kind=class&q=5Z`,
        { headers: { cookie: await sessionCookie(tiers[tier].db, officer.id) } },
      );
      const { items } = (await answer.json()) as { items: { name: string; dissolvedOn: string | null }[] };
      expect(items, tier).toEqual([expect.objectContaining({ name: '5Z', dissolvedOn: '2026-12-01' })]);
    }
  });

  it('refuses a results save naming one pupil twice, or carrying what is not part of an entry, and stores nothing', async () => {
    const [first] = (await api('GET', '/api/students?pageSize=50')).body.items as {
      id: string;
      classId: string;
    }[];
    const cls = { id: first!.classId };
    const entry = primaryEntry(await gradeOf(cls.id), 'GK1', 7);
    const twice = await api('PUT', '/api/results', {
      classId: cls.id,
      period: 'GK1',
      entries: [
        { studentId: first!.id, entry },
        { studentId: first!.id, entry },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.code).toBe('VALIDATION_FAILED');
    const junk = await api('PUT', '/api/results', {
      classId: cls.id,
      period: 'GK1',
      entries: [{ studentId: first!.id, entry: { ...entry, junk: 'x'.repeat(10_000) } }],
    });
    expect(junk.status).toBe(400);
    const beside = await api('PUT', '/api/results', {
      classId: cls.id,
      period: 'GK1',
      entries: [{ studentId: first!.id, entry, junk: 'x' }],
    });
    expect(beside.status).toBe(400);
    const stored = await tiers.school.db
      .selectFrom('results')
      .select('id')
      .where('student_id', '=', first!.id)
      .where('period', '=', 'GK1')
      .execute();
    expect(stored).toEqual([]);
  });
});
