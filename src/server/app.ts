// The HTTP plumbing every tier's app shares: request ids, security headers, the one error format,
// body parsing, authentication and access, the OpenAPI document, and the web shell. What routes a
// tier serves is composed above this folder (src/app/).
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { TIER_LABELS } from '#domain/tiers.ts';
import { installAuth } from './auth/plugin.ts';
import { registerBodyParsers } from './body-parsers.ts';
import type { TierContext } from './context.ts';
import { registerErrorHandler, sendProblem } from './problem.ts';
import { registerAccountRoutes } from './routes/accounts/routes.ts';
import { registerAuditRoutes } from './routes/audit.ts';
import { registerAuthRoutes } from './routes/auth/routes.ts';
import { registerColumnSettingsRoutes } from './routes/column-settings.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerReferenceRoutes } from './routes/reference.ts';
import { registerTableExportRoutes } from './routes/table-export.ts';
import { registerUnitRoutes } from './routes/units.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { DONGBO_VERSION } from './version.ts';
import type { ZodApp } from './zod-app.ts';

export type TierAppOptions = TierContext & {
  logger: FastifyBaseLogger;
  /** Folder of the built web app; the shell is served from it when present. */
  webDir?: string;
  /** Trust X-Forwarded-* from a reverse proxy in front (needed for client IPs and HTTPS). */
  trustProxy?: boolean;
};

const REQUEST_ID = /^[\w-]{1,64}$/;
export const DEFAULT_WEB_DIR = path.resolve(import.meta.dirname, '../../web/dist');

/**
 * The app of one tier: the plumbing and the routes every tier has, then the tier's own routes
 * (`registerTierRoutes`, given by the composition above), then the web shell.
 */
export async function buildHttpApp(
  options: TierAppOptions,
  registerTierRoutes: (app: ZodApp) => void,
): Promise<ZodApp> {
  const app = Fastify({
    loggerInstance: options.logger,
    trustProxy: options.trustProxy ?? false,
    // Keep an id a caller sends (a proxy, the tier below) so one request can be followed across tiers.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    // The router's own refusals (a path that is not valid percent-encoded UTF-8, a parameter
    // longer than any id) in the one error format, like every other error.
    frameworkErrors: (_error, request, reply) => sendProblem(request, reply, 'MALFORMED_URL'),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  await registerSecurityHeaders(app);
  registerErrorHandler(app);
  registerBodyParsers(app);
  await installAuth(app, options);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: `dongbo — ${TIER_LABELS[options.tier]}`,
        description: 'API của dongbo. Mọi lỗi trả về dạng application/problem+json với mã lỗi ổn định.',
        version: DONGBO_VERSION,
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerHealthRoutes(app, options);
  registerReferenceRoutes(app);
  registerAuthRoutes(app, options);
  registerAccountRoutes(app, options);
  registerAuditRoutes(app, options);
  registerUnitRoutes(app, options);
  registerColumnSettingsRoutes(app, options);
  registerTableExportRoutes(app);
  registerTierRoutes(app);

  const webDir = options.webDir ?? DEFAULT_WEB_DIR;
  const hasWebApp = existsSync(path.join(webDir, 'index.html'));
  app.setNotFoundHandler((request, reply) => {
    // The web app routes in the browser: any other page address gets its index.html.
    if (hasWebApp && request.method === 'GET' && !request.url.startsWith('/api/'))
      return reply.sendFile('index.html');
    return sendProblem(request, reply, 'NOT_FOUND');
  });
  if (hasWebApp) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false });
  } else {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><meta charset="utf-8"><title>dongbo</title><p>${TIER_LABELS[options.tier]} đang chạy. Giao diện web chưa được dựng: chạy <code>npm run build:web</code>.</p>`,
        ),
    );
  }
  return app;
}
