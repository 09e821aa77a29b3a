import type { Row, Worksheet } from 'exceljs';
import { isCellError, plainValue } from './cell-value.ts';
import { acceptedHeaders, type ColumnSpec, normaliseHeader } from './columns.ts';
import type { ReadIssue } from './read-result.ts';

export const HEADER_SEARCH_ROWS = 10;

export interface HeaderLayout {
  headerRow: number;
  /** 1-based sheet column of every spec found. */
  columns: { spec: ColumnSpec; column: number }[];
  issues: ReadIssue[];
}

interface HeaderCell {
  column: number;
  letter: string;
  text: string;
}

function headerCells(row: Row): HeaderCell[] {
  const cells: HeaderCell[] = [];
  row.eachCell((cell, column) => {
    // A header merged across several columns names only its first one.
    if (cell.isMerged && cell.master !== cell) return;
    const value = plainValue(cell.value);
    if (value === null || value instanceof Date || isCellError(value)) return;
    const text = normaliseHeader(String(value));
    if (text) cells.push({ column, letter: cell.address.replace(/\d+$/, ''), text });
  });
  return cells;
}

function matchesPerSpec(cells: HeaderCell[], accepted: Set<string>[]): HeaderCell[][] {
  return accepted.map((names) => cells.filter((cell) => names.has(cell.text)));
}

const quoted = (specs: ColumnSpec[]) => specs.map((spec) => `"${spec.header}"`).join(', ');

export function locateHeader(sheet: Worksheet, specs: ColumnSpec[]): HeaderLayout {
  const accepted = specs.map(acceptedHeaders);
  let best = { headerRow: 0, matches: [] as HeaderCell[][], found: 0 };
  const lastRow = Math.min(HEADER_SEARCH_ROWS, sheet.rowCount);
  for (let rowNumber = 1; rowNumber <= lastRow; rowNumber++) {
    const matches = matchesPerSpec(headerCells(sheet.getRow(rowNumber)), accepted);
    const found = matches.filter((cells) => cells.length > 0).length;
    if (found > best.found) best = { headerRow: rowNumber, matches, found };
  }

  if (best.found === 0) {
    const expected = specs.filter((spec) => spec.required);
    return {
      headerRow: 0,
      columns: [],
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
    if (first) columns.push({ spec, column: first.column });
    if (first && others.length > 0) {
      const letters = [first, ...others].map((cell) => cell.letter).join(', ');
      const message = `Có nhiều cột "${spec.header}" (${letters}); chỉ đọc cột ${first.letter}.`;
      issues.push({ row: headerRow, column: spec.header, message });
    }
    if (!first && spec.required) {
      issues.push({ row: headerRow, column: spec.header, message: `Thiếu cột "${spec.header}".` });
    }
  });
  return { headerRow, columns, issues };
}
