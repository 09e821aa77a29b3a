// What a request may carry. A body is JSON, which RFC 8259 requires to be UTF-8 (the Excel
// import routes add their own .xlsx parser). Fastify's text/plain parser is removed, so any other
// media type answers 415 instead of reaching a handler, and so does a body still encoded (gzip…)
// where no route has decoded it.
//
// Text no column can store is refused at the door, in the body and in the query string and path
// alike, so that no later step meets it and fails with a database error: bytes that are not
// UTF-8, a lone surrogate (not Unicode at all; jsonb refuses it) and the NUL character
// (PostgreSQL text cannot hold it). JSON nested deeper than any record is refused too, before
// anything walks it recursively.
import type { FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '#domain/errors.ts';
import type { ZodApp } from './zod-app.ts';

/** Far more than any record needs (a sync batch of results is about 8 deep). */
export const MAX_JSON_DEPTH = 32;

const storable = (text: string) => text.isWellFormed() && !text.includes('\u0000');

/** The first problem of a parsed value: text that cannot be stored, or nesting too deep. */
export function textProblem(value: unknown): ErrorCode | undefined {
  // A stack, not recursion: the value may be nested deeper than the call stack allows.
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current === 'string') {
      if (!storable(current)) return 'INVALID_TEXT';
    } else if (typeof current === 'object' && current !== null) {
      if (depth >= MAX_JSON_DEPTH) return 'JSON_TOO_DEEP';
      for (const [key, inner] of Object.entries(current)) {
        if (!storable(key)) return 'INVALID_TEXT';
        stack.push([inner, depth + 1]);
      }
    }
  }
  return undefined;
}

/**
 * A body still encoded (gzip…) when it reaches a parser is refused: only the routes that decode
 * one (sync batches) take it, and they remove the header once decoded. Read as plain text, an
 * encoded body would be garbage, or a plain body mislabelled would be taken for what it is not.
 */
export function refuseEncodedBody(request: FastifyRequest): AppError | undefined {
  const encoding = request.headers['content-encoding'];
  if (!encoding || encoding === 'identity') return undefined;
  return new AppError('UNSUPPORTED_MEDIA_TYPE', {
    message: 'Địa chỉ này không nhận nội dung nén (Content-Encoding).',
  });
}

export function registerBodyParsers(app: ZodApp): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    const encoded = refuseEncodedBody(request);
    if (encoded) return done(encoded, undefined);
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      return done(new AppError('INVALID_TEXT'), undefined);
    }
    parseJson(request, text, (error: Error | null, value?: unknown) => {
      const problem = error ? undefined : textProblem(value);
      if (error || problem) return done(error ?? new AppError(problem!), undefined);
      return done(null, value);
    });
  });
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const problem = textProblem(request.query) ?? textProblem(request.params);
    if (problem) throw new AppError(problem);
  });
}
