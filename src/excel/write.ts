import type ExcelJS from 'exceljs';
import type { Worksheet } from 'exceljs';
import type { CellKind, ColumnSpec } from './columns.ts';
import { displayDate, isoFromDate } from './dates.ts';
import { newWorkbook } from './load-exceljs.ts';
import { safeSheetName } from './sheet-name.ts';

export interface SheetToWrite {
  name: string;
  columns: ColumnSpec[];
  rows: Record<string, unknown>[];
  /** Written in row 1, merged across the columns; the header then goes to row 2. */
  title?: string;
  /** Cells not to be filled in for that row (by row index and column key): shown greyed out. */
  closed?: (rowIndex: number, key: string) => boolean;
}

type WrittenValue = string | number | null;

const TEXT_FORMAT = '@';
const MIN_WIDTH = 10;
const MAX_WIDTH = 60;
const ROWS_MEASURED_FOR_WIDTH = 500;

/** Reads 'father.name' from { father: { name } }, or from a flat { 'father.name' } as readWorkbook returns. */
function valueAt(row: Record<string, unknown>, key: string): unknown {
  if (Object.hasOwn(row, key)) return row[key];
  let value: unknown = row;
  for (const part of key.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function textOf(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) {
    const iso = isoFromDate(value);
    return iso ? displayDate(iso) : null;
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function cellValue(kind: CellKind, value: unknown): WrittenValue {
  switch (kind) {
    case 'number':
      return typeof value === 'number' ? value : textOf(value);
    case 'boolean':
      return value === true ? 'x' : null;
    case 'date': {
      const text = textOf(value);
      return text === null ? null : displayDate(text);
    }
    default:
      return textOf(value);
  }
}

function longestLine(value: WrittenValue): number {
  if (value === null) return 0;
  return Math.max(
    ...String(value)
      .split('\n')
      .map((line) => line.length),
  );
}

function fitWidth(header: string, values: WrittenValue[]): number {
  const longest = Math.max(longestLine(header), ...values.map(longestLine));
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest + 2));
}

const CLOSED_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } } as const;

function fillSheet(
  sheet: Worksheet,
  { columns, rows, title, closed }: SheetToWrite,
  headers: string[],
): void {
  const kinds = columns.map((spec) => spec.kind ?? 'text');
  const table = rows.map((row) =>
    columns.map((spec, index) => cellValue(kinds[index]!, valueAt(row, spec.key))),
  );

  columns.forEach((spec, index) => {
    const column = sheet.getColumn(index + 1);
    const measured = table.slice(0, ROWS_MEASURED_FOR_WIDTH).map((values) => values[index] ?? null);
    column.width = spec.width ?? fitWidth(headers[index]!, measured);
    // Text format keeps what a clerk later types here as typed: Excel would otherwise drop the
    // leading zero of an ID or phone, and read 01/02/2024 as 2 January under an English locale.
    if (kinds[index] !== 'number') column.numFmt = TEXT_FORMAT;
  });

  if (title !== undefined) {
    const titleRow = sheet.addRow([title]);
    titleRow.font = { bold: true, size: 14 };
    if (columns.length > 1) sheet.mergeCells(1, 1, 1, columns.length);
  }
  const headerRow = sheet.addRow(headers);
  headerRow.font = { bold: true };
  headerRow.alignment = { vertical: 'middle', wrapText: true };
  headerRow.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  });
  sheet.views = [{ state: 'frozen', ySplit: headerRow.number }];
  if (columns.length > 0) {
    sheet.autoFilter = {
      from: { row: headerRow.number, column: 1 },
      to: { row: headerRow.number, column: columns.length },
    };
  }
  const added = sheet.addRows(table);
  if (closed)
    added.forEach((row, index) => {
      columns.forEach((spec, column) => {
        if (closed(index, spec.key)) row.getCell(column + 1).fill = CLOSED_FILL;
      });
    });
}

async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  const written = await workbook.xlsx.writeBuffer();
  return Buffer.isBuffer(written) ? written : Buffer.from(written);
}

export async function writeWorkbook(sheets: SheetToWrite[]): Promise<Buffer> {
  const workbook = await newWorkbook();
  const taken = new Set<string>();
  sheets.forEach((sheet, index) => {
    const worksheet = workbook.addWorksheet(safeSheetName(sheet.name, taken, index + 1));
    fillSheet(
      worksheet,
      sheet,
      sheet.columns.map((spec) => spec.header),
    );
  });
  return toBuffer(workbook);
}

/** An empty list to fill in; required columns are marked '*', which the reader ignores. */
export async function templateWorkbook(
  name: string,
  columns: ColumnSpec[],
  exampleRow?: Record<string, unknown>,
): Promise<Buffer> {
  const workbook = await newWorkbook();
  const worksheet = workbook.addWorksheet(safeSheetName(name, new Set(), 1));
  const headers = columns.map((spec) => (spec.required ? `${spec.header} *` : spec.header));
  fillSheet(worksheet, { name, columns, rows: exampleRow ? [exampleRow] : [] }, headers);
  if (exampleRow) worksheet.getRow(worksheet.rowCount).font = { italic: true, color: { argb: 'FF808080' } };
  return toBuffer(workbook);
}
