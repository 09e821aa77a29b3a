// The admission control in front of batch intake, over real HTTP: one batch taken at a time,
// one sender waiting, the next turned away with 429 and Retry-After; turns go in order, a sender
// that hangs up while waiting gives its place back, and nobody waits longer than the limit.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandler } from '../../server/problem.ts';
import { intakeLimit } from './intake.ts';

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
    app.post('/take/:name', { onRequest: intakeLimit({ atOnce: 1, waiting: 1, waitMs: 60_000 }) }, take);
    app.post('/brief/:name', { onRequest: intakeLimit({ atOnce: 1, waiting: 1, waitMs: 300 }) }, take);
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  const send = (name: string, signal?: AbortSignal, route = 'take') =>
    fetch(`${url}/${route}/${name}`, { method: 'POST', signal });
  /** Resolves once `count` requests have reached the server and passed its hooks so far. */
  const arrivals = async (count: number) => {
    await expect.poll(() => arrived).toBe(count);
    await new Promise((resolve) => setImmediate(resolve));
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
    arrived = 0;
    taken.length = 0;
    const busy = send('busy');
    await expect.poll(() => taken).toEqual(['busy']);
    const quitter = new AbortController();
    const gone = send('gone', quitter.signal).catch((error: Error) => error.name);
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
    taken.length = 0;
    const busy = send('long', undefined, 'brief');
    await expect.poll(() => taken).toEqual(['long']);
    const asked = performance.now();
    const patient = await send('patient', undefined, 'brief');
    expect(patient.status).toBe(429);
    // It was kept in line (not turned away at once) until its wait ran out.
    expect(performance.now() - asked).toBeGreaterThanOrEqual(250);
    expect(Number(patient.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(taken).toEqual(['long']);
    gates.get('long')!();
    expect((await busy).status).toBe(200);
  });
});
