import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTierApp } from '#app/tier-app.ts';
import { connectDatabase } from '#db/connection.ts';
import { buildTestApp } from '../../../test/helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';

describe('GET /api/health', () => {
  let database: TestDatabase<'province'>;
  beforeAll(async () => {
    database = await createTestDatabase('province');
  });
  afterAll(() => database.drop());

  it('answers ok with the tier and version when the database answers', async () => {
    const app = await buildTestApp('province', database.db);
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ tier: 'province', status: 'ok', database: 'ok' });
    expect(response.json().version).toMatch(/^\d+\.\d+\.\d+/);
    expect(response.headers['x-request-id']).toBeTruthy();
    await app.close();
  });

  it('answers 503 with a reason that says nothing internal when the database is unreachable', async () => {
    // Port 1 on loopback refuses every connection.
    const unreachable = connectDatabase('postgres://postgres@127.0.0.1:1/nothing');
    const app = await buildTierApp({
      tier: 'national',
      db: unreachable,
      links: {},
      logger: pino({ level: 'silent' }),
    });
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(503);
    const body = response.json();
    expect(body).toMatchObject({ tier: 'national', status: 'unavailable', database: 'unavailable' });
    // A public page: the reason names no host, port or driver error.
    expect(body.reason).toBe('Không kết nối được cơ sở dữ liệu.');
    expect(response.body).not.toMatch(/127\.0\.0\.1|:1\b|ECONNREFUSED/);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    await app.close();
    await unreachable.destroy();
  });

  it('tells the web app which tier this is and where the others are', async () => {
    const school = await createTestDatabase('school');
    const app = await buildTierApp({
      tier: 'school',
      db: school.db,
      links: { province: 'http://tinh.example:3100' },
      logger: pino({ level: 'silent' }),
    });
    const response = await app.inject({ method: 'GET', url: '/api/info' });
    expect(response.json()).toMatchObject({
      tier: 'school',
      label: 'Trường học',
      links: { province: 'http://tinh.example:3100' },
    });
    await app.close();
    await school.drop();
  });
});
