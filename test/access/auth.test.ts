// Logging in and staying logged in: real password hashing, throttling, session timeouts,
// logout, disabled accounts, forced password change, cross-site protection, and secrets that
// never appear in plain text in the database or the logs.
import { randomBytes, scryptSync } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTierApp } from '#app/tier-app.ts';
import { hashPassword, PASSWORD_PARAMETERS } from '#server/auth/passwords.ts';
import { sha256 } from '#server/auth/secrets.ts';
import { SESSION_COOKIE } from '#server/auth/sessions.ts';
import { FREE_FAILURES, IP_MAX_ATTEMPTS } from '#server/auth/throttle.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { addFixtureUnits, createUser, ORIGIN } from '../helpers/access.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const PASSWORD = 'cay-phuong-do-2026';

describe('login and sessions', () => {
  let database: TestDatabase<'school'>;
  let app: ZodApp;
  let passwordHash: string;
  let logs = '';

  beforeAll(async () => {
    database = await createTestDatabase('school');
    await addFixtureUnits('school', database.db);
    const capture = new Writable({
      write(chunk, _encoding, done) {
        logs += chunk;
        done();
      },
    });
    app = await buildTierApp({
      tier: 'school',
      db: database.db,
      links: {},
      logger: pino({ level: 'trace' }, capture),
    });
    passwordHash = await hashPassword(PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const newUser = (options: { mustChangePassword?: boolean } = {}) =>
    createUser(database.db, 'school_admin', 'S7000001', { passwordHash, ...options });

  const login = (username: string, password: string, ip = '10.0.0.1') =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: ORIGIN },
      payload: { username, password },
      remoteAddress: ip,
    });

  const cookieOf = (response: Awaited<ReturnType<typeof login>>) => {
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE)!;
    return `${cookie.name}=${cookie.value}`;
  };

  const get = (url: string, cookie: string) => app.inject({ method: 'GET', url, headers: { cookie } });

  it('logs in with a secure cookie and says who is signed in', async () => {
    const user = await newUser();
    const response = await login(user.username, PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      user: { username: user.username, role: 'school_admin' },
      unit: { key: 'S7000001' },
    });
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(Buffer.from(cookie.value, 'base64url')).toHaveLength(32);
    const me = await get('/api/auth/me', cookieOf(response));
    expect(me.json().permissions).toContain('accounts:manage');
  });

  it('marks the cookie Secure when the request came over HTTPS through a trusted proxy', async () => {
    const user = await newUser();
    const behindProxy = await buildTierApp({
      tier: 'school',
      db: database.db,
      links: {},
      trustProxy: true,
      logger: pino({ level: 'silent' }),
    });
    const response = await behindProxy.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-forwarded-proto': 'https', origin: 'https://localhost:80' },
      payload: { username: user.username, password: PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    expect(response.cookies.find((c) => c.name === SESSION_COOKIE)).toMatchObject({
      secure: true,
      httpOnly: true,
    });
    await behindProxy.close();
  });

  it('answers a wrong password and an unknown username the same way', async () => {
    const user = await newUser();
    const wrong = await login(user.username, 'not-the-password');
    const unknown = await login('nobody.here', PASSWORD);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const { requestId: _a, ...a } = wrong.json();
    const { requestId: _b, ...b } = unknown.json();
    expect(a).toEqual(b);
    expect(a.code).toBe('INVALID_CREDENTIALS');
  });

  it('delays an account after repeated failures, with Retry-After, even for the right password', async () => {
    const user = await newUser();
    for (let i = 1; i < FREE_FAILURES; i++)
      expect((await login(user.username, `wrong-${i}-password`)).statusCode).toBe(401);
    expect((await login(user.username, 'wrong-last-password')).statusCode).toBe(401); // this one locks
    const locked = await login(user.username, PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('LOGIN_THROTTLED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Another account behind the same school IP is not affected.
    const colleague = await newUser();
    expect((await login(colleague.username, PASSWORD)).statusCode).toBe(200);
    // Once the delay is over the right password works again and the count starts afresh.
    await database.db
      .updateTable('login_failures')
      .set({ locked_until: sql`now() - interval '1 second'` })
      .where('username', '=', user.username)
      .execute();
    expect((await login(user.username, PASSWORD)).statusCode).toBe(200);
    const row = await database.db
      .selectFrom('login_failures')
      .select('failures')
      .where('username', '=', user.username)
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('throttles a username no account has exactly like one that exists', async () => {
    const user = await newUser();
    const unknown = `khong.co.ai.${process.pid}`;
    const sameBody = (a: { json(): object }, b: { json(): object }) => {
      const { requestId: _a, ...first } = a.json() as { requestId: string };
      const { requestId: _b, ...second } = b.json() as { requestId: string };
      expect(first).toEqual(second);
    };
    for (let i = 1; i <= FREE_FAILURES; i++) {
      const known = await login(user.username, `wrong-${i}-password`);
      // The name is counted as the login reads it: trimmed and in lower case.
      const stranger = await login(i % 2 ? unknown : `  ${unknown.toUpperCase()} `, `wrong-${i}-password`);
      expect([known.statusCode, stranger.statusCode]).toEqual([401, 401]);
      sameBody(known, stranger);
    }
    const known = await login(user.username, PASSWORD);
    const stranger = await login(unknown, PASSWORD);
    expect([known.statusCode, stranger.statusCode]).toEqual([429, 429]);
    // The same lock of 30 seconds, begun a moment apart: the seconds left may differ by one.
    const withoutSeconds = (response: typeof known) => {
      const { requestId: _, ...body } = response.json();
      return JSON.stringify(body).replace(/\d+ giây/g, 'N giây');
    };
    expect(withoutSeconds(stranger)).toBe(withoutSeconds(known));
    expect(stranger.json().code).toBe('LOGIN_THROTTLED');
    for (const response of [known, stranger])
      expect(Number(response.headers['retry-after'])).toSatisfy((n: number) => n > 25 && n <= 30);
  });

  it('spends a password hash on an unknown username too, as long as on a known one', async () => {
    const timed = async (username: string) => {
      const started = performance.now();
      expect((await login(username, 'not-the-password', '10.0.0.7')).statusCode).toBe(401);
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    // Interleaved, so that whatever else the machine does weighs on both alike.
    for (let i = 0; i < 5; i++) {
      known.push(await timed((await newUser()).username));
      unknown.push(await timed(`chua.ai.dung.${i}.${process.pid}`));
    }
    const ratio = median(unknown) / median(known);
    // Without the decoy hash the unknown name would answer some fifty times faster.
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('caps login attempts per IP generously', async () => {
    await database.db
      .insertInto('login_throttle')
      .values({ ip: '10.9.9.9', window_start: sql`now()`, attempts: IP_MAX_ATTEMPTS })
      .execute();
    const user = await newUser();
    const response = await login(user.username, PASSWORD, '10.9.9.9');
    expect(response.statusCode).toBe(429);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(user.username, PASSWORD, '10.9.9.10')).statusCode).toBe(200);
  });

  it('ends a session after the idle timeout and after the absolute timeout', async () => {
    const user = await newUser();
    const idle = cookieOf(await login(user.username, PASSWORD));
    const old = cookieOf(await login(user.username, PASSWORD));
    expect((await get('/api/auth/me', idle)).statusCode).toBe(200);
    await database.db
      .updateTable('sessions')
      .set({ last_seen_at: sql`now() - interval '3 hours'` })
      .where('token_hash', '=', tokenHash(idle))
      .execute();
    await database.db
      .updateTable('sessions')
      .set({ created_at: sql`now() - interval '13 hours'` })
      .where('token_hash', '=', tokenHash(old))
      .execute();
    for (const cookie of [idle, old]) {
      const response = await get('/api/auth/me', cookie);
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('SESSION_EXPIRED');
    }
  });

  it('logs out: the cookie no longer opens anything', async () => {
    const user = await newUser();
    const cookie = cookieOf(await login(user.username, PASSWORD));
    const out = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, origin: ORIGIN },
    });
    expect(out.statusCode).toBe(200);
    expect((await get('/api/auth/me', cookie)).statusCode).toBe(401);
  });

  it('ends the sessions of a disabled account at once', async () => {
    const admin = await newUser();
    const staff = await createUser(database.db, 'school_staff', 'S7000001', {
      passwordHash,
      grants: ['students:view'],
    });
    const adminCookie = cookieOf(await login(admin.username, PASSWORD));
    const staffCookie = cookieOf(await login(staff.username, PASSWORD));
    expect((await get('/api/auth/me', staffCookie)).statusCode).toBe(200);
    const disable = await app.inject({
      method: 'POST',
      url: `/api/accounts/${staff.id}/disable`,
      headers: { cookie: adminCookie, origin: ORIGIN },
    });
    expect(disable.statusCode).toBe(200);
    expect(disable.json().disabled).toBe(true);
    expect((await get('/api/auth/me', staffCookie)).statusCode).toBe(401);
    expect((await login(staff.username, PASSWORD)).json().code).toBe('INVALID_CREDENTIALS');
  });

  it('makes a new account change its password before anything else', async () => {
    const user = await newUser({ mustChangePassword: true });
    const cookie = cookieOf(await login(user.username, PASSWORD));
    expect((await get('/api/auth/me', cookie)).json().user.mustChangePassword).toBe(true);
    const blocked = await get('/api/accounts', cookie);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('PASSWORD_CHANGE_REQUIRED');

    const change = (currentPassword: string, newPassword: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { cookie, origin: ORIGIN },
        payload: { currentPassword, newPassword },
      });
    const codes = async (response: Awaited<ReturnType<typeof change>>) =>
      response.json().errors.map((e: { code: string }) => e.code);
    expect(await codes(await change('wrong-current-pw', 'a-good-new-password'))).toEqual(['PASSWORD_WRONG']);
    expect(await codes(await change(PASSWORD, 'short'))).toEqual(['PASSWORD_TOO_SHORT']);
    expect(await codes(await change(PASSWORD, 'password123'))).toEqual(['PASSWORD_TOO_COMMON']);
    expect(await codes(await change(PASSWORD, `x${user.username}x`))).toEqual(['PASSWORD_CONTAINS_USERNAME']);
    expect(await codes(await change(PASSWORD, PASSWORD))).toEqual(['PASSWORD_REUSED']);

    const other = cookieOf(await login(user.username, PASSWORD));
    expect((await change(PASSWORD, 'hoa-sen-no-trong-dam')).statusCode).toBe(200);
    expect((await get('/api/accounts', cookie)).statusCode).toBe(200);
    expect((await get('/api/auth/me', other)).statusCode).toBe(401); // other sessions end
    expect((await login(user.username, 'hoa-sen-no-trong-dam')).statusCode).toBe(200);
  });

  it('refuses cookie-borne state changes from another site', async () => {
    const admin = await newUser();
    const cookie = cookieOf(await login(admin.username, PASSWORD));
    const create = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/api/accounts',
        headers: { cookie, ...headers },
        payload: { username: `csrf.${Date.now()}`, displayName: 'Thử', role: 'school_staff' },
      });
    const crossSite: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      {},
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of crossSite) {
      const response = await create(headers);
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('CSRF_REJECTED');
    }
    expect((await create({ origin: ORIGIN })).statusCode).toBe(201);
    expect((await create({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201);
  });

  it('lets a script log in without an Origin, but not a page of another site', async () => {
    const user = await newUser();
    const payload = { username: user.username, password: PASSWORD };
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload })).statusCode).toBe(200);
    const forged = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'https://evil.example' },
      payload,
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe('CSRF_REJECTED');
  });

  it('re-hashes a password stored with older parameters at the next login', async () => {
    const user = await newUser();
    // A genuine hash at N = 2^14, in the stored layout.
    const salt = randomBytes(16);
    const key = scryptSync(PASSWORD, salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const old = ['scrypt', 14, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
    await database.db.updateTable('users').set({ password_hash: old }).where('id', '=', user.id).execute();
    expect((await login(user.username, PASSWORD)).statusCode).toBe(200);
    const row = await database.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash.startsWith(`scrypt$${PASSWORD_PARAMETERS.log2N}$8$1$`)).toBe(true);
  });

  it('keeps no password or session token in plain text, in the database or in the logs', async () => {
    const user = await newUser();
    const response = await login(user.username, PASSWORD);
    const token = response.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    const dump = await sql<{ row: string }>`
      SELECT row_to_json(t)::text AS row FROM users t
      UNION ALL SELECT row_to_json(t)::text FROM sessions t
      UNION ALL SELECT row_to_json(t)::text FROM audit_log t`.execute(database.db);
    const everything = dump.rows.map((r) => r.row).join('\n');
    expect(everything).toContain(user.username);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(token);
    expect(logs).toContain('/api/auth/login');
    expect(logs).not.toContain(PASSWORD);
    expect(logs).not.toContain(token);
  });
});

const tokenHash = (cookie: string) => sha256(cookie.split('=')[1]!);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
