// Reading an .xlsx runs in worker threads, so that no upload can hold the event loop or the heap
// that every tier of the process shares: a worker has a heap of its own with a ceiling, a time
// limit, and is ended (its memory given back) when it breaks either or has been idle a while.
// A few read at once; a few more wait their turn; beyond that the caller is told to come back.
import { Worker } from 'node:worker_threads';
import type { ColumnSpec } from './columns.ts';
import { ExcelBusyError, ExcelFormatError, ExcelLimitError } from './errors.ts';
import type { ReadOptions } from './read.ts';
import type { ReaderReply, ReaderRequest } from './read-messages.ts';
import type { ReadResult } from './read-result.ts';

export interface ReaderPoolLimits {
  /** Files read at once, each by its own worker. */
  workers: number;
  /** Files waiting for a worker; one more is refused with ExcelBusyError. */
  waiting: number;
  /** Time a worker may take over one file. */
  timeoutMs: number;
  /** A worker's old-generation heap; past it the worker dies, not the process. */
  heapMb: number;
  /** An idle worker is kept this long for the next file (starting one takes a third of a second). */
  idleMs: number;
}

/**
 * Two workers match a small server's two cores. The largest files the unpack limits let through
 * (300,000 cells, or 30 MB of text) are read within a 200 MB heap, a list of 10,000 pupils within
 * 120 MB; 320 MB leaves room. A minute is ten times what such a file takes on a busy machine.
 */
export const READER_POOL_LIMITS: ReaderPoolLimits = {
  workers: 2,
  waiting: 8,
  timeoutMs: 60_000,
  heapMb: 320,
  idleMs: 15_000,
};

const WORKER_FILE = new URL('./read-worker.ts', import.meta.url);

export interface ReaderPool {
  read(data: Uint8Array, columns: ColumnSpec[], options?: ReadOptions): Promise<ReadResult>;
  /** Ends the idle workers (a busy one ends when its file is read). */
  close(): Promise<void>;
}

function outcomeOf(reply: ReaderReply): ReadResult | Error {
  if ('result' in reply) return reply.result;
  if ('limit' in reply) return new ExcelLimitError(reply.limit, reply.maximum);
  if ('unreadable' in reply) return new ExcelFormatError(reply.unreadable);
  return new Error(`Excel reader failed: ${reply.failure}`);
}

export function createReaderPool(limits: ReaderPoolLimits): ReaderPool {
  const idle = new Map<Worker, NodeJS.Timeout>();
  const queue: (() => void)[] = [];
  let reading = 0;

  const spawn = () => {
    const worker = new Worker(WORKER_FILE, {
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb },
    });
    worker.on('exit', () => {
      clearTimeout(idle.get(worker));
      idle.delete(worker);
    });
    return worker;
  };

  const take = (): Worker => {
    const [worker] = idle.keys();
    if (!worker) return spawn();
    clearTimeout(idle.get(worker));
    idle.delete(worker);
    return worker;
  };

  const park = (worker: Worker) => {
    // An idle worker must not keep the process alive, nor its memory for long.
    worker.unref();
    const retire = () => {
      // Out of the idle set first, so that no file is handed to a worker on its way out.
      idle.delete(worker);
      void worker.terminate();
    };
    idle.set(worker, setTimeout(retire, limits.idleMs).unref());
  };

  const run = (worker: Worker, request: ReaderRequest) =>
    new Promise<ReadResult>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (outcome: ReadResult | Error, healthy: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (healthy) park(worker);
        else void worker.terminate();
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const onMessage = (reply: ReaderReply) => finish(outcomeOf(reply), true);
      // Past its heap ceiling a worker dies with this code; the process lives on.
      const onError = (error: NodeJS.ErrnoException) =>
        finish(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ExcelLimitError('memory', limits.heapMb * 1024 * 1024)
            : error,
          false,
        );
      const onExit = () => finish(new Error('Excel reader exited'), false);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.ref();
      timer = setTimeout(
        () => finish(new ExcelLimitError('time', limits.timeoutMs / 1000), false),
        limits.timeoutMs,
      );
      try {
        worker.postMessage(request);
      } catch (error) {
        finish(error as Error, true);
      }
    });

  const turn = async () => {
    if (reading < limits.workers) {
      reading++;
      return;
    }
    if (queue.length >= limits.waiting) throw new ExcelBusyError();
    // The turn passes straight from the reader that finishes, so `reading` stays as it is.
    await new Promise<void>((resolve) => queue.push(resolve));
  };

  const release = () => {
    const next = queue.shift();
    if (next) next();
    else reading--;
  };

  return {
    async read(data, columns, options = {}) {
      await turn();
      try {
        return await run(take(), { data, columns, options });
      } finally {
        release();
      }
    },
    async close() {
      await Promise.all([...idle.keys()].map((worker) => worker.terminate()));
    },
  };
}

let shared: ReaderPool | undefined;

/** readWorkbook in a worker thread of the process's one pool; same result, same errors. */
export function readWorkbookInWorker(
  data: Uint8Array,
  columns: ColumnSpec[],
  options?: ReadOptions,
): Promise<ReadResult> {
  shared ??= createReaderPool(READER_POOL_LIMITS);
  return shared.read(data, columns, options);
}
