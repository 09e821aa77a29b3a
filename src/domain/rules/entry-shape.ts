// A learning-result entry arrives as JSON (the results grid, an Excel file, another tier), so it
// or any part of it may have any shape. The checks report a part of the wrong shape as a problem
// the clerk can act on, never fail on it; a part left out or null is simply not entered yet.
import type { FieldIssue } from '../errors.ts';

export const ENTRY_FORMAT_CODE = 'RESULT_ENTRY_FORMAT';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Given (not left out, not null) yet not an object of named parts. */
export function isMalformedGroup(value: unknown): boolean {
  return value !== undefined && value !== null && !isRecord(value);
}

export function entryFormatIssue(field: string, message: string): FieldIssue {
  return { field, code: ENTRY_FORMAT_CODE, message };
}

/** The problem of an entry that is not an object at all. */
export function entryNotAnObject(entry: unknown): FieldIssue[] {
  return isRecord(entry) ? [] : [entryFormatIssue('', 'Kết quả đánh giá của học sinh không đúng định dạng.')];
}
