// Bước 2 of the school guide through the API: school info, classes, staff and students, with
// the rules a clerk meets every day.
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodApp } from '#server/zod-app.ts';
import { addFixtureUnits, createUser, type FixtureUser, requestAs } from '../helpers/access.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { classData, SCHOOL_YEAR, staffData, studentData } from '../helpers/school-records.ts';

describe('school records', () => {
  let database: TestDatabase<'school'>;
  let app: ZodApp;
  let admin: FixtureUser;
  const as = (request: InjectOptions) => requestAs(app, database.db, admin, request);
  const post = (url: string, payload: object) => as({ method: 'POST', url, payload });
  const put = (url: string, payload: object) => as({ method: 'PUT', url, payload });
  const get = (url: string) => as({ method: 'GET', url });
  const withoutYear = <T extends { schoolYear: string }>({ schoolYear: _, ...rest }: T) => rest;

  beforeAll(async () => {
    database = await createTestDatabase('school');
    await addFixtureUnits('school', database.db);
    app = await buildTestApp('school', database.db);
    admin = await createUser(database.db, 'school_admin', 'S7000001');
    expect((await put('/api/school/current-year', { schoolYear: SCHOOL_YEAR })).statusCode).toBe(200);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  describe('Thông tin trường', () => {
    it('saves general, contact and other attributes with satellite sites; the code stays the province’s', async () => {
      const before = (await get('/api/school')).json();
      expect(before.data.code).toBe('7000001');
      const campus = {
        id: crypto.randomUUID(),
        name: 'Điểm trường Bản Khe',
        address: 'Bản Khe',
        distanceKm: 7.5,
        phone: '0912345678',
      };
      const saved = await put('/api/school', {
        ...before.data,
        code: 'HACKED',
        name: 'Trường Tiểu học Thành Vinh',
        ownershipCode: '1',
        phone: '0238 3844 123',
        email: 'c1thanhvinh@nghean.edu.vn',
        attributes: { internet: true, nationalStandardLevel1: true, cleanWater: false },
        campuses: [campus],
        version: before.version,
      });
      expect(saved.statusCode).toBe(200);
      const school = saved.json();
      expect(school).toMatchObject({ version: before.version + 1, syncState: 'unsynced' });
      expect(school.data).toMatchObject({ code: '7000001', phone: '02383844123', campuses: [campus] });
      expect(school.attributeLabels.nationalStandardLevel1).toBe('Đạt chuẩn quốc gia mức 1');
      // A stale version is refused rather than overwriting someone else's change.
      const stale = await put('/api/school', { ...school.data, name: 'Tên khác', version: before.version });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('VERSION_CONFLICT');
    });

    it('rejects an unknown attribute, a commune of another province and a bad phone, field by field', async () => {
      const { data } = (await get('/api/school')).json();
      const response = await put('/api/school', {
        ...data,
        attributes: { swimmingPool: true },
        address: { provinceCode: '40', communeCode: '00004' },
        phone: '12345',
      });
      expect(response.statusCode).toBe(400);
      const fields = response.json().errors.map((e: { field: string }) => e.field);
      expect(fields.sort()).toEqual(['attributes', 'phone']);
      const commune = await put('/api/school', {
        ...data,
        address: { provinceCode: '40', communeCode: '00004' },
      });
      expect(commune.json().errors).toEqual([
        {
          field: 'address.communeCode',
          code: 'CODE_UNKNOWN',
          message: 'Xã / phường không thuộc tỉnh đã chọn.',
        },
      ]);
    });
  });

  describe('Thông tin lớp', () => {
    it('adds a class of the school’s level and refuses a grade outside it', async () => {
      const created = await post('/api/classes', withoutYear(classData({ name: '2A', grade: '2' })));
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({
        version: 1,
        syncState: 'unsynced',
        enrolledStudents: 0,
        data: { schoolYear: SCHOOL_YEAR, status: 'active' },
      });
      const wrongGrade = await post('/api/classes', withoutYear(classData({ name: '10A1', grade: '10' })));
      expect(wrongGrade.json().errors[0]).toMatchObject({ field: 'grade', code: 'CLASS_GRADE_NOT_IN_LEVEL' });
      const sameName = await post('/api/classes', withoutYear(classData({ name: '2A', grade: '2' })));
      expect(sameName.json().errors[0].field).toBe('name');
      const unknownTeacher = await post(
        '/api/classes',
        withoutYear(classData({ name: '2B', grade: '2', homeroomStaffId: crypto.randomUUID() })),
      );
      expect(unknownTeacher.json().errors[0]).toMatchObject({
        field: 'homeroomStaffId',
        code: 'REFERENCE_UNKNOWN',
      });
    });

    it('refuses to dissolve a class with students, says how many, and dissolves it after the move', async () => {
      const from = (await post('/api/classes', withoutYear(classData({ name: '3A', grade: '3' })))).json();
      const to = (await post('/api/classes', withoutYear(classData({ name: '3B', grade: '3' })))).json();
      const ids = [];
      for (const name of ['Lê Thị Mai', 'Phạm Văn Nam']) {
        ids.push(
          (
            await post(
              '/api/students',
              withoutYear(studentData(from.id, { fullName: name, birthDate: '2018-02-02' })),
            )
          ).json().id,
        );
      }
      const refused = await post(`/api/classes/${from.id}/dissolve`, { dissolvedOn: '2026-10-01' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'CLASS_HAS_STUDENTS' });
      expect(refused.json().message).toBe(
        'Lớp 3A còn 2 học sinh đang học. Hãy chuyển các em sang lớp khác (Chuyển lớp) rồi giải thể.',
      );

      const moved = await post('/api/students/move', { studentIds: ids, toClassId: to.id });
      expect(moved.json()).toEqual({ moved: 2 });
      expect((await get(`/api/classes/${to.id}`)).json().enrolledStudents).toBe(2);
      const student = (await get(`/api/students/${ids[0]}`)).json();
      expect(student).toMatchObject({ version: 2, className: '3B', data: { classId: to.id } });

      const dissolved = await post(`/api/classes/${from.id}/dissolve`, { dissolvedOn: '2026-10-01' });
      expect(dissolved.statusCode).toBe(200);
      expect(dissolved.json().data).toMatchObject({ status: 'dissolved', dissolvedOn: '2026-10-01' });
      // A dissolved class keeps its history: it cannot be deleted, and takes no new students.
      expect((await as({ method: 'DELETE', url: `/api/classes/${from.id}` })).json().code).toBe(
        'CLASS_HAS_HISTORY',
      );
      const intoDissolved = await post(
        '/api/students',
        withoutYear(studentData(from.id, { fullName: 'Võ Thị Lan' })),
      );
      expect(intoDissolved.json().errors[0]).toMatchObject({ field: 'classId', code: 'CLASS_NOT_ACTIVE' });
    });

    it('deletes a class that never had students as a tombstone', async () => {
      const created = (await post('/api/classes', withoutYear(classData({ name: '4C', grade: '4' })))).json();
      expect((await as({ method: 'DELETE', url: `/api/classes/${created.id}` })).statusCode).toBe(204);
      expect((await get(`/api/classes/${created.id}`)).statusCode).toBe(404);
      const row = await database.db
        .selectFrom('classes')
        .select(['deleted', 'version', 'sync_state'])
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ deleted: true, version: 2, sync_state: 'unsynced' });
    });

    it('lists with filters by grade and status, search, sort and paging', async () => {
      const list = (await get('/api/classes?grade=3&sort=name')).json();
      expect(list.items.map((c: { data: { name: string } }) => c.data.name)).toEqual(['3A', '3B']);
      expect(
        (await get('/api/classes?status=dissolved'))
          .json()
          .items.map((c: { data: { name: string } }) => c.data.name),
      ).toEqual(['3A']);
      const paged = (await get('/api/classes?pageSize=1&page=2&sort=name')).json();
      expect(paged.items).toHaveLength(1);
      expect(paged.total).toBeGreaterThanOrEqual(3);
      expect((await get('/api/classes?q=3b')).json().items).toHaveLength(1);
    });
  });

  describe('Thông tin giáo viên', () => {
    it('adds staff, warns about a personal ID that contradicts the birth year, refuses a duplicate', async () => {
      const teacher = await post(
        '/api/staff',
        staffData({ fullName: 'Hồ Thị Thu', personalId: '040195001234', birthDate: '1985-01-01' }),
      );
      expect(teacher.statusCode).toBe(201);
      expect(teacher.json().warnings.map((w: { code: string }) => w.code)).toEqual([
        'PERSONAL_ID_BIRTH_YEAR_MISMATCH',
      ]);
      const duplicate = await post(
        '/api/staff',
        staffData({ fullName: 'Hồ Văn Thu', personalId: '040195001234' }),
      );
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().errors[0].message).toBe('Số định danh 040195001234 đã có ở cán bộ Hồ Thị Thu.');
      const format = await post('/api/staff', staffData({ personalId: '40195001234' }));
      expect(format.json().errors[0]).toMatchObject({
        field: 'personalId',
        message: 'Số định danh cá nhân phải gồm đúng 12 chữ số.',
      });
    });

    it('refuses to delete a homeroom teacher, and audits reads and changes of the record', async () => {
      const teacher = (await post('/api/staff', staffData({ fullName: 'Đặng Văn Long' }))).json();
      await post(
        '/api/classes',
        withoutYear(classData({ name: '5A', grade: '5', homeroomStaffId: teacher.id })),
      );
      const refused = await as({ method: 'DELETE', url: `/api/staff/${teacher.id}` });
      expect(refused.json()).toMatchObject({
        code: 'STAFF_IS_HOMEROOM',
        message: expect.stringContaining('5A'),
      });
      await get(`/api/staff/${teacher.id}`);
      await put(`/api/staff/${teacher.id}`, { ...teacher.data, phone: '0987654321' });
      const audit = await database.db
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('target_id', '=', teacher.id)
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.action)).toEqual([
        'personal_data.created',
        'personal_data.read',
        'personal_data.updated',
      ]);
      expect(audit[2]!.details).toEqual({ fields: ['phone'] });
    });
  });

  describe('Thông tin học sinh', () => {
    let classId: string;
    beforeAll(async () => {
      classId = (await post('/api/classes', withoutYear(classData({ name: '1A', grade: '1' })))).json().id;
    });

    it('adds a student to a class of the school with names normalised, and lists, searches and filters', async () => {
      const created = await post(
        '/api/students',
        withoutYear(
          studentData(classId, {
            fullName: '  Nguye\u0302\u0303n  Thi\u0323 Ánh ',
            personalId: '040320000001',
            gender: 'female',
          }),
        ),
      );
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({
        className: '1A',
        warnings: [],
        data: { fullName: 'Nguyễn Thị Ánh', schoolYear: SCHOOL_YEAR },
      });
      await post('/api/students', withoutYear(studentData(classId, { fullName: 'Bùi Văn Bảo' })));
      const list = (await get(`/api/students?classId=${classId}&sort=name`)).json();
      // Vietnamese order: by given name first (Ánh before Bảo).
      expect(list.items.map((s: { fullName: string }) => s.fullName)).toEqual([
        'Nguyễn Thị Ánh',
        'Bùi Văn Bảo',
      ]);
      // A page is cut from the sorted list before its records are read in full.
      const secondPage = (await get(`/api/students?classId=${classId}&sort=name&pageSize=1&page=2`)).json();
      expect(secondPage).toMatchObject({ total: 2, items: [{ fullName: 'Bùi Văn Bảo', className: '1A' }] });
      const pastTheEnd = (await get(`/api/students?classId=${classId}&pageSize=1&page=9`)).json();
      expect(pastTheEnd).toMatchObject({ total: 2, items: [] });
      expect((await get('/api/students?q=không-có-ai')).json()).toMatchObject({ total: 0, items: [] });
      const descending = (await get(`/api/students?classId=${classId}&sort=name&order=desc`)).json();
      expect(descending.items.map((s: { fullName: string }) => s.fullName)).toEqual([
        'Bùi Văn Bảo',
        'Nguyễn Thị Ánh',
      ]);
      expect(
        (await get('/api/students?q=nguyễn thị')).json().items.map((s: { fullName: string }) => s.fullName),
      ).toContain('Nguyễn Thị Ánh');
      expect((await get('/api/students?q=040320000001')).json().total).toBe(1);
      expect((await get('/api/students?grade=1&statusCode=05')).json().total).toBe(0);
      const unknownClass = await post('/api/students', withoutYear(studentData(crypto.randomUUID())));
      expect(unknownClass.json().errors[0]).toMatchObject({ field: 'classId', code: 'REFERENCE_UNKNOWN' });
    });

    it('changes a status (Chuyển đi kỳ 1), deletes as a tombstone, and audits each step', async () => {
      const student = (
        await post('/api/students', withoutYear(studentData(classId, { fullName: 'Trịnh Văn Cường' })))
      ).json();
      const moved = await post(`/api/students/${student.id}/status`, {
        statusCode: '04',
        statusDate: '2026-12-20',
      });
      expect(moved.json()).toMatchObject({
        version: 2,
        syncState: 'unsynced',
        data: { statusCode: '04', statusDate: '2026-12-20' },
      });
      expect((await as({ method: 'DELETE', url: `/api/students/${student.id}` })).statusCode).toBe(204);
      expect((await get(`/api/students/${student.id}`)).statusCode).toBe(404);
      const row = await database.db
        .selectFrom('students')
        .select(['deleted', 'version'])
        .where('id', '=', student.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ deleted: true, version: 3 });
      const actions = await database.db
        .selectFrom('audit_log')
        .select('action')
        .where('target_id', '=', student.id)
        .orderBy('id')
        .execute();
      expect(actions.map((a) => a.action)).toEqual([
        'personal_data.created',
        'personal_data.updated',
        'personal_data.deleted',
      ]);
    });

    it('leaves version and sync state alone when a save changes nothing', async () => {
      const student = (
        await post('/api/students', withoutYear(studentData(classId, { fullName: 'Lý Thị Duyên' })))
      ).json();
      const again = await put(`/api/students/${student.id}`, withoutYear(student.data));
      expect(again.json().version).toBe(1);
    });
  });

  describe('strict shapes', () => {
    it('refuses a record carrying a key that is not part of it, naming the key, and stores nothing', async () => {
      const cls = (await post('/api/classes', withoutYear(classData({ name: '3K', grade: '3' })))).json();
      const before = await database.db.selectFrom('students').select('id').execute();
      const junk = { ...withoutYear(studentData(cls.id)), junk: 'x'.repeat(100_000) };
      const added = await post('/api/students', junk);
      expect(added.statusCode).toBe(400);
      expect(added.json().errors).toEqual([expect.objectContaining({ code: expect.any(String) })]);
      expect(await database.db.selectFrom('students').select('id').execute()).toHaveLength(before.length);
      const edited = await put(`/api/classes/${cls.id}`, {
        ...withoutYear(classData({ name: '3K', grade: '3' })),
        extra: 1,
      });
      expect(edited.statusCode).toBe(400);
      const version = await put(`/api/classes/${cls.id}`, {
        ...withoutYear(classData({ name: '3K', grade: '3' })),
        version: 2 ** 31,
      });
      expect(version.statusCode).toBe(400);
    });
  });

  describe('column settings', () => {
    it('keeps each user’s visible columns per list', async () => {
      expect((await get('/api/settings/columns/students')).json()).toEqual({ columns: null });
      await put('/api/settings/columns/students', {
        columns: ['fullName', 'className', 'personalId', 'fullName'],
      });
      expect((await get('/api/settings/columns/students')).json()).toEqual({
        columns: ['fullName', 'className', 'personalId'],
      });
      const colleague = await createUser(database.db, 'school_staff', 'S7000001', {
        grants: ['students:view'],
      });
      expect(
        (
          await requestAs(app, database.db, colleague, {
            method: 'GET',
            url: '/api/settings/columns/students',
          })
        ).json(),
      ).toEqual({ columns: null });
      expect((await put('/api/settings/columns/students', { columns: null })).json()).toEqual({
        columns: null,
      });
    });
  });
});
