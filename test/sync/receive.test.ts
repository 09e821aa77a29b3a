// The receiving side of the sync protocol at the province and national tiers, over HTTP
// semantics (inject): idempotency, per-item decisions, versions, and the national rules.
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordKind } from '#domain/record-kinds.ts';
import { makePersonalId } from '#domain/rules/personal-id.ts';
import { basicAuthorization } from '#server/auth/machine-credentials.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { addFixtureUnits, createCredential } from '../helpers/access.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { classData, staffData, studentData } from '../helpers/school-records.ts';
import { type Item, item, schoolPayload, sendBatch } from '../helpers/sync-batches.ts';

function sender(app: ZodApp, credential: { clientId: string; secret: string }) {
  const authorization = basicAuthorization(credential.clientId, credential.secret);
  return {
    async send(
      kind: RecordKind,
      items: Item[],
      batchId: string = crypto.randomUUID(),
      headers: Record<string, string> = {},
    ) {
      return sendBatch(app, credential, { batchId, kind, items }, headers);
    },
    async status(batchId: string, query = '') {
      return app.inject({
        method: 'GET',
        url: `/api/sync/v1/batches/${batchId}${query}`,
        headers: { authorization },
      });
    },
    /** Sends and returns each item's decision. */
    async decide(kind: RecordKind, items: Item[]) {
      const response = await this.send(kind, items);
      expect(response.statusCode, response.body).toBe(202);
      return (await this.status(response.json().batchId)).json().items as {
        status: string;
        decidedBy: string | null;
        error: { code: string; field: string; message: string } | null;
        nationalId: string | null;
      }[];
    },
  };
}

describe('receiving at the province', () => {
  let database: TestDatabase<'province'>;
  let app: ZodApp;
  let school: ReturnType<typeof sender>;
  let otherSchool: ReturnType<typeof sender>;
  const classItem = item(classData({ name: '1A', grade: '1' }));

  beforeAll(async () => {
    database = await createTestDatabase('province');
    await addFixtureUnits('province', database.db);
    app = await buildTestApp('province', database.db);
    school = sender(app, await createCredential(database.db, 'S7100001'));
    otherSchool = sender(app, await createCredential(database.db, 'S7100002'));
    expect((await school.decide('school', [item(schoolPayload('7100001'))]))[0]!.status).toBe('pending');
    expect((await school.decide('class', [classItem]))[0]!.status).toBe('pending');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('accepts well-formed items as pending (on their way to the national tier) and stores them', async () => {
    const student = item(studentData(classItem.id, { birthDate: '2020-02-02' }));
    const response = await school.send('student', [student]);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ batchId: expect.any(String), status: 'pending' });
    const status = (await school.status(response.json().batchId)).json();
    expect(status).toMatchObject({
      status: 'pending',
      counts: { pending: 1, success: 0, failed: 0 },
      total: 1,
    });
    const stored = await database.db
      .selectFrom('sync_records')
      .select(['school_code', 'kind', 'version'])
      .where('id', '=', student.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ school_code: '7100001', kind: 'student', version: 1 });
  });

  it('answers a poll that knows every decision so far with the counts only', async () => {
    const good = item(studentData(classItem.id, { birthDate: '2020-03-03' }));
    const bad = item(studentData('22222222-2222-4222-8222-222222222222'));
    const { batchId } = (await school.send('student', [good, bad])).json();
    // One decided (the unknown class fails at once), one on its way to the national tier.
    const nothingNew = (await school.status(batchId, '?decided=1')).json();
    expect(nothingNew).toMatchObject({
      unchanged: true,
      items: [],
      counts: { pending: 1, failed: 1 },
      total: 2,
    });
    const behind = (await school.status(batchId, '?decided=0')).json();
    expect(behind.unchanged).toBeUndefined();
    expect(behind.items.map((i: { status: string }) => i.status)).toEqual(['pending', 'failed']);
  });

  it('fails items the province can judge, with the code, the field and a Vietnamese reason', async () => {
    const decisions = await school.decide('class', [
      item(classData({ name: '10A1', grade: '10' })),
      item(classData({ name: '1B', grade: '1', homeroomStaffId: '11111111-1111-4111-8111-111111111111' })),
    ]);
    expect(decisions[0]).toMatchObject({
      status: 'failed',
      decidedBy: 'province',
      error: { code: 'CLASS_GRADE_NOT_IN_LEVEL', field: 'grade' },
    });
    expect(decisions[1]!.error).toEqual({
      code: 'REFERENCE_UNKNOWN',
      field: 'homeroomStaffId',
      message: 'Giáo viên chủ nhiệm (mã 11111111-1111-4111-8111-111111111111) chưa được đồng bộ lên.',
    });
    const students = await school.decide('student', [
      item(studentData(crypto.randomUUID())),
      item(studentData(classItem.id, { birthDate: '2010-01-01' })),
      { ...item(studentData(classItem.id)), hash: 'f'.repeat(64) },
      item({ ...studentData(classItem.id), gender: 'x' }),
      // A reference that is no identifier at all fails its item, not the batch.
      item(studentData('lớp-1A')),
    ]);
    expect(students.map((d) => d.error?.code)).toEqual([
      'REFERENCE_UNKNOWN',
      'AGE_IMPLAUSIBLE_FOR_GRADE',
      'HASH_MISMATCH',
      'CODE_UNKNOWN',
      'INVALID_FORMAT',
    ]);
    expect(students[4]!.error!.field).toBe('classId');
    expect(students[1]!.error!.message).toBe('Học sinh 16 tuổi không phù hợp với khối 1.');
  });

  it('fails a results batch for a class of the wrong grade, and an incomplete one', async () => {
    const student = item(studentData(classItem.id, { birthDate: '2020-02-02' }));
    await school.decide('student', [student]);
    const result = (scheme: string, complete: boolean) =>
      item({
        studentId: student.id,
        classId: classItem.id,
        schoolYear: '2026-2027',
        period: 'HK1',
        scheme,
        entry: {},
        complete,
      });
    const decisions = await school.decide('result', [result('TT22', true), result('TT27', false)]);
    expect(decisions.map((d) => d.error?.code)).toEqual(['RESULT_SCHEME_MISMATCH', 'RESULT_INCOMPLETE']);
    expect(decisions[0]!.error!.message).toBe('Lớp khối 1 đánh giá theo Thông tư 27/2020, không theo TT22.');
  });

  it('refuses a school’s records until the school itself has been synced', async () => {
    const [decision] = await otherSchool.decide('staff', [item(staffData())]);
    expect(decision!.error).toMatchObject({ code: 'REFERENCE_UNKNOWN', field: 'schoolCode' });
  });

  it('answers a replay exactly as before and stores nothing twice; another body under the same key is 422', async () => {
    const batchId = crypto.randomUUID();
    const staff = item(staffData({ fullName: 'Lương Văn Tùng' }));
    const first = await school.send('staff', [staff], batchId);
    const again = await school.send('staff', [staff], batchId);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual(first.json());
    const items = await database.db
      .selectFrom('sync_items')
      .select('idx')
      .where('batch_id', '=', batchId)
      .execute();
    expect(items).toHaveLength(1);
    const reused = await school.send('staff', [item(staffData({ fullName: 'Khác' }))], batchId);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    const mismatch = await school.send('staff', [staff], crypto.randomUUID(), {
      'idempotency-key': crypto.randomUUID(),
    });
    expect(mismatch.json().code).toBe('IDEMPOTENCY_KEY_MISMATCH');
    // Another school cannot read this school's batch, nor pass it off as its own.
    expect((await otherSchool.status(batchId)).statusCode).toBe(404);
    expect((await otherSchool.send('staff', [staff], batchId)).statusCode).toBe(422);
  });

  it('refuses a batch naming one record twice, storing nothing of it', async () => {
    const id = crypto.randomUUID();
    const batchId = crypto.randomUUID();
    const response = await school.send(
      'staff',
      [item(staffData(), { id }), item(staffData({ fullName: 'Bản hai' }), { id, version: 2 })],
      batchId,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'items.1.id', message: expect.stringContaining('nhiều lần trong lô') }],
    });
    const stored = await database.db.selectFrom('sync_records').select('id').where('id', '=', id).execute();
    expect(stored).toEqual([]);
    expect((await school.status(batchId)).statusCode).toBe(404);
  });

  it('answers 409 while the same batch is still being taken', async () => {
    const batchId = crypto.randomUUID();
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [batchId]);
    const response = await school.send('staff', [item(staffData())], batchId);
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('BATCH_IN_FLIGHT');
    await holder.query('ROLLBACK');
    await holder.end();
    expect((await school.send('staff', [item(staffData())], batchId)).statusCode).toBe(202);
  });

  it('keeps the newest version whatever the order, and a tombstone against a stale upsert, and says a stale copy was not stored', async () => {
    const id = crypto.randomUUID();
    const v2 = item(staffData({ fullName: 'Bản hai' }), { id, version: 2 });
    const v1 = item(staffData({ fullName: 'Bản một' }), { id, version: 1 });
    await school.decide('staff', [v2]);
    const [stale] = await school.decide('staff', [v1]);
    // Not stored, so not a success: the sender learns the tier holds a newer version.
    expect(stale).toMatchObject({
      status: 'failed',
      decidedBy: 'province',
      error: { code: 'VERSION_SUPERSEDED' },
    });
    const held = await database.db
      .selectFrom('sync_records')
      .select(['version', 'payload'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(held).toMatchObject({ version: 2, payload: { fullName: 'Bản hai' } });

    await school.decide('staff', [
      item(staffData({ fullName: 'Bản hai' }), { id, version: 3, deleted: true }),
    ]);
    await school.decide('staff', [item(staffData({ fullName: 'Bản một' }), { id, version: 1 })]);
    const after = await database.db
      .selectFrom('sync_records')
      .select(['version', 'deleted'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ version: 3, deleted: true });
  });

  it('takes a gzip-compressed batch, and refuses one over the size limit with 413', async () => {
    const batchId = crypto.randomUUID();
    const body = JSON.stringify({
      batchId,
      kind: 'staff',
      items: [item(staffData({ fullName: 'Nén gzip' }))],
    });
    const credential = await createCredential(database.db, 'S7100001');
    const zipped = await app.inject({
      method: 'POST',
      url: '/api/sync/v1/batches',
      headers: {
        authorization: basicAuthorization(credential.clientId, credential.secret),
        'idempotency-key': batchId,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      payload: gzipSync(body),
    });
    expect(zipped.statusCode).toBe(202);
    // 500 items of some 9 KB each: over the 4 MB a batch may hold.
    const many = Array.from({ length: 500 }, () => item({ ...staffData(), qualification: 'x'.repeat(9000) }));
    const tooLarge = await school.send('staff', many);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().code).toBe('PAYLOAD_TOO_LARGE');
    const tooMany = await school.send(
      'staff',
      Array.from({ length: 501 }, () => item(staffData())),
    );
    expect(tooMany.statusCode).toBe(400);
  });
});

describe('receiving at the national tier', () => {
  let database: TestDatabase<'national'>;
  let app: ZodApp;
  let ngheAn: ReturnType<typeof sender>;
  let haNoi: ReturnType<typeof sender>;
  const classA = item(classData({ name: '3A', grade: '3' }), { schoolCode: '4000001' });
  const classB = item(classData({ name: '3B', grade: '3' }), { schoolCode: '0100001' });
  const personalId = makePersonalId({ provinceCode: '40', birthYear: 2018, gender: 'female', serial: 4242 });
  const pupil = (classId: string, statusCode = '01') =>
    studentData(classId, {
      fullName: 'Nguyễn Thị Mai',
      birthDate: '2018-06-01',
      gender: 'female',
      personalId,
      statusCode,
    });

  beforeAll(async () => {
    database = await createTestDatabase('national');
    app = await buildTestApp('national', database.db);
    ngheAn = sender(app, await createCredential(database.db, 'P40'));
    haNoi = sender(app, await createCredential(database.db, 'P01'));
    expect(
      (await ngheAn.decide('school', [item(schoolPayload('4000001'), { schoolCode: '4000001' })]))[0]!.status,
    ).toBe('success');
    expect(
      (
        await haNoi.decide('school', [
          item(schoolPayload('0100001', '00004', '01'), { schoolCode: '0100001' }),
        ])
      )[0]!.status,
    ).toBe('success');
    expect((await ngheAn.decide('class', [classA]))[0]!.nationalId).toMatch(/^LH\d{10}$/);
    expect((await haNoi.decide('class', [classB]))[0]!.status).toBe('success');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('registers schools in the national org tree under their commune, and keeps each province in its partition', async () => {
    const unit = await database.db
      .selectFrom('org_units')
      .select(['parent_key', 'path'])
      .where('key', '=', 'S4000001')
      .executeTakeFirstOrThrow();
    expect(unit).toEqual({ parent_key: 'X16681', path: 'VN.P40.X16681.S4000001.' });
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sync_records_p40`.execute(
      database.db,
    );
    expect(rows[0]!.n).toBe(2);
    const foreign = await ngheAn.decide('school', [
      item(schoolPayload('0100002', '00004', '01'), { schoolCode: '0100002' }),
    ]);
    expect(foreign[0]!.error!.code).toBe('SCHOOL_CODE_MISMATCH');
  });

  it('fails a personal ID that contradicts the birth year or gender, decided by the national tier', async () => {
    const wrongYear = studentData(classA.id, {
      birthDate: '2018-03-03',
      gender: 'male',
      personalId: makePersonalId({ provinceCode: '40', birthYear: 2017, gender: 'male', serial: 1 }),
    });
    const wrongGender = studentData(classA.id, {
      birthDate: '2018-03-03',
      gender: 'male',
      personalId: makePersonalId({ provinceCode: '40', birthYear: 2018, gender: 'female', serial: 2 }),
    });
    const unknownPrefix = studentData(classA.id, {
      birthDate: '2018-03-03',
      gender: 'male',
      personalId: '099218000003',
    });
    const decisions = await ngheAn.decide(
      'student',
      [wrongYear, wrongGender, unknownPrefix].map((p) => item(p, { schoolCode: '4000001' })),
    );
    expect(decisions.map((d) => [d.status, d.decidedBy, d.error?.code])).toEqual([
      ['failed', 'national', 'PERSONAL_ID_BIRTH_YEAR_MISMATCH'],
      ['failed', 'national', 'PERSONAL_ID_GENDER_MISMATCH'],
      ['failed', 'national', 'PERSONAL_ID_PROVINCE_UNKNOWN'],
    ]);
  });

  it('holds a student in one school nationwide; after a transfer out, the new school succeeds with the same identifier', async () => {
    const atA = item(pupil(classA.id), { schoolCode: '4000001' });
    const [first] = await ngheAn.decide('student', [atA]);
    expect(first).toMatchObject({
      status: 'success',
      decidedBy: 'national',
      nationalId: expect.stringMatching(/^HS\d{10}$/),
    });

    // School B (another province) enrols the same child before A lets go: refused, naming A.
    const atB = item(pupil(classB.id), { schoolCode: '0100001' });
    const [refused] = await haNoi.decide('student', [atB]);
    expect(refused!.error).toEqual({
      code: 'STUDENT_ENROLLED_ELSEWHERE',
      field: 'personalId',
      message:
        'Học sinh đang học tại Trường Tiểu học 4000001 (Tỉnh Nghệ An). Trường đó cần cập nhật trạng thái chuyển đi trước.',
    });

    // A records "Chuyển đi kỳ 1" and syncs; B's retry succeeds and the child keeps the identifier.
    await ngheAn.decide('student', [
      item(pupil(classA.id, '04'), { id: atA.id, version: 2, schoolCode: '4000001' }),
    ]);
    const [retry] = await haNoi.decide('student', [atB]);
    expect(retry).toMatchObject({ status: 'success', nationalId: first!.nationalId });
  });

  it('allows one active staff record per personal ID', async () => {
    const teacher = staffData({
      fullName: 'Vũ Thị Lan',
      birthDate: '1990-01-01',
      gender: 'female',
      personalId: makePersonalId({ provinceCode: '40', birthYear: 1990, gender: 'female', serial: 77 }),
    });
    expect((await ngheAn.decide('staff', [item(teacher, { schoolCode: '4000001' })]))[0]!.status).toBe(
      'success',
    );
    const [second] = await haNoi.decide('staff', [item(teacher, { schoolCode: '0100001' })]);
    expect(second!.error!.code).toBe('STAFF_ACTIVE_ELSEWHERE');
  });

  it('requires each item of a province to name its school', async () => {
    const [decision] = await ngheAn.decide('class', [item(classData({ name: '4A', grade: '4' }))]);
    expect(decision!.error).toMatchObject({ code: 'REQUIRED', field: 'schoolCode' });
  });
});
