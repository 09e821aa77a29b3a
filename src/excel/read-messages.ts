import type { ColumnSpec } from './columns.ts';
import type { ExcelLimit } from './errors.ts';
import type { ReadOptions } from './read.ts';
import type { ReadResult } from './read-result.ts';

/** What read-pool.ts sends its worker threads, and what they answer. */
export interface ReaderRequest {
  data: Uint8Array;
  columns: ColumnSpec[];
  options: ReadOptions;
}

export type ReaderReply =
  | { result: ReadResult }
  | { limit: ExcelLimit; maximum: number }
  | { unreadable: string }
  | { failure: string };
