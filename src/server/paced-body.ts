// Reading a request body whole, at a pace worth waiting for. Fastify turns Node's request
// timeout off, so nothing else cuts a body that arrives a byte every few seconds: such a sender
// would keep its connection, and whatever was set aside for it, for as long as it likes. A body
// here gets a grace period, then must keep up an average rate counted from its start; one that
// falls behind is cut (408), and so is one larger than allowed (413), without reading the rest.
import type { Readable } from 'node:stream';
import { AppError } from '#domain/errors.ts';

export interface BodyPace {
  /** Time any body has before its rate counts: a slow start, a link waking up. */
  graceMs: number;
  /** The least average rate after the grace period; far below any working link. */
  minBytesPerSecond: number;
  /** More than this many bytes (as they travel, compressed or not) is refused. */
  maxBytes: number;
}

/**
 * Resolves with the body's bytes once it has all arrived. Rejects with BODY_TOO_SLOW or
 * PAYLOAD_TOO_LARGE, or with the stream's own error (statusCode 400) when the sender hangs up
 * half way, like Fastify's own reader.
 */
export function readPacedBody(stream: Readable, declaredLength: number, pace: BodyPace): Promise<Buffer> {
  if (declaredLength > pace.maxBytes) return Promise.reject(new AppError('PAYLOAD_TOO_LARGE'));
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const chunks: Buffer[] = [];
    let received = 0;
    let timer: NodeJS.Timeout;

    // The time the bytes so far may have taken; checked when it runs out, not at every chunk.
    const dueAt = () => started + pace.graceMs + (received / pace.minBytesPerSecond) * 1000;
    const watch = () => {
      const left = dueAt() - performance.now();
      if (left <= 0) finish(new AppError('BODY_TOO_SLOW'));
      else timer = setTimeout(watch, left);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > pace.maxBytes) return finish(new AppError('PAYLOAD_TOO_LARGE'));
      chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onError = (error: Error & { statusCode?: number }) => {
      error.statusCode ??= 400;
      finish(error);
    };
    const onClose = () => onError(new Error('the sender closed the connection before the body ended'));
    const finish = (error?: Error) => {
      clearTimeout(timer);
      stream.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, received));
    };

    stream.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
    watch();
  });
}
