// The physical limit on this machine: the same student rows bulk-upserted straight into
// PostgreSQL, with no HTTP, no validation and no bookkeeping. The rows go into the province's
// own `sync_records` table (same columns, same indexes) the way a bulk loader would: COPY into a
// staging table, then one INSERT … ON CONFLICT DO UPDATE. Dumping the rows to a file beforehand
// keeps reading the source out of the timing.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { prepareTier } from '#app/prepare.ts';
import { connectDatabase, ensureDatabase, withDatabase } from '#db/connection.ts';
import { adminQuery } from './cluster.ts';
import { PROVINCE_CODE } from './province.ts';

export interface RawUpsertFigures {
  rows: number;
  copySeconds: number;
  upsertSeconds: number;
  seconds: number;
}

const COLUMNS = 'province_code, id, kind, school_code, version, deleted, payload, hash';

export async function rawBulkUpsert(
  serverUrl: string,
  runName: string,
  schoolUrl: string,
): Promise<RawUpsertFigures> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dongbo-bench-raw-'));
  const file = path.join(dir, 'students.copy');
  const database = `${runName}_raw`;
  await ensureDatabase(serverUrl, database);
  const url = withDatabase(serverUrl, database);
  const db = connectDatabase(url);
  await prepareTier('province', db, { provinceCode: PROVINCE_CODE });
  await db.destroy();
  try {
    await withClient(schoolUrl, async (client) => {
      const source = client.query(
        copyTo(`COPY (SELECT '${PROVINCE_CODE}', s.id, 'student', sc.code, s.version, s.deleted, s.payload, s.hash
                      FROM students s JOIN schools sc ON sc.id = s.school_id) TO STDOUT`),
      );
      await pipeline(source, createWriteStream(file));
    });
    return await withClient(url, async (client) => {
      const started = performance.now();
      await client.query('BEGIN');
      await client.query(
        `CREATE TEMP TABLE staging (LIKE sync_records INCLUDING DEFAULTS EXCLUDING GENERATED) ON COMMIT DROP`,
      );
      await pipeline(createReadStream(file), client.query(copyFrom(`COPY staging (${COLUMNS}) FROM STDIN`)));
      const copied = performance.now();
      const result = await client.query(`
        INSERT INTO sync_records (${COLUMNS}) SELECT ${COLUMNS} FROM staging
        ON CONFLICT (province_code, id) DO UPDATE
          SET version = excluded.version, deleted = excluded.deleted, payload = excluded.payload,
              hash = excluded.hash, updated_at = now()
          WHERE sync_records.version < excluded.version`);
      await client.query('COMMIT');
      const done = performance.now();
      return {
        rows: result.rowCount ?? 0,
        copySeconds: (copied - started) / 1000,
        upsertSeconds: (done - copied) / 1000,
        seconds: (done - started) / 1000,
      };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
