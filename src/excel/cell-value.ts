import type { CellValue } from 'exceljs';

export interface CellErrorValue {
  error: string;
}

/** What a clerk sees in a cell, with rich text, links and formulas reduced to their content. */
export type PlainValue = string | number | boolean | Date | CellErrorValue | null;

export function plainValue(value: CellValue | undefined): PlainValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  // A link's label may itself be rich text.
  if ('hyperlink' in value) return plainValue(value.text as CellValue);
  // A formula saved by a program that never calculated it has no result: nothing to read.
  if ('formula' in value || 'sharedFormula' in value) return plainValue(value.result as CellValue);
  if ('error' in value) return { error: String(value.error) };
  return null;
}

export function isBlank(value: PlainValue): boolean {
  return value === null || (typeof value === 'string' && value.trim() === '');
}

export function isCellError(value: PlainValue): value is CellErrorValue {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}
