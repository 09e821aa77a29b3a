// Headers that keep the web app and its answers from being turned against their users: a
// Content-Security-Policy the app runs under, no framing, no MIME sniffing, no referrer, and
// no copy of an API answer (personal data) kept by the browser or a proxy.
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * What the built web app (web/dist) needs, no more: its own scripts, styles, fonts and API.
 * - Styles allow 'unsafe-inline': Ant Design writes its styles into <style> elements at run
 *   time, and index.html has one. Scripts stay strictly 'self', which is what stops injection.
 * - Images and fonts also from data: URIs (Ant Design and the API docs' icons); blob: for the
 *   files the app builds in the browser (Excel exports).
 * - No upgrade-insecure-requests: a school may serve the app over plain HTTP on its own network.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  // API answers carry personal data: none is stored by the browser or a proxy on the way,
  // unless the route itself says it may be (the public code lists do).
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
    return payload;
  });
}
