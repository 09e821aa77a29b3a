// Admission control for incoming batches. Taking a batch holds a database connection for its
// transaction; hundreds of senders at once (every school of a province after a deadline) would
// otherwise wait on the connection pool until their queries time out and fail with 500s. So a
// process takes a few batches at a time, keeps a bounded line of senders waiting (before their
// bodies are read, so a waiting sender costs a socket, not memory), and asks the rest to come back
// later: 429 with Retry-After, which every dongbo sender honours.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.ts';
import { BATCHES_PATH } from '../protocol.ts';

export interface IntakeLimits {
  /** Batches being taken at once, each in its own transaction (the pool holds 10 connections). */
  atOnce: number;
  /** Senders waiting for a turn; one more is answered 429. */
  waiting: number;
  /** Longest wait for a turn before the answer is 429 all the same: well within a sender's timeout. */
  waitMs: number;
}

export const DEFAULT_INTAKE_LIMITS: IntakeLimits = { atOnce: 8, waiting: 64, waitMs: 10_000 };

/**
 * Limits `POST /api/sync/v1/batches` of this app. Added before authentication, so a sender
 * turned away costs no database work.
 */
export function limitBatchIntake(app: FastifyInstance, limits: IntakeLimits = DEFAULT_INTAKE_LIMITS): void {
  const takeTurn = intakeLimit(limits);
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'POST' && request.routeOptions.url === BATCHES_PATH)
      await takeTurn(request, reply);
  });
}

/** An onRequest hook: returns once the request has its turn; its turn ends with its response. */
export function intakeLimit(limits: IntakeLimits = DEFAULT_INTAKE_LIMITS) {
  let taking = 0;
  const line: (() => void)[] = [];
  // How long a turn lasts lately (moving average, ms): tells how long the line takes to clear.
  let turnMs = 200;

  const startTurn = (reply: FastifyReply) => {
    const started = performance.now();
    // 'close' follows the response, or a connection lost mid-request: either way the turn ends.
    reply.raw.once('close', () => {
      turnMs = 0.9 * turnMs + 0.1 * (performance.now() - started);
      // The turn passes straight to the first in line, so nobody overtakes it.
      const next = line.shift();
      if (next) next();
      else taking -= 1;
    });
  };

  /**
   * Senders turned away come back spread over about twice the time the line takes to clear:
   * not all at once, and the busier the tier, the fewer tries in vain.
   */
  const retryAfterSeconds = () => {
    const clearsInSeconds = (limits.waiting * turnMs) / limits.atOnce / 1000;
    return 1 + Math.floor(Math.random() * Math.max(2, Math.ceil(2 * clearsInSeconds)));
  };

  const turnAway = (reply: FastifyReply) => {
    reply.header('retry-after', String(retryAfterSeconds()));
    throw new AppError('SYNC_BUSY');
  };

  return async function takeTurn(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (taking < limits.atOnce) {
      taking += 1;
      return startTurn(reply);
    }
    if (line.length >= limits.waiting) return turnAway(reply);
    const admitted = await new Promise<boolean>((resolve) => {
      const turn = () => settle(true);
      // A sender that hangs up, or has waited long enough, leaves the line.
      const leave = () => settle(false);
      const timer = setTimeout(leave, limits.waitMs);
      const settle = (admitted: boolean) => {
        clearTimeout(timer);
        reply.raw.off('close', leave);
        if (!admitted) line.splice(line.indexOf(turn), 1);
        resolve(admitted);
      };
      line.push(turn);
      reply.raw.once('close', leave);
    });
    if (!admitted) return turnAway(reply);
    startTurn(reply);
  };
}
