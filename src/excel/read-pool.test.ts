// Reading in worker threads: the same answer as reading in place, and a file that would take
// the heap or the time of the process takes only its worker's, which is ended.
import { afterEach, describe, expect, it } from 'vitest';
import { filledRows, sheetWorkbook } from '../../test/helpers/handmade-xlsx.ts';
import type { ColumnSpec } from './columns.ts';
import { ExcelBusyError, ExcelFormatError, ExcelLimitError } from './errors.ts';
import { readWorkbook } from './read.ts';
import { createReaderPool, READER_POOL_LIMITS, type ReaderPool } from './read-pool.ts';
import { writeWorkbook } from './write.ts';

const columns: ColumnSpec[] = [
  { key: 'fullName', header: 'Họ và tên', required: true },
  { key: 'birthDate', header: 'Ngày sinh', kind: 'date' },
  { key: 'personalId', header: 'Số định danh cá nhân', kind: 'personalId' },
];
const fullName = columns.slice(0, 1);

describe('the reader pool', () => {
  let pool: ReaderPool | undefined;
  const poolOf = (limits: Partial<typeof READER_POOL_LIMITS>) => {
    pool = createReaderPool({ ...READER_POOL_LIMITS, ...limits });
    return pool;
  };
  afterEach(async () => {
    await pool?.close();
  });

  it('answers what reading in place answers, rows, issues and errors alike', async () => {
    const file = await writeWorkbook([
      {
        name: 'Học sinh',
        columns,
        rows: [
          { fullName: 'Nguyễn Văn An', birthDate: '2019-04-02', personalId: '040219000123' },
          { fullName: 'Lê Thị Bình', birthDate: '31/02/2019' },
        ],
      },
    ]);
    const workers = poolOf({});
    expect(await workers.read(file, columns)).toEqual(await readWorkbook(file, columns));
    await expect(workers.read(file, columns, { maxRows: 1 })).rejects.toThrow(new ExcelLimitError('rows', 1));
    await expect(workers.read(Buffer.from('không phải Excel'), columns)).rejects.toBeInstanceOf(
      ExcelFormatError,
    );
  });

  it('ends a worker whose file outgrows its heap, and reads the next file with a new one', async () => {
    // 32 MB holds exceljs and a small file (read last), not 100,000 cells.
    const workers = poolOf({ workers: 1, heapMb: 32 });
    const heavy = sheetWorkbook(filledRows(5_000, 20));
    const loose = { maxCells: Number.POSITIVE_INFINITY, maxRows: Number.POSITIVE_INFINITY };
    const error = await workers.read(heavy, fullName, loose).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      limit: 'memory',
      message: 'Tệp Excel cần quá nhiều bộ nhớ để đọc: tối đa 32 MB.',
    });
    expect((await workers.read(sheetWorkbook(filledRows(2, 1)), fullName)).rows).toHaveLength(2);
  });

  it('ends a worker that takes longer than allowed', async () => {
    const workers = poolOf({ timeoutMs: 100 });
    const error = await workers
      .read(sheetWorkbook(filledRows(5_000, 10)), fullName)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExcelLimitError);
    expect(error).toMatchObject({ limit: 'time' });
  });

  it('lets a few files wait for a worker and turns the next away', async () => {
    const workers = poolOf({ workers: 1, waiting: 1 });
    const file = sheetWorkbook(filledRows(3, 1));
    const [first, second, third] = await Promise.allSettled([
      workers.read(file, fullName),
      workers.read(file, fullName),
      workers.read(file, fullName),
    ]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { rows: [{}, {}, {}] } });
    expect(second).toMatchObject({ status: 'fulfilled', value: { rows: [{}, {}, {}] } });
    expect(third).toMatchObject({ status: 'rejected', reason: expect.any(ExcelBusyError) });
  });
});
