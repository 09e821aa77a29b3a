// Authentication and the route policy, run first for every request (before validation): who
// is calling (a session cookie or a sync credential), is a cookie-borne state change coming
// from our own pages, and may this caller use this route at all. Unit scope is checked later,
// by the services, through access/scope.ts.
import fastifyCookie from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { AppError } from '#domain/errors.ts';
import { accessOf } from '../access/policy.ts';
import type { TierContext } from '../context.ts';
import type { ZodApp } from '../zod-app.ts';
import { machineOfCredential, parseBasicAuthorization } from './machine-credentials.ts';
import { SESSION_COOKIE, userOfSession } from './sessions.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function installAuth(app: ZodApp, context: TierContext): Promise<void> {
  await app.register(fastifyCookie);
  app.decorateRequest('caller', null);

  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'OPTIONS' && !accessOf(method, route.url)) {
        throw new Error(`${method} ${route.url} has no access policy: add it to src/server/access/policy.ts`);
      }
    }
  });

  const ownOrigin = context.links[context.tier] ? new URL(context.links[context.tier]!).origin : undefined;

  app.addHook('onRequest', async (request, reply) => {
    // No matching route: the not-found handler answers, the same for everyone.
    const url = request.routeOptions.url;
    const access = url ? accessOf(request.method, url) : 'public';

    if (access === 'machine') {
      const credential = parseBasicAuthorization(request.headers.authorization);
      const machine = credential && (await machineOfCredential(context.db, credential));
      if (!machine) {
        reply.header('www-authenticate', 'Basic realm="dongbo-sync", charset="UTF-8"');
        throw new AppError('MACHINE_CREDENTIAL_INVALID');
      }
      request.caller = machine;
      return;
    }

    const token = request.cookies[SESSION_COOKIE];
    if (token) request.caller = (await userOfSession(context.db, context.tier, token)) ?? null;
    // With a cookie the request must prove it comes from our pages; a login (no cookie yet)
    // is refused only when a browser says it comes from elsewhere, so scripts can still log in.
    if (!SAFE_METHODS.has(request.method) && (token || url === '/api/auth/login')) {
      refuseCrossSite(request, ownOrigin, Boolean(token));
    }

    if (access === 'public') return;
    const caller = request.caller;
    if (caller?.kind !== 'user') throw new AppError(token ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    if (access === 'session') return;
    if (caller.mustChangePassword) throw new AppError('PASSWORD_CHANGE_REQUIRED');
    if (!caller.permissions.has(access!)) throw new AppError('FORBIDDEN');
  });
}

/**
 * A state change made with the session cookie must come from a page of this tier: the browser
 * says where the request comes from in Origin (or, failing that, Sec-Fetch-Site).
 */
function refuseCrossSite(
  request: FastifyRequest,
  ownOrigin: string | undefined,
  requireEvidence: boolean,
): void {
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  if (origin) {
    if (origin === `${request.protocol}://${request.host}` || origin === ownOrigin) return;
    throw new AppError('CSRF_REJECTED');
  }
  if (site === 'same-origin' || (!requireEvidence && site === undefined)) return;
  throw new AppError('CSRF_REJECTED');
}
