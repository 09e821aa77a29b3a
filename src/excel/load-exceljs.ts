import type ExcelJS from 'exceljs';

/**
 * exceljs weighs some 37 MB once loaded; most processes never touch a spreadsheet, so it is
 * loaded on first use rather than at start.
 */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: runtime } = await import('exceljs');
  return new runtime.Workbook();
}
