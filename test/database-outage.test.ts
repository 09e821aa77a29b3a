// A tier whose database goes away and comes back: while it is away, every request that needs it
// answers 503 DATABASE_UNAVAILABLE with Retry-After (never a 500), the health check says so
// without naming where the database is, and once it is back the same process serves again by
// itself. Two kinds of outage: the network to the database cut (connections reset, then
// refused), and the database itself ending every session and refusing new ones.
import type { Kysely } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTierApp } from '#app/tier-app.ts';
import { connectDatabase } from '#db/connection.ts';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { hashPassword } from '#server/auth/passwords.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { addFixtureUnits, createUser, ORIGIN, sessionCookie } from './helpers/access.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { startTcpSwitch, type TcpSwitch } from './helpers/tcp-switch.ts';

const PASSWORD = 'sen-hong-no-giua-ho';

describe('a database that goes away and comes back', () => {
  let database: TestDatabase<'school'>;
  let through: TcpSwitch;
  let db: Kysely<SchoolTierDatabase>;
  let app: ZodApp;
  let username: string;
  let cookie: string;

  beforeAll(async () => {
    database = await createTestDatabase('school');
    await addFixtureUnits('school', database.db);
    const user = await createUser(database.db, 'school_admin', 'S7000001', {
      passwordHash: await hashPassword(PASSWORD),
    });
    username = user.username;
    cookie = await sessionCookie(database.db, user.id);
    through = await startTcpSwitch(database.url);
    db = connectDatabase(through.url, { maxConnections: 5 });
    app = await buildTierApp({ tier: 'school', db, links: {}, logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
    await through?.close();
    await admin(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS true`);
    await database?.drop();
  });

  const login = () =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: ORIGIN },
      payload: { username, password: PASSWORD },
    });
  const list = () => app.inject({ method: 'GET', url: '/api/students', headers: { cookie } });
  const health = () => app.inject({ method: 'GET', url: '/api/health' });

  async function expectWorking() {
    expect((await health()).statusCode).toBe(200);
    expect((await login()).statusCode).toBe(200);
    expect((await list()).statusCode).toBe(200);
  }

  async function expectUnavailable() {
    const check = await health();
    expect(check.statusCode).toBe(503);
    expect(check.json()).toMatchObject({
      status: 'unavailable',
      database: 'unavailable',
      reason: 'Không kết nối được cơ sở dữ liệu.',
    });
    // Nothing of where the database is, or of what the driver said.
    const addresses = [through.url, database.url].map((url) => new URL(url));
    for (const where of addresses) {
      expect(check.body).not.toContain(where.port);
      expect(check.body).not.toContain(where.hostname);
    }
    expect(check.body).not.toMatch(/ECONN|connect|terminat|FATAL|\d+\.\d+\.\d+\.\d+/i);

    for (const response of [await login(), await list()]) {
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE', status: 503 });
      expect(response.json().message).toMatch(/^Không kết nối được cơ sở dữ liệu/);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    }
  }

  /** How long after the database is back the tier's health turns ok again, by itself. */
  async function secondsToRecover(): Promise<number> {
    const started = performance.now();
    await expect.poll(async () => (await health()).statusCode, { timeout: 30_000, interval: 100 }).toBe(200);
    return (performance.now() - started) / 1000;
  }

  it('answers 503 while the network to the database is cut, then serves again once it is back', async () => {
    await expectWorking();
    await through.off();
    await expectUnavailable();
    await through.on();
    const recovered = await secondsToRecover();
    await expectWorking();
    console.info(`network cut: served again ${recovered.toFixed(2)} s after the database was reachable`);
  });

  it('answers 503 while the database ends every session and refuses new ones, then serves again', async () => {
    await expectWorking();
    await admin(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS false`);
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database.name}'`);
    await expectUnavailable();
    await admin(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS true`);
    const recovered = await secondsToRecover();
    await expectWorking();
    console.info(`sessions ended: served again ${recovered.toFixed(2)} s after connections were allowed`);
  });
});

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('testDatabase').serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
