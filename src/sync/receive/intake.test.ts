// The admission control in front of batch intake, over real HTTP: one batch taken at a time,
// one request waiting, the next turned away with 429 and Retry-After; a sender that hangs up
// while waiting gives its place back, and nobody waits longer than the limit. No sender keeps the
// others out: a body that dribbles in holds no turn and is cut with 408, an oversized one is
// refused before it is read, one sender has a few requests in progress at most, and the line is
// served round-robin across senders.
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandler } from '#server/problem.ts';
import { sendSlowly } from '../../../test/helpers/slow-sender.ts';
import { batchIntake, type IntakeLimits } from './intake.ts';

const limits = (changes: Partial<IntakeLimits>): IntakeLimits => ({
  atOnce: 1,
  waiting: 1,
  waitMs: 60_000,
  perSender: 2,
  body: { graceMs: 60_000, minBytesPerSecond: 1, maxBytes: 1024 },
  ...changes,
});

describe('batch intake limit', () => {
  let app: FastifyInstance;
  let url: string;
  let arrived = 0;
  const taken: string[] = [];
  const gates = new Map<string, () => void>();

  beforeAll(async () => {
    // The client may keep a spare connection open that never carries a request: close it too.
    app = Fastify({ forceCloseConnections: true });
    registerErrorHandler(app);
    app.addHook('onRequest', async () => {
      arrived += 1;
    });
    const take = async (request: { params: unknown }) => {
      const { name } = request.params as { name: string };
      taken.push(name);
      await new Promise<void>((resolve) => gates.set(name, resolve));
      return { name };
    };
    const sender = (request: FastifyRequest) => String(request.headers['x-sender'] ?? 'anyone');
    const route = (path: string, changes: Partial<IntakeLimits>) => {
      const intake = batchIntake(limits(changes), sender);
      app.post(path, { onRequest: intake.admit, preParsing: intake.readBody }, take);
    };
    route('/take/:name', {});
    route('/brief/:name', { waitMs: 300 });
    // A body must arrive within 1 s plus 100 bytes a second.
    route('/paced/:name', { body: { graceMs: 1000, minBytesPerSecond: 100, maxBytes: 1024 } });
    route('/own/:name', { waiting: 10, perSender: 2 });
    route('/fair/:name', { waiting: 10, perSender: 4 });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  const send = (name: string, options: { signal?: AbortSignal; route?: string; sender?: string } = {}) =>
    fetch(`${url}/${options.route ?? 'take'}/${name}`, {
      method: 'POST',
      signal: options.signal,
      headers: { 'content-type': 'application/json', 'x-sender': options.sender ?? name },
      body: '{}',
    });
  /** Resolves once `count` requests have reached the server and passed its hooks so far. */
  const arrivals = async (count: number) => {
    await expect.poll(() => arrived).toBe(count);
    await new Promise((resolve) => setTimeout(resolve, 20));
  };
  const reset = () => {
    arrived = 0;
    taken.length = 0;
  };

  it('takes one, keeps one waiting, turns the next away with Retry-After, then serves the waiting one', async () => {
    const first = send('first');
    await expect.poll(() => taken).toEqual(['first']);
    const second = send('second');
    await arrivals(2);

    const third = await send('third');
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await third.json()) as { code: string }).code).toBe('SYNC_BUSY');
    expect(taken).toEqual(['first']);

    gates.get('first')!();
    expect((await first).status).toBe(200);
    await expect.poll(() => taken).toEqual(['first', 'second']);
    gates.get('second')!();
    expect(await (await second).json()).toEqual({ name: 'second' });
  });

  it('gives the place of a sender that hung up while waiting to the next one', async () => {
    reset();
    const busy = send('busy');
    await expect.poll(() => taken).toEqual(['busy']);
    const quitter = new AbortController();
    const gone = send('gone', { signal: quitter.signal }).catch((error: Error) => error.name);
    await arrivals(2);
    quitter.abort();
    expect(await gone).toBe('AbortError');

    // The line has room again: the next sender waits instead of being turned away.
    const next = send('next');
    await arrivals(3);
    gates.get('busy')!();
    await busy;
    await expect.poll(() => taken).toEqual(['busy', 'next']);
    gates.get('next')!();
    expect((await next).status).toBe(200);
  });

  it('turns a sender away with Retry-After once it has waited the longest wait', async () => {
    reset();
    const busy = send('long', { route: 'brief' });
    await expect.poll(() => taken).toEqual(['long']);
    const asked = performance.now();
    const patient = await send('patient', { route: 'brief' });
    expect(patient.status).toBe(429);
    // It was kept in line (not turned away at once) until its wait ran out.
    expect(performance.now() - asked).toBeGreaterThanOrEqual(250);
    expect(Number(patient.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(taken).toEqual(['long']);
    gates.get('long')!();
    expect((await busy).status).toBe(200);
  });

  it('holds no turn for a body that dribbles in, and cuts it with 408 and a closed connection', async () => {
    reset();
    let slowDone = false;
    const slow = sendSlowly(url, {
      path: '/paced/slow',
      headers: { 'content-type': 'application/json', 'x-sender': 'slow' },
      contentLength: 1000,
      bytesPerTick: 1,
      tickMs: 50,
    }).finally(() => {
      slowDone = true;
    });
    await arrivals(1);
    // The only turn is free while the slow body arrives: another sender's batch is taken.
    const honest = send('honest', { route: 'paced' });
    await expect.poll(() => taken).toEqual(['honest']);
    gates.get('honest')!();
    expect((await honest).status).toBe(200);
    expect(slowDone).toBe(false);

    const outcome = await slow;
    expect(outcome).toMatchObject({ status: 408, code: 'BODY_TOO_SLOW' });
    expect(outcome.bodyBytesSent).toBeLessThan(1000);
    expect(taken).toEqual(['honest']);
  });

  it('refuses a body announced larger than allowed at once, without reading it', async () => {
    reset();
    const outcome = await sendSlowly(url, {
      path: '/take/huge',
      headers: { 'content-type': 'application/json', 'x-sender': 'huge' },
      contentLength: 10 * 1024 * 1024,
      bytesPerTick: 0,
      tickMs: 0,
    });
    expect(outcome).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', bodyBytesSent: 0 });
    expect(taken).toEqual([]);
  });

  it('gives one sender a few requests in progress at most, and turns only that sender away', async () => {
    reset();
    const first = send('a1', { sender: 'a', route: 'own' });
    await expect.poll(() => taken).toEqual(['a1']);
    const second = send('a2', { sender: 'a', route: 'own' });
    await arrivals(2);

    const third = await send('a3', { sender: 'a', route: 'own' });
    expect(third.status).toBe(429);
    expect(((await third.json()) as { code: string }).code).toBe('SYNC_BUSY');
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another sender still finds room.
    const other = send('b1', { sender: 'b', route: 'own' });
    await arrivals(4);

    gates.get('a1')!();
    await first;
    for (const name of ['a2', 'b1']) {
      await expect.poll(() => taken).toContain(name);
      gates.get(name)!();
    }
    expect([(await second).status, (await other).status]).toEqual([200, 200]);
  });

  it('serves the line round-robin across senders, not in arrival order', async () => {
    reset();
    const requests = [send('a1', { sender: 'a', route: 'fair' })];
    await expect.poll(() => taken).toEqual(['a1']);
    // Sender a has three more waiting before sender b's first arrives.
    for (const [name, count] of [
      ['a2', 2],
      ['a3', 3],
      ['a4', 4],
      ['b1', 5],
    ] as const) {
      requests.push(send(name, { sender: name[0], route: 'fair' }));
      await arrivals(count);
    }
    for (let served = 1; served < 5; served++) {
      gates.get(taken[served - 1]!)!();
      await expect.poll(() => taken.length).toBe(served + 1);
    }
    gates.get(taken[4]!)!();
    expect(taken).toEqual(['a1', 'a2', 'b1', 'a3', 'a4']);
    expect((await Promise.all(requests)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });
});
