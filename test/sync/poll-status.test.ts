// A batch's status as the sender reads it may be torn: the upstream's summary says done while an
// item on the page still shows pending (the two were read a moment apart). The sender must not
// close the batch on such an answer: it polls again until every item has its decision.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedProvince } from '#seed/seed-province.ts';
import type { BatchItem } from '#sync/protocol.ts';
import { enqueueBatches } from '#sync/send/outbox.ts';
import { startQueue } from '#sync/send/queue.ts';
import { saveUpstreamCredential } from '#sync/send/upstream.ts';
import { startSyncWorker } from '#sync/send/worker.ts';
import { schoolHooks } from '#tiers/school/sync/hooks.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { testSecretKeys } from '../helpers/secret-keys.ts';

/** An upstream that takes every batch and, on the first status read, answers "done" with one item still pending. */
function tornUpstream() {
  const batches = new Map<string, BatchItem[]>();
  let reads = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const json = (status: number, value: unknown) =>
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (request.method === 'POST') {
        const batch = JSON.parse(gunzipSync(Buffer.concat(chunks)).toString());
        batches.set(batch.batchId, batch.items);
        return json(202, { batchId: batch.batchId, status: 'pending' });
      }
      const batchId = new URL(request.url!, 'http://x').pathname.split('/').pop()!;
      const items = batches.get(batchId);
      if (!items) return json(404, { code: 'NOT_FOUND' });
      reads += 1;
      const torn = reads === 1;
      return json(200, {
        batchId,
        kind: 'student',
        status: 'done',
        counts: { pending: 0, success: items.length, failed: 0 },
        page: 1,
        pageSize: 1000,
        total: items.length,
        items: items.map((item, index) => ({
          index,
          id: item.id,
          version: item.version,
          status: torn && index === 0 ? 'pending' : 'success',
          decidedBy: torn && index === 0 ? null : 'national',
          error: null,
          nationalId: torn && index === 0 ? null : `HS${String(index + 1).padStart(10, '0')}`,
        })),
      });
    });
  });
  return { server, reads: () => reads };
}

describe('polling a batch whose status is torn', () => {
  let school: TestDatabase<'school'>;
  let upstream: ReturnType<typeof tornUpstream>;
  let queue: PgBoss;

  beforeAll(async () => {
    school = await createTestDatabase('school');
    await seedProvince(
      { school: school.db },
      {
        provinceCode: '40',
        schools: 1,
        studentsPerSchool: 5,
        schoolYearStart: 2026,
        seed: 9,
        levels: ['TH'],
      },
    );
    upstream = tornUpstream();
    await new Promise<void>((resolve) => upstream.server.listen(0, '127.0.0.1', resolve));
    const { code } = await school.db.selectFrom('schools').select('code').executeTakeFirstOrThrow();
    await saveUpstreamCredential(school.db as never, testSecretKeys, {
      unitKey: `S${code}`,
      upstreamUrl: `http://127.0.0.1:${(upstream.server.address() as AddressInfo).port}`,
      clientId: 'client',
      secret: 'secret',
    });
    const students = await school.db
      .selectFrom('students')
      .select(['id', 'version', 'deleted', 'payload', 'hash'])
      .execute();
    queue = await startQueue(school.db);
    await enqueueBatches(school.db as never, queue, {
      unitKey: `S${code}`,
      kind: 'student',
      items: students as BatchItem[],
    });
  }, 60_000);
  afterAll(async () => {
    await queue?.stop({ graceful: false, close: false });
    upstream?.server.close();
    await school?.drop();
  });

  it('keeps polling until every item is decided, then closes the batch', async () => {
    await startSyncWorker(school.db, queue, schoolHooks(school.db, queue, testSecretKeys), {
      pollingIntervalSeconds: 0.5,
    });
    const deadline = Date.now() + 30_000;
    let items: { status: string }[] = [];
    while (Date.now() < deadline) {
      items = await school.db.selectFrom('outbox_items').select('status').execute();
      if (items.every((i) => i.status === 'success')) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(items.map((i) => i.status)).toEqual(['success', 'success', 'success', 'success', 'success']);
    const batch = await school.db.selectFrom('outbox_batches').select('status').executeTakeFirstOrThrow();
    expect(batch.status).toBe('done');
    expect(upstream.reads()).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
