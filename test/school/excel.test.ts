// Nhập từ Excel / Xuất Excel through the API, with files the tests build.
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorkbook } from '#excel/read.ts';
import { writeWorkbook } from '#excel/write.ts';
import { generateProvince } from '#seed/generator.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { staffList, studentList } from '#tiers/school/excel/lists.ts';
import { XLSX_TYPE } from '#tiers/school/excel/routes.ts';
import { addFixtureUnits, createUser, type FixtureUser, requestAs } from '../helpers/access.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { classData, SCHOOL_YEAR } from '../helpers/school-records.ts';

const studentRow = (overrides: Record<string, unknown> = {}) => ({
  fullName: 'Nguyễn Văn An',
  birthDate: '2019-04-02',
  gender: 'Nam',
  personalId: '040219000123',
  ethnicityCode: 'Kinh',
  _className: '2A',
  statusCode: 'Đang học',
  statusDate: '2026-09-05',
  'father.name': 'Nguyễn Văn Bình',
  'father.phone': '0912345678',
  ...overrides,
});

describe('Excel import and export', () => {
  let database: TestDatabase<'school'>;
  let app: ZodApp;
  let admin: FixtureUser;
  const as = (request: InjectOptions) => requestAs(app, database.db, admin, request);
  const upload = (list: string, file: Buffer, mode: string) =>
    as({
      method: 'POST',
      url: `/api/${list}/import?mode=${mode}`,
      headers: { 'content-type': XLSX_TYPE },
      payload: file,
    });
  const studentsFile = (rows: Record<string, unknown>[]) =>
    writeWorkbook([{ name: 'Học sinh', columns: studentList.columns, rows }]);
  const count = async () =>
    (
      await database.db
        .selectFrom('students')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('deleted', '=', false)
        .executeTakeFirstOrThrow()
    ).n;

  beforeAll(async () => {
    database = await createTestDatabase('school');
    await addFixtureUnits('school', database.db);
    app = await buildTestApp('school', database.db);
    admin = await createUser(database.db, 'school_admin', 'S7000001');
    await as({ method: 'PUT', url: '/api/school/current-year', payload: { schoolYear: SCHOOL_YEAR } });
    for (const [name, grade] of [
      ['2A', '2'],
      ['2B', '2'],
      ['3A', '3'],
      ['4A', '4'],
      ['5A', '5'],
    ]) {
      const { schoolYear: _, ...data } = classData({ name: name!, grade: grade! });
      expect((await as({ method: 'POST', url: '/api/classes', payload: data })).statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('offers a template whose headers the importer reads back', async () => {
    const response = await as({ method: 'GET', url: '/api/students/template.xlsx' });
    expect(response.headers['content-type']).toBe(XLSX_TYPE);
    const read = await readWorkbook(response.rawPayload, studentList.columns);
    expect(read.headerRow).toBe(1);
    expect(read.issues).toEqual([]);
  });

  it('dry-runs a file: every bad row as (row, column, message), nothing written', async () => {
    const file = await studentsFile([
      studentRow(),
      studentRow({
        fullName: 'Trần Thị Bích',
        gender: 'Nữ',
        personalId: 40319000124,
        birthDate: '31/02/2019',
      }),
      studentRow({ fullName: 'Lê Văn Cường', personalId: '040219000125', _className: '9Z' }),
      studentRow({
        fullName: 'Phạm Thị Dung',
        gender: 'Nữ',
        personalId: '040319000126',
        ethnicityCode: 'Sao Hỏa',
      }),
      studentRow({ fullName: 'Hoàng Văn Em', personalId: '040219000123' }),
    ]);
    const response = await upload('students', file, 'dry-run');
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ mode: 'dry-run', applied: false, rows: 5, created: 1, invalid: 4 });
    expect(report.errors).toEqual([
      { row: 3, column: 'Ngày sinh', message: expect.stringContaining('31/02/2019') },
      { row: 4, column: 'Lớp', message: `Năm học ${SCHOOL_YEAR} không có lớp "9Z".` },
      { row: 5, column: 'Dân tộc', message: '"Sao Hỏa" không có trong danh mục dân tộc.' },
      { row: 6, column: 'Họ và tên', message: 'Trùng với dòng 2 của tệp.' },
    ]);
    expect(await count()).toBe(0);
  });

  it('imports all-or-nothing (refused while a row is bad) or only the valid rows, and a re-import changes nothing', async () => {
    const rows = [
      studentRow(),
      studentRow({ fullName: 'Trần Thị Bích', gender: 'Nữ', personalId: 40319000124 }), // leading zero lost in Excel
      studentRow({ fullName: 'Lê Văn Cường', personalId: '040219000125', _className: '9Z' }),
    ];
    const file = await studentsFile(rows);
    const refused = (await upload('students', file, 'all-or-nothing')).json();
    expect(refused).toMatchObject({ applied: false, created: 2, invalid: 1 });
    expect(await count()).toBe(0);

    const partial = (await upload('students', file, 'valid-only')).json();
    expect(partial).toMatchObject({
      applied: true,
      created: 2,
      invalid: 1,
      errors: [{ row: 4, column: 'Lớp' }],
    });
    expect(await count()).toBe(2);
    const bich = await database.db
      .selectFrom('students')
      .select('personal_id')
      .where('full_name', '=', 'Trần Thị Bích')
      .executeTakeFirstOrThrow();
    expect(bich.personal_id).toBe('040319000124');

    const again = (await upload('students', await studentsFile(rows.slice(0, 2)), 'all-or-nothing')).json();
    expect(again).toMatchObject({ applied: true, created: 0, updated: 0, unchanged: 2, errors: [] });
    const changed = (
      await upload('students', await studentsFile([studentRow({ _className: '2B' })]), 'all-or-nothing')
    ).json();
    expect(changed).toMatchObject({ created: 0, updated: 1 });
    expect(await count()).toBe(2);
  });

  it('imports a 3,000-student school, then finds nothing to change in the same file or in its own export', async () => {
    const [bundle] = [
      ...generateProvince({
        provinceCode: '40',
        schools: 1,
        studentsPerSchool: 3000,
        schoolYearStart: 2026,
        seed: 9,
        levels: ['TH'],
      }),
    ];
    const classNames = ['2A', '2B', '3A', '4A', '5A'];
    const rows = bundle!.students.map((student, index) => ({
      ...studentRow(),
      ...student.payload,
      gender: student.payload.gender === 'male' ? 'Nam' : 'Nữ',
      ethnicityCode: student.payload.ethnicityCode,
      statusCode: 'Đang học',
      _className: classNames[index % classNames.length],
      'father.name': student.payload.father?.name,
      'father.phone': student.payload.father?.phone,
      'mother.name': student.payload.mother?.name,
      'mother.phone': undefined,
    }));
    const file = await studentsFile(rows);
    const started = performance.now();
    const report = (await upload('students', file, 'all-or-nothing')).json();
    const seconds = (performance.now() - started) / 1000;
    console.log(`3,000-student import (${(file.length / 1024).toFixed(0)} KB): ${seconds.toFixed(2)} s`);
    expect(report).toMatchObject({ applied: true, created: 3000, invalid: 0 });
    expect(await count()).toBe(3002);

    expect((await upload('students', file, 'all-or-nothing')).json()).toMatchObject({
      unchanged: 3000,
      created: 0,
      updated: 0,
    });

    const exported = await as({ method: 'GET', url: '/api/students/export.xlsx' });
    expect(exported.headers['content-disposition']).toContain('danh-sach-hoc-sinh-7000001.xlsx');
    const roundTrip = (await upload('students', exported.rawPayload, 'dry-run')).json();
    expect(roundTrip).toMatchObject({ rows: 3002, unchanged: 3002, created: 0, updated: 0, invalid: 0 });

    const someColumns = await as({
      method: 'GET',
      url: '/api/students/export.xlsx?columns=fullName,className,personalId&grade=3',
    });
    const read = await readWorkbook(someColumns.rawPayload, studentList.columns);
    expect(read.rows).toHaveLength(600);
    expect(Object.keys(read.rows[0]!.values).sort()).toEqual(['_className', 'fullName', 'personalId']);
    expect(read.rows.every((r) => r.values._className === '3A')).toBe(true);
  });

  it('imports staff with subjects and code-list names', async () => {
    const file = await writeWorkbook([
      {
        name: 'Cán bộ',
        columns: staffList.columns,
        rows: [
          {
            fullName: 'Đỗ Thị Hạnh',
            birthDate: '1988-08-08',
            gender: 'Nữ',
            ethnicityCode: 'Thái',
            _subjects: 'Toán, Tiếng Việt',
            contractTypeCode: 'Hợp đồng lao động',
          },
        ],
      },
    ]);
    const report = (await upload('staff', file, 'all-or-nothing')).json();
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ applied: true, created: 1 });
    const staff = await database.db
      .selectFrom('staff')
      .select('payload')
      .where('full_name', '=', 'Đỗ Thị Hạnh')
      .executeTakeFirstOrThrow();
    expect(staff.payload).toMatchObject({
      ethnicityCode: '03',
      contractTypeCode: '02',
      subjects: ['Toán', 'Tiếng Việt'],
      statusCode: '01',
    });
  });

  it('refuses what is not an .xlsx, and a file over the size limit', async () => {
    const garbage = await upload('students', Buffer.from('Họ và tên,Ngày sinh\nAn,01/01/2019'), 'dry-run');
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().code).toBe('EXCEL_INVALID');
    const huge = await upload('students', Buffer.alloc(4 * 1024 * 1024, 1), 'dry-run');
    expect(huge.statusCode).toBe(413);
    const noFile = await as({ method: 'POST', url: '/api/students/import', payload: { file: 'x' } });
    expect(noFile.statusCode).toBe(415);
  });
});
