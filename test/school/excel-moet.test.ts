// Spreadsheets as schools fill them: the Ministry's (Bộ GD&ĐT) template headers, ethnic groups and
// religions as people write them, and messages that name columns as the file does — never a
// field of the record. Files are built with exceljs, uploaded over real HTTP.
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReportView } from '#domain/api/excel-import.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { XLSX_TYPE } from '#tiers/school/excel/routes.ts';
import { addFixtureUnits, createUser, sessionCookie } from '../helpers/access.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { schoolApi } from '../helpers/school-api.ts';
import { classData, SCHOOL_YEAR } from '../helpers/school-records.ts';

/** The student template of the sector database (CSDL ngành), as schools download and fill it. */
const MOET_HEADERS = [
  'STT',
  'Mã lớp',
  'Mã định danh Bộ GD&ĐT (trên CSDL ngành)',
  'Họ và tên',
  'Ngày sinh',
  'Giới tính',
  'Dân tộc',
  'Tôn giáo',
  'Quốc tịch',
  'Tỉnh',
  'Huyện',
  'Xã',
  'Họ tên cha',
  'Năm sinh cha',
  'Họ tên mẹ',
  'Năm sinh mẹ',
  'Số ĐDCN',
];
const UNUSED = ['STT', 'Mã định danh Bộ GD&ĐT (trên CSDL ngành)', 'Huyện', 'Năm sinh cha', 'Năm sinh mẹ'];

const moetRow = (over: Record<string, unknown> = {}) => ({
  STT: 1,
  'Mã lớp': '5A',
  'Mã định danh Bộ GD&ĐT (trên CSDL ngành)': '4000123456',
  'Họ và tên': 'Hồ Thị Mai',
  'Ngày sinh': '02/04/2014',
  'Giới tính': 'Nữ',
  'Dân tộc': 'Kinh',
  'Tôn giáo': 'Không',
  'Quốc tịch': 'Việt Nam',
  Tỉnh: 'Tỉnh Nghệ An',
  Huyện: 'Thành phố Vinh',
  Xã: 'Phường Thành Vinh',
  'Họ tên cha': 'Hồ Văn Nam',
  'Năm sinh cha': 1980,
  'Họ tên mẹ': 'Lê Thị Hà',
  'Năm sinh mẹ': 1982,
  'Số ĐDCN': '040314000111',
  ...over,
});

/** A workbook as a clerk makes it: a title above, then the header row, then the rows. */
async function workbook(headers: string[], rows: Record<string, unknown>[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Danh sách');
  sheet.addRow(['DANH SÁCH HỌC SINH NĂM HỌC 2026-2027']);
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(headers.map((h) => row[h] ?? null));
  return Buffer.from(await book.xlsx.writeBuffer());
}

const CAMEL_CASE = /\b[a-z]+[A-Z][A-Za-z]*\b/;

describe('Excel as schools fill it', () => {
  let database: TestDatabase<'school'>;
  let app: ZodApp;
  let url: string;
  let cookie: string;
  let call: ReturnType<typeof schoolApi>;

  const upload = async (list: string, file: Buffer, mode = 'dry-run') => {
    const response = await fetch(`${url}/api/${list}/import?mode=${mode}`, {
      method: 'POST',
      headers: { cookie, origin: url, 'content-type': XLSX_TYPE },
      body: file,
    });
    return { status: response.status, body: (await response.json()) as ImportReportView };
  };
  const studentByName = async (fullName: string) =>
    (
      await database.db
        .selectFrom('students')
        .select('payload')
        .where('full_name', '=', fullName)
        .where('deleted', '=', false)
        .executeTakeFirstOrThrow()
    ).payload;

  beforeAll(async () => {
    database = await createTestDatabase('school');
    await addFixtureUnits('school', database.db);
    app = await buildTestApp('school', database.db);
    const admin = await createUser(database.db, 'school_admin', 'S7000001');
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    cookie = await sessionCookie(database.db, admin.id);
    call = schoolApi(url, cookie);
    expect((await call('PUT', '/api/school/current-year', { schoolYear: SCHOOL_YEAR })).status).toBe(200);
    for (const name of ['5A', '5B']) {
      const { schoolYear: _, ...data } = classData({ name, grade: '5' });
      expect((await call('POST', '/api/classes', data)).status).toBe(201);
    }
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it("imports the Ministry's template: class, personal ID and address taken, unused columns reported", async () => {
    const file = await workbook(MOET_HEADERS, [
      moetRow(),
      moetRow({
        STT: 2,
        'Mã lớp': '5B',
        'Họ và tên': 'Lò Văn Sơn',
        'Số ĐDCN': '040214000222',
        'Giới tính': 'Nam',
      }),
      // Written without diacritics, the province without "Tỉnh", by a clerk in a hurry.
      moetRow({
        STT: 3,
        'Họ và tên': 'Vi Thị Lan',
        Tỉnh: 'NGHE AN',
        Xã: 'thanh vinh',
        'Số ĐDCN': '040314000333',
      }),
    ]);
    const dryRun = await upload('students', file);
    expect(dryRun.status).toBe(200);
    expect(dryRun.body.errors).toEqual([]);
    expect(dryRun.body.created).toBe(3);
    expect(dryRun.body.warnings!.map((w: { column: string }) => w.column)).toEqual(UNUSED);
    expect(dryRun.body.warnings![2]!.message).toBe(
      'Cột K "Huyện" không được nhập: danh sách không có thông tin này, dữ liệu của cột bị bỏ qua.',
    );

    const imported = await upload('students', file, 'all-or-nothing');
    expect(imported.body).toMatchObject({ applied: true, created: 3, errors: [] });
    expect(imported.body.warnings).toHaveLength(UNUSED.length);

    const classes = (await call('GET', '/api/classes')).body.items as {
      id: string;
      data: { name: string };
    }[];
    const classId = (name: string) => classes.find((c) => c.data.name === name)!.id;
    const mai = await studentByName('Hồ Thị Mai');
    expect(mai).toMatchObject({
      personalId: '040314000111',
      classId: classId('5A'),
      permanentAddress: { provinceCode: '40', communeCode: '16681' },
      father: { name: 'Hồ Văn Nam' },
      mother: { name: 'Lê Thị Hà' },
    });
    expect(await studentByName('Lò Văn Sơn')).toMatchObject({
      classId: classId('5B'),
      personalId: '040214000222',
    });
    expect(await studentByName('Vi Thị Lan')).toMatchObject({
      permanentAddress: { provinceCode: '40', communeCode: '16681' },
    });
  });

  it('reads ethnic groups and religions as people write them', async () => {
    const written: [string, string, string][] = [
      ['Ê-đê', '11', 'Thiên Chúa giáo'],
      ['Bru Vân Kiều', '24', 'Đạo Phật'],
      ['Mường', '04', 'không'],
      ['Khmer', '05', 'Hòa Hảo'],
      ['Khơ-me', '05', 'Tin lành'],
      ['Mông', '08', 'Không'],
      ["H'Mông", '08', 'Không'],
      ['Gia-rai', '10', 'Không'],
      ['dân tộc Tày', '02', 'Không'],
      ['Giẻ Triêng', '29', 'Không'],
    ];
    const religions: Record<string, string> = {
      'Thiên Chúa giáo': 'Công giáo',
      'Đạo Phật': 'Phật giáo',
      không: 'Không',
      'Hòa Hảo': 'Phật giáo Hòa Hảo',
      'Tin lành': 'Tin Lành',
      Không: 'Không',
    };
    const file = await workbook(
      MOET_HEADERS,
      written.map(([ethnic, , religion], i) =>
        moetRow({
          'Họ và tên': `Học Sinh Dân Tộc ${i + 1}`,
          'Dân tộc': ethnic,
          'Tôn giáo': religion,
          'Số ĐDCN': `0403140010${String(i).padStart(2, '0')}`,
        }),
      ),
    );
    const imported = await upload('students', file, 'all-or-nothing');
    expect(imported.body.errors).toEqual([]);
    for (const [i, [, code, religion]] of written.entries()) {
      expect(await studentByName(`Học Sinh Dân Tộc ${i + 1}`)).toMatchObject({
        ethnicityCode: code,
        religion: religions[religion],
      });
    }
  });

  it('refuses a name no list knows, naming the column as the file writes it', async () => {
    const file = await workbook(MOET_HEADERS, [
      moetRow({ 'Họ và tên': 'Sai Dân Tộc', 'Dân tộc': 'Sao Hỏa', 'Số ĐDCN': '04031400099' }),
      moetRow({ 'Họ và tên': 'Sai Địa Chỉ', Tỉnh: 'Tỉnh Atlantis', 'Số ĐDCN': '040314000998' }),
    ]);
    const { body } = await upload('students', file);
    expect(body.errors).toEqual([
      { row: 3, column: 'Dân tộc', message: '"Sao Hỏa" không có trong danh mục dân tộc.' },
      { row: 4, column: 'Tỉnh', message: 'Không có tỉnh "Tỉnh Atlantis" trong danh mục 34 tỉnh, thành phố.' },
    ]);
  });

  /** Files wrong in every way a list can be, for each list. */
  const brokenFiles: [string, string[], Record<string, unknown>[]][] = [
    // No class column at all, a bad date, a bad personal ID, an unknown class, a commune missing.
    [
      'students',
      ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Dân tộc', 'Số ĐDCN', 'Tỉnh', 'Xã', 'SĐT cha'],
      [
        {
          'Họ và tên': 'A',
          'Ngày sinh': '31/02/2014',
          'Giới tính': 'X',
          'Dân tộc': 'Kinh',
          'Số ĐDCN': '12ab',
        },
        {
          'Họ và tên': 'B',
          'Ngày sinh': '01/02/2014',
          'Giới tính': 'Nam',
          'Dân tộc': 'Kinh',
          Tỉnh: 'Nghệ An',
        },
        {
          'Họ và tên': 'C',
          'Ngày sinh': '01/02/2014',
          'Giới tính': 'Nam',
          'Dân tộc': 'Kinh',
          'SĐT cha': '123',
        },
      ],
    ],
    [
      'students',
      [
        'Họ và tên',
        'Ngày sinh',
        'Giới tính',
        'Dân tộc',
        'Mã lớp',
        'Trạng thái',
        'Ngày trạng thái',
        'Số ĐDCN',
      ],
      [
        {
          'Họ và tên': 'D',
          'Ngày sinh': '01/02/2014',
          'Giới tính': 'Nam',
          'Dân tộc': 'Kinh',
          'Mã lớp': '9Z',
        },
        {
          'Họ và tên': 'E',
          'Ngày sinh': '01/02/2014',
          'Giới tính': 'Nam',
          'Dân tộc': 'Kinh',
          'Mã lớp': '5A',
          'Trạng thái': 'Bay',
          'Số ĐDCN': '040314000111',
        },
        {
          'Họ và tên': 'E',
          'Ngày sinh': '01/02/2014',
          'Giới tính': 'Nam',
          'Dân tộc': 'Kinh',
          'Mã lớp': '5A',
          'Ngày trạng thái': 'hôm qua',
        },
        { 'Họ và tên': '', 'Ngày sinh': '', 'Giới tính': 'Nam', 'Dân tộc': '', 'Mã lớp': '5A' },
      ],
    ],
    [
      'staff',
      [
        'Họ tên',
        'Ngày sinh',
        'Giới tính',
        'Dân tộc',
        'Email',
        'Điện thoại',
        'Hình thức hợp đồng',
        'Ngày tuyển dụng',
      ],
      [
        {
          'Họ tên': 'F',
          'Ngày sinh': '01/02/1980',
          'Giới tính': 'Nữ',
          'Dân tộc': 'Kinh',
          Email: 'không-phải-email',
        },
        {
          'Họ tên': 'G',
          'Ngày sinh': '01/02/1980',
          'Giới tính': 'Nữ',
          'Dân tộc': 'Kinh',
          'Điện thoại': '99',
        },
        {
          'Họ tên': 'H',
          'Ngày sinh': '1980',
          'Giới tính': 'Nữ',
          'Dân tộc': 'Kinh',
          'Hình thức hợp đồng': 'Tạm',
        },
        {
          'Họ tên': 'I',
          'Ngày sinh': '01/02/1980',
          'Giới tính': 'Nữ',
          'Dân tộc': 'Kinh',
          'Ngày tuyển dụng': 'x',
        },
      ],
    ],
    [
      'classes',
      ['Mã lớp', 'Khối', 'GVCN', 'Số buổi/ngày', 'Ngoại ngữ 1', 'Lớp ghép'],
      [
        { 'Mã lớp': '7A', Khối: '13' },
        { 'Mã lớp': '7B', Khối: '7', GVCN: 'Không Có Ai', 'Số buổi/ngày': 3 },
        { 'Mã lớp': '7C', Khối: '7', 'Ngoại ngữ 1': 'Klingon', 'Lớp ghép': 'có lẽ' },
        { 'Mã lớp': '', Khối: '' },
      ],
    ],
    ['classes', ['Ghi chú', 'Sĩ số'], [{ 'Ghi chú': 'x', 'Sĩ số': 30 }]],
  ];

  it('never names a field of the record in a message, whatever is wrong in a file', async () => {
    const seen: string[] = [];
    for (const [list, headers, rows] of brokenFiles) {
      const { status, body } = await upload(list, await workbook(headers, rows));
      expect(status).toBe(200);
      expect(body.errors.length).toBeGreaterThan(0);
      for (const { column, message } of [...body.errors, ...(body.warnings ?? [])]) {
        seen.push(`${column}: ${message}`);
        expect(column, message).not.toMatch(CAMEL_CASE);
        expect(message, column).not.toMatch(CAMEL_CASE);
      }
    }
    if (process.env.SHOW_MESSAGES) console.log(seen.join('\n'));
    // The class a student needs is named by its column, also when the file has no such column.
    expect(seen).toContain('Lớp: Trường này là bắt buộc.');
    expect(seen).toContain('Dân tộc: Trường này là bắt buộc.');
    expect(seen.some((line) => line.startsWith('Mã lớp: Năm học 2026-2027 không có lớp "9Z"'))).toBe(true);
  });
});
