import type { Row, Worksheet } from 'exceljs';
import { normaliseText } from '#domain/text.ts';
import { isCellError, plainValue } from './cell-value.ts';
import { acceptedHeaders, type ColumnSpec, normaliseHeader } from './columns.ts';
import type { ReadIssue } from './read-result.ts';

export const HEADER_SEARCH_ROWS = 10;

export interface HeaderLayout {
  headerRow: number;
  /** 1-based sheet column of every spec found, and its header as the file writes it. */
  columns: { spec: ColumnSpec; column: number; written: string }[];
  /** Headed columns of the header row that no spec reads: their data would be lost unsaid. */
  unused: { letter: string; header: string }[];
  issues: ReadIssue[];
}

interface HeaderCell {
  column: number;
  letter: string;
  /** Folded for comparison (normaliseHeader). */
  text: string;
  /** As written, tidied: "Số ĐDCN". */
  written: string;
}

function headerCells(row: Row): HeaderCell[] {
  const cells: HeaderCell[] = [];
  row.eachCell((cell, column) => {
    // A header merged across several columns names only its first one.
    if (cell.isMerged && cell.master !== cell) return;
    const value = plainValue(cell.value);
    if (value === null || value instanceof Date || isCellError(value)) return;
    const written = normaliseText(String(value));
    const text = normaliseHeader(written);
    if (text) cells.push({ column, letter: cell.address.replace(/\d+$/, ''), text, written });
  });
  return cells;
}

function matchesPerSpec(cells: HeaderCell[], accepted: Set<string>[]): HeaderCell[][] {
  return accepted.map((names) => cells.filter((cell) => names.has(cell.text)));
}

const quoted = (specs: ColumnSpec[]) => specs.map((spec) => `"${spec.header}"`).join(', ');

export function locateHeader(sheet: Worksheet, specs: ColumnSpec[]): HeaderLayout {
  const accepted = specs.map(acceptedHeaders);
  let best = { headerRow: 0, cells: [] as HeaderCell[], matches: [] as HeaderCell[][], found: 0 };
  const lastRow = Math.min(HEADER_SEARCH_ROWS, sheet.rowCount);
  for (let rowNumber = 1; rowNumber <= lastRow; rowNumber++) {
    const cells = headerCells(sheet.getRow(rowNumber));
    const matches = matchesPerSpec(cells, accepted);
    const found = matches.filter((matched) => matched.length > 0).length;
    if (found > best.found) best = { headerRow: rowNumber, cells, matches, found };
  }

  if (best.found === 0) {
    const expected = specs.filter((spec) => spec.required);
    return {
      headerRow: 0,
      columns: [],
      unused: [],
      issues: [
        {
          row: 1,
          column: '',
          message: `Không tìm thấy dòng tiêu đề trong ${HEADER_SEARCH_ROWS} dòng đầu: cần các cột ${quoted(expected.length > 0 ? expected : specs)}.`,
        },
      ],
    };
  }

  const { headerRow } = best;
  const columns: HeaderLayout['columns'] = [];
  const issues: ReadIssue[] = [];
  specs.forEach((spec, index) => {
    const [first, ...others] = best.matches[index] ?? [];
    if (first) columns.push({ spec, column: first.column, written: first.written });
    if (first && others.length > 0) {
      const letters = [first, ...others].map((cell) => cell.letter).join(', ');
      const message = `Có nhiều cột "${spec.header}" (${letters}); chỉ đọc cột ${first.letter}.`;
      issues.push({ row: headerRow, column: spec.header, message });
    }
    if (!first && spec.required) {
      issues.push({ row: headerRow, column: spec.header, message: `Thiếu cột "${spec.header}".` });
    }
  });
  // A second column of the same header is reported above; any other headed column is unused.
  const matched = new Set(best.matches.flat());
  const unused = best.cells
    .filter((cell) => !matched.has(cell))
    .map((cell) => ({ letter: cell.letter, header: cell.written }));
  return { headerRow, columns, unused, issues };
}
