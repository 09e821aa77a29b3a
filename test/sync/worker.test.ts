// The sending worker under trouble: the province answers 503, asks to wait (429 Retry-After),
// commits a batch but the answer never arrives, and the school's worker is stopped and started
// again. Afterwards every record is at the province exactly once, at its version.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { PgBoss } from 'pg-boss';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTierApp } from '#app/tier-app.ts';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { seedProvince } from '#seed/seed-province.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { startQueue } from '#sync/send/queue.ts';
import { saveUpstreamCredential } from '#sync/send/upstream.ts';
import { startSyncWorker } from '#sync/send/worker.ts';
import { schoolHooks } from '#tiers/school/sync/hooks.ts';
import { createCredential, createUser, ORIGIN, sessionCookie } from '../helpers/access.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { testSecretKeys } from '../helpers/secret-keys.ts';

type Fault = 'unavailable' | 'slow-down' | 'cut-after-commit' | 'pass';

/** A proxy in front of the province that misbehaves as told, one POST at a time. */
function faultyProxy(target: string, faults: Fault[]) {
  let posts = 0;
  const server = http.createServer((request, response) => {
    const fault = request.method === 'POST' ? (faults[posts++] ?? 'pass') : 'pass';
    if (fault === 'unavailable')
      return void response.writeHead(503, { 'content-type': 'application/json' }).end('{"code":"DOWN"}');
    if (fault === 'slow-down')
      return void response
        .writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' })
        .end('{}');
    const upstream = http.request(
      `${target}${request.url}`,
      { method: request.method, headers: request.headers },
      (answer) => {
        if (fault === 'cut-after-commit') {
          answer.resume();
          answer.on('end', () => request.socket.destroy());
          return;
        }
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    // The province may be gone already while the worker polls at the end of the test.
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  return { server, posts: () => posts };
}

describe('the sending worker', () => {
  let school: TestDatabase<'school'>;
  let province: TestDatabase<'province'>;
  let provinceApp: ZodApp;
  let proxy: ReturnType<typeof faultyProxy>;
  let schoolApp: ZodApp;
  let queue: PgBoss;
  let schoolCode: string;

  beforeAll(async () => {
    [school, province] = await Promise.all([createTestDatabase('school'), createTestDatabase('province')]);
    await seedProvince(
      { school: school.db, province: province.db },
      {
        provinceCode: '40',
        schools: 1,
        studentsPerSchool: 1200,
        schoolYearStart: 2026,
        seed: 5,
        levels: ['TH'],
      },
    );
    schoolCode = (await school.db.selectFrom('schools').select('code').executeTakeFirstOrThrow()).code;
    provinceApp = await buildTierApp({
      tier: 'province',
      db: province.db,
      links: {},
      logger: pino({ level: 'silent' }),
    });
    const provinceUrl = await provinceApp.listen({ port: 0, host: '127.0.0.1' });
    proxy = faultyProxy(provinceUrl, [
      'unavailable',
      'unavailable',
      'slow-down',
      'pass',
      'cut-after-commit',
      'unavailable',
    ]);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    const credential = await createCredential(province.db, `S${schoolCode}`);
    await saveUpstreamCredential(school.db as never, testSecretKeys, {
      unitKey: `S${schoolCode}`,
      upstreamUrl: `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`,
      clientId: credential.clientId,
      secret: credential.secret,
    });
    queue = await startQueue(school.db);
    schoolApp = await buildTierApp({
      tier: 'school',
      db: school.db,
      queue,
      links: {},
      logger: pino({ level: 'silent' }),
    });
  }, 60_000);
  afterAll(async () => {
    await schoolApp?.close();
    await queue?.stop({ graceful: false, close: false });
    await provinceApp?.close();
    proxy?.server.close();
    await Promise.all([school?.drop(), province?.drop()]);
  });

  it('delivers every batch exactly once through 503s, a 429, a lost answer and a restart', async () => {
    const admin = await createUser(school.db, 'school_admin', `S${schoolCode}`);
    const response = await schoolApp.inject({
      method: 'POST',
      url: '/api/students/sync',
      headers: { origin: ORIGIN, cookie: await sessionCookie(school.db, admin.id) },
      payload: { allUnsynced: true },
    });
    expect(response.statusCode).toBe(202);
    const batches = await school.db
      .selectFrom('outbox_batches')
      .select(['id', 'kind'])
      .orderBy('seq')
      .execute();
    // 1,200 students go in three batches of at most 500, after the school, staff and classes.
    expect(batches.map((b) => b.kind)).toEqual(['school', 'staff', 'class', 'student', 'student', 'student']);
    // The last one as an outbox written before batches kept their request body (items only):
    // it goes up all the same.
    const legacy = batches.at(-1)!.id;
    const { body } = await school.db
      .selectFrom('outbox_batches')
      .select('body')
      .where('id', '=', legacy)
      .executeTakeFirstOrThrow();
    const { items } = JSON.parse(gunzipSync(body!).toString()) as { items: unknown[] };
    expect(items).toHaveLength(200);
    await school.db
      .updateTable('outbox_batches')
      .set({ body: null, items: JSON.stringify(items) })
      .where('id', '=', legacy)
      .execute();

    // The first worker starts, meets the faults, and is stopped half way; a second one finishes.
    await startSyncWorker(school.db, queue, schoolHooks(school.db, queue, testSecretKeys), {
      pollingIntervalSeconds: 0.5,
    });
    await waitFor(async () => (await sentCount(school.db)) >= 2, 30);
    await queue.stop({ graceful: true, close: false, timeout: 2_000 });
    queue = await startQueue(school.db);
    await startSyncWorker(school.db, queue, schoolHooks(school.db, queue, testSecretKeys), {
      pollingIntervalSeconds: 0.5,
    });
    await waitFor(async () => (await sentCount(school.db)) === batches.length, 60);

    // Each batch reached the province once (its id is its idempotency key), each record once.
    const received = await province.db.selectFrom('sync_batches').select('id').execute();
    expect(received.map((b) => b.id).sort()).toEqual(batches.map((b) => b.id).sort());
    const students = await province.db
      .selectFrom('sync_records')
      .select(['id', 'version'])
      .where('kind', '=', 'student')
      .execute();
    expect(students).toHaveLength(1200);
    expect(new Set(students.map((s) => s.id)).size).toBe(1200);
    expect(students.every((s) => s.version === 1)).toBe(true);
    const retried = await school.db
      .selectFrom('outbox_batches')
      .select(['attempts'])
      .orderBy('seq')
      .execute();
    expect(retried[0]!.attempts).toBeGreaterThan(1);
    expect(proxy.posts()).toBeGreaterThan(batches.length);
  }, 120_000);
});

async function sentCount(db: Kysely<SchoolTierDatabase>): Promise<number> {
  const { n } = await db
    .selectFrom('outbox_batches')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', ['sent', 'done'])
    .executeTakeFirstOrThrow();
  return n;
}

async function waitFor(condition: () => Promise<boolean>, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
