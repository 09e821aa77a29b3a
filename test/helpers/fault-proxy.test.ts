// The fault proxy itself: each treatment does to a request what it says, on keep-alive
// connections, so the sync tests that rely on it exercise what they claim to.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy, type Treatment } from './fault-proxy.ts';

describe('the fault proxy', () => {
  let server: http.Server;
  let target: string;
  /** The bodies the server received, in order. */
  let received: string[] = [];
  let connections = 0;
  let proxy: FaultProxy | undefined;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push(body);
        // A chunked answer for /chunked, a Content-Length one otherwise.
        if (request.url === '/chunked') {
          response.write('first,');
          setTimeout(() => response.end(`second:${body}`), 10);
        } else response.end(`got:${body}`);
      });
    });
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  afterEach(async () => {
    await proxy?.close();
    received = [];
    connections = 0;
  });

  /** A proxy that treats requests as listed, then lets the rest pass. */
  const proxyWith = async (plan: Treatment[]) => {
    proxy = await startFaultProxy(target, { choose: () => plan.shift() ?? 'pass', delayMs: () => 50 });
    return proxy;
  };
  const post = (url: string, body: string, path = '/') =>
    fetch(`${url}${path}`, { method: 'POST', body }).then((r) => r.text());
  const serverSaw = async (count: number) => expect.poll(() => received.length).toBe(count);

  it('relays requests and answers, several on one connection, chunked or not', async () => {
    const { url, counts } = await proxyWith(['pass', 'delay']);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect(await postOnAgent(agent, url, 'a')).toBe('got:a');
    expect(await postOnAgent(agent, url, 'b')).toBe('got:b');
    expect(await postOnAgent(agent, url, 'c', '/chunked')).toBe('first,second:c');
    agent.destroy();
    expect(received).toEqual(['a', 'b', 'c']);
    expect(connections).toBe(1);
    expect(counts).toMatchObject({ pass: 2, delay: 1 });
  });

  it('drops the connection before forwarding: the server never sees the request', async () => {
    const { url } = await proxyWith(['drop']);
    await expect(post(url, 'lost')).rejects.toThrow();
    expect(await post(url, 'next')).toBe('got:next');
    expect(received).toEqual(['next']);
  });

  it('cuts the answer after the server took the request, with or without part of it', async () => {
    const { url } = await proxyWith(['cut-response', 'cut-response']);
    await expect(post(url, 'one')).rejects.toThrow();
    await expect(post(url, 'two')).rejects.toThrow();
    expect(received).toEqual(['one', 'two']);
  });

  it('resets the connection while the server works; the server still gets the request', async () => {
    const { url } = await proxyWith(['reset']);
    await expect(post(url, 'reset')).rejects.toThrow();
    await serverSaw(1);
    expect(received).toEqual(['reset']);
  });

  it('delivers a request twice; the client hears one answer', async () => {
    const { url, counts, statuses } = await proxyWith(['duplicate']);
    expect(await post(url, 'twice')).toBe('got:twice');
    await serverSaw(2);
    expect(received).toEqual(['twice', 'twice']);
    expect(counts.duplicate).toBe(1);
    // Both answers are counted, the one the client never heard too.
    await expect.poll(() => statuses).toEqual({ 200: 2 });
  });
});

/** A POST on a given agent, so that the test decides which connection carries it. */
function postOnAgent(agent: http.Agent, url: string, body: string, path = '/'): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}${path}`, { method: 'POST', agent }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve(text));
    });
    request.on('error', reject);
    request.end(body);
  });
}
