// Admission control for incoming batches. Taking a batch holds a database connection for its
// transaction; hundreds of senders at once (every school of a province after a deadline) would
// otherwise wait on the connection pool until their queries time out and fail with 500s. So a
// process takes a few batches at a time and asks the rest to come back later: 429 with
// Retry-After, which every dongbo sender honours.
//
// No sender may keep the others out:
// - a turn is taken only once the body has arrived whole, so a slow body holds no turn; and a
//   body must keep a fair pace or be cut (408, see server/paced-body.ts);
// - a sender (the unit its credential speaks for) has a few requests in progress at most;
// - the line is served round-robin across senders, not in arrival order.
// Waiting stays cheap: a request in line holds its body as it travelled (gzip-compressed from
// every dongbo sender), not yet decoded, parsed or validated.
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '#domain/errors.ts';
import { type BodyPace, readPacedBody } from '#server/paced-body.ts';
import { MAX_BATCH_BYTES } from '../protocol.ts';
import { fairTurns, type Place } from './fair-turns.ts';

export interface IntakeLimits {
  /** Batches being taken at once, each in its own transaction (the pool holds 10 connections). */
  atOnce: number;
  /** Requests in progress beyond those (their bodies arriving, or waiting for a turn); one more is answered 429. */
  waiting: number;
  /** Longest wait for a turn once the body has arrived, before the answer is 429 all the same. */
  waitMs: number;
  /** Requests in progress of one sender; one more is answered 429 (that sender only). */
  perSender: number;
  /** How fast a body must arrive, and how large it may be as it travels. */
  body: BodyPace;
}

/**
 * A dongbo province sends up to four units' batches at once with its one credential, and a
 * school one at a time; a body gets 10 s, then must average 4 KB/s (32 kbit/s) — a batch of 500
 * pupils travels as about 100 KB, and every dongbo sender gives up on a request after 30 s.
 */
export const DEFAULT_INTAKE_LIMITS: IntakeLimits = {
  atOnce: 8,
  waiting: 64,
  waitMs: 10_000,
  perSender: 4,
  // Compressed, a body is smaller still; uncompressed, the JSON parser counts the same limit.
  body: { graceMs: 10_000, minBytesPerSecond: 4096, maxBytes: MAX_BATCH_BYTES },
};

export interface BatchIntake {
  /** onRequest, after authentication: a place for the sender, before its body is read. */
  admit(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** preParsing: the body read whole at a fair pace, then the turn; the body goes on as read. */
  readBody(request: FastifyRequest, reply: FastifyReply, payload: Readable): Promise<Readable>;
}

export function batchIntake(
  limits: IntakeLimits,
  senderOf: (request: FastifyRequest) => string,
): BatchIntake {
  const turns = fairTurns(limits.atOnce);
  let inProgress = 0;
  const bySender = new Map<string, number>();
  // How long a turn lasts lately (moving average, ms): tells how long the line takes to clear.
  let turnMs = 200;

  /**
   * Senders turned away come back spread over about twice the time the requests in progress
   * take to clear: not all at once, and the busier the tier, the fewer tries in vain.
   */
  const busy = (reply: FastifyReply): AppError => {
    const clearsInSeconds = (inProgress * turnMs) / limits.atOnce / 1000;
    const seconds = 1 + Math.floor(Math.random() * Math.max(2, Math.ceil(2 * clearsInSeconds)));
    reply.header('retry-after', String(seconds));
    return new AppError('SYNC_BUSY');
  };

  const startTurn = (reply: FastifyReply) => {
    const started = performance.now();
    // 'close' follows the response, or a connection lost mid-request: either way the turn ends.
    reply.raw.once('close', () => {
      turnMs = 0.9 * turnMs + 0.1 * (performance.now() - started);
      turns.release();
    });
  };

  const takeTurn = async (sender: string, reply: FastifyReply): Promise<void> => {
    if (!(await waitForTurn(turns, sender, reply, limits.waitMs))) throw busy(reply);
    startTurn(reply);
  };

  return {
    async admit(request, reply) {
      // Answered before the body is read: Node would read the rest of it to keep the connection,
      // for as long as the sender takes. The connection ends with the answer instead.
      const refuse = (error: AppError): never => {
        reply.header('connection', 'close');
        throw error;
      };
      // A body announced too large is refused first: coming back later would not help it.
      if (Number(request.headers['content-length']) > limits.body.maxBytes)
        refuse(new AppError('PAYLOAD_TOO_LARGE'));
      const sender = senderOf(request);
      const own = bySender.get(sender) ?? 0;
      if (inProgress >= limits.atOnce + limits.waiting || own >= limits.perSender) refuse(busy(reply));
      inProgress += 1;
      bySender.set(sender, own + 1);
      reply.raw.once('close', () => {
        inProgress -= 1;
        const left = bySender.get(sender)! - 1;
        if (left === 0) bySender.delete(sender);
        else bySender.set(sender, left);
      });
    },

    async readBody(request, reply, payload) {
      let body: Buffer;
      try {
        body = await readPacedBody(payload, Number(request.headers['content-length'] ?? 0), limits.body);
      } catch (error) {
        // The rest of the body is not worth reading: the connection ends with the answer.
        reply.header('connection', 'close');
        throw error;
      }
      await takeTurn(senderOf(request), reply);
      return Readable.from([body]);
    },
  };
}

/** Waits in line for a turn; false when the sender hangs up or has waited `waitMs`. */
function waitForTurn(
  turns: ReturnType<typeof fairTurns>,
  sender: string,
  reply: FastifyReply,
  waitMs: number,
): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    let place: Place | undefined;
    const settle = (admitted: boolean) => {
      clearTimeout(timer);
      reply.raw.off('close', leave);
      if (!admitted) place?.leave();
      resolve(admitted);
    };
    // A sender that hangs up, or has waited long enough, leaves the line.
    const leave = () => settle(false);
    const timer = setTimeout(leave, waitMs);
    reply.raw.once('close', leave);
    place = turns.take(sender, () => settle(true));
  });
}
