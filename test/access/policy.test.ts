// Generated from the route policy table: every route × every role of the tier × anonymous,
// and for routes naming a record, a record of the caller's own unit and one of a foreign unit.
// Anonymous callers get 401; a role without the permission gets 403; a foreign record answers
// exactly like a missing one (404).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionsOf, type Role, rolesOfTier } from '../../src/domain/access/permissions.ts';
import { type Access, ROUTE_POLICY } from '../../src/server/access/policy.ts';
import type { ZodApp } from '../../src/server/app.ts';
import { TIER_NAMES, type TierName } from '../../src/tiers/names.ts';
import {
  addFixtureUnits,
  CREDENTIAL_UNITS,
  createCredential,
  createUser,
  type FixtureUser,
  ORIGIN,
  ROLE_UNITS,
  STAFF_GRANTS,
  sessionCookie,
} from '../helpers/access.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const MISSING_ID = '00000000-0000-4000-8000-000000000000';

function allowed(role: Role, access: Access): boolean {
  if (access === 'public' || access === 'session') return true;
  if (access === 'machine') return false;
  return permissionsOf(role, role === 'school_staff' ? STAFF_GRANTS : []).includes(access);
}

/** Which resource a route's :id names. */
function resourceOf(url: string): 'account' | 'credential' | undefined {
  if (url.startsWith('/api/accounts/:id')) return 'account';
  if (url.startsWith('/api/credentials/:id')) return 'credential';
  return undefined;
}

describe.each(TIER_NAMES)('access policy of the %s tier', (tier: TierName) => {
  let database: TestDatabase<typeof tier>;
  let app: ZodApp;
  const callers = new Map<Role, FixtureUser>();
  const targets: Record<
    'account' | 'credential',
    { own: Map<Role, string>; foreign: Map<Role, string | undefined> }
  > = {
    account: { own: new Map(), foreign: new Map() },
    credential: { own: new Map(), foreign: new Map() },
  };
  const roles = rolesOfTier(tier);
  const routes = Object.entries(ROUTE_POLICY).map(([route, access]) => {
    const [method, url] = route.split(' ') as [string, string];
    return { method, url, access };
  });

  beforeAll(async () => {
    database = await createTestDatabase(tier);
    await addFixtureUnits(tier, database.db);
    app = await buildTestApp(tier, database.db);
    const credentialUnits = tier === 'school' ? undefined : CREDENTIAL_UNITS[tier];
    const ownCredential = credentialUnits && (await createCredential(database.db, credentialUnits.own));
    const foreignCredential = credentialUnits?.foreign
      ? await createCredential(database.db, credentialUnits.foreign)
      : undefined;
    for (const role of roles) {
      const { own, foreign } = ROLE_UNITS[role];
      callers.set(
        role,
        await createUser(database.db, role, own, { grants: role === 'school_staff' ? STAFF_GRANTS : [] }),
      );
      // A target of a role its administrators may manage, in the own and in the foreign unit.
      const targetRole =
        role === 'school_admin' || role === 'school_staff'
          ? 'school_staff'
          : role === 'commune_officer'
            ? 'commune_officer'
            : role;
      targets.account.own.set(role, (await createUser(database.db, targetRole, own)).id);
      targets.account.foreign.set(
        role,
        foreign ? (await createUser(database.db, targetRole, foreign)).id : undefined,
      );
      if (ownCredential) targets.credential.own.set(role, ownCredential.id);
      targets.credential.foreign.set(role, foreignCredential?.id);
    }
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const served = () => routes.filter((r) => app.hasRoute({ method: r.method as 'GET', url: r.url }));

  async function call(method: string, url: string, cookie?: string) {
    return app.inject({
      method: method as 'GET',
      url: url.replace(':list', 'provinces'),
      headers: { origin: ORIGIN, ...(cookie ? { cookie } : {}) },
      ...(method === 'PATCH' ? { payload: {} } : {}),
    });
  }

  it('serves every route of the table meant for this tier, and refuses to start a route not in it', async () => {
    const tierless = ['/api/credentials', '/api/sync/'];
    const expected = routes.filter(
      (r) => tier !== 'school' || !tierless.some((prefix) => r.url.startsWith(prefix)),
    );
    expect(served()).toEqual(expected);
    const fresh = await buildTestApp(tier, database.db);
    expect(() => fresh.post('/api/unlisted', async () => ({}))).toThrow(/no access policy/);
    await fresh.close();
  });

  it('answers anonymous callers 401 on every non-public route', async () => {
    for (const route of served()) {
      const response = await call(route.method, route.url.replace(':id', MISSING_ID));
      const label = `${route.method} ${route.url}`;
      if (route.access === 'public') expect(response.statusCode, label).not.toBe(401);
      else {
        expect(response.statusCode, label).toBe(401);
        expect(response.json().code, label).toBe(
          route.access === 'machine' ? 'MACHINE_CREDENTIAL_INVALID' : 'UNAUTHENTICATED',
        );
      }
    }
  });

  it.each(roles)('lets %s use exactly the routes its permissions allow', async (role) => {
    const caller = callers.get(role)!;
    for (const route of served()) {
      const label = `${role} ${route.method} ${route.url}`;
      const resource = resourceOf(route.url);
      const ownId = resource ? targets[resource].own.get(role) : undefined;
      if (resource && !ownId) continue; // nothing of this kind lives at this tier for this role
      const response = await call(
        route.method,
        route.url.replace(':id', ownId ?? ''),
        await sessionCookie(database.db, caller.id),
      );
      if (route.access === 'machine') {
        expect(response.statusCode, label).toBe(401);
      } else if (allowed(role, route.access)) {
        expect([401, 403, 404], label).not.toContain(response.statusCode);
        if (resource) expect(response.statusCode, label).toBeLessThan(300);
      } else {
        expect(response.statusCode, label).toBe(403);
        expect(response.json().code, label).toBe('FORBIDDEN');
      }
    }
  });

  it.each(roles)('answers %s a foreign unit’s record exactly like a missing one', async (role) => {
    const caller = callers.get(role)!;
    for (const route of served().filter((r) => resourceOf(r.url) && allowed(role, r.access))) {
      const resource = resourceOf(route.url)!;
      const foreignId = targets[resource].foreign.get(role);
      if (!foreignId) continue; // the role sees the whole tier: nothing is foreign to it
      const label = `${role} ${route.method} ${route.url}`;
      const foreign = await call(
        route.method,
        route.url.replace(':id', foreignId),
        await sessionCookie(database.db, caller.id),
      );
      const missing = await call(
        route.method,
        route.url.replace(':id', MISSING_ID),
        await sessionCookie(database.db, caller.id),
      );
      expect(foreign.statusCode, label).toBe(404);
      const { requestId: _a, ...foreignBody } = foreign.json();
      const { requestId: _b, ...missingBody } = missing.json();
      expect(foreignBody, label).toEqual(missingBody);
    }
  });

  it.each(roles)('lists for %s only what lies in its own subtree', async (role) => {
    const caller = callers.get(role)!;
    const { foreign } = ROLE_UNITS[role];
    if (!allowed(role, 'accounts:view') || !foreign) return;
    const response = await call(
      'GET',
      '/api/accounts?pageSize=200',
      await sessionCookie(database.db, caller.id),
    );
    const units = response.json().items.map((a: { unit: { key: string } }) => a.unit.key);
    expect(units).toContain(ROLE_UNITS[role].own);
    expect(units).not.toContain(foreign);
  });
});
