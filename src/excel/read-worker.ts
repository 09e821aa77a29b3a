// A worker thread of read-pool.ts: reads one file at a time and answers with the rows, or with
// what stopped it, as plain data (errors do not cross threads as their classes).
import { parentPort } from 'node:worker_threads';
import { ExcelFormatError, ExcelLimitError } from './errors.ts';
import { readWorkbook } from './read.ts';
import type { ReaderReply, ReaderRequest } from './read-messages.ts';

function replyTo(error: unknown): ReaderReply {
  if (error instanceof ExcelLimitError) return { limit: error.limit, maximum: error.maximum };
  if (error instanceof ExcelFormatError) return { unreadable: error.message };
  return { failure: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

parentPort?.on('message', async ({ data, columns, options }: ReaderRequest) => {
  const reply = await readWorkbook(data, columns, options).then((result) => ({ result }), replyTo);
  parentPort?.postMessage(reply satisfies ReaderReply);
});
