// Whether an error means the database cannot be reached right now — down, restarting, refusing
// connections, or the network to it broken — rather than a fault of the request or of dongbo.
// Such a request may succeed as it is once the database is back, so it is answered 503 with
// Retry-After instead of 500; the pool opens new connections by itself when it can.

/** Socket errors of Node on the way to the database. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs: 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting or
 * shutting down), 53300 too many connections; class 08 is connection exceptions.
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** What node-postgres and its pool say when a connection breaks or cannot be made in time. */
const DRIVER_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'timeout expired',
  'Client has encountered a connection error and is not queryable',
];

interface MaybeDriverError {
  code?: unknown;
  severity?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { code, severity, message, cause, errors } = error as MaybeDriverError;
  if (
    typeof code === 'string' &&
    (NETWORK_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))
  )
    return true;
  // A FATAL (or PANIC) from the server ends the session: the database refused or dropped us,
  // e.g. a database not accepting connections, whatever the SQLSTATE.
  if (severity === 'FATAL' || severity === 'PANIC') return true;
  if (typeof message === 'string' && DRIVER_MESSAGES.includes(message)) return true;
  // Node reports a refused connection to each address of a host as one AggregateError.
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

/** Seconds a client should wait before trying again while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
