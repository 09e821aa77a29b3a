import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFixtureUnits, createUser, requestAs } from '../../test/helpers/access.ts';
import { buildTestApp } from '../../test/helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import type { ZodApp } from './zod-app.ts';

describe('security headers', () => {
  let database: TestDatabase<'province'>;
  let app: ZodApp;
  beforeAll(async () => {
    database = await createTestDatabase('province');
    await addFixtureUnits('province', database.db);
    app = await buildTestApp('province', database.db);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const expectProtected = (headers: Record<string, unknown>) => {
    const csp = String(headers['content-security-policy']);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'self'",
    ])
      expect(csp).toContain(directive);
    // A school may serve the app over plain HTTP on its own network.
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(headers).toMatchObject({
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
  };

  it('protects the web app page and every API answer', async () => {
    for (const url of ['/', '/so-gd/truong/123', '/api/health', '/api/auth/me', '/api/khong-co']) {
      const response = await app.inject({ method: 'GET', url });
      expectProtected(response.headers);
    }
  });

  it('lets no API answer be stored, personal data above all, unless the route says it may', async () => {
    const admin = await createUser(database.db, 'province_admin', 'P40');
    const answers = [
      await requestAs(app, database.db, admin, { method: 'GET', url: '/api/accounts' }),
      await requestAs(app, database.db, admin, { method: 'GET', url: '/api/auth/me' }),
      await app.inject({ method: 'GET', url: '/api/auth/me' }), // 401
      await app.inject({ method: 'GET', url: '/api/health' }),
    ];
    expect(answers[0]!.json().items.length).toBeGreaterThan(0);
    for (const response of answers) expect(response.headers['cache-control']).toBe('no-store');
    // The public code lists are the same for everyone and may be kept a day.
    const provinces = await app.inject({ method: 'GET', url: '/api/reference/provinces' });
    expect(provinces.headers['cache-control']).toContain('max-age');
  });
});
