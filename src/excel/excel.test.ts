import ExcelJS, { type CellValue, type Worksheet } from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ColumnSpec } from './columns.ts';
import { ExcelFormatError, ExcelLimitError } from './errors.ts';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, readWorkbook } from './read.ts';
import { templateWorkbook, writeWorkbook } from './write.ts';

const student: ColumnSpec[] = [
  { key: 'fullName', header: 'Họ và tên', aliases: ['Họ tên', 'Tên học sinh'], required: true },
  { key: 'birthDate', header: 'Ngày sinh', kind: 'date', required: true },
  {
    key: 'personalId',
    header: 'Số định danh cá nhân',
    aliases: ['Mã định danh', 'CCCD'],
    kind: 'personalId',
  },
  { key: 'father.name', header: 'Họ tên cha' },
  { key: 'father.phone', header: 'Điện thoại cha', kind: 'phone' },
  { key: 'score', header: 'Điểm trung bình', kind: 'number' },
  { key: 'boarding', header: 'Bán trú', kind: 'boolean' },
];

/** Builds an .xlsx in memory: one array per row, starting at row 1. */
async function xlsx(rows: CellValue[][], prepare?: (sheet: Worksheet, workbook: ExcelJS.Workbook) => void) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách');
  rows.forEach((values, index) => {
    sheet.getRow(index + 1).values = values;
  });
  prepare?.(sheet, workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function readOne(kind: ColumnSpec['kind'], value: CellValue) {
  const result = await readWorkbook(await xlsx([['Giá trị'], [value]]), [
    { key: 'v', header: 'Giá trị', kind },
  ]);
  return { value: result.rows[0]?.values.v, issues: result.issues };
}

describe('finding the header', () => {
  it('matches headers in any order, with line breaks, decoration and no diacritics, ignoring extra columns', async () => {
    const file = await xlsx([
      ['DANH SÁCH HỌC SINH LỚP 6A'],
      [],
      ['STT', 'NGÀY SINH:', 'Ghi chú', 'Ho va\nten *', 'Ma  dinh danh', 'Ho ten cha'],
      [1, '05/09/2013', 'chuyển đến', 'Nguyễn Văn An', '001213000123', 'Nguyễn Văn Bình'],
    ]);
    const result = await readWorkbook(file, student);
    expect(result.headerRow).toBe(3);
    expect(result.issues).toEqual([]);
    expect(result.rows).toEqual([
      {
        rowNumber: 4,
        values: {
          fullName: 'Nguyễn Văn An',
          birthDate: '2013-09-05',
          personalId: '001213000123',
          'father.name': 'Nguyễn Văn Bình',
        },
      },
    ]);
  });

  it('matches a header typed with decomposed Vietnamese and an upper-case Đ', async () => {
    const file = await xlsx([
      ['Họ và tên'.normalize('NFD'), 'NGÀY SINH', 'ĐIỆN THOẠI CHA'],
      ['An', '1/2/2014', ''],
    ]);
    const result = await readWorkbook(file, student);
    expect(result.issues).toEqual([]);
    expect(Object.keys(result.rows[0]!.values)).toEqual(['fullName', 'birthDate', 'father.phone']);
  });

  it('reports a missing required column at the header row, and only required ones', async () => {
    const file = await xlsx([['Danh sách'], ['Họ tên', 'Điểm trung bình'], ['An', 8]]);
    const result = await readWorkbook(file, student);
    expect(result.headerRow).toBe(2);
    expect(result.issues).toEqual([{ row: 2, column: 'Ngày sinh', message: 'Thiếu cột "Ngày sinh".' }]);
    expect(result.rows[0]!.values).toEqual({ fullName: 'An', score: 8 });
  });

  it('reports a column given twice and reads the first', async () => {
    const file = await xlsx([
      ['Họ và tên', 'Ngày sinh', 'Họ tên'],
      ['An', '01/01/2014', 'Bình'],
    ]);
    const result = await readWorkbook(file, student);
    expect(result.issues).toEqual([
      { row: 1, column: 'Họ và tên', message: 'Có nhiều cột "Họ và tên" (A, C); chỉ đọc cột A.' },
    ]);
    expect(result.rows[0]!.values.fullName).toBe('An');
  });

  it('does not take a header merged across two columns for two columns', async () => {
    const file = await xlsx(
      [
        ['Họ và tên', null, 'Ngày sinh'],
        ['An', null, '01/01/2014'],
      ],
      (sheet) => sheet.mergeCells('A1:B1'),
    );
    const result = await readWorkbook(file, student);
    expect(result.issues).toEqual([]);
    expect(result.rows[0]!.values).toEqual({ fullName: 'An', birthDate: '2014-01-01' });
  });

  it('says so when no row among the first ten is a header', async () => {
    const file = await xlsx([['Bảng điểm'], ['Toán', 'Văn'], [8, 9]]);
    const result = await readWorkbook(file, student);
    expect(result).toEqual({
      headerRow: 0,
      rows: [],
      headers: {},
      unusedColumns: [],
      issues: [
        {
          row: 1,
          column: '',
          message: 'Không tìm thấy dòng tiêu đề trong 10 dòng đầu: cần các cột "Họ và tên", "Ngày sinh".',
        },
      ],
    });
  });
});

describe('reading rows', () => {
  it('skips empty rows and rows with nothing in the columns read, keeping Excel row numbers', async () => {
    const file = await xlsx([
      ['Họ và tên', 'Ngày sinh', 'Ghi chú'],
      ['An', '01/01/2014'],
      [],
      ['  ', null],
      ['Bình', '02/02/2014'],
      [null, null, 'Người lập biểu'],
    ]);
    const result = await readWorkbook(file, student);
    expect(result.rows.map((row) => [row.rowNumber, row.values.fullName])).toEqual([
      [2, 'An'],
      [5, 'Bình'],
    ]);
  });

  it('reads the first visible sheet, or the one named', async () => {
    const file = await xlsx([['Danh mục']], (_sheet, workbook) => {
      workbook.worksheets[0]!.state = 'hidden';
      workbook.addWorksheet('Lớp 6A').addRows([['Họ và tên'], ['An']]);
      workbook.addWorksheet('Lớp 6B').addRows([['Họ và tên'], ['Bình']]);
    });
    expect((await readWorkbook(file, student)).rows[0]!.values.fullName).toBe('An');
    expect((await readWorkbook(file, student, { sheetName: 'lớp 6b' })).rows[0]!.values.fullName).toBe(
      'Bình',
    );
    await expect(readWorkbook(file, student, { sheetName: 'Lớp 9' })).rejects.toThrow(
      new ExcelFormatError('Không tìm thấy trang tính "Lớp 9" trong tệp Excel.'),
    );
  });

  it('accepts a plain Uint8Array', async () => {
    const file = new Uint8Array(await xlsx([['Họ và tên'], ['An']]));
    expect((await readWorkbook(file, student)).rows).toHaveLength(1);
  });
});

describe('text cells', () => {
  it('normalises to NFC, trims and collapses inner whitespace', async () => {
    expect((await readOne('text', '  Nguyễn \n Văn\u00a0 An '.normalize('NFD'))).value).toBe('Nguyễn Văn An');
  });

  it('reads rich text, links and formula results', async () => {
    const richText = { richText: [{ text: 'Trần ' }, { text: 'Thị Bé', font: { bold: true } }] };
    expect((await readOne('text', richText)).value).toBe('Trần Thị Bé');
    expect((await readOne('text', { text: 'Trang trường', hyperlink: 'https://example.edu.vn' })).value).toBe(
      'Trang trường',
    );
    expect((await readOne('text', { formula: 'CONCAT("6","A")', result: '6A' })).value).toBe('6A');
  });

  it('reads a blank cell as null and reports a formula error', async () => {
    const file = await xlsx([
      ['Họ và tên', 'Họ tên cha', 'Ngày sinh'],
      ['An', '  ', { error: '#N/A' }],
    ]);
    const result = await readWorkbook(file, student);
    expect(result.rows[0]!.values).toEqual({ fullName: 'An', 'father.name': null, birthDate: null });
    expect(result.issues).toEqual([{ row: 2, column: 'Ngày sinh', message: 'Ô bị lỗi công thức: #N/A.' }]);
  });
});

describe('date cells', () => {
  const sameDay: [string, CellValue][] = [
    ['a Date cell', new Date(Date.UTC(2024, 0, 1))],
    ['a Date cell with a time of day', new Date(Date.UTC(2024, 0, 1, 15, 30))],
    ['a serial number', 45292],
    ['dd/mm/yyyy text', '01/01/2024'],
    ['d/m/yyyy text', '1/1/2024'],
    ['dd-mm-yyyy text', '01-01-2024'],
    ['dd.mm.yyyy text', '01.01.2024'],
    ['yyyy-mm-dd text', '2024-01-01'],
    ['text with a time of day', '01/01/2024 00:00:00'],
    ['a formula result', { formula: 'DATE(2024,1,1)', result: 45292 }],
  ];
  it.each(sameDay)('reads %s as 2024-01-01', async (_name, value) => {
    expect(await readOne('date', value)).toEqual({ value: '2024-01-01', issues: [] });
  });

  it('counts serial numbers around Excel’s phantom 29/02/1900', async () => {
    expect((await readOne('date', 59)).value).toBe('1900-02-28');
    expect((await readOne('date', 61)).value).toBe('1900-03-01');
    expect((await readOne('date', 60)).issues).toHaveLength(1);
  });

  it('reads serial numbers of a workbook in the 1904 date system', async () => {
    const file = await xlsx([['Ngày'], [43830]], (_sheet, workbook) => {
      workbook.properties.date1904 = true;
    });
    const result = await readWorkbook(file, [{ key: 'day', header: 'Ngày', kind: 'date' }]);
    expect(result.rows[0]!.values.day).toBe('2024-01-01');
  });

  it('reads the same day whatever the server’s time zone', async () => {
    const file = await xlsx([['Ngày'], [new Date(Date.UTC(2024, 0, 1))]]);
    const saved = process.env.TZ;
    try {
      for (const zone of ['Asia/Ho_Chi_Minh', 'Pacific/Kiritimati', 'America/Los_Angeles']) {
        process.env.TZ = zone;
        const result = await readWorkbook(file, [{ key: 'day', header: 'Ngày', kind: 'date' }]);
        expect(result.rows[0]!.values.day, zone).toBe('2024-01-01');
      }
    } finally {
      process.env.TZ = saved;
    }
  });

  it('reports an invalid date with its row and column, and reads it as null', async () => {
    const file = await xlsx([
      ['Họ và tên', 'Ngày sinh'],
      ['An', '01/01/2014'],
      ['Bình', '31/02/2020'],
      ['Chi', 2010],
      ['Dũng', '2014/13/01'],
    ]);
    const result = await readWorkbook(file, student);
    expect(result.rows[1]!.values).toEqual({ fullName: 'Bình', birthDate: null });
    expect(result.issues).toEqual([
      { row: 3, column: 'Ngày sinh', message: 'Ngày không hợp lệ: "31/02/2020" (cần dạng dd/mm/yyyy).' },
      { row: 4, column: 'Ngày sinh', message: 'Ngày không hợp lệ: "2010" (cần dạng dd/mm/yyyy).' },
      { row: 5, column: 'Ngày sinh', message: 'Ngày không hợp lệ: "2014/13/01" (cần dạng dd/mm/yyyy).' },
    ]);
  });

  it('accepts 29/02 in a leap year only', async () => {
    expect((await readOne('date', '29/02/2024')).value).toBe('2024-02-29');
    expect((await readOne('date', '29/02/2023')).value).toBeNull();
  });
});

describe('number cells', () => {
  it.each([
    [7.5, 7.5],
    ['7,5', 7.5],
    [' 8 ', 8],
    ['-0.25', -0.25],
  ] as const)('reads %j as %d', async (cell, expected) => {
    expect(await readOne('number', cell)).toEqual({ value: expected, issues: [] });
  });

  it('reports text that is not a number', async () => {
    expect(await readOne('number', 'tám')).toEqual({
      value: null,
      issues: [{ row: 2, column: 'Giá trị', message: 'Số không hợp lệ: "tám".' }],
    });
  });
});

describe('personal ID cells', () => {
  it.each([
    ['an 11-digit number (its leading zero dropped)', 12345678901, '012345678901'],
    ['a 12-digit number', 123456789012, '123456789012'],
    ['text with spaces', '0123 4567 8901', '012345678901'],
    ['text with dots and an apostrophe', "'012.345.678.901", '012345678901'],
    ['an old 9-digit CMND', 123456789, '123456789'],
    ['anything else, left to the caller', ' chưa  có ', 'chưa có'],
    ['too many digits, left to the caller', '0123 4567 89012', '0123456789012'],
  ] as const)('reads %s', async (_name, cell, expected) => {
    expect(await readOne('personalId', cell)).toEqual({ value: expected, issues: [] });
  });
});

describe('phone cells', () => {
  it.each([
    ['a mobile number stored as a number', 912345678, '0912345678'],
    ['a landline stored as a number', 2438251234, '02438251234'],
    ['text with dots', '091.234.5678', '0912345678'],
    ['text with spaces and dashes', '0912 345-678', '0912345678'],
    ['an international number', '+84 912 345 678', '+84912345678'],
    ['anything else, left to the caller', 'không có', 'không có'],
  ] as const)('reads %s', async (_name, cell, expected) => {
    expect(await readOne('phone', cell)).toEqual({ value: expected, issues: [] });
  });
});

describe('boolean cells', () => {
  it('reads marks and words, an empty cell being false', async () => {
    const cells: CellValue[] = [
      'x',
      'X',
      'có',
      'Co',
      'yes',
      'TRUE',
      1,
      true,
      null,
      'không',
      'khong',
      'No',
      0,
      false,
    ];
    const file = await xlsx([['Họ và tên', 'Bán trú'], ...cells.map((cell, index) => [`HS ${index}`, cell])]);
    const result = await readWorkbook(
      file,
      student.filter((spec) => spec.key !== 'birthDate'),
    );
    expect(result.issues).toEqual([]);
    expect(result.rows.map((row) => row.values.boarding)).toEqual([
      ...[true, true, true, true, true, true, true, true],
      ...[false, false, false, false, false, false],
    ]);
  });

  it('reports anything else', async () => {
    expect((await readOne('boolean', 'có lẽ')).issues).toEqual([
      {
        row: 2,
        column: 'Giá trị',
        message: 'Giá trị không hợp lệ: "có lẽ" (ghi "x" nếu có, để trống nếu không).',
      },
    ]);
  });
});

describe('writing', () => {
  const records = [
    {
      fullName: 'Nguyễn Thị Ánh Tuyết',
      birthDate: '2013-09-05',
      personalId: '001213000123',
      father: { name: 'Nguyễn Văn Đức', phone: '0912345678' },
      score: 8.25,
      boarding: true,
    },
    {
      fullName: 'Lê Hoàng Bảo Ngọc',
      birthDate: '2014-02-28',
      personalId: '079214000456',
      father: { name: 'Lê Văn Hùng', phone: '02438251234' },
      score: 7,
      boarding: false,
    },
    { fullName: 'Phạm Minh Khôi', birthDate: null, father: {} },
  ];

  it('round-trips Vietnamese text, a title row, nested keys, dates, IDs, phones, numbers and marks', async () => {
    const file = await writeWorkbook([
      { name: 'Lớp 6A', title: 'DANH SÁCH HỌC SINH LỚP 6A', columns: student, rows: records },
    ]);
    const result = await readWorkbook(file, student);
    expect(result.headerRow).toBe(2);
    expect(result.issues).toEqual([]);
    expect(result.rows).toEqual([
      {
        rowNumber: 3,
        values: {
          fullName: 'Nguyễn Thị Ánh Tuyết',
          birthDate: '2013-09-05',
          personalId: '001213000123',
          'father.name': 'Nguyễn Văn Đức',
          'father.phone': '0912345678',
          score: 8.25,
          boarding: true,
        },
      },
      {
        rowNumber: 4,
        values: {
          fullName: 'Lê Hoàng Bảo Ngọc',
          birthDate: '2014-02-28',
          personalId: '079214000456',
          'father.name': 'Lê Văn Hùng',
          'father.phone': '02438251234',
          score: 7,
          boarding: false,
        },
      },
      {
        rowNumber: 5,
        values: {
          fullName: 'Phạm Minh Khôi',
          birthDate: null,
          personalId: null,
          'father.name': null,
          'father.phone': null,
          score: null,
          boarding: false,
        },
      },
    ]);
  });

  it('writes rows read back, whose keys are flat', async () => {
    const first = await readWorkbook(
      await writeWorkbook([{ name: 'A', columns: student, rows: records }]),
      student,
    );
    const second = await writeWorkbook([
      { name: 'A', columns: student, rows: first.rows.map((row) => row.values) },
    ]);
    expect((await readWorkbook(second, student)).rows).toEqual(first.rows);
  });

  it('writes a bold frozen header, dd/mm/yyyy dates and text-formatted IDs and phones', async () => {
    const file = await writeWorkbook([
      { name: 'Lớp 6A', title: 'Danh sách', columns: student, rows: records },
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('Danh sách');
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getCell('G1').isMerged).toBe(true);
    expect(sheet.getRow(2).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const row = sheet.getRow(3);
    expect(row.getCell(2).value).toBe('05/09/2013');
    expect(row.getCell(3)).toMatchObject({ value: '001213000123', numFmt: '@' });
    expect(row.getCell(5)).toMatchObject({ value: '0912345678', numFmt: '@' });
    expect(row.getCell(6).value).toBe(8.25);
    expect(row.getCell(7).value).toBe('x');
    expect(sheet.getRow(4).getCell(7).value).toBeNull();
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual('Nguyễn Thị Ánh Tuyết'.length);
  });

  it('writes several sheets, making names Excel accepts', async () => {
    const file = await writeWorkbook([
      { name: 'Lớp 6/1', columns: student, rows: [records[0]!] },
      { name: 'lớp 6-1', columns: student, rows: [records[1]!] },
      { name: 'Danh sách học sinh được miễn giảm học phí năm 2025', columns: student, rows: [] },
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
    const names = workbook.worksheets.map((sheet) => sheet.name);
    expect(names).toEqual([
      'Lớp 6-1',
      'lớp 6-1 (2)',
      'Danh sách học sinh được miễn giảm học phí'.slice(0, 31),
    ]);
    const second = await readWorkbook(file, student, { sheetName: 'lớp 6-1 (2)' });
    expect(second.rows[0]!.values.fullName).toBe('Lê Hoàng Bảo Ngọc');
  });

  it('makes a template whose required headers are starred and which reads back', async () => {
    const file = await templateWorkbook('Mẫu nhập học sinh', student, records[0]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets[0]!.getRow(1).values).toEqual([
      undefined,
      'Họ và tên *',
      'Ngày sinh *',
      'Số định danh cá nhân',
      'Họ tên cha',
      'Điện thoại cha',
      'Điểm trung bình',
      'Bán trú',
    ]);
    const result = await readWorkbook(file, student);
    expect(result.issues).toEqual([]);
    expect(result.rows[0]!.values.personalId).toBe('001213000123');
  });
});

describe('limits and unreadable files', () => {
  it('refuses more data rows than allowed', async () => {
    const file = await xlsx([['Họ và tên'], ['A'], ['B'], [], ['C']]);
    expect((await readWorkbook(file, student, { maxRows: 3 })).rows).toHaveLength(3);
    await expect(readWorkbook(file, student, { maxRows: 2 })).rejects.toThrow(new ExcelLimitError('rows', 2));
    expect(new ExcelLimitError('rows', DEFAULT_MAX_ROWS).message).toBe(
      'Tệp có quá nhiều dòng: tối đa 20.000 dòng.',
    );
  });

  it('refuses a file larger than allowed', async () => {
    const file = await xlsx([['Họ và tên'], ['An']]);
    const error = await readWorkbook(file, student, { maxBytes: 1000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExcelLimitError);
    expect(error).toMatchObject({ limit: 'bytes', message: 'Tệp quá lớn: tối đa 1.000 byte.' });
    expect(new ExcelLimitError('bytes', DEFAULT_MAX_BYTES).message).toBe('Tệp quá lớn: tối đa 10 MB.');
  });

  it.each([
    ['garbage bytes', Buffer.from('này không phải là tệp Excel')],
    ['an empty file', Buffer.alloc(0)],
    ['an old .xls (OLE) file', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])],
  ])('refuses %s', async (_name, file) => {
    const error = await readWorkbook(file, student).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExcelFormatError);
    expect((error as Error).message).toMatch(/^Không đọc được tệp Excel \(\.xlsx\)/);
  });

  it('refuses a truncated .xlsx', async () => {
    const file = await xlsx([['Họ và tên'], ['An']]);
    await expect(readWorkbook(file.subarray(0, file.length - 200), student)).rejects.toBeInstanceOf(
      ExcelFormatError,
    );
  });
});

describe('a long list', () => {
  it('reads 3,000 rows', async () => {
    const rows = Array.from({ length: 3000 }, (_, index) => ({
      fullName: `Học sinh số ${index + 1}`,
      birthDate: `2013-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 28) + 1).padStart(2, '0')}`,
      personalId: String(index).padStart(12, '0'),
      father: { name: `Phụ huynh ${index + 1}`, phone: `09${String(index).padStart(8, '0')}` },
      score: (index % 100) / 10,
      boarding: index % 3 === 0,
    }));
    const file = await writeWorkbook([{ name: 'Toàn trường', columns: student, rows }]);

    const started = performance.now();
    const result = await readWorkbook(file, student);
    console.log(
      `Read 3,000 rows (${Math.round(file.length / 1024)} KB) in ${Math.round(performance.now() - started)} ms`,
    );

    expect(result.issues).toEqual([]);
    expect(result.rows).toHaveLength(3000);
    expect(result.rows[0]).toEqual({
      rowNumber: 2,
      values: {
        fullName: 'Học sinh số 1',
        birthDate: '2013-01-01',
        personalId: '000000000000',
        'father.name': 'Phụ huynh 1',
        'father.phone': '0900000000',
        score: 0,
        boarding: true,
      },
    });
    expect(result.rows[2999]!.rowNumber).toBe(3001);
    expect(result.rows[2999]!.values).toMatchObject({
      fullName: 'Học sinh số 3000',
      birthDate: '2013-12-04',
      personalId: '000000002999',
      score: 9.9,
      boarding: false,
    });
  });
});
