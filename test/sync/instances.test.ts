// Two province processes on one database, as a deployment scales out: both take batches from
// the schools (each batch is sent to both at once, as a retry through a load balancer might),
// and both run a worker draining the same outbox toward the national tier. A proxy in front of
// the national tier sees every batch forwarded. No record may be forwarded twice, and the
// national tier must end up with every record.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTierApp } from '#app/tier-app.ts';
import type { ZodApp } from '#server/zod-app.ts';
import type { Batch } from '#sync/protocol.ts';
import { saveUpstreamCredential } from '#sync/send/upstream.ts';
import { createCredential } from '../helpers/access.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { testSecretKeys } from '../helpers/secret-keys.ts';
import {
  awaitDecisions,
  emptyStats,
  prepareSimulatedSchools,
  type SimulatedSchool,
  sendSchool,
} from '../helpers/simulated-schools.ts';
import { startTierProcess, type TierProcess } from '../helpers/tier-process.ts';

/** Passes everything through to `target`, keeping each batch POSTed and its answer. */
function recordingProxy(target: string) {
  const forwarded: { batch: Batch; status: number }[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const upstream = http.request(
        `${target}${request.url}`,
        { method: request.method, headers: request.headers },
        (answer) => {
          if (request.method === 'POST')
            forwarded.push({
              batch: JSON.parse(gunzipSync(body).toString()),
              status: answer.statusCode ?? 0,
            });
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.end(body);
    });
  });
  return { server, forwarded };
}

describe('two province processes on one database', () => {
  let province: TestDatabase<'province'>;
  let national: TestDatabase<'national'>;
  let nationalApp: ZodApp;
  let proxy: ReturnType<typeof recordingProxy>;
  let instances: TierProcess[];
  let schools: SimulatedSchool[];

  beforeAll(async () => {
    [province, national] = await Promise.all([
      createTestDatabase('province'),
      createTestDatabase('national'),
    ]);
    schools = await prepareSimulatedSchools(province.db, { schools: 30, studentsPerSchool: 20, seed: 23 });
    nationalApp = await buildTierApp({
      tier: 'national',
      db: national.db,
      links: {},
      logger: pino({ level: 'silent' }),
    });
    proxy = recordingProxy(await nationalApp.listen({ port: 0, host: '127.0.0.1' }));
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
    const credential = await createCredential(national.db, 'P40');
    await saveUpstreamCredential(province.db, testSecretKeys, {
      unitKey: 'P40',
      upstreamUrl: proxyUrl,
      clientId: credential.clientId,
      secret: credential.secret,
    });
    // Both start at once, as after a deployment: migrations and the job queue are shared too.
    instances = await Promise.all(
      [1, 2].map(() => startTierProcess('province', { databaseUrl: province.url, upstream: proxyUrl })),
    );
  }, 120_000);
  afterAll(async () => {
    await Promise.all((instances ?? []).map((instance) => instance.cli.stop()));
    proxy?.server.close();
    await nationalApp?.close();
    await Promise.all([province?.drop(), national?.drop()]);
  });

  it('forwards every record to the national tier once, whichever instance took or sent it', async () => {
    const stats = emptyStats();
    const urls = instances.map((instance) => instance.url);
    await Promise.all(schools.map((school) => sendSchool(school, urls, stats)));
    expect(stats.errors).toEqual([]);

    // The schools learn the national decisions from either instance.
    const deadline = Date.now() + 90_000;
    const decisions = (
      await Promise.all(schools.map((school, i) => awaitDecisions(school, urls[i % 2]!, deadline)))
    ).flat();
    const sent = schools.flatMap((school) => school.batches.flatMap((batch) => batch.items));
    expect(decisions).toHaveLength(sent.length);
    expect(decisions.filter((d) => d.status !== 'success' || d.decidedBy !== 'national')).toEqual([]);

    // What reached the national tier: each record in exactly one batch, each batch accepted.
    const arrivals = new Map<string, Set<string>>();
    for (const { batch } of proxy.forwarded)
      for (const item of batch.items)
        arrivals.set(item.id, (arrivals.get(item.id) ?? new Set()).add(batch.batchId));
    const forwardedTwice = [...arrivals].filter(([, batches]) => batches.size > 1);
    const posts = proxy.forwarded.length;
    const forwardedBatches = new Set(proxy.forwarded.map((f) => f.batch.batchId)).size;
    console.log(
      `Two province instances: ${stats.batches} school batches sent to both at once (${stats.inFlight} answered 409 while the other took it), ` +
        `${arrivals.size} records forwarded in ${forwardedBatches} batches (${posts} POSTs), forwarded twice: ${forwardedTwice.length}`,
    );
    expect(forwardedTwice).toEqual([]);
    expect([...arrivals.keys()].sort()).toEqual(sent.map((item) => item.id).sort());
    const accepted = new Set(proxy.forwarded.filter((f) => f.status === 202).map((f) => f.batch.batchId));
    expect(accepted.size).toBe(forwardedBatches);

    // And so each tier holds each record once: the province queued each once, the nation took each once.
    const { rows: queued } = await sql<{ items: number; distinct: number }>`
      SELECT count(*)::int AS items, count(DISTINCT record_id)::int AS distinct FROM outbox_items`.execute(
      province.db,
    );
    expect(queued[0]).toEqual({ items: sent.length, distinct: sent.length });
    const { rows: taken } = await sql<{ items: number; distinct: number; held: number }>`
      SELECT count(*)::int AS items, count(DISTINCT record_id)::int AS distinct,
             (SELECT count(*)::int FROM sync_records) AS held FROM sync_items`.execute(national.db);
    expect(taken[0]).toEqual({ items: sent.length, distinct: sent.length, held: sent.length });
  }, 150_000);
});
