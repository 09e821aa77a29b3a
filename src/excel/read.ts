import type ExcelJS from 'exceljs';
import type { Worksheet } from 'exceljs';
import { isBlank, plainValue } from './cell-value.ts';
import type { ColumnSpec } from './columns.ts';
import { convertCell } from './convert.ts';
import { ExcelFormatError, ExcelLimitError } from './errors.ts';
import { locateHeader } from './header.ts';
import { newWorkbook } from './load-exceljs.ts';
import type { ReadIssue, ReadResult, ReadRow } from './read-result.ts';
import { checkUnpacked } from './unpack-guard.ts';
import { DEFAULT_UNPACK_LIMITS, type UnpackLimits } from './unpack-limits.ts';

export type { ReadIssue, ReadResult, ReadRow } from './read-result.ts';

export interface ReadOptions extends Partial<UnpackLimits> {
  /** Data rows, not counting the header or empty rows. Default 20,000. */
  maxRows?: number;
  /** Size of the .xlsx file. Default 10 MiB. */
  maxBytes?: number;
  /** Default: the first visible worksheet. */
  sheetName?: string;
}

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 20_000;

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

async function loadWorkbook(data: Buffer | Uint8Array, limits: UnpackLimits): Promise<ExcelJS.Workbook> {
  // An .xls, a .csv or a password-protected .xlsx is not a zip; say so before exceljs guesses.
  if (!ZIP_SIGNATURE.every((byte, index) => data[index] === byte)) throw new ExcelFormatError();
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  checkUnpacked(bytes, limits);
  const workbook = await newWorkbook();
  try {
    // exceljs types its input as an ArrayBuffer look-alike; at run time it takes a Node Buffer.
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new ExcelFormatError(undefined, { cause: error });
  }
  return workbook;
}

function pickSheet(workbook: ExcelJS.Workbook, sheetName: string | undefined): Worksheet {
  const sheets = workbook.worksheets;
  if (sheetName !== undefined) {
    const wanted = sheetName.trim().toLowerCase();
    const sheet = sheets.find((candidate) => candidate.name.trim().toLowerCase() === wanted);
    if (!sheet) throw new ExcelFormatError(`Không tìm thấy trang tính "${sheetName}" trong tệp Excel.`);
    return sheet;
  }
  // A hidden first sheet usually holds drop-down lists; the clerk's data is on the first one shown.
  const sheet = sheets.find((candidate) => candidate.state === 'visible') ?? sheets[0];
  if (!sheet) throw new ExcelFormatError('Tệp Excel không có trang tính nào.');
  return sheet;
}

export async function readWorkbook(
  data: Buffer | Uint8Array,
  columns: ColumnSpec[],
  options: ReadOptions = {},
): Promise<ReadResult> {
  const { maxRows = DEFAULT_MAX_ROWS, maxBytes = DEFAULT_MAX_BYTES } = options;
  if (data.byteLength > maxBytes) throw new ExcelLimitError('bytes', maxBytes);
  const workbook = await loadWorkbook(data, { ...DEFAULT_UNPACK_LIMITS, ...options });
  const sheet = pickSheet(workbook, options.sheetName);
  const context = { date1904: Boolean(workbook.properties.date1904) };

  const layout = locateHeader(sheet, columns);
  const rows: ReadRow[] = [];
  const issues: ReadIssue[] = [...layout.issues];
  const headers = Object.fromEntries(layout.columns.map(({ spec, written }) => [spec.key, written]));
  const unusedColumns = layout.unused;
  if (layout.headerRow === 0) return { rows, issues, headerRow: 0, headers, unusedColumns };

  sheet.eachRow((row, rowNumber) => {
    if (rowNumber <= layout.headerRow) return;
    const cells = layout.columns.map(({ spec, column }) => ({
      spec,
      value: plainValue(row.getCell(column).value),
    }));
    // Rows with nothing in the columns we read (blank lines, a note in an extra column) are not records.
    if (cells.every(({ value }) => isBlank(value))) return;
    if (rows.length === maxRows) throw new ExcelLimitError('rows', maxRows);

    const values: ReadRow['values'] = {};
    for (const { spec, value } of cells) {
      const converted = convertCell(spec.kind ?? 'text', value, context);
      values[spec.key] = converted.value;
      if (converted.problem)
        issues.push({ row: rowNumber, column: headers[spec.key]!, message: converted.problem });
    }
    rows.push({ rowNumber, values });
  });
  return { rows, issues, headerRow: layout.headerRow, headers, unusedColumns };
}
