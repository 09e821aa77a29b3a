// .xlsx files written byte by byte, for the reader's limits: exceljs cannot write a file whose
// sheet inflates to hundreds of megabytes from a few hundred kilobytes, nor a zip whose headers
// lie about the sizes inside.
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface ZipPart {
  name: string;
  /** Raw deflate data of the part. */
  deflated: Buffer;
  crc: number;
  size: number;
  /** The uncompressed size written in the headers, when it should lie. */
  declaredSize?: number;
}

export function deflatedPart(name: string, text: string): ZipPart {
  const data = Buffer.from(text);
  return { name, deflated: deflateRawSync(data), crc: crc32(data), size: data.length };
}

/**
 * A part made of `prefix`, `repeat` written `times` times, and `suffix`, compressed without ever
 * holding it whole: each piece is deflated on its own with a full flush (no back-references
 * across pieces), so the same compressed bytes can be written again and again.
 */
export function repeatedPart(
  name: string,
  prefix: string,
  repeat: string,
  times: number,
  suffix: string,
): ZipPart {
  const [head, piece, tail] = [prefix, repeat, suffix].map((text) => Buffer.from(text)) as [
    Buffer,
    Buffer,
    Buffer,
  ];
  const flushed = (data: Buffer) => deflateRawSync(data, { finishFlush: constants.Z_FULL_FLUSH });
  const pieceDeflated = flushed(piece);
  let crc = crc32(head);
  for (let index = 0; index < times; index++) crc = crc32(piece, crc);
  crc = crc32(tail, crc);
  return {
    name,
    deflated: Buffer.concat([
      flushed(head),
      ...Array.from({ length: times }, () => pieceDeflated),
      deflateRawSync(tail),
    ]),
    crc,
    size: head.length + piece.length * times + tail.length,
  };
}

/** A zip of the parts, deflated, with one central directory and nothing after it. */
export function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const size = part.declaredSize ?? part.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0x21, 12); // 1 January 1980
    local.writeUInt32LE(part.crc, 14);
    local.writeUInt32LE(part.deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    local.copy(central, 8, 6, 28); // flags to name length are the same in both headers
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, part.deflated);
    centrals.push(central, name);
    offset += local.length + name.length + part.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** The parts every workbook of one sheet needs besides the sheet itself. */
export function workbookParts(): ZipPart[] {
  return [
    deflatedPart(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '</Types>',
    ),
    deflatedPart(
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    deflatedPart(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><sheets><sheet name="Học sinh" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    deflatedPart(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
  ];
}

export const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>`;
export const SHEET_TAIL = '</sheetData></worksheet>';

/** An inline-string cell, as Excel and other programs write text without a shared-strings part. */
export const textCell = (reference: string, text: string) =>
  `<c r="${reference}" t="inlineStr"><is><t>${text}</t></is></c>`;

/**
 * A 400 KB file whose second row holds one inline string of `megabytes` MB: the shape of an
 * upload that once took a tier to 4 GB. `declaredSize` lets the zip's headers lie about it.
 */
export function inlineStringBomb(megabytes: number, declaredSize?: number): Buffer {
  const sheet = repeatedPart(
    'xl/worksheets/sheet1.xml',
    `${SHEET_HEAD}<row r="1">${textCell('A1', 'Họ và tên')}</row><row r="2"><c r="A2" t="inlineStr"><is><t>`,
    'A'.repeat(1024 * 1024),
    megabytes,
    `</t></is></c></row>${SHEET_TAIL}`,
  );
  return zipOf([...workbookParts(), { ...sheet, declaredSize }]);
}

/** A one-sheet workbook of the rows given as XML, with any other parts. */
export function sheetWorkbook(rows: string, others: ZipPart[] = []): Buffer {
  const sheet = deflatedPart('xl/worksheets/sheet1.xml', SHEET_HEAD + rows + SHEET_TAIL);
  return zipOf([...workbookParts(), sheet, ...others]);
}

/** A "Họ và tên" header, then `rows` rows of `columns` cells each holding `text`. */
export function filledRows(rows: number, columns: number, text = 'x'): string {
  const letters = Array.from({ length: columns }, (_, index) => columnLetters(index + 1));
  const row = (number: number, textOf: (letter: string) => string) =>
    `<row r="${number}">${letters.map((letter) => textCell(`${letter}${number}`, textOf(letter))).join('')}</row>`;
  const lines = [row(1, (letter) => (letter === 'A' ? 'Họ và tên' : `Cột ${letter}`))];
  for (let number = 2; number <= rows + 1; number++) lines.push(row(number, () => text));
  return lines.join('');
}

function columnLetters(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26))
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}
