// The files inside an .xlsx, found as JSZip (which exceljs uses) finds them: the last
// end-of-central-directory record, the entries of its central directory, each entry's data
// after its local header. Anything JSZip would read differently — data before or between the
// records, ZIP64, encryption, a method other than stored or deflate — is refused, so the parts
// checked here are exactly the parts exceljs reads.
import { ExcelFormatError, ExcelLimitError } from './errors.ts';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  /** Where its data starts in the file, and how many bytes it takes there. */
  start: number;
  compressedSize: number;
}

const END_OF_DIRECTORY = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const ZIP64_MARK = 0xffffffff;

const corrupt = (why: string) => new ExcelFormatError(undefined, { cause: new Error(why) });

export function zipEntries(data: Buffer, maxParts: number): ZipEntry[] {
  const end = data.lastIndexOf(END_OF_DIRECTORY);
  if (end < 0 || end + 22 > data.length) throw corrupt('no end of central directory');
  const count = data.readUInt16LE(end + 10);
  const directorySize = data.readUInt32LE(end + 12);
  const directoryStart = data.readUInt32LE(end + 16);
  if (data.readUInt16LE(end + 4) !== 0 || data.readUInt16LE(end + 6) !== 0 || count === 0xffff)
    throw corrupt('multi-disk or ZIP64 archive');
  if (directoryStart + directorySize !== end) throw corrupt('central directory not where it says');
  if (count > maxParts) throw new ExcelLimitError('parts', maxParts);

  const entries: ZipEntry[] = [];
  let position = directoryStart;
  // JSZip reads entries for as long as their signature follows, whatever the count says.
  while (position + 46 <= end && data.readUInt32LE(position) === DIRECTORY_ENTRY) {
    if (entries.length === maxParts) throw new ExcelLimitError('parts', maxParts);
    entries.push(directoryEntry(data, position, end));
    position +=
      46 +
      data.readUInt16LE(position + 28) +
      data.readUInt16LE(position + 30) +
      data.readUInt16LE(position + 32);
  }
  if (entries.length !== count || position !== end) throw corrupt('central directory does not add up');
  return entries;
}

function directoryEntry(data: Buffer, at: number, directoryStart: number): ZipEntry {
  const flags = data.readUInt16LE(at + 8);
  const method = data.readUInt16LE(at + 10);
  const compressedSize = data.readUInt32LE(at + 20);
  const localHeader = data.readUInt32LE(at + 42);
  if (flags & 1) throw corrupt('encrypted entry');
  if (method !== 0 && method !== 8) throw corrupt(`compression method ${method}`);
  if ([compressedSize, data.readUInt32LE(at + 24), localHeader].includes(ZIP64_MARK))
    throw corrupt('ZIP64 entry');
  const name = data.toString('utf8', at + 46, at + 46 + data.readUInt16LE(at + 28));
  if (localHeader + 30 > directoryStart || data.readUInt32LE(localHeader) !== LOCAL_HEADER)
    throw corrupt(`no local header for ${name}`);
  // The data follows the local header's own name and extra field, which may differ from the
  // central directory's; JSZip goes by the local ones.
  const start = localHeader + 30 + data.readUInt16LE(localHeader + 26) + data.readUInt16LE(localHeader + 28);
  if (start + compressedSize > directoryStart) throw corrupt(`${name} runs past its end`);
  return { name, method, start, compressedSize };
}
