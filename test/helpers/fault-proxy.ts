// A TCP proxy that misbehaves on purpose, one HTTP request at a time, to put a sync link
// (school → province, province → national) through what real networks do: it delays a request,
// drops the connection before forwarding it, cuts the answer after the server has committed,
// resets the connection (RST) while the server works, or delivers the request twice.
import net from 'node:net';
import type { Random } from '#seed/random.ts';
import { messageLength, parseHead } from './http-framing.ts';

export const FAULTS = ['delay', 'drop', 'cut-response', 'reset', 'duplicate'] as const;
export type Fault = (typeof FAULTS)[number];
export type Treatment = Fault | 'pass';

export interface FaultProxyOptions {
  /** What happens to each request, asked in arrival order. */
  choose(request: { method: string; path: string }): Treatment;
  /** How long a delayed request waits before it is forwarded. */
  delayMs?(): number;
}

export interface FaultProxy {
  url: string;
  /** How many requests got each treatment. */
  counts: Record<Treatment, number>;
  /** How many answers the server gave with each status, delivered to the client or not. */
  statuses: Record<number, number>;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string, options: FaultProxyOptions): Promise<FaultProxy> {
  const { hostname, port } = new URL(target);
  const upstreamAddress = { host: hostname, port: Number(port) };
  const counts = Object.fromEntries([...FAULTS, 'pass'].map((t) => [t, 0])) as Record<Treatment, number>;
  const statuses: Record<number, number> = {};
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    return socket;
  };

  /** The server's next answer on `link`, its status counted. */
  const answerOn = async (link: UpstreamLink) => {
    const answer = await link.answer();
    const status = Number(parseHead(answer)?.startLine.split(' ')[1]);
    statuses[status] = (statuses[status] ?? 0) + 1;
    return answer;
  };
  /** Lets the server finish answering on `link`, unheard, then closes it. */
  const closeAfterAnswer = (link: UpstreamLink) => {
    const close = () => link.socket.destroy();
    answerOn(link).then(close, close);
  };

  const server = net.createServer((client) => {
    track(client);
    let link: UpstreamLink | undefined;
    let pending = Buffer.alloc(0);
    let busy = false;

    const currentLink = () => {
      if (!link || link.closed) {
        link = openUpstream(track(net.connect(upstreamAddress)));
        // The server closed the connection: so does the proxy, as the server would have.
        link.socket.on('close', () => client.end());
      }
      return link;
    };
    client.on('close', () => link?.socket.destroy());

    /** Handles one request; answers false when the client connection is gone. */
    const handle = async (request: Buffer): Promise<boolean> => {
      const [method = '', path = ''] = parseHead(request)!.startLine.split(' ');
      const treatment = options.choose({ method, path });
      counts[treatment] += 1;
      if (treatment === 'drop') {
        client.destroy();
        return false;
      }
      if (treatment === 'delay') await sleep(options.delayMs?.() ?? 300);
      if (treatment === 'duplicate') sendCopy(request);
      const upstream = currentLink();
      upstream.socket.write(request);
      if (treatment === 'reset') {
        // The server keeps the request and answers into the void; the client sees a reset.
        link = undefined;
        closeAfterAnswer(upstream);
        client.resetAndDestroy();
        return false;
      }
      const answer = await answerOn(upstream);
      if (treatment === 'cut-response') {
        // Alternately nothing of the answer, or its first half, then the connection closes.
        const kept = counts['cut-response'] % 2 === 0 ? Math.floor(answer.length / 2) : 0;
        client.end(answer.subarray(0, kept));
        upstream.socket.destroy();
        return false;
      }
      client.write(answer);
      return true;
    };

    const next = () => {
      if (busy) return;
      const length = messageLength(pending, 'request');
      if (typeof length !== 'number') return;
      const request = pending.subarray(0, length);
      pending = pending.subarray(length);
      busy = true;
      handle(request).then(
        (open) => {
          busy = false;
          if (open) next();
        },
        () => client.destroy(),
      );
    };
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      next();
    });
  });

  /** The same request bytes once more, on a connection of their own; their answer is dropped. */
  const sendCopy = (request: Buffer) => {
    const copy = openUpstream(track(net.connect(upstreamAddress)));
    copy.socket.write(request);
    closeAfterAnswer(copy);
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: proxyPort } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${proxyPort}`,
    counts,
    statuses,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

interface UpstreamLink {
  socket: net.Socket;
  readonly closed: boolean;
  /** The next whole answer on this connection; rejects if the server closes before it is whole. */
  answer(): Promise<Buffer>;
}

function openUpstream(socket: net.Socket): UpstreamLink {
  let received = Buffer.alloc(0);
  let closed = false;
  let waiting: { resolve(answer: Buffer): void; reject(error: Error): void } | undefined;
  const settle = () => {
    if (!waiting) return;
    const length = messageLength(received, 'response');
    if (closed && (length === undefined || length === 'untilClose')) {
      if (length === 'untilClose') waiting.resolve(received);
      else waiting.reject(new Error('the server closed the connection before answering'));
      waiting = undefined;
      return;
    }
    if (typeof length !== 'number') return;
    const answer = received.subarray(0, length);
    received = received.subarray(length);
    waiting.resolve(answer);
    waiting = undefined;
  };
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    settle();
  });
  socket.on('close', () => {
    closed = true;
    settle();
  });
  return {
    socket,
    get closed() {
      return closed;
    },
    answer() {
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        settle();
      });
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A seeded mix: requests draw from a shuffled deck holding each fault once and `passes` clean
 * passes, reshuffled when spent, so every fault recurs within each deck's worth of requests.
 */
export function faultDeck(random: Random, passes: number): FaultProxyOptions['choose'] {
  let deck: Treatment[] = [];
  return () => {
    if (deck.length === 0) {
      deck = [...FAULTS, ...Array<Treatment>(passes).fill('pass')];
      for (let i = deck.length - 1; i > 0; i--) {
        const j = random.int(0, i);
        [deck[i], deck[j]] = [deck[j]!, deck[i]!];
      }
    }
    return deck.pop()!;
  };
}
