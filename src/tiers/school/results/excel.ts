// Learning results in a spreadsheet: one sheet per class and period, a row per student, the
// columns of the class's grid. The export (and the template, the same sheet left blank) lists
// the class's students; the import matches rows to them by name and birth date.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError } from '#domain/errors.ts';
import { type ClassScheme, gridOf, gridOfPupils } from '#domain/rules/result-scheme.ts';
import type { ColumnSpec } from '#excel/columns.ts';
import { normaliseHeader as fold } from '#excel/columns.ts';
import { writeWorkbook } from '#excel/write.ts';
import { writeAudit } from '#server/audit.ts';
import type { TierContext } from '#server/context.ts';
import { userRequest } from '#server/services.ts';
import type { ZodApp } from '#server/zod-app.ts';
import type { ImportReport, RowError } from '../excel/import.ts';
import { XLSX_TYPE } from '../excel/routes.ts';
import { EXCEL_MAX_BYTES, readUpload } from '../excel/upload.ts';
import { schoolDb, schoolOfCaller, schoolRequest } from '../school-of-caller.ts';
import { type ClassGrid, loadClassGrid, prepareResults, writeResults } from './service.ts';

/** A cell of the grid: where its value lives in an entry, and which codes it takes. */
interface GridColumn extends ColumnSpec {
  path: (string | number)[];
  codes?: readonly string[];
}

const SUBJECT_LEVELS = ['T', 'H', 'C'];
const QUALITY_LEVELS = ['T', 'Đ', 'C'];
const COMMENTS = ['Đ', 'CĐ'];
const RESULT_LEVELS = ['T', 'K', 'Đ', 'CĐ'];
const RATINGS = ['HTXS', 'HTT', 'HT', 'CHT'];

/** The class's columns: every subject any of its pupils studies. */
const gridColumns = (grid: ClassGrid) =>
  columnsOf(
    gridOfPupils(
      grid.scheme,
      grid.students.map((s) => s.scheme),
      grid.period,
    ),
    grid.period,
  );

/** The keys of the columns one pupil fills in: those of their own subjects. */
const pupilColumnKeys = (scheme: ClassScheme, period: string) =>
  new Set(columnsOf(gridOf(scheme, period), period).map((c) => c.key));

function columnsOf(columns: ReturnType<typeof gridOf>, period: string): GridColumn[] {
  const cell = (
    key: string,
    header: string,
    path: GridColumn['path'],
    extra: Partial<GridColumn> = {},
  ): GridColumn => ({
    key,
    header,
    path,
    width: 10,
    ...extra,
  });
  if (columns.competencies && columns.qualities) {
    const scored = columns.scoredSubjects ?? [];
    return [
      ...columns.subjects.flatMap((s) => [
        cell(`level:${s}`, s, ['subjects', s, 'level'], { codes: SUBJECT_LEVELS }),
        ...(scored.includes(s)
          ? [cell(`score:${s}`, `${s} - Điểm KTĐK`, ['subjects', s, 'score'], { kind: 'number' })]
          : []),
      ]),
      ...columns.competencies.map((c) =>
        // Named apart: "Khoa học" is both a subject and a competency.
        cell(`competency:${c}`, `Năng lực: ${c}`, ['competencies', c], { codes: QUALITY_LEVELS }),
      ),
      ...columns.qualities.map((q) =>
        cell(`quality:${q}`, `Phẩm chất: ${q}`, ['qualities', q], { codes: QUALITY_LEVELS }),
      ),
      ...(period === 'CN'
        ? [
            cell('yearEndRating', 'Đánh giá cuối năm', ['yearEndRating'], { codes: RATINGS }),
            cell('completedProgram', 'Hoàn thành chương trình lớp học', ['completedProgram'], {
              kind: 'boolean',
            }),
            cell('promoted', 'Lên lớp', ['promoted'], { kind: 'boolean' }),
          ]
        : []),
    ];
  }
  if (period === 'CN') return [];
  const counts = columns.regularCounts ?? {};
  return [
    ...columns.subjects.flatMap((s) =>
      columns.commentOnlySubjects?.includes(s)
        ? [cell(`comment:${s}`, s, ['subjects', s, 'comment'], { codes: COMMENTS })]
        : [
            ...Array.from({ length: counts[s] ?? 0 }, (_, i) =>
              cell(`tx:${s}:${i}`, `${s} - TX${i + 1}`, ['subjects', s, 'regular', i], { kind: 'number' }),
            ),
            cell(`gk:${s}`, `${s} - GK`, ['subjects', s, 'midterm'], { kind: 'number' }),
            cell(`ck:${s}`, `${s} - CK`, ['subjects', s, 'final'], { kind: 'number' }),
          ],
    ),
    cell('conduct', 'Rèn luyện', ['conduct'], { codes: RESULT_LEVELS }),
  ];
}

const PERSON_COLUMNS: ColumnSpec[] = [
  { key: 'fullName', header: 'Họ và tên', required: true, width: 26 },
  { key: 'birthDate', header: 'Ngày sinh', required: true, kind: 'date', width: 12 },
];
/** THPT: which combination each pupil follows, so the closed cells explain themselves (not imported). */
const COMBINATION_COLUMN: ColumnSpec = { key: 'combination', header: 'Tổ hợp môn', width: 30 };

function readPath(entry: unknown, path: GridColumn['path']): unknown {
  return path.reduce<unknown>(
    (value, key) => (value as Record<string | number, unknown> | undefined)?.[key],
    entry,
  );
}

function writePath(entry: Record<string, unknown>, path: GridColumn['path'], value: unknown): void {
  let target: Record<string | number, unknown> = entry;
  path.slice(0, -1).forEach((key, index) => {
    target[key] ??= typeof path[index + 1] === 'number' ? [] : {};
    target = target[key] as Record<string | number, unknown>;
  });
  target[path[path.length - 1]!] = value;
}

/** Computed columns the export adds after the entries (the importer ignores them). */
function computedColumns(grid: ClassGrid): ColumnSpec[] {
  if (grid.scheme.scheme === 'TT27')
    return grid.period === 'CN' ? [{ key: 'proposed', header: 'Đề xuất đánh giá cuối năm' }] : [];
  const { subjects } = gridOfPupils(
    grid.scheme,
    grid.students.map((s) => s.scheme),
    grid.period,
  );
  return [
    ...subjects.map((s) => ({ key: `avg:${s}`, header: `${s} - ĐTB` })),
    { key: 'learningResult', header: 'Kết quả học tập' },
    { key: 'conductResult', header: 'Kết quả rèn luyện' },
  ];
}

async function gridWorkbook(grid: ClassGrid, blank: boolean): Promise<Buffer> {
  const columns = gridColumns(grid);
  const computed = blank ? [] : computedColumns(grid);
  const upper = grid.scheme.level === 'THPT';
  const ownKeys = grid.students.map((s) => pupilColumnKeys(s.scheme, grid.period));
  const resultOf = new Map(
    grid.results.filter((r) => r.period === grid.period).map((r) => [r.studentId, r.payload]),
  );
  const rows = grid.students.map((student) => {
    const saved = blank ? undefined : resultOf.get(student.id);
    const row: Record<string, unknown> = {
      fullName: student.fullName,
      birthDate: student.birthDate,
      combination: student.scheme.combination ?? 'Chưa có tổ hợp môn',
    };
    for (const column of columns) row[column.key] = readPath(saved?.entry, column.path);
    const outcome = saved?.outcome;
    if (outcome) {
      row.proposed = outcome.yearEndRating;
      for (const [subject, value] of Object.entries(outcome.averages)) row[`avg:${subject}`] = value;
      row.learningResult = outcome.learningResult;
      row.conductResult = outcome.conduct;
    }
    return row;
  });
  return writeWorkbook([
    {
      name: `${grid.cls.name} ${grid.period}`,
      title: `Kết quả học tập lớp ${grid.cls.name}, ${grid.period}, năm học ${grid.cls.schoolYear}`,
      columns: [...PERSON_COLUMNS, ...(upper ? [COMBINATION_COLUMN] : []), ...columns, ...computed],
      rows,
      // A subject the pupil does not study is greyed out in their row.
      closed: (index, key) => columns.some((c) => c.key === key) && !ownKeys[index]!.has(key),
    },
  ]);
}

async function importGrid(
  grid: ClassGrid,
  file: Buffer,
  reply: FastifyReply,
): Promise<{
  entries: { studentId: string; entry: Record<string, unknown>; row: number }[];
  errors: RowError[];
  rows: number;
}> {
  const columns = gridColumns(grid);
  const sheet = await readUpload(reply, file, [...PERSON_COLUMNS, ...columns]);
  const errors: RowError[] = sheet.issues.map((i) => ({ ...i }));
  const studentOf = new Map(grid.students.map((s) => [`${fold(s.fullName)}|${s.birthDate}`, s.id]));
  const entries = sheet.rows.flatMap(({ rowNumber, values }) => {
    const studentId = studentOf.get(`${fold(String(values.fullName ?? ''))}|${values.birthDate}`);
    if (!studentId) {
      errors.push({
        row: rowNumber,
        column: 'Họ và tên',
        message: `Lớp ${grid.cls.name} không có học sinh "${values.fullName}" sinh ngày ${values.birthDate}.`,
      });
      return [];
    }
    const entry: Record<string, unknown> =
      grid.scheme.scheme === 'TT27' ? { subjects: {}, competencies: {}, qualities: {} } : { subjects: {} };
    for (const column of columns) {
      const value = values[column.key];
      if (value === null || value === undefined || value === '') continue;
      if (column.codes) {
        const code = column.codes.find((c) => fold(c) === fold(String(value)));
        if (!code) {
          errors.push({
            row: rowNumber,
            column: column.header,
            message: `"${value}" không hợp lệ; chọn một trong ${column.codes.join(', ')}.`,
          });
          continue;
        }
        writePath(entry, column.path, code);
      } else writePath(entry, column.path, value);
    }
    // Regular scores left blank in the middle leave holes; the rules count what was entered.
    for (const scores of Object.values((entry.subjects as Record<string, { regular?: unknown[] }>) ?? {})) {
      if (scores.regular) scores.regular = scores.regular.filter((s) => s !== undefined);
    }
    return [{ studentId, entry, row: rowNumber }];
  });
  return { entries, errors, rows: sheet.rows.length };
}

export function registerResultExcelRoutes(app: ZodApp, context: TierContext): void {
  const db = schoolDb(context);
  const tags = ['Kết quả học tập'];
  const gridQuery = z.object({ classId: z.uuid(), period: z.string().max(3) });
  const send = (reply: FastifyReply, file: Buffer, name: string) =>
    reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="${name}"`).send(file);

  for (const [url, blank, summary] of [
    ['/api/results/export.xlsx', false, 'Xuất Excel kết quả học tập của lớp trong kỳ (kèm cột tính toán)'],
    [
      '/api/results/template.xlsx',
      true,
      'Tệp Excel mẫu để nhập kết quả: danh sách học sinh của lớp, các cột của kỳ',
    ],
  ] as const) {
    app.get(
      url,
      { schema: { tags, summary, produces: [XLSX_TYPE], querystring: gridQuery } },
      async (request, reply) => {
        const { school } = await schoolRequest(context, request);
        const grid = await loadClassGrid(db, school.id, request.query.classId, request.query.period);
        const file = await gridWorkbook(grid, blank);
        return send(reply, file, `ket-qua-${fold(grid.cls.name).replace(/\W+/g, '')}-${grid.period}.xlsx`);
      },
    );
  }

  app.post(
    '/api/results/import',
    {
      bodyLimit: EXCEL_MAX_BYTES,
      schema: {
        tags,
        summary: 'Nhập kết quả học tập của lớp trong kỳ từ Excel (dry-run, all-or-nothing, valid-only)',
        consumes: [XLSX_TYPE],
        querystring: gridQuery.extend({
          mode: z.enum(['dry-run', 'all-or-nothing', 'valid-only']).default('dry-run'),
        }),
      },
    },
    async (request, reply): Promise<ImportReport> => {
      const { caller } = userRequest(context, request);
      if (!Buffer.isBuffer(request.body))
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', { message: 'Hãy gửi tệp .xlsx.' });
      const school = await schoolOfCaller(context, caller);
      const { classId, period, mode } = request.query;
      const grid = await loadClassGrid(db, school.id, classId, period);
      const sheet = await importGrid(grid, request.body, reply);
      const { rows, problems } = prepareResults(grid, sheet.entries);
      const headerOf = new Map(gridColumns(grid).map((c) => [c.path.join('.'), c.header]));
      const errors = [
        ...sheet.errors,
        ...problems.map((p) => ({
          row: sheet.entries[p.index]!.row,
          column: headerOf.get(p.field) ?? p.field,
          message: p.message,
        })),
      ].sort((a, b) => a.row - b.row);
      const invalid = new Set(errors.map((e) => e.row)).size;
      const report: ImportReport = {
        mode,
        applied: false,
        rows: sheet.rows,
        created: 0,
        updated: rows.length,
        unchanged: 0,
        invalid,
        errors,
      };
      if (mode === 'dry-run' || (mode === 'all-or-nothing' && errors.length > 0)) return report;
      const valid = rows.filter(
        (row) => !errors.some((e) => e.row === sheet.entries.find((x) => x.studentId === row.studentId)?.row),
      );
      const outcome = await writeResults(db, school.id, grid, valid, caller.id);
      await writeAudit(context.db, request, {
        action: 'results.imported',
        targetKind: 'class',
        targetId: classId,
        details: { period, ...outcome },
      });
      return { ...report, applied: true, updated: outcome.saved, unchanged: outcome.unchanged };
    },
  );
}
