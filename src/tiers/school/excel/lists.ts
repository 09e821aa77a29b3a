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
import type { ColumnSpec } from '#excel/columns.ts';
import { normaliseHeader as fold } from '#excel/columns.ts';
import type { RecordTable } from '../records.ts';
import { addressCells, readAddress } from './address.ts';
import { headerAliases } from './aliases.ts';
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
  /**
   * The column a payload field is read from, where the key differs ("classId" from "_className"),
   * so that a problem with the field names the column the clerk wrote, never the field.
   */
  fieldColumns: Record<string, string>;
  /** What a field no column sets is called, should the record's check name it. */
  fieldLabels: Record<string, string>;
  /** Columns found in the file that cannot be used without others (a street without its commune). */
  unusable?(found: ReadonlySet<string>): { key: string; reason: string }[];
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

type Section = Parameters<typeof headerAliases>[0][number];

/** A column of the lists in `sections`: its other headers come from the table of aliases. */
const columnsOf =
  (...sections: Section[]) =>
  (key: string, header: string, extra: Omit<ColumnSpec, 'key' | 'header' | 'aliases'> = {}): ColumnSpec => ({
    key,
    header,
    aliases: headerAliases(sections, key),
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

const classColumn = columnsOf('classes');
const classColumns: ColumnSpec[] = [
  classColumn('name', 'Tên lớp', { required: true, width: 12 }),
  classColumn('grade', 'Khối', { required: true, width: 8 }),
  classColumn('_homeroom', 'Giáo viên chủ nhiệm', { width: 26 }),
  classColumn('sessionsPerDay', 'Số buổi/ngày', { kind: 'number', width: 12 }),
  classColumn('foreignLanguageCode', 'Ngoại ngữ 1', { width: 14 }),
  classColumn('combined', 'Lớp ghép', { kind: 'boolean', width: 10 }),
  classColumn('semiBoarding', 'Bán trú', { kind: 'boolean', width: 10 }),
];
const classCodes = { foreignLanguageCode: CODE_LISTS.foreignLanguage };

export const classList: ListDefinition<SchoolClass> = {
  list: 'classes',
  table: 'classes',
  sheetName: 'Danh sách lớp',
  fileName: 'danh-sach-lop',
  columns: classColumns,
  fieldColumns: { homeroomStaffId: '_homeroom' },
  fieldLabels: {
    schoolYear: 'Năm học',
    campusId: 'Điểm trường',
    status: 'Tình trạng lớp',
    dissolvedOn: 'Ngày giải thể',
  },
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

const personColumns = (col: ReturnType<typeof columnsOf>): ColumnSpec[] => [
  col('fullName', 'Họ và tên', { required: true, width: 26 }),
  col('birthDate', 'Ngày sinh', { required: true, kind: 'date', width: 12 }),
  col('gender', 'Giới tính', { required: true, width: 9 }),
  col('personalId', 'Số định danh cá nhân', { kind: 'personalId', width: 16 }),
  col('ethnicityCode', 'Dân tộc', { required: true, width: 12 }),
  col('religion', 'Tôn giáo', { width: 12 }),
];

const staffColumn = columnsOf('people', 'staff');
const staffColumns: ColumnSpec[] = [
  ...personColumns(staffColumn),
  staffColumn('phone', 'Điện thoại', { kind: 'phone', width: 13 }),
  staffColumn('email', 'Email', { width: 24 }),
  staffColumn('statusCode', 'Trạng thái', { width: 16 }),
  staffColumn('statusDate', 'Ngày trạng thái', { kind: 'date', width: 12 }),
  staffColumn('positionGroup', 'Nhóm chức vụ', { width: 16 }),
  staffColumn('staffType', 'Loại cán bộ', { width: 14 }),
  staffColumn('contractTypeCode', 'Hình thức hợp đồng', { width: 18 }),
  staffColumn('_subjects', 'Môn dạy', { width: 20 }),
  staffColumn('qualification', 'Trình độ chuyên môn', { width: 16 }),
  staffColumn('recruitedOn', 'Ngày tuyển dụng', { kind: 'date', width: 12 }),
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
  fieldColumns: { subjects: '_subjects' },
  fieldLabels: {},
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

const studentColumn = columnsOf('people', 'students');
const studentColumns: ColumnSpec[] = [
  ...personColumns(studentColumn),
  studentColumn('_className', 'Lớp', { required: true, width: 8 }),
  studentColumn('nationality', 'Quốc tịch', { width: 12 }),
  studentColumn('birthplace', 'Nơi sinh', { width: 20 }),
  studentColumn('_province', 'Tỉnh/TP thường trú', { width: 18 }),
  studentColumn('_commune', 'Xã/Phường thường trú', { width: 20 }),
  studentColumn('_street', 'Địa chỉ thường trú', { width: 22 }),
  studentColumn('statusCode', 'Trạng thái', { width: 16 }),
  studentColumn('statusDate', 'Ngày trạng thái', { kind: 'date', width: 12 }),
  studentColumn('disabilityCode', 'Khuyết tật', { width: 16 }),
  studentColumn('policyBeneficiary', 'Diện chính sách', { kind: 'boolean', width: 10 }),
  studentColumn('father.name', 'Họ tên cha', { width: 22 }),
  studentColumn('father.phone', 'Điện thoại cha', { kind: 'phone', width: 13 }),
  studentColumn('mother.name', 'Họ tên mẹ', { width: 22 }),
  studentColumn('mother.phone', 'Điện thoại mẹ', { kind: 'phone', width: 13 }),
  studentColumn('guardian.name', 'Họ tên người giám hộ', { width: 22 }),
  studentColumn('guardian.phone', 'Điện thoại người giám hộ', { kind: 'phone', width: 13 }),
];
const studentCodes = {
  gender: CODE_LISTS.gender,
  ethnicityCode: CODE_LISTS.ethnicity,
  religion: CODE_LISTS.religion,
  statusCode: CODE_LISTS.studentStatus,
  disabilityCode: CODE_LISTS.disability,
};

export const studentList: ListDefinition<Student> = {
  list: 'students',
  table: 'students',
  sheetName: 'Danh sách học sinh',
  fileName: 'danh-sach-hoc-sinh',
  columns: studentColumns,
  fieldColumns: {
    classId: '_className',
    permanentAddress: '_province',
    'permanentAddress.provinceCode': '_province',
    'permanentAddress.communeCode': '_commune',
    'permanentAddress.street': '_street',
  },
  fieldLabels: { schoolYear: 'Năm học' },
  // A street is stored in an address, which needs its province and commune.
  unusable: (found) =>
    found.has('_street') && !(found.has('_province') && found.has('_commune'))
      ? [{ key: '_street', reason: 'địa chỉ chỉ được lưu khi tệp có cả cột tỉnh/thành phố và cột xã/phường' }]
      : [],
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
    return {
      ...writeCells(payload, studentColumns, studentCodes),
      _className: lookups.classNameById.get(payload.classId) ?? '',
      ...addressCells(payload.permanentAddress),
    };
  },
  keys: (payload) => [
    ...(payload.personalId ? [`pid:${payload.personalId}`] : []),
    `nbc:${folded(payload.fullName)}|${payload.birthDate}|${payload.classId}`,
  ],
};

export const LISTS = { classes: classList, staff: staffList, students: studentList } as const;
export type ListName = keyof typeof LISTS;
