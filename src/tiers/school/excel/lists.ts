// The spreadsheet form of each school list: its columns, how a row becomes a record and back,
// and what identifies "the same record" when a file is imported again.
import type { z } from 'zod';
import {
  classSchema,
  type SchoolClass,
  type Staff,
  type Student,
  staffSchema,
  studentSchema,
} from '#domain/entities/index.ts';
import { communes, provinces } from '#domain/reference/index.ts';
import type { ColumnSpec } from '#excel/columns.ts';
import { normaliseHeader as fold } from '#excel/columns.ts';
import type { RecordTable } from '../records.ts';
import { CODE_LISTS, type CodeList } from './code-names.ts';

export interface RowProblem {
  column: string;
  message: string;
}

/** What the school already holds that a row may refer to, loaded once per import or export. */
export interface Lookups {
  schoolYear: string;
  classByName: Map<string, { id: string; name: string; status: string }>;
  classNameById: Map<string, string>;
  staffIdsByName: Map<string, string[]>;
  staffNameById: Map<string, string>;
  today: string;
}

export interface ListDefinition<Payload> {
  list: 'classes' | 'staff' | 'students';
  table: RecordTable;
  sheetName: string;
  fileName: string;
  columns: ColumnSpec[];
  schema: z.ZodType<Payload>;
  /** Values a new record gets for what its row leaves out. */
  defaults(lookups: Lookups): Record<string, unknown>;
  /** The fields a row sets (only for the columns the file has), and what in it is wrong. */
  fromRow(
    values: Record<string, unknown>,
    lookups: Lookups,
  ): { data: Record<string, unknown>; problems: RowProblem[] };
  toRow(payload: Payload, lookups: Lookups): Record<string, unknown>;
  /** Keys naming the same record across imports, strongest first. */
  keys(payload: Payload): string[];
}

const col = (key: string, header: string, extra: Omit<ColumnSpec, 'key' | 'header'> = {}): ColumnSpec => ({
  key,
  header,
  ...extra,
});

/** Sets `path` ("father.name") in `target` when the file has that column. */
function assign(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) {
    target[head!] = value === null || value === '' ? undefined : value;
    return;
  }
  const inner = (target[head!] as Record<string, unknown> | undefined) ?? {};
  assign(inner, rest.join('.'), value);
  target[head!] = inner;
}

function get(source: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], source);
}

/** Reads the row's cells for `columns` into a partial payload, translating code-list names. */
function readCells(
  values: Record<string, unknown>,
  columns: ColumnSpec[],
  codes: Record<string, CodeList>,
  problems: RowProblem[],
): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const column of columns) {
    if (!(column.key in values) || column.key.startsWith('_')) continue;
    let value = values[column.key];
    const list = codes[column.key];
    if (list && value !== null && value !== '') {
      const code = list.read(value);
      if (code === undefined)
        problems.push({
          column: column.header,
          message: `"${value}" không có trong danh mục ${list.label}.`,
        });
      value = code ?? null;
    }
    if (column.kind === 'number' && typeof value === 'number') value = Math.round(value);
    assign(data, column.key, value);
  }
  return data;
}

function writeCells(
  payload: unknown,
  columns: ColumnSpec[],
  codes: Record<string, CodeList>,
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const column of columns) {
    if (column.key.startsWith('_')) continue;
    const value = get(payload, column.key);
    const list = codes[column.key];
    assign(row, column.key, list ? list.name(value as string | undefined) : value);
  }
  return row;
}

const folded = (text: string | undefined) => fold(text ?? '');

// ---- Classes -----------------------------------------------------------------------------

const classColumns: ColumnSpec[] = [
  col('name', 'Tên lớp', { required: true, aliases: ['Lớp'], width: 12 }),
  col('grade', 'Khối', { required: true, width: 8 }),
  col('_homeroom', 'Giáo viên chủ nhiệm', { aliases: ['GVCN'], width: 26 }),
  col('sessionsPerDay', 'Số buổi/ngày', { kind: 'number', aliases: ['Số buổi học/ngày'], width: 12 }),
  col('foreignLanguageCode', 'Ngoại ngữ 1', { width: 14 }),
  col('combined', 'Lớp ghép', { kind: 'boolean', width: 10 }),
  col('semiBoarding', 'Bán trú', { kind: 'boolean', width: 10 }),
];
const classCodes = { foreignLanguageCode: CODE_LISTS.foreignLanguage };

export const classList: ListDefinition<SchoolClass> = {
  list: 'classes',
  table: 'classes',
  sheetName: 'Danh sách lớp',
  fileName: 'danh-sach-lop',
  columns: classColumns,
  schema: classSchema,
  defaults: (lookups) => ({
    schoolYear: lookups.schoolYear,
    status: 'active',
    sessionsPerDay: 2,
    combined: false,
    semiBoarding: false,
  }),
  fromRow(values, lookups) {
    const problems: RowProblem[] = [];
    const data = readCells(values, classColumns, classCodes, problems);
    if (typeof data.grade === 'string' || typeof data.grade === 'number')
      data.grade = String(data.grade)
        .replace(/^khối\s*/i, '')
        .toUpperCase();
    if ('_homeroom' in values) {
      const name = values._homeroom;
      if (name === null || name === '') data.homeroomStaffId = undefined;
      else {
        const ids = lookups.staffIdsByName.get(folded(String(name))) ?? [];
        if (ids.length === 1) data.homeroomStaffId = ids[0];
        else
          problems.push({
            column: 'Giáo viên chủ nhiệm',
            message:
              ids.length === 0
                ? `Không có cán bộ tên "${name}" trong trường.`
                : `Trường có ${ids.length} cán bộ tên "${name}"; hãy chọn trên màn hình.`,
          });
      }
    }
    return { data, problems };
  },
  toRow: (payload, lookups) => ({
    ...writeCells(payload, classColumns, classCodes),
    _homeroom: payload.homeroomStaffId ? (lookups.staffNameById.get(payload.homeroomStaffId) ?? '') : '',
  }),
  keys: (payload) => [`name:${folded(payload.name)}`],
};

// ---- Staff -------------------------------------------------------------------------------

const personColumns = (role: 'staff' | 'student'): ColumnSpec[] => [
  col('fullName', 'Họ và tên', {
    required: true,
    aliases: ['Họ tên', role === 'student' ? 'Tên học sinh' : 'Tên cán bộ'],
    width: 26,
  }),
  col('birthDate', 'Ngày sinh', { required: true, kind: 'date', width: 12 }),
  col('gender', 'Giới tính', { required: true, width: 9 }),
  col('personalId', 'Số định danh cá nhân', {
    kind: 'personalId',
    aliases: ['Mã định danh', 'Số CCCD', 'CCCD', 'Số định danh'],
    width: 16,
  }),
  col('ethnicityCode', 'Dân tộc', { required: true, width: 12 }),
  col('religion', 'Tôn giáo', { width: 12 }),
];

const staffColumns: ColumnSpec[] = [
  ...personColumns('staff'),
  col('phone', 'Điện thoại', { kind: 'phone', aliases: ['Số điện thoại', 'SĐT'], width: 13 }),
  col('email', 'Email', { width: 24 }),
  col('statusCode', 'Trạng thái', { aliases: ['Trạng thái cán bộ'], width: 16 }),
  col('statusDate', 'Ngày trạng thái', { kind: 'date', width: 12 }),
  col('positionGroup', 'Nhóm chức vụ', { width: 16 }),
  col('staffType', 'Loại cán bộ', { width: 14 }),
  col('contractTypeCode', 'Hình thức hợp đồng', { width: 18 }),
  col('_subjects', 'Môn dạy', { width: 20 }),
  col('qualification', 'Trình độ chuyên môn', { aliases: ['Trình độ'], width: 16 }),
  col('recruitedOn', 'Ngày tuyển dụng', { kind: 'date', width: 12 }),
];
const staffCodes = {
  gender: CODE_LISTS.gender,
  ethnicityCode: CODE_LISTS.ethnicity,
  religion: CODE_LISTS.religion,
  statusCode: CODE_LISTS.staffStatus,
  contractTypeCode: CODE_LISTS.contractType,
};

export const staffList: ListDefinition<Staff> = {
  list: 'staff',
  table: 'staff',
  sheetName: 'Danh sách cán bộ',
  fileName: 'danh-sach-giao-vien',
  columns: staffColumns,
  schema: staffSchema,
  defaults: (lookups) => ({ religion: 'Không', statusCode: '01', statusDate: lookups.today, subjects: [] }),
  fromRow(values) {
    const problems: RowProblem[] = [];
    const data = readCells(values, staffColumns, staffCodes, problems);
    if ('_subjects' in values) {
      data.subjects = String(values._subjects ?? '')
        .split(/[,;\n]/)
        .map((s) => s.trim())
        .filter(Boolean);
    }
    return { data, problems };
  },
  toRow: (payload) => ({
    ...writeCells(payload, staffColumns, staffCodes),
    _subjects: (payload.subjects ?? []).join(', '),
  }),
  keys: (payload) => [
    ...(payload.personalId ? [`pid:${payload.personalId}`] : []),
    `nb:${folded(payload.fullName)}|${payload.birthDate}`,
  ],
};

// ---- Students ----------------------------------------------------------------------------

const studentColumns: ColumnSpec[] = [
  ...personColumns('student'),
  col('_className', 'Lớp', { required: true, aliases: ['Tên lớp'], width: 8 }),
  col('nationality', 'Quốc tịch', { width: 12 }),
  col('birthplace', 'Nơi sinh', { width: 20 }),
  col('_province', 'Tỉnh/TP thường trú', { aliases: ['Tỉnh thường trú', 'Tỉnh/Thành phố'], width: 18 }),
  col('_commune', 'Xã/Phường thường trú', { aliases: ['Xã thường trú', 'Xã/Phường'], width: 20 }),
  col('_street', 'Địa chỉ thường trú', { aliases: ['Địa chỉ', 'Thôn/Xóm'], width: 22 }),
  col('statusCode', 'Trạng thái', { aliases: ['Trạng thái học sinh'], width: 16 }),
  col('statusDate', 'Ngày trạng thái', { kind: 'date', width: 12 }),
  col('disabilityCode', 'Khuyết tật', { aliases: ['Loại khuyết tật'], width: 16 }),
  col('policyBeneficiary', 'Diện chính sách', { kind: 'boolean', width: 10 }),
  col('father.name', 'Họ tên cha', { width: 22 }),
  col('father.phone', 'Điện thoại cha', { kind: 'phone', aliases: ['SĐT cha'], width: 13 }),
  col('mother.name', 'Họ tên mẹ', { width: 22 }),
  col('mother.phone', 'Điện thoại mẹ', { kind: 'phone', aliases: ['SĐT mẹ'], width: 13 }),
  col('guardian.name', 'Họ tên người giám hộ', { width: 22 }),
  col('guardian.phone', 'Điện thoại người giám hộ', {
    kind: 'phone',
    aliases: ['SĐT người giám hộ'],
    width: 13,
  }),
];
const studentCodes = {
  gender: CODE_LISTS.gender,
  ethnicityCode: CODE_LISTS.ethnicity,
  religion: CODE_LISTS.religion,
  statusCode: CODE_LISTS.studentStatus,
  disabilityCode: CODE_LISTS.disability,
};

const placeName = (name: string) => folded(name.replace(/^(Tỉnh|Thành phố|Xã|Phường|Đặc khu)\s+/i, ''));
const provinceByText = new Map(
  provinces.flatMap((p) => [
    [placeName(p.name), p.code],
    [folded(p.name), p.code],
    [p.code, p.code],
  ]),
);

function readAddress(
  values: Record<string, unknown>,
  data: Record<string, unknown>,
  problems: RowProblem[],
): void {
  if (!('_province' in values) && !('_commune' in values)) return;
  const provinceText = values._province ? String(values._province) : '';
  const communeText = values._commune ? String(values._commune) : '';
  if (!provinceText && !communeText) {
    data.permanentAddress = undefined;
    return;
  }
  const provinceCode =
    provinceByText.get(folded(provinceText)) ?? provinceByText.get(placeName(provinceText));
  if (!provinceCode) {
    problems.push({
      column: 'Tỉnh/TP thường trú',
      message: `Không có tỉnh "${provinceText}" trong danh mục 34 tỉnh, thành phố.`,
    });
    return;
  }
  const commune = communes.find(
    (c) =>
      c.provinceCode === provinceCode &&
      (c.code === communeText ||
        folded(c.name) === folded(communeText) ||
        placeName(c.name) === placeName(communeText)),
  );
  if (!commune) {
    problems.push({
      column: 'Xã/Phường thường trú',
      message: `Không có xã/phường "${communeText}" thuộc tỉnh đã ghi.`,
    });
    return;
  }
  data.permanentAddress = {
    provinceCode,
    communeCode: commune.code,
    street: values._street ? String(values._street) : undefined,
  };
}

export const studentList: ListDefinition<Student> = {
  list: 'students',
  table: 'students',
  sheetName: 'Danh sách học sinh',
  fileName: 'danh-sach-hoc-sinh',
  columns: studentColumns,
  schema: studentSchema,
  defaults: (lookups) => ({
    schoolYear: lookups.schoolYear,
    religion: 'Không',
    nationality: 'Việt Nam',
    statusCode: '01',
    statusDate: lookups.today,
    policyBeneficiary: false,
  }),
  fromRow(values, lookups) {
    const problems: RowProblem[] = [];
    const data = readCells(values, studentColumns, studentCodes, problems);
    if ('_className' in values) {
      const name = String(values._className ?? '');
      const cls = lookups.classByName.get(folded(name));
      if (!cls)
        problems.push({ column: 'Lớp', message: `Năm học ${lookups.schoolYear} không có lớp "${name}".` });
      else if (cls.status !== 'active')
        problems.push({ column: 'Lớp', message: `Lớp ${cls.name} đã giải thể.` });
      else data.classId = cls.id;
    }
    readAddress(values, data, problems);
    return { data, problems };
  },
  toRow(payload, lookups) {
    const address = payload.permanentAddress;
    const commune = address ? communes.find((c) => c.code === address.communeCode) : undefined;
    return {
      ...writeCells(payload, studentColumns, studentCodes),
      _className: lookups.classNameById.get(payload.classId) ?? '',
      _province: address ? (provinces.find((p) => p.code === address.provinceCode)?.name ?? '') : '',
      _commune: commune?.name ?? '',
      _street: address?.street ?? '',
    };
  },
  keys: (payload) => [
    ...(payload.personalId ? [`pid:${payload.personalId}`] : []),
    `nbc:${folded(payload.fullName)}|${payload.birthDate}|${payload.classId}`,
  ],
};

export const LISTS = { classes: classList, staff: staffList, students: studentList } as const;
export type ListName = keyof typeof LISTS;
