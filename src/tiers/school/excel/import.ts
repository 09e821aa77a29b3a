// Importing a list from Excel. A dry run first reports every bad row as (row, column,
// message); then the clerk imports all-or-nothing or only the valid rows. Rows are matched to
// existing records (personal ID, else name and birth date; classes by name), so importing the
// same file again changes nothing. One statement writes all new records, one all changes.
import type { Kysely } from 'kysely';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { recordHash } from '#domain/record-hash.ts';
import { REQUIRED_MESSAGE, zodFieldIssues } from '#domain/validation.ts';
import type { ReadResult } from '#excel/read.ts';
import { updateManyPayloads } from '../records.ts';
import type { CallerSchool } from '../school-of-caller.ts';
import type { ListDefinition, Lookups } from './lists.ts';

export type ImportMode = 'dry-run' | 'all-or-nothing' | 'valid-only';

export interface RowError {
  row: number;
  column: string;
  message: string;
}

/** A column of the file that was not imported, and why. */
export interface ColumnWarning {
  column: string;
  message: string;
}

export interface ImportReport {
  mode: ImportMode;
  applied: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  invalid: number;
  errors: RowError[];
  /** The lists always say; a learning-results grid, whose columns are its own, does not. */
  warnings?: ColumnWarning[];
}

interface PlannedRow {
  row: number;
  action: 'create' | 'update' | 'unchanged';
  id: string;
  payload: Record<string, unknown>;
}

export async function importList(
  db: Kysely<SchoolTierDatabase>,
  school: CallerSchool,
  definition: ListDefinition<object>,
  lookups: Lookups,
  sheet: ReadResult,
  mode: ImportMode,
  userId: string,
): Promise<ImportReport> {
  const { columnOf, columnOfField } = columnNames(definition, sheet);
  const errors: RowError[] = sheet.issues.map((i) => ({
    row: i.row,
    column: columnOf(i.column),
    message: i.message,
  }));

  const existing = await db
    .selectFrom(definition.table)
    .select(['id', 'payload', 'hash'])
    .where('school_id', '=', school.id)
    .where('deleted', '=', false)
    .execute();
  const byKey = new Map<string, (typeof existing)[number]>();
  for (const record of existing)
    for (const key of definition.keys(record.payload as object)) byKey.set(key, record);

  const plan: PlannedRow[] = [];
  const invalidRows = new Set<number>(errors.map((e) => e.row).filter((row) => row > sheet.headerRow));
  const seenInFile = new Map<string, number>();
  for (const { rowNumber, values } of sheet.rows) {
    const fail = (column: string, message: string) => {
      errors.push({ row: rowNumber, column, message });
      invalidRows.add(rowNumber);
    };
    const { data, problems } = definition.fromRow(values, lookups);
    for (const problem of problems) fail(columnOf(problem.column), problem.message);
    if (problems.length > 0 || invalidRows.has(rowNumber)) continue;

    // An empty cell leaves the field as it is (or at its default): a spreadsheet never erases.
    const given = withoutEmpty(data);
    const provisional = definition.schema.safeParse({ ...definition.defaults(lookups), ...given });
    const match = provisional.success
      ? definition
          .keys(provisional.data)
          .map((k) => byKey.get(k))
          .find(Boolean)
      : undefined;
    const candidate = { ...(match ? (match.payload as object) : definition.defaults(lookups)), ...given };
    const parsed = definition.schema.safeParse(candidate);
    if (!parsed.success) {
      // A code-list field left empty is refused by zod with the whole list of codes; say "required".
      for (const issue of zodFieldIssues(parsed.error))
        fail(
          columnOfField(issue.field),
          valueAt(candidate, issue.field) === undefined ? REQUIRED_MESSAGE : issue.message,
        );
      continue;
    }
    const payload = parsed.data as Record<string, unknown>;
    const duplicateOf = definition
      .keys(payload)
      .map((k) => seenInFile.get(k))
      .find((row) => row !== undefined);
    if (duplicateOf !== undefined) {
      fail(columnOf(definition.columns[0]!.header), `Trùng với dòng ${duplicateOf} của tệp.`);
      continue;
    }
    const id = match?.id ?? crypto.randomUUID();
    const holder =
      typeof payload.personalId === 'string' ? byKey.get(`pid:${payload.personalId}`) : undefined;
    if (holder && holder.id !== id) {
      fail(
        columnOfField('personalId'),
        `Số định danh ${payload.personalId} đã có ở một bản ghi khác của trường.`,
      );
      continue;
    }
    for (const key of definition.keys(payload)) seenInFile.set(key, rowNumber);
    plan.push({
      row: rowNumber,
      action: !match ? 'create' : recordHash(payload) === match.hash ? 'unchanged' : 'update',
      id,
      payload,
    });
  }

  const report: ImportReport = {
    mode,
    applied: false,
    rows: sheet.rows.length,
    created: plan.filter((p) => p.action === 'create').length,
    updated: plan.filter((p) => p.action === 'update').length,
    unchanged: plan.filter((p) => p.action === 'unchanged').length,
    invalid: invalidRows.size,
    errors: errors.sort((a, b) => a.row - b.row),
    warnings: unusedColumns(definition, sheet),
  };
  if (mode === 'dry-run' || (mode === 'all-or-nothing' && errors.length > 0)) return report;

  await db.transaction().execute(async (trx) => {
    const created = plan.filter((p) => p.action === 'create');
    for (let start = 0; start < created.length; start += 2000) {
      await trx
        .insertInto(definition.table)
        .values(
          created.slice(start, start + 2000).map((p) => ({
            id: p.id,
            school_id: school.id,
            payload: JSON.stringify(p.payload),
            hash: recordHash(p.payload),
            updated_by: userId,
          })),
        )
        .execute();
    }
    await updateManyPayloads(
      trx,
      definition.table,
      plan.filter((p) => p.action === 'update'),
      userId,
    );
    if (definition.table === 'students') {
      const classIds = [...new Set(plan.map((p) => p.payload.classId as string))];
      if (classIds.length > 0)
        await trx.updateTable('classes').set({ had_students: true }).where('id', 'in', classIds).execute();
    }
  });
  return { ...report, applied: true };
}

function withoutEmpty(data: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'object' && !Array.isArray(value)) {
      const inner = withoutEmpty(value as Record<string, unknown>);
      if (Object.keys(inner).length > 0) kept[key] = inner;
    } else kept[key] = value;
  }
  return kept;
}

/**
 * How a problem names its column: as the file's header writes it ("Số ĐDCN", not "Số định danh
 * cá nhân"), and a field of the record by the column it is read from — never by the field's own
 * name, which means nothing to a clerk.
 */
function columnNames(definition: ListDefinition<object>, sheet: ReadResult) {
  const byHeader = new Map(definition.columns.map((c) => [c.header, c]));
  const byKey = new Map(definition.columns.map((c) => [c.key, c]));
  const columnOf = (header: string) => {
    const spec = byHeader.get(header);
    return (spec && sheet.headers[spec.key]) || header;
  };
  const columnOfField = (field: string) => {
    // "father.phone", then "father"; a field set from a column of another name, then its label.
    for (let path = field; path; path = path.slice(0, Math.max(path.lastIndexOf('.'), 0))) {
      const spec = byKey.get(definition.fieldColumns[path] ?? path);
      if (spec) return columnOf(spec.header);
      const label = definition.fieldLabels[path];
      if (label) return label;
    }
    return '';
  };
  return { columnOf, columnOfField };
}

/** The file's columns that were not imported: headers nothing reads, and columns that need others. */
function unusedColumns(definition: ListDefinition<object>, sheet: ReadResult): ColumnWarning[] {
  const unread = sheet.unusedColumns.map(({ letter, header }) => ({
    column: header,
    message: `Cột ${letter} "${header}" không được nhập: danh sách không có thông tin này, dữ liệu của cột bị bỏ qua.`,
  }));
  const found = new Set(Object.keys(sheet.headers));
  const incomplete = (definition.unusable?.(found) ?? []).map(({ key, reason }) => {
    const header = sheet.headers[key]!;
    return { column: header, message: `Cột "${header}" không được nhập: ${reason}.` };
  });
  return [...unread, ...incomplete];
}

function valueAt(source: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], source);
}
