// An uploaded .xlsx, read off the event loop within the school tier's limits, and what a
// reader's refusal means to the clerk.
import type { FastifyReply } from 'fastify';
import { AppError } from '#domain/errors.ts';
import type { ColumnSpec } from '#excel/columns.ts';
import { ExcelBusyError, ExcelFormatError, ExcelLimitError } from '#excel/errors.ts';
import type { ReadResult } from '#excel/read.ts';
import { readWorkbookInWorker } from '#excel/read-pool.ts';

/**
 * A school's biggest list (a few thousand students) is a few hundred kilobytes; what the file
 * unpacks to and the reader's memory are bounded apart (src/excel/unpack-limits.ts,
 * src/excel/read-pool.ts), so these stay well above need.
 */
export const EXCEL_MAX_BYTES = 3 * 1024 * 1024;
export const EXCEL_MAX_ROWS = 10_000;

/** A few seconds: most files are read in well under one. */
const BUSY_RETRY_SECONDS = 5;

export async function readUpload(
  reply: FastifyReply,
  file: Buffer,
  columns: ColumnSpec[],
): Promise<ReadResult> {
  try {
    return await readWorkbookInWorker(file, columns, { maxBytes: EXCEL_MAX_BYTES, maxRows: EXCEL_MAX_ROWS });
  } catch (error) {
    if (error instanceof ExcelLimitError) throw new AppError('EXCEL_TOO_LARGE', { message: error.message });
    if (error instanceof ExcelFormatError) throw new AppError('EXCEL_INVALID', { message: error.message });
    if (error instanceof ExcelBusyError) {
      reply.header('retry-after', String(BUSY_RETRY_SECONDS));
      throw new AppError('EXCEL_BUSY');
    }
    throw error;
  }
}
