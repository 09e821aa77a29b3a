// A call up the chain on behalf of a unit, with its sync credential: a school's transfer
// business goes to its province, the province's to the national tier. The upstream's refusal
// (its problem code and message) comes back as is; an upstream out of reach is a 503.
import { AppError, type ErrorCode, errorCatalogue } from '#domain/errors.ts';
import { basicAuthorization } from '#server/auth/machine-credentials.ts';
import type { Upstream } from '../send/client.ts';

const TIMEOUT_MS = 15_000;

export async function callUpstream<T>(
  upstream: Upstream | undefined,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  if (!upstream) throw new AppError('UPSTREAM_UNAVAILABLE');
  let response: Response;
  try {
    response = await fetch(`${upstream.url}${path}`, {
      method,
      headers: {
        authorization: basicAuthorization(upstream.clientId, upstream.secret),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new AppError('UPSTREAM_UNAVAILABLE', { cause: error });
  }
  const answer = (await response.json().catch(() => ({}))) as T & { code?: string; message?: string };
  if (response.ok) return answer;
  // A refusal the upstream explained in a code we share is the caller's to read; anything else
  // (its own outage, a credential it no longer accepts) means the upstream cannot serve now.
  const code = answer.code as ErrorCode | undefined;
  if (response.status < 500 && response.status !== 401 && code && code in errorCatalogue)
    throw new AppError(code, { message: answer.message });
  throw new AppError('UPSTREAM_UNAVAILABLE');
}
