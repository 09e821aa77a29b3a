import type { ReadValue } from './convert.ts';

export interface ReadRow {
  /** The 1-based row number a clerk sees in Excel. */
  rowNumber: number;
  /** Keyed by ColumnSpec.key, for the columns found in the file only. */
  values: Record<string, ReadValue>;
}

export interface ReadIssue {
  row: number;
  /** The spec's header text, or '' for a problem with the sheet as a whole. */
  column: string;
  message: string;
}

export interface ReadResult {
  rows: ReadRow[];
  issues: ReadIssue[];
  /** 0 when no row among the first ten looks like a header. */
  headerRow: number;
  /** Each column read (by ColumnSpec.key), named as the file's header writes it. */
  headers: Record<string, string>;
  /** Headed columns no spec reads (their letter and header), in the sheet's order. */
  unusedColumns: { letter: string; header: string }[];
}
