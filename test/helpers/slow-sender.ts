// Hostile senders over a raw socket: a request's head, then its body a few bytes at a time, not
// at all, or without end; each reports the answer once the server has closed the connection.
import { connect, type Socket } from 'node:net';
import { parseHead } from './http-framing.ts';

export interface RawOutcome {
  /** The status the server answered; 0 when it closed without answering, or we hung up first. */
  status: number;
  /** The answer's problem code, when it had one. */
  code?: string;
  /** From the connection made to the connection closed. */
  closedAfterMs: number;
  bodyBytesSent: number;
}

interface RawRequest {
  path: string;
  headers: Record<string, string>;
  /** Hangs up at once when aborted. */
  signal?: AbortSignal;
}

/**
 * Sends the head, then lets `body` write to the socket (it returns a function that stops it),
 * until the server closes the connection.
 */
function rawRequest(
  url: string,
  request: RawRequest,
  body: (socket: Socket, sent: (bytes: number) => void) => () => void,
): Promise<RawOutcome> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect({ host: hostname, port: Number(port) });
    const answer: Buffer[] = [];
    let bodyBytesSent = 0;
    let stopBody = () => {};
    const hangUp = () => socket.destroy();
    request.signal?.addEventListener('abort', hangUp, { once: true });

    socket.on('connect', () => {
      const head = Object.entries(request.headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('');
      socket.write(`POST ${request.path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\n${head}\r\n`);
      stopBody = body(socket, (bytes) => {
        bodyBytesSent += bytes;
      });
    });
    socket.on('data', (chunk: Buffer) => answer.push(chunk));
    // Writes into a connection the server has cut fail; the outcome is the answer before it.
    socket.on('error', () => {});
    socket.on('close', () => {
      stopBody();
      request.signal?.removeEventListener('abort', hangUp);
      const bytes = Buffer.concat(answer);
      const status = Number(parseHead(bytes)?.startLine.split(' ')[1] ?? 0);
      const code = /"code":"([A-Z_]+)"/.exec(bytes.toString('utf8'))?.[1];
      resolve({ status, code, closedAfterMs: performance.now() - started, bodyBytesSent });
    });
  });
}

/** Announces `contentLength` bytes, then sends `bytesPerTick` of them every `tickMs` (0: none). */
export function sendSlowly(
  url: string,
  request: RawRequest & { contentLength: number; bytesPerTick: number; tickMs: number },
): Promise<RawOutcome> {
  const headers = { ...request.headers, 'content-length': String(request.contentLength) };
  return rawRequest(url, { ...request, headers }, (socket, sent) => {
    if (request.bytesPerTick === 0) return () => {};
    let left = request.contentLength;
    const ticker = setInterval(() => {
      const size = Math.min(request.bytesPerTick, left);
      if (size <= 0) return clearInterval(ticker);
      left -= size;
      sent(size);
      socket.write(Buffer.alloc(size, 0x20));
    }, request.tickMs);
    return () => clearInterval(ticker);
  });
}

/** A chunked body that never ends, sent as fast as the server reads it. */
export function sendEndlessly(url: string, request: RawRequest): Promise<RawOutcome> {
  const headers = { ...request.headers, 'transfer-encoding': 'chunked' };
  const chunk = Buffer.concat([Buffer.from('10000\r\n'), Buffer.alloc(0x10000, 0x20), Buffer.from('\r\n')]);
  return rawRequest(url, { ...request, headers }, (socket, sent) => {
    let stopped = false;
    const write = () => {
      // Only as fast as the connection drains: the server's reading paces the sender.
      while (!stopped && !socket.destroyed) {
        sent(0x10000);
        if (!socket.write(chunk)) return void socket.once('drain', write);
      }
    };
    write();
    return () => {
      stopped = true;
    };
  });
}
