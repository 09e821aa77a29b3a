// Importing a list from Excel. A dry run first reports every bad row as (row, column,
// message); then the clerk imports all-or-nothing or only the valid rows. Rows are matched to
// existing records (personal ID, else name and birth date; classes by name), so importing the
// same file again changes nothing. One statement writes all new records, one all changes.
import type { Kysely } from 'kysely';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { recordHash } from '#domain/record-hash.ts';
import { zodFieldIssues } from '#domain/validation.ts';
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

export interface ImportReport {
  mode: ImportMode;
  applied: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  invalid: number;
  errors: RowError[];
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
  const errors: RowError[] = sheet.issues.map((i) => ({ row: i.row, column: i.column, message: i.message }));
  const headerOf = new Map(definition.columns.map((c) => [c.key.replace(/^_/, ''), c.header]));

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
    for (const problem of problems) fail(problem.column, problem.message);
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
      for (const issue of zodFieldIssues(parsed.error))
        fail(headerOf.get(issue.field.split('.')[0]!) ?? issue.field, issue.message);
      continue;
    }
    const payload = parsed.data as Record<string, unknown>;
    const duplicateOf = definition
      .keys(payload)
      .map((k) => seenInFile.get(k))
      .find((row) => row !== undefined);
    if (duplicateOf !== undefined) {
      fail(definition.columns[0]!.header, `Trùng với dòng ${duplicateOf} của tệp.`);
      continue;
    }
    const id = match?.id ?? crypto.randomUUID();
    const holder =
      typeof payload.personalId === 'string' ? byKey.get(`pid:${payload.personalId}`) : undefined;
    if (holder && holder.id !== id) {
      fail(
        headerOf.get('personalId') ?? 'personalId',
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
