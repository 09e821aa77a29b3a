// Step 1 of the school guide: the IT officer creates staff accounts and grants rights; the
// province admin creates officers; every change lands in the audit log.
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodApp } from '#server/zod-app.ts';
import { addFixtureUnits, createUser, type FixtureUser, ORIGIN, requestAs } from '../helpers/access.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

describe('accounts at the school tier', () => {
  let database: TestDatabase<'school'>;
  let app: ZodApp;
  let admin: FixtureUser;
  let otherSchoolAdmin: FixtureUser;

  beforeAll(async () => {
    database = await createTestDatabase('school');
    await addFixtureUnits('school', database.db);
    app = await buildTestApp('school', database.db);
    admin = await createUser(database.db, 'school_admin', 'S7000001');
    otherSchoolAdmin = await createUser(database.db, 'school_admin', 'S7000002');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const as = (user: FixtureUser, request: InjectOptions) => requestAs(app, database.db, user, request);

  it('lets the IT officer create a staff account with per-category grants and a one-time password', async () => {
    const created = await as(admin, {
      method: 'POST',
      url: '/api/accounts',
      payload: {
        username: 'Co.Lan',
        displayName: 'Nguye\u0302\u0303n Thi\u0323 Lan',
        role: 'school_staff',
        grants: ['results:edit', 'results:sync'],
      },
    });
    expect(created.statusCode).toBe(201);
    const { account, password } = created.json();
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(account).toMatchObject({
      username: 'co.lan',
      displayName: 'Nguyễn Thị Lan',
      unit: { key: 'S7000001', name: 'Trường kiểm thử 7000001' },
      mustChangePassword: true,
      grants: ['results:edit', 'results:sync'],
      permissions: ['results:edit', 'results:sync', 'results:view'],
    });
    const fetched = await as(admin, { method: 'GET', url: `/api/accounts/${account.id}` });
    expect(fetched.body).not.toContain(password);

    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: ORIGIN },
      payload: { username: 'co.lan', password },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().user.mustChangePassword).toBe(true);
  });

  it('changes grants, and a staff account gets exactly what was granted', async () => {
    const staff = await createUser(database.db, 'school_staff', 'S7000001', { grants: ['students:view'] });
    const updated = await as(admin, {
      method: 'PATCH',
      url: `/api/accounts/${staff.id}`,
      payload: { grants: ['staff:edit', 'results:sync'] },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().permissions).toEqual(['results:sync', 'results:view', 'staff:edit', 'staff:view']);
    expect((await as(staff, { method: 'GET', url: '/api/accounts' })).statusCode).toBe(403);
    const refused = await as(admin, {
      method: 'PATCH',
      url: `/api/accounts/${staff.id}`,
      payload: { grants: ['accounts:manage'] },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ field: 'grants.0', code: 'CODE_UNKNOWN' });
  });

  it('keeps the IT officer inside the school and its roles', async () => {
    const province = await as(admin, {
      method: 'POST',
      url: '/api/accounts',
      payload: { username: 'thu.so', displayName: 'Thử', role: 'province_officer' },
    });
    expect(province.json().errors[0]).toMatchObject({ field: 'role', code: 'ROLE_NOT_ALLOWED' });
    const elsewhere = await as(admin, {
      method: 'POST',
      url: '/api/accounts',
      payload: { username: 'thu.truongkhac', displayName: 'Thử', role: 'school_staff', unitKey: 'S7000002' },
    });
    expect(elsewhere.json().errors[0]).toMatchObject({ field: 'unitKey', code: 'UNIT_NOT_ALLOWED' });
    const taken = await as(admin, {
      method: 'POST',
      url: '/api/accounts',
      payload: { username: admin.username, displayName: 'Trùng', role: 'school_staff' },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('USERNAME_TAKEN');
    const self = await as(admin, { method: 'POST', url: `/api/accounts/${admin.id}/disable` });
    expect(self.json().code).toBe('CANNOT_CHANGE_OWN_ACCOUNT');
  });

  it('resets a password: shown once, the old one stops working, a change is required', async () => {
    const created = (
      await as(admin, {
        method: 'POST',
        url: '/api/accounts',
        payload: { username: 'thay.nam', displayName: 'Thầy Nam', role: 'school_staff' },
      })
    ).json();
    const reset = await as(admin, {
      method: 'POST',
      url: `/api/accounts/${created.account.id}/reset-password`,
    });
    expect(reset.statusCode).toBe(200);
    const loginWith = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { origin: ORIGIN },
        payload: { username: 'thay.nam', password },
      });
    expect((await loginWith(created.password)).statusCode).toBe(401);
    const fresh = await loginWith(reset.json().password);
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().user.mustChangePassword).toBe(true);
  });

  it('records logins, account changes and grants in an append-only audit log each school reads alone', async () => {
    await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: ORIGIN },
      payload: { username: 'co.lan', password: 'khong-dung-dau' },
    });
    const log = (await as(admin, { method: 'GET', url: '/api/audit?pageSize=500' })).json().items;
    const actions = log.map((entry: { action: string }) => entry.action);
    for (const action of [
      'account.created',
      'account.updated',
      'account.password_reset',
      'auth.login',
      'auth.login_failed',
    ]) {
      expect(actions).toContain(action);
    }
    const grantChange = log.find((entry: { action: string }) => entry.action === 'account.updated');
    expect(grantChange.details.after.grants).toEqual(['results:sync', 'staff:edit']);
    expect(grantChange.actorName).toBe(admin.username);
    expect(grantChange.ip).toBeTruthy();

    const onlyLogins = (await as(admin, { method: 'GET', url: '/api/audit?action=auth.' })).json().items;
    expect(onlyLogins.every((entry: { action: string }) => entry.action.startsWith('auth.'))).toBe(true);
    expect((await as(otherSchoolAdmin, { method: 'GET', url: '/api/audit' })).json().items).toEqual([]);

    await expect(sql`UPDATE audit_log SET action = 'x'`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
  });
});

describe('officers and sync credentials at the province tier', () => {
  let database: TestDatabase<'province'>;
  let app: ZodApp;
  let admin: FixtureUser;

  beforeAll(async () => {
    database = await createTestDatabase('province');
    await addFixtureUnits('province', database.db);
    app = await buildTestApp('province', database.db);
    admin = await createUser(database.db, 'province_admin', 'P40');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const as = (user: FixtureUser, request: InjectOptions) => requestAs(app, database.db, user, request);
  const whoami = (clientId: string, secret: string, extra: Record<string, string> = {}) =>
    app.inject({
      method: 'GET',
      url: '/api/sync/v1/whoami?unit=S7100003',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
        ...extra,
      },
    });

  it('lets the province admin bind an officer to one commune, which then sees only its schools', async () => {
    const created = await as(admin, {
      method: 'POST',
      url: '/api/accounts',
      payload: {
        username: 'xa.thanhvinh',
        displayName: 'Cán bộ xã',
        role: 'commune_officer',
        unitKey: 'X16681',
      },
    });
    expect(created.statusCode).toBe(201);
    const officer = { id: created.json().account.id } as FixtureUser;
    await database.db
      .updateTable('users')
      .set({ must_change_password: false })
      .where('id', '=', officer.id)
      .execute();
    const schools = (await as(officer, { method: 'GET', url: '/api/units?kind=school' })).json();
    expect(schools.map((s: { key: string }) => s.key)).toEqual(['S7100001']);

    const wrongKind = await as(admin, {
      method: 'POST',
      url: '/api/accounts',
      payload: { username: 'xa.sai', displayName: 'Sai', role: 'commune_officer', unitKey: 'P40' },
    });
    expect(wrongKind.json().errors[0].code).toBe('UNIT_NOT_ALLOWED');
    const otherProvince = await as(admin, {
      method: 'POST',
      url: '/api/accounts',
      payload: { username: 'xa.hanoi', displayName: 'Sai', role: 'commune_officer', unitKey: 'X00004' },
    });
    expect(otherProvince.json().errors[0].code).toBe('UNIT_NOT_ALLOWED');
  });

  it('issues a school a credential shown once, identifies the school by it, rotates with overlap and revokes at once', async () => {
    const first = await as(admin, {
      method: 'POST',
      url: '/api/credentials',
      payload: { unitKey: 'S7100001' },
    });
    expect(first.statusCode).toBe(201);
    const { credential, secret } = first.json();
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect((await as(admin, { method: 'GET', url: '/api/credentials' })).body).not.toContain(secret);

    // The unit comes from the credential; what the request claims does not matter.
    const me = await whoami(credential.clientId, secret, { 'x-unit': 'S7100003' });
    expect(me.statusCode).toBe(200);
    expect(me.json().unit).toMatchObject({ key: 'S7100001', kind: 'school' });
    expect((await whoami(credential.clientId, 'not-the-secret')).statusCode).toBe(401);

    const second = (
      await as(admin, {
        method: 'POST',
        url: '/api/credentials',
        payload: { unitKey: 'S7100001', overlapDays: 3 },
      })
    ).json();
    const listed = (await as(admin, { method: 'GET', url: '/api/credentials?unitKey=S7100001' })).json();
    expect(listed.map((c: { status: string }) => c.status).sort()).toEqual(['active', 'expiring']);
    // The first credential has been used (to the minute); the second not yet.
    const lastUsed = (id: string) => listed.find((c: { id: string }) => c.id === id).lastUsedAt;
    expect(Date.now() - Date.parse(lastUsed(credential.id))).toBeLessThan(60_000);
    expect(lastUsed(second.credential.id)).toBeNull();
    expect((await whoami(credential.clientId, secret)).statusCode).toBe(200); // the overlap
    expect((await whoami(second.credential.clientId, second.secret)).statusCode).toBe(200);
    await database.db
      .updateTable('sync_credentials')
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where('id', '=', credential.id)
      .execute();
    expect((await whoami(credential.clientId, secret)).statusCode).toBe(401);

    const revoked = await as(admin, {
      method: 'POST',
      url: `/api/credentials/${second.credential.id}/revoke`,
    });
    expect(revoked.json().status).toBe('revoked');
    const refused = await whoami(second.credential.clientId, second.secret);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('MACHINE_CREDENTIAL_INVALID');
    expect(refused.headers['www-authenticate']).toContain('Basic');

    const actions = (await as(admin, { method: 'GET', url: '/api/audit?action=credential.' }))
      .json()
      .items.map((e: { action: string }) => e.action);
    expect(actions.sort()).toEqual(['credential.issued', 'credential.issued', 'credential.revoked']);
  });

  it('issues credentials only to schools of its own province', async () => {
    for (const unitKey of ['S7100003', 'X16681', 'P40']) {
      const response = await as(admin, { method: 'POST', url: '/api/credentials', payload: { unitKey } });
      expect(response.statusCode, unitKey).toBe(400);
      expect(response.json().errors[0].code, unitKey).toBe('UNIT_NOT_ALLOWED');
    }
  });
});
