// What an .xlsx unpacks to is bounded before exceljs builds any of it: files made by hand, as
// an attacker would make them, and the same shapes just within the limits.
import { describe, expect, it } from 'vitest';
import {
  deflatedPart,
  filledRows,
  inlineStringBomb,
  repeatedPart,
  sheetWorkbook,
  textCell,
} from '../../test/helpers/handmade-xlsx.ts';
import type { ColumnSpec } from './columns.ts';
import { ExcelFormatError, ExcelLimitError } from './errors.ts';
import { readWorkbook } from './read.ts';

const fullName: ColumnSpec[] = [{ key: 'fullName', header: 'Họ và tên' }];
const refusal = (file: Buffer, options = {}) =>
  readWorkbook(file, fullName, options).then(
    () => undefined,
    (error: unknown) => error,
  );
const names = async (file: Buffer, options = {}) =>
  (await readWorkbook(file, fullName, options)).rows.map((row) => row.values.fullName);

const header = `<row r="1">${textCell('A1', 'Họ và tên')}</row>`;
const MB = 1024 * 1024;

describe('inflated size', () => {
  it.each([
    ['as the zip declares it', undefined],
    ['when the zip declares 1,000 bytes', 1000],
  ])('refuses a 409 KB file whose sheet inflates to 400 MB, %s', async (_name, declared) => {
    const file = inlineStringBomb(400, declared);
    expect(file.length).toBeLessThan(450 * 1024);
    const error = await refusal(file);
    expect(error).toBeInstanceOf(ExcelLimitError);
    expect(error).toMatchObject({
      limit: 'part',
      message: 'Một phần của tệp Excel khi giải nén quá lớn: tối đa 32 MB mỗi phần.',
    });
  });

  it('counts every part, media included, against the total', async () => {
    const blob = (name: string) => repeatedPart(name, '', 'A'.repeat(MB), 3, '');
    const parts = ['xl/media/image1.png', 'xl/media/image2.png', 'xl/media/image3.png'].map(blob);
    const limits = { maxPartBytes: 4 * MB, maxUnpackedBytes: 8 * MB };
    expect(await names(sheetWorkbook(header, parts.slice(0, 2)), limits)).toEqual([]);
    expect(await refusal(sheetWorkbook(header, parts), limits)).toMatchObject({
      limit: 'unpacked',
      message: 'Tệp Excel khi giải nén quá lớn: tối đa 8 MB.',
    });
  });
});

describe('what the sheets hold', () => {
  it('refuses more rows than allowed, blank ones included, before any is read', async () => {
    const blank = (from: number, count: number) =>
      Array.from({ length: count }, (_, index) => `<row r="${from + index}"/>`).join('');
    expect(await names(sheetWorkbook(header + blank(2, 4)), { maxSheetRows: 5 })).toEqual([]);
    expect(await refusal(sheetWorkbook(header + blank(2, 5)), { maxSheetRows: 5 })).toMatchObject({
      limit: 'sheetRows',
      message: 'Tệp có quá nhiều dòng (kể cả dòng trống và các trang tính khác): tối đa 5 dòng.',
    });
  });

  it('refuses more cells than allowed, whatever namespace prefix the tags carry', async () => {
    expect(await names(sheetWorkbook(filledRows(2, 3)), { maxCells: 9 })).toEqual(['x', 'x']);
    expect(await refusal(sheetWorkbook(filledRows(3, 3)), { maxCells: 9 })).toMatchObject({
      limit: 'cells',
      message: 'Tệp có quá nhiều ô: tối đa 9 ô.',
    });
    const prefixed = filledRows(3, 3).replaceAll('<c ', '<x:c ').replaceAll('</c>', '</x:c>');
    expect(await refusal(sheetWorkbook(prefixed), { maxCells: 9 })).toMatchObject({ limit: 'cells' });
  });

  it('refuses a shared-strings table longer than allowed', async () => {
    const strings = (count: number) =>
      deflatedPart(
        'xl/sharedStrings.xml',
        `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${Array.from(
          { length: count },
          (_, index) => `<si><t>Học sinh ${index}</t></si>`,
        ).join('')}</sst>`,
      );
    const rows = `${header}<row r="2"><c r="A2" t="s"><v>2</v></c></row>`;
    expect(await names(sheetWorkbook(rows, [strings(3)]), { maxSharedStrings: 3 })).toEqual(['Học sinh 2']);
    expect(await refusal(sheetWorkbook(rows, [strings(4)]), { maxSharedStrings: 3 })).toMatchObject({
      limit: 'sharedStrings',
      message: 'Tệp có quá nhiều đoạn chữ: tối đa 3 đoạn.',
    });
  });

  it('counts a cell’s characters, not its bytes, across runs of rich text', async () => {
    const richCell = (runs: string[]) =>
      `${header}<row r="2"><c r="A2" t="inlineStr"><is>${runs.map((run) => `<r><t>${run}</t></r>`).join('')}</is></c></row>`;
    // Ten characters, of which the Vietnamese take two or three bytes each and the entities five or eight.
    expect(await names(sheetWorkbook(richCell(['Lê Thị ', '&amp;&#x1EA1;!'])), { maxCellChars: 10 })).toEqual(
      ['Lê Thị &ạ!'],
    );
    expect(await refusal(sheetWorkbook(richCell(['Lê Thị ', 'Hạnh'])), { maxCellChars: 10 })).toMatchObject({
      limit: 'text',
      message: 'Tệp có ô chứa quá nhiều chữ: tối đa 10 ký tự mỗi ô.',
    });
  });
});

describe('files that are not what they seem', () => {
  it('refuses a part declaring a DTD, whose entities could expand', async () => {
    const styles = deflatedPart(
      'xl/styles.xml',
      '<?xml version="1.0"?><!DOCTYPE styleSheet [<!ENTITY a "aaaaaaaaaa">]><styleSheet/>',
    );
    const file = sheetWorkbook(filledRows(1, 1), [styles]);
    expect(await refusal(file)).toBeInstanceOf(ExcelFormatError);
  });
});
