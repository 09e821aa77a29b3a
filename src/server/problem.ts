// One error format for every error of every tier: application/problem+json (RFC 9457) with a
// stable `code`, a Vietnamese `message`, the field issues for validation, and the request id
// to quote to an administrator. Never a stack trace.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '#db/unavailable.ts';
import { AppError, type ErrorCode, errorCatalogue, type FieldIssue } from '#domain/errors.ts';
import { toFieldIssue } from '#domain/validation.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  message: string;
  errors?: FieldIssue[];
  requestId: string;
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  options: { message?: string; issues?: FieldIssue[] } = {},
): FastifyReply {
  const { status } = errorCatalogue[code];
  const message = options.message ?? errorCatalogue[code].message;
  const body: Problem = {
    type: `urn:dongbo:error:${code}`,
    title: message,
    status,
    code,
    message,
    ...(options.issues ? { errors: options.issues } : {}),
    requestId: request.id,
  };
  // Also set here, for errors the router answers before any hook has run.
  reply.header('x-request-id', request.id);
  return reply.code(status).type('application/problem+json; charset=utf-8').send(body);
}

/** Fastify's own client errors, by their code, in dongbo's words. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'EMPTY_BODY',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_RATE_LIMITED: 'RATE_LIMITED',
};

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return sendProblem(request, reply, error.code, { message: error.message, issues: error.issues });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext === 'body' ? '' : contextName(error.validationContext);
      const issues = error.validation.map((item) =>
        toFieldIssue(
          {
            code: item.keyword,
            path: item.instancePath.split('/').filter(Boolean),
            message: item.message ?? '',
            params: item.params as Record<string, unknown>,
          },
          where,
        ),
      );
      return sendProblem(request, reply, 'VALIDATION_FAILED', { issues });
    }
    const known = error.code ? fastifyCodes[error.code] : undefined;
    if (known) return sendProblem(request, reply, known);
    if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
      return sendProblem(request, reply, 'MALFORMED_JSON');
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.warn({ err: error }, 'client error without a dongbo code');
      return sendProblem(request, reply, error.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED');
    }
    // The database is away (down, restarting, unreachable): the request itself was fine and may
    // be sent again once it is back; the pool reconnects by itself.
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      return sendProblem(request, reply, 'DATABASE_UNAVAILABLE');
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendProblem(request, reply, 'INTERNAL_ERROR');
  });
}

function contextName(context: string | undefined): string {
  if (context === 'querystring') return 'query';
  return context ?? '';
}
