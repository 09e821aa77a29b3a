import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import type { ZodApp } from './zod-app.ts';

describe('error format', () => {
  let database: TestDatabase<'school'>;
  let app: ZodApp;
  beforeAll(async () => {
    database = await createTestDatabase('school');
    app = await buildTestApp('school', database.db);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const expectProblem = (response: Awaited<ReturnType<ZodApp['inject']>>, status: number, code: string) => {
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.json();
    expect(body).toMatchObject({ status, code, type: `urn:dongbo:error:${code}` });
    expect(body.message).toMatch(/[ăâđêôơưàáảãạ]/i); // Vietnamese, for a school clerk
    expect(body.requestId).toBe(response.headers['x-request-id']);
    expect(response.body).not.toMatch(/\bat .+\.(ts|js):\d+/); // never a stack trace
    return body;
  };

  it('answers an unknown route with 404 NOT_FOUND', async () => {
    expectProblem(await app.inject({ method: 'GET', url: '/api/khong-co' }), 404, 'NOT_FOUND');
    expectProblem(await app.inject({ method: 'DELETE', url: '/api/health' }), 404, 'NOT_FOUND');
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/checks/personal-id',
      headers: { 'content-type': 'application/json' },
      payload: '{"personalId": "0403',
    });
    expectProblem(response, 400, 'MALFORMED_JSON');
  });

  it('answers a body that is not JSON with 415', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/checks/personal-id',
      headers: { 'content-type': 'text/csv' },
      payload: 'a,b',
    });
    expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers text/plain, like any type the API does not take, with 415', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/checks/personal-id',
      headers: { 'content-type': 'text/plain' },
      payload: '{"personalId": "040300123456"}',
    });
    expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it.each([
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])],
    ['a lone surrogate', '{"personalId": "\\ud800"}'],
    ['a NUL character', '{"personalId": "0403\\u0000"}'],
  ])('answers a body with %s with 400 INVALID_TEXT', async (_, payload) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/checks/personal-id',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expectProblem(response, 400, 'INVALID_TEXT');
  });

  it('answers a NUL character in the query string with 400 INVALID_TEXT', async () => {
    expectProblem(
      await app.inject({ method: 'GET', url: '/api/reference/communes?province=4%00' }),
      400,
      'INVALID_TEXT',
    );
  });

  it('answers JSON nested deeper than any record with 400 JSON_TOO_DEEP', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/checks/personal-id',
      headers: { 'content-type': 'application/json' },
      payload: `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
    });
    expectProblem(response, 400, 'JSON_TOO_DEEP');
  });

  it.each([
    ['not percent-encoded UTF-8', '/api/reference/%FF'],
    ['a parameter longer than any id', `/api/reference/${'a'.repeat(500)}`],
  ])('answers a path %s with 400 MALFORMED_URL', async (_, url) => {
    expectProblem(await app.inject({ method: 'GET', url }), 400, 'MALFORMED_URL');
  });

  it('lists every invalid field with its own code and message', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/checks/personal-id',
      payload: { personalId: '040300123456', birthDate: '2019-13-45' },
    });
    const body = expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([
      { field: 'birthDate', code: 'INVALID_FORMAT', message: 'Ngày phải có dạng yyyy-mm-dd.' },
      { field: 'gender', code: 'REQUIRED', message: 'Trường này là bắt buộc.' },
    ]);
  });

  it('names query-string fields as query.<name>', async () => {
    const body = expectProblem(
      await app.inject({ method: 'GET', url: '/api/reference/communes?province=4x' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.errors).toEqual([
      { field: 'query.province', code: 'INVALID_FORMAT', message: 'Mã tỉnh gồm 2 chữ số.' },
    ]);
  });

  it('keeps a request id given by the caller', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/khong-co',
      headers: { 'x-request-id': 'tinh-40-abc' },
    });
    expect(response.json().requestId).toBe('tinh-40-abc');
  });

  it('publishes OpenAPI generated from the zod schemas, and Swagger UI', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(spec.openapi).toBe('3.1.0');
    const check = spec.paths['/api/checks/personal-id'].post;
    expect(check.requestBody.content['application/json'].schema.required).toEqual([
      'personalId',
      'birthDate',
      'gender',
    ]);
    const docs = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });
});
