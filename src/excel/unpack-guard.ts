// Before exceljs builds a workbook, every part of the .xlsx is inflated here with a cap on the
// bytes it may produce (the sizes a zip declares can lie, so only inflating tells), and its XML
// is tallied against the limits. One part is held at a time, and only up to the cap.
import { inflateRawSync } from 'node:zlib';
import { ExcelFormatError, ExcelLimitError } from './errors.ts';
import type { UnpackLimits } from './unpack-limits.ts';
import { XmlTally } from './xml-tally.ts';
import { type ZipEntry, zipEntries } from './zip-directory.ts';

// exceljs parses the workbook's XML parts and its VML drawings; media and the like it only copies.
const XML_PART = /\.(xml|rels|vml)$/i;

/** The part inflated, or undefined once it would exceed `room` bytes. */
function inflated(data: Buffer, entry: ZipEntry, room: number): Buffer | undefined {
  const stored = data.subarray(entry.start, entry.start + entry.compressedSize);
  let content = stored;
  if (entry.method === 8) {
    try {
      // zlib stops as soon as the output would pass the cap, so a bomb costs only the cap.
      content = inflateRawSync(stored, { maxOutputLength: Math.max(1, room) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return undefined;
      throw new ExcelFormatError(undefined, { cause: error });
    }
  }
  return content.length > room ? undefined : content;
}

/** Throws ExcelLimitError for a file that unpacks beyond `limits`, ExcelFormatError for a broken one. */
export function checkUnpacked(data: Buffer, limits: UnpackLimits): void {
  const tally = new XmlTally(limits);
  let total = 0;
  for (const entry of zipEntries(data, limits.maxParts)) {
    const left = limits.maxUnpackedBytes - total;
    const content = inflated(data, entry, Math.min(limits.maxPartBytes, left));
    if (!content)
      throw left < limits.maxPartBytes
        ? new ExcelLimitError('unpacked', limits.maxUnpackedBytes)
        : new ExcelLimitError('part', limits.maxPartBytes);
    total += content.length;
    if (XML_PART.test(entry.name)) tally.scan(content);
  }
}
