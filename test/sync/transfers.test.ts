// Chuyển trường through two schools' own APIs and the three tiers over real HTTP: the new school
// looks the pupil up, takes them in and asks the old school to let them go; the old school sees
// the request and agrees (the pupil becomes "Chuyển đi" and is synced at once) or refuses. In
// either order of syncing the pupil ends with one enrolment nationwide and one identifier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '#domain/rules/personal-id.ts';
import { createUser, sessionCookie } from '../helpers/access.ts';
import { type Answer, schoolApi, until } from '../helpers/school-api.ts';
import { startThreeTiers, type ThreeTiers } from '../helpers/three-tiers.ts';

type Api = (method: string, path: string, body?: unknown) => Promise<Answer>;

describe('a pupil moving between two schools', () => {
  let tiers: ThreeTiers;
  let oldSchool: Api;
  let newSchool: Api;
  let serial = 900;

  beforeAll(async () => {
    tiers = await startThreeTiers({ students: 8, seed: 31, schools: 2 });
    const [a, b] = tiers.schoolCodes;
    const signIn = async (code: string) => {
      const admin = await createUser(tiers.school.db, 'school_admin', `S${code}`);
      return schoolApi(tiers.links.school, await sessionCookie(tiers.school.db, admin.id));
    };
    oldSchool = await signIn(a!);
    newSchool = await signIn(b!);
    // Until its school record has reached the national tier, a school is told to sync it first.
    const early = await newSchool('GET', '/api/transfers/lookup?q=HS0000000001');
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('SCHOOL_NOT_SYNCED');
    // Each school's records reach the national tier before anyone moves.
    for (const api of [oldSchool, newSchool])
      await syncAndWait(api, '/api/students/sync', { allUnsynced: true });
  }, 120_000);
  afterAll(() => tiers?.stop());

  async function syncAndWait(api: Api, path: string, body?: unknown) {
    const started = await api('POST', path, body);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    return itemsOfRun(api, started.body.runId);
  }
  async function itemsOfRun(api: Api, runId: string) {
    await until(
      () => api('GET', '/api/sync/runs?pageSize=200'),
      (r) => r.body.items.find((run: { id: string }) => run.id === runId)?.counts.pending === 0,
    );
    return {
      runId,
      items: (await api('GET', `/api/sync/runs/${runId}/items`)).body.items as {
        kind: string;
        id: string;
        status: string;
        decidedBy: string | null;
        nationalId: string | null;
        error: { code: string; message: string } | null;
      }[],
    };
  }

  /** A pupil of the old school with a personal ID of their own, synced: their identifier. */
  async function syncedPupil() {
    const list = (await oldSchool('GET', '/api/students?pageSize=100')).body.items as {
      id: string;
      statusCode: string;
    }[];
    const pupil = list.find((s) => s.statusCode === '01')!;
    const view = (await oldSchool('GET', `/api/students/${pupil.id}`)).body;
    serial += 1;
    const personalId = makePersonalId({
      provinceCode: '40',
      birthYear: Number(view.data.birthDate.slice(0, 4)),
      gender: view.data.gender,
      serial,
    });
    const { schoolYear: _, ...data } = view.data;
    const saved = await oldSchool('PUT', `/api/students/${pupil.id}`, {
      ...data,
      personalId,
      version: view.version,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const run = await syncAndWait(oldSchool, '/api/students/sync', { ids: [pupil.id] });
    const nationalId = run.items.find((i) => i.id === pupil.id)!.nationalId!;
    expect(nationalId).toMatch(/^HS\d{10}$/);
    const grade = (await oldSchool('GET', `/api/classes/${view.data.classId}`)).body.data.grade as string;
    return { id: pupil.id, personalId, nationalId, grade };
  }

  /** "Tiếp nhận học sinh chuyển đến": look up, then a record of the new school filled from it. */
  async function takeIn(q: string, grade: string) {
    // A class of the pupil's grade at the new school (a small school may have to open one).
    const existing = (await newSchool('GET', `/api/classes?grade=${grade}`)).body.items[0]?.id;
    const opened = existing
      ? undefined
      : await newSchool('POST', '/api/classes', { name: `${grade}C`, grade });
    if (opened) expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const newClassId = existing ?? opened!.body.id;
    const found = await newSchool('GET', `/api/transfers/lookup?q=${q}`);
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    const person = found.body;
    const added = await newSchool('POST', '/api/students', {
      fullName: person.fullName,
      birthDate: person.birthDate,
      gender: person.gender,
      ethnicityCode: person.ethnicityCode,
      personalId: person.personalId ?? undefined,
      classId: newClassId,
      statusCode: '02',
      statusDate: '2026-12-01',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    return { person, studentId: added.body.id as string };
  }

  async function nationalEnrolments(nationalId: string) {
    return tiers.national.db
      .selectFrom('sync_records')
      .select(['school_code', 'status_code', 'deleted'])
      .where('national_id', '=', nationalId)
      .execute();
  }

  it('new school first: refused while the old school holds the pupil, accepted with the same identifier once it lets go', async () => {
    const pupil = await syncedPupil();
    const { person, studentId } = await takeIn(pupil.personalId, pupil.grade);
    expect(person).toMatchObject({
      nationalId: pupil.nationalId,
      enrolledAt: { schoolCode: tiers.schoolCodes[0], statusCode: '01' },
    });
    const filed = await newSchool('POST', '/api/transfers', {
      q: pupil.nationalId,
      note: 'Gia đình chuyển nơi ở',
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body).toMatchObject({ status: 'open', fromSchool: { code: tiers.schoolCodes[0] } });
    // Asking twice is asking once.
    expect((await newSchool('POST', '/api/transfers', { q: pupil.personalId })).body.id).toBe(filed.body.id);

    const early = await syncAndWait(newSchool, '/api/students/sync', { ids: [studentId] });
    expect(early.items.find((i) => i.id === studentId)).toMatchObject({
      status: 'failed',
      decidedBy: 'national',
      error: { code: 'STUDENT_ENROLLED_ELSEWHERE' },
    });

    // The old school sees the request in its own list, with its own record of the pupil.
    const incoming = (await oldSchool('GET', '/api/transfers')).body.incoming;
    expect(incoming).toEqual([
      expect.objectContaining({ id: filed.body.id, studentId: pupil.id, note: 'Gia đình chuyển nơi ở' }),
    ]);
    // Only the school holding the pupil may answer.
    expect((await newSchool('POST', `/api/transfers/${filed.body.id}/answer`, { accept: true })).status).toBe(
      404,
    );
    const answered = await oldSchool('POST', `/api/transfers/${filed.body.id}/answer`, {
      accept: true,
      statusDate: '2026-12-02',
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    const release = await itemsOfRun(oldSchool, answered.body.syncRunId);
    expect(release.items.find((i) => i.id === pupil.id)).toMatchObject({
      status: 'success',
      decidedBy: 'national',
    });
    expect((await oldSchool('GET', `/api/students/${pupil.id}`)).body.data).toMatchObject({
      statusCode: '04',
      statusDate: '2026-12-02',
    });
    expect((await newSchool('GET', '/api/transfers')).body.outgoing[0]).toMatchObject({ status: 'accepted' });

    const retried = await syncAndWait(newSchool, `/api/sync/runs/${early.runId}/retry-failed`);
    expect(retried.items.find((i) => i.id === studentId)).toMatchObject({
      status: 'success',
      decidedBy: 'national',
      nationalId: pupil.nationalId,
    });
    const held = await nationalEnrolments(pupil.nationalId);
    expect(held.filter((r) => !r.deleted && ['01', '02'].includes(r.status_code ?? ''))).toEqual([
      expect.objectContaining({ school_code: tiers.schoolCodes[1] }),
    ]);
  });

  it('old school first: once it has let the pupil go, no request is needed and the new school succeeds at once', async () => {
    const pupil = await syncedPupil();
    expect(
      (
        await oldSchool('POST', `/api/students/${pupil.id}/status`, {
          statusCode: '04',
          statusDate: '2026-12-03',
        })
      ).status,
    ).toBe(200);
    await syncAndWait(oldSchool, '/api/students/sync', { ids: [pupil.id] });
    const { person, studentId } = await takeIn(pupil.personalId, pupil.grade);
    expect(person.enrolledAt).toBeNull();
    const needless = await newSchool('POST', '/api/transfers', { q: pupil.personalId });
    expect(needless.status).toBe(409);
    expect(needless.body.code).toBe('TRANSFER_NOT_NEEDED');
    const synced = await syncAndWait(newSchool, '/api/students/sync', { ids: [studentId] });
    expect(synced.items.find((i) => i.id === studentId)).toMatchObject({
      status: 'success',
      nationalId: pupil.nationalId,
    });
  });

  it('a refusal reaches the new school with its reason, and the pupil stays where they are', async () => {
    const pupil = await syncedPupil();
    await takeIn(pupil.nationalId, pupil.grade);
    const filed = (await newSchool('POST', '/api/transfers', { q: pupil.nationalId })).body;
    const refused = await oldSchool('POST', `/api/transfers/${filed.id}/answer`, {
      accept: false,
      reason: 'Học sinh vẫn đang học tại trường',
    });
    expect(refused.status).toBe(200);
    expect(refused.body.syncRunId).toBeNull();
    const outgoing = (await newSchool('GET', '/api/transfers')).body.outgoing;
    expect(outgoing.find((r: { id: string }) => r.id === filed.id)).toMatchObject({
      status: 'refused',
      answerReason: 'Học sinh vẫn đang học tại trường',
    });
    expect((await oldSchool('GET', `/api/students/${pupil.id}`)).body.data.statusCode).toBe('01');
    const again = await oldSchool('POST', `/api/transfers/${filed.id}/answer`, { accept: true });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TRANSFER_ALREADY_ANSWERED');
  });
});
