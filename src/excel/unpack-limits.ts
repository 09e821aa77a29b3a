/**
 * What an .xlsx may unpack to. A zip of a few hundred kilobytes can inflate to gigabytes, and
 * exceljs holds every part as one string and every cell as an object, so the file's own size
 * says nothing of the memory reading it takes: these are checked while inflating, before
 * exceljs sees the file.
 */
export interface UnpackLimits {
  /** All parts together, inflated. */
  maxUnpackedBytes: number;
  /** One part (a sheet, the shared strings), inflated. */
  maxPartBytes: number;
  /** Files inside the zip. */
  maxParts: number;
  /** Row elements in all sheets, blank ones included. */
  maxSheetRows: number;
  /** Cell elements in all sheets. */
  maxCells: number;
  /** Entries of the shared-strings table. */
  maxSharedStrings: number;
  /** Characters of one cell's text, one shared string, or any one run of text. */
  maxCellChars: number;
}

/**
 * A school's longest list (10,000 pupils, 22 columns) unpacks to 9 MB in 220,000 cells. These
 * leave a margin over that and keep the worst file that passes them within the reader's heap
 * (see read-pool.ts).
 */
export const DEFAULT_UNPACK_LIMITS: UnpackLimits = {
  maxUnpackedBytes: 64 * 1024 * 1024,
  maxPartBytes: 32 * 1024 * 1024,
  maxParts: 500,
  maxSheetRows: 50_000,
  maxCells: 300_000,
  maxSharedStrings: 300_000,
  // Excel's own limit for a cell.
  maxCellChars: 32_767,
};

/** The longest tag (a name and its attributes) any program writes is a few kilobytes. */
export const MAX_MARKUP_BYTES = 64 * 1024;
