// Who may touch a record, decided by the receiver from the credential: a school cannot change or
// delete another school's records at the province, a province cannot touch another province's
// schools or records at the national tier; a copy not stored is never reported a success; a person
// keeps one national identifier through delete and re-add, moves and corrections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordKind } from '#domain/record-kinds.ts';
import { makePersonalId } from '#domain/rules/personal-id.ts';
import { basicAuthorization } from '#server/auth/machine-credentials.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { MAX_VERSION } from '#sync/protocol.ts';
import { addFixtureUnits, createCredential } from '../helpers/access.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { classData, staffData, studentData } from '../helpers/school-records.ts';
import { type Item, item, schoolPayload, sendBatch } from '../helpers/sync-batches.ts';

interface Decision {
  status: string;
  decidedBy: string | null;
  error: { code: string; field: string; message: string } | null;
  nationalId: string | null;
}

function sender(app: ZodApp, credential: { clientId: string; secret: string }) {
  return {
    send: (kind: RecordKind, items: Item[]) =>
      sendBatch(app, credential, { batchId: crypto.randomUUID(), kind, items }),
    async decide(kind: RecordKind, items: Item[]): Promise<Decision[]> {
      const response = await this.send(kind, items);
      expect(response.statusCode, response.body).toBe(202);
      const { batchId } = response.json();
      const status = await app.inject({
        method: 'GET',
        url: `/api/sync/v1/batches/${batchId}`,
        headers: { authorization: basicAuthorization(credential.clientId, credential.secret) },
      });
      return status.json().items;
    },
  };
}

describe('ownership at the province', () => {
  let database: TestDatabase<'province'>;
  let app: ZodApp;
  let schoolA: ReturnType<typeof sender>;
  let schoolB: ReturnType<typeof sender>;
  const classOfB = item(classData({ name: '2B', grade: '2' }));
  const classOfA = item(classData({ name: '2A', grade: '2' }));
  const pupilOfB = item(studentData(classOfB.id, { fullName: 'Lê Văn Bình', birthDate: '2019-04-04' }));

  beforeAll(async () => {
    database = await createTestDatabase('province');
    await addFixtureUnits('province', database.db);
    app = await buildTestApp('province', database.db);
    schoolA = sender(app, await createCredential(database.db, 'S7100001'));
    schoolB = sender(app, await createCredential(database.db, 'S7100002'));
    await schoolA.decide('school', [item(schoolPayload('7100001'))]);
    await schoolB.decide('school', [item(schoolPayload('7100002'))]);
    await schoolA.decide('class', [classOfA]);
    await schoolB.decide('class', [classOfB]);
    expect((await schoolB.decide('student', [pupilOfB]))[0]!.status).toBe('pending');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const heldPupil = () =>
    database.db
      .selectFrom('sync_records')
      .select(['school_code', 'version', 'deleted', 'payload'])
      .where('id', '=', pupilOfB.id)
      .executeTakeFirstOrThrow();

  it("refuses a school's newer version or tombstone of another school's pupil, and keeps the pupil as its owner sent it", async () => {
    const renamed = item(studentData(classOfA.id, { fullName: 'Kẻ Mạo Danh', birthDate: '2019-04-04' }), {
      id: pupilOfB.id,
      version: 5,
    });
    const tombstone = item(pupilOfB.payload, { id: pupilOfB.id, version: MAX_VERSION, deleted: true });
    for (const attempt of [renamed, tombstone]) {
      const [decision] = await schoolA.decide('student', [attempt]);
      expect(decision).toMatchObject({
        status: 'failed',
        decidedBy: 'province',
        error: { code: 'RECORD_OWNED_ELSEWHERE' },
      });
      // Nothing of the owner is named to the sender.
      expect(decision!.error!.message).not.toContain('7100002');
    }
    expect(await heldPupil()).toMatchObject({
      school_code: '7100002',
      version: 1,
      deleted: false,
      payload: { fullName: 'Lê Văn Bình' },
    });
    // The owner's own next version is taken as usual, and its status is its own.
    const [next] = await schoolB.decide('student', [
      item({ ...pupilOfB.payload, fullName: 'Lê Văn Bình An' }, { id: pupilOfB.id, version: 2 }),
    ]);
    expect(next!.status).toBe('pending');
    expect(await heldPupil()).toMatchObject({ version: 2, payload: { fullName: 'Lê Văn Bình An' } });
  });

  it("refuses a record naming another school's class, and a school record for another school", async () => {
    const [intruder] = await schoolA.decide('student', [
      item(studentData(classOfB.id, { birthDate: '2019-04-04' })),
    ]);
    expect(intruder).toMatchObject({
      status: 'failed',
      error: { code: 'REFERENCE_UNKNOWN', field: 'classId' },
    });
    const [otherSchool] = await schoolA.decide('school', [item(schoolPayload('7100002'))]);
    expect(otherSchool).toMatchObject({ status: 'failed', error: { code: 'RECORD_OWNED_ELSEWHERE' } });
  });

  it('forwards the same version sent again (a retry) to the national tier instead of answering it from the past', async () => {
    const teacher = item(staffData({ fullName: 'Gửi Lại' }));
    expect((await schoolA.decide('staff', [teacher]))[0]!.status).toBe('pending');
    const [again] = await schoolA.decide('staff', [teacher]);
    expect(again).toMatchObject({ status: 'pending', decidedBy: null });
    const { rows } = await database.db
      .selectFrom('outbox_items')
      .select('record_id')
      .where('record_id', '=', teacher.id)
      .execute()
      .then((r) => ({ rows: r }));
    expect(rows).toHaveLength(2);
    // The same version with other content is a conflict, not a retry.
    const [conflict] = await schoolA.decide('staff', [
      item(staffData({ fullName: 'Khác Nội Dung' }), { id: teacher.id, version: 1 }),
    ]);
    expect(conflict).toMatchObject({ status: 'failed', error: { code: 'RECORD_VERSION_CONFLICT' } });
  });

  it('answers 400, never 500, to a version beyond what a record can hold', async () => {
    const response = await schoolA.send('staff', [item(staffData(), { version: MAX_VERSION + 1 })]);
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('VALIDATION_FAILED');
  });
});

describe('ownership and identity at the national tier', () => {
  let database: TestDatabase<'national'>;
  let app: ZodApp;
  let ngheAn: ReturnType<typeof sender>;
  let haNoi: ReturnType<typeof sender>;
  const ngheAnSchool = item(schoolPayload('4000001'), { schoolCode: '4000001' });
  const classA = item(classData({ name: '3A', grade: '3' }), { schoolCode: '4000001' });
  const classB = item(classData({ name: '3B', grade: '3' }), { schoolCode: '0100001' });
  const personalId = makePersonalId({ provinceCode: '40', birthYear: 2018, gender: 'female', serial: 777 });
  const pupil = (
    classId: string,
    schoolCode: string,
    options: { statusCode?: string; personalId?: string } = {},
  ) =>
    item(
      studentData(classId, {
        fullName: 'Nguyễn Thị Mai',
        birthDate: '2018-06-01',
        gender: 'female',
        personalId: options.personalId ?? personalId,
        statusCode: options.statusCode ?? '01',
      }),
      { schoolCode },
    );

  beforeAll(async () => {
    database = await createTestDatabase('national');
    app = await buildTestApp('national', database.db);
    ngheAn = sender(app, await createCredential(database.db, 'P40'));
    haNoi = sender(app, await createCredential(database.db, 'P01'));
    expect((await ngheAn.decide('school', [ngheAnSchool]))[0]!.status).toBe('success');
    await haNoi.decide('school', [item(schoolPayload('0100001', '00004', '01'), { schoolCode: '0100001' })]);
    await ngheAn.decide('class', [classA]);
    await haNoi.decide('class', [classB]);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it("refuses a province renaming another province's school, and leaves the national tree as it was", async () => {
    const renamed = { ...schoolPayload('4000001', '00004', '01'), name: 'Tên Giả' };
    const [decision] = await haNoi.decide('school', [item(renamed, { schoolCode: '4000001' })]);
    expect(decision).toMatchObject({ status: 'failed', decidedBy: 'national' });
    expect(['RECORD_OWNED_ELSEWHERE', 'SCHOOL_CODE_MISMATCH']).toContain(decision!.error!.code);
    // Even naming its own province in the address, with the other province's record id.
    const [sameId] = await haNoi.decide('school', [
      item(
        { ...schoolPayload('0100001', '00004', '01'), name: 'Tên Giả' },
        { id: ngheAnSchool.id, schoolCode: '0100001' },
      ),
    ]);
    expect(sameId!.error!.code).toBe('RECORD_OWNED_ELSEWHERE');
    const unit = await database.db
      .selectFrom('org_units')
      .select(['name', 'path'])
      .where('key', '=', 'S4000001')
      .executeTakeFirstOrThrow();
    expect(unit).toEqual({ name: 'Trường Tiểu học 4000001', path: 'VN.P40.X16681.S4000001.' });
  });

  it("refuses a province sending another province's record id", async () => {
    const [decision] = await haNoi.decide('class', [
      item(classData({ name: 'Chiếm', grade: '3' }), { id: classA.id, schoolCode: '0100001', version: 9 }),
    ]);
    expect(decision!.error!.code).toBe('RECORD_OWNED_ELSEWHERE');
  });

  it('gives a person deleted and added again at the same school the same identifier, and a move to another province too', async () => {
    const first = pupil(classA.id, '4000001');
    const [given] = await ngheAn.decide('student', [first]);
    expect(given!.nationalId).toMatch(/^HS\d{10}$/);
    await ngheAn.decide('student', [
      item(first.payload, { id: first.id, version: 2, deleted: true, schoolCode: '4000001' }),
    ]);
    const [again] = await ngheAn.decide('student', [pupil(classA.id, '4000001')]);
    expect(again).toMatchObject({ status: 'success', nationalId: given!.nationalId });
    // Released, then taken up in Hà Nội: still the same person.
    const readded = await database.db
      .selectFrom('sync_records')
      .select(['id', 'payload'])
      .where('national_id', '=', given!.nationalId)
      .where('deleted', '=', false)
      .executeTakeFirstOrThrow();
    await ngheAn.decide('student', [
      item({ ...readded.payload, statusCode: '04' }, { id: readded.id, version: 2, schoolCode: '4000001' }),
    ]);
    const [moved] = await haNoi.decide('student', [pupil(classB.id, '0100001')]);
    expect(moved).toMatchObject({ status: 'success', nationalId: given!.nationalId });
  });

  it("moves the registry entry with a corrected personal ID, and refuses a correction onto another person's", async () => {
    const wrong = makePersonalId({ provinceCode: '40', birthYear: 2018, gender: 'female', serial: 778 });
    const right = makePersonalId({ provinceCode: '40', birthYear: 2018, gender: 'female', serial: 779 });
    const other = makePersonalId({ provinceCode: '40', birthYear: 2018, gender: 'female', serial: 780 });
    const record = pupil(classA.id, '4000001', { personalId: wrong });
    const [given] = await ngheAn.decide('student', [record]);
    const [someoneElse] = await ngheAn.decide('student', [
      pupil(classA.id, '4000001', { personalId: other, statusCode: '05' }),
    ]);
    const corrected = item(
      { ...record.payload, personalId: right },
      { id: record.id, version: 2, schoolCode: '4000001' },
    );
    expect((await ngheAn.decide('student', [corrected]))[0]).toMatchObject({
      status: 'success',
      nationalId: given!.nationalId,
    });
    const entries = await database.db
      .selectFrom('person_identities')
      .select(['personal_id', 'national_id'])
      .where('national_id', '=', given!.nationalId!)
      .execute();
    expect(entries).toEqual([{ personal_id: right, national_id: given!.nationalId }]);
    // A late copy of the old version is not stored and moves nothing back.
    const [late] = await ngheAn.decide('student', [record]);
    expect(late!.error!.code).toBe('VERSION_SUPERSEDED');
    expect(
      await database.db
        .selectFrom('person_identities')
        .select('personal_id')
        .where('national_id', '=', given!.nationalId!)
        .execute(),
    ).toEqual([{ personal_id: right }]);
    // A new record of the right person joins the record; the wrong number is free again.
    const [joins] = await ngheAn.decide('student', [
      pupil(classA.id, '4000001', { personalId: right, statusCode: '05' }),
    ]);
    expect(joins!.nationalId).toBe(given!.nationalId);
    const onto = item(
      { ...record.payload, personalId: other },
      { id: record.id, version: 3, schoolCode: '4000001' },
    );
    const [refused] = await ngheAn.decide('student', [onto]);
    expect(refused).toMatchObject({ status: 'failed', error: { code: 'PERSONAL_ID_IDENTITY_CONFLICT' } });
    expect(someoneElse!.nationalId).not.toBe(given!.nationalId);
  });
});
