// The system under test: a PostgreSQL server (embedded, or an external one), a fresh database
// per tier, and each tier as its own `dongbo serve` process talking to the others over HTTP, so
// that each process's memory can be read on its own.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { prepareTier } from '#app/prepare.ts';
import { connectDatabase, ensureDatabase, withDatabase } from '#db/connection.ts';
import { startEmbeddedPostgres } from '#db/embedded.ts';
import type { NationalTierDatabase, ProvinceTierDatabase, SchoolTierDatabase } from '#db/schema.ts';
import type { TierName } from '#domain/tiers.ts';
import { freePort } from '../test/helpers/cli.ts';
import { TEST_SECRET_KEY_ENV } from '../test/helpers/secret-keys.ts';

const BIN = path.resolve(import.meta.dirname, '../bin/dongbo.js');

export interface Postgres {
  serverUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** The external server at `url`, or an embedded one in a temporary directory. */
export async function startPostgres(url: string | undefined): Promise<Postgres> {
  if (url) return { serverUrl: url, embedded: false, stop: async () => {} };
  const dataDir = await mkdtemp(path.join(tmpdir(), 'dongbo-bench-pg-'));
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  return {
    serverUrl: server.serverUrl,
    embedded: true,
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function adminQuery<T extends pg.QueryResultRow>(serverUrl: string, text: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

export interface TierDatabases {
  urls: Record<TierName, string>;
  school: Kysely<SchoolTierDatabase>;
  province: Kysely<ProvinceTierDatabase>;
  national: Kysely<NationalTierDatabase>;
  drop(): Promise<void>;
}

/** A migrated database per tier, named after the run so that runs never share data. */
export async function createTierDatabases(
  serverUrl: string,
  runName: string,
  provinceCode: string,
): Promise<TierDatabases> {
  const urls = {} as Record<TierName, string>;
  for (const tier of ['school', 'province', 'national'] as const)
    urls[tier] = await createDatabase(serverUrl, `${runName}_${tier}`);
  const school = connectDatabase<SchoolTierDatabase>(urls.school, { applicationName: 'dongbo-bench' });
  const province = connectDatabase<ProvinceTierDatabase>(urls.province, { applicationName: 'dongbo-bench' });
  const national = connectDatabase<NationalTierDatabase>(urls.national, { applicationName: 'dongbo-bench' });
  await prepareTier('school', school);
  await prepareTier('province', province, { provinceCode });
  await prepareTier('national', national);
  return {
    urls,
    school,
    province,
    national,
    async drop() {
      await Promise.all([school.destroy(), province.destroy(), national.destroy()]);
      for (const tier of ['school', 'province', 'national'])
        await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${runName}_${tier}" WITH (FORCE)`);
    },
  };
}

/** A fresh empty database on the server; returns its URL. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await ensureDatabase(serverUrl, name);
  return withDatabase(serverUrl, name);
}

export interface TierProcess {
  tier: TierName;
  pid: number;
  url: string;
  /** How long each `POST /api/sync/v1/batches` took this tier to answer, in ms (from its request log). */
  batchLatencies: number[];
  /** Starts a new measuring period: clears the latencies and the peak RSS. */
  resetMeasures(): Promise<void>;
  /** The most memory (RSS) the process has held since the last reset, in bytes. */
  peakRss(): Promise<number | undefined>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  tier: TierName;
  port: number;
  databaseUrl: string;
  upstream?: string;
  provinceCode: string;
  /** Writes a V8 CPU profile of the process here when it stops. */
  profileDir?: string;
  /** `apart`: a sending tier serves with --web-only and a `dongbo worker` process syncs. */
  syncWork?: 'in-process' | 'apart';
}

/**
 * Starts `dongbo serve --tier …` and resolves once it listens; with `syncWork: 'apart'`, a sending
 * tier's `dongbo worker` beside it, which the returned handle stops too.
 */
export async function spawnTier(options: SpawnOptions): Promise<TierProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const nodeFlags = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const apart = options.syncWork === 'apart' && options.tier !== 'national';
  const env = {
    PATH: process.env.PATH,
    DATABASE_URL: options.databaseUrl,
    // The key the bench sealed the tiers' sync secrets with (issueCredentials).
    DONGBO_SECRET_KEY: TEST_SECRET_KEY_ENV,
    LOG_LEVEL: 'info',
  };
  const worker = apart
    ? await spawnWorker(
        [...nodeFlags, BIN, 'worker', '--tier', options.tier, '--province', options.provinceCode],
        env,
      )
    : undefined;
  const args = [
    ...nodeFlags,
    BIN,
    'serve',
    '--tier',
    options.tier,
    '--port',
    String(options.port),
    '--host',
    '127.0.0.1',
    '--public-url',
    url,
    '--province',
    options.provinceCode,
    ...(options.upstream ? ['--upstream', options.upstream] : []),
    ...(apart ? ['--web-only'] : []),
  ];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const batchLatencies: number[] = [];
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk) => stderr.push(String(chunk)));
  await new Promise<void>((resolve, reject) => {
    const batchRequests = new Set<string>();
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('đang chạy ở')) resolve();
      // Fastify logs each request twice: when it comes in (with its URL) and when it is answered.
      if (
        line.includes('"incoming request"') &&
        line.includes('"POST"') &&
        line.includes('/sync/v1/batches')
      ) {
        batchRequests.add(JSON.parse(line).reqId);
      } else if (line.includes('"request completed"')) {
        const entry = JSON.parse(line);
        if (batchRequests.delete(entry.reqId)) batchLatencies.push(entry.responseTime);
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`dongbo serve --tier ${options.tier} stopped (${code}): ${stderr.join('')}`)),
    );
  });
  const statusFile = `/proc/${child.pid}/status`;
  return {
    tier: options.tier,
    pid: child.pid!,
    url,
    batchLatencies,
    async resetMeasures() {
      batchLatencies.length = 0;
      // Writing 5 to clear_refs resets the kernel's peak-RSS mark (VmHWM) of the process.
      await writeFile(`/proc/${child.pid}/clear_refs`, '5').catch(() => {});
    },
    async peakRss() {
      const status = await readFile(statusFile, 'utf8').catch(() => '');
      const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
      return kb ? Number(kb) * 1024 : undefined;
    },
    stop: async () => {
      await stopChild(child);
      if (worker) await stopChild(worker);
    },
  };
}

/** Starts `dongbo worker …` and resolves once it runs. */
async function spawnWorker(args: string[], env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk) => stderr.push(String(chunk)));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('đang chạy')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`dongbo worker stopped (${code}): ${stderr.join('')}`)));
  });
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export { freePort };
