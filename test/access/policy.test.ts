// Generated from the route policy table: every route × every role of the tier × anonymous,
// and for routes naming a record, a record of the caller's own unit and one of a foreign unit.
// Anonymous callers get 401; a role without the permission gets 403; a foreign unit's record
// answers exactly like a missing one (404).
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { permissionsOf, type Role, rolesOfTier } from '#domain/access/permissions.ts';
import { TIER_NAMES, type TierName } from '#domain/tiers.ts';
import { type Access, ROUTE_POLICY } from '#server/access/policy.ts';
import type { ZodApp } from '#server/zod-app.ts';
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
import { classData, createSchoolRecords, staffData, studentData } from '../helpers/school-records.ts';

const MISSING_ID = '00000000-0000-4000-8000-000000000000';

type Resource = 'account' | 'credential' | 'class' | 'staff' | 'student' | 'run';
type SchoolRecordIds = Awaited<ReturnType<typeof createSchoolRecords>>;

function allowed(role: Role, access: Access): boolean {
  if (access === 'public' || access === 'session') return true;
  if (access === 'machine') return false;
  return permissionsOf(role, role === 'school_staff' ? STAFF_GRANTS : []).includes(access);
}

/** Which resource a route's :id names. */
function resourceOf(url: string): Resource | undefined {
  const prefixes: [string, Resource][] = [
    ['/api/accounts/:id', 'account'],
    ['/api/credentials/:id', 'credential'],
    ['/api/classes/:id', 'class'],
    ['/api/staff/:id', 'staff'],
    ['/api/students/:id', 'student'],
    ['/api/sync/runs/:id', 'run'],
  ];
  return prefixes.find(([prefix]) => url.startsWith(prefix))?.[1];
}

/** Valid bodies, so that a request reaches the scope check instead of stopping at validation. */
const BODIES: Record<string, (own: SchoolRecordIds | undefined) => unknown> = {
  'PATCH /api/accounts/:id': () => ({}),
  'PUT /api/classes/:id': () => classData({ name: `Lớp đổi tên ${Math.random()}`.slice(0, 40) }),
  'POST /api/classes/:id/dissolve': () => ({ dissolvedOn: '2026-12-01' }),
  'PUT /api/staff/:id': () => staffData({ fullName: 'Trần Thị Hồng' }),
  'PUT /api/students/:id': (own) => {
    const { schoolYear: _, ...data } = studentData(own?.classId ?? MISSING_ID, {
      fullName: 'Nguyễn Văn Bình',
    });
    return data;
  },
  'POST /api/students/:id/status': () => ({ statusCode: '04', statusDate: '2026-12-20' }),
};

describe.each(TIER_NAMES)('access policy of the %s tier', (tier: TierName) => {
  let database: TestDatabase<typeof tier>;
  let app: ZodApp;
  const roles = rolesOfTier(tier);
  const callers = new Map<Role, FixtureUser>();
  const ownRecords = new Map<Role, SchoolRecordIds>();
  const targets = Object.fromEntries(
    (['account', 'credential', 'class', 'staff', 'student', 'run'] as const).map((kind) => [
      kind,
      { own: new Map(), foreign: new Map() },
    ]),
  ) as Record<Resource, { own: Map<Role, string>; foreign: Map<Role, string> }>;
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
      const targetRole = role === 'school_admin' ? 'school_staff' : role;
      targets.account.own.set(role, (await createUser(database.db, targetRole, own)).id);
      if (foreign) targets.account.foreign.set(role, (await createUser(database.db, targetRole, foreign)).id);
      if (ownCredential) targets.credential.own.set(role, ownCredential.id);
      if (foreignCredential) targets.credential.foreign.set(role, foreignCredential.id);
      if (tier === 'school') {
        // Each role gets records of its own, since the routes it may use change or delete them.
        const schoolDb = database.db as Kysely<SchoolTierDatabase>;
        const mine = await createSchoolRecords(schoolDb, own.slice(1));
        const theirs = await createSchoolRecords(schoolDb, foreign!.slice(1));
        ownRecords.set(role, mine);
        for (const [kind, key] of [
          ['class', 'emptyClassId'],
          ['staff', 'staffId'],
          ['student', 'studentId'],
          ['run', 'runId'],
        ] as const) {
          targets[kind].own.set(role, mine[key]);
          targets[kind].foreign.set(role, theirs[key]);
        }
      }
    }
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const served = () => routes.filter((r) => app.hasRoute({ method: r.method as 'GET', url: r.url }));

  function call(route: { method: string; url: string }, id: string, cookie?: string, own?: SchoolRecordIds) {
    const body = BODIES[`${route.method} ${route.url}`];
    return app.inject({
      method: route.method as 'GET',
      url: route.url
        .replace(':list', route.url.startsWith('/api/settings') ? 'students' : 'provinces')
        .replace(':id', id),
      headers: { origin: ORIGIN, ...(cookie ? { cookie } : {}) },
      ...(body ? { payload: body(own) as object } : {}),
    });
  }

  it('serves every route of the table meant for this tier, and refuses to start a route not in it', async () => {
    const schoolOnly = [
      '/api/school',
      '/api/classes',
      '/api/staff',
      '/api/students',
      '/api/results',
      '/api/sync/runs',
      '/api/sync/digest',
      '/api/transfers',
      '/api/reporting-periods',
    ];
    // Reporting periods and their submissions are the province's (the national tier's are not built yet).
    const provinceOnly = [
      '/api/periods',
      '/api/unlock-requests',
      '/api/submissions',
      '/api/reports',
      '/api/sync/v1/reporting-periods',
      '/api/sync/v1/unlock-requests',
      '/api/sync/v1/submissions',
    ];
    const notAtSchool = [
      '/api/credentials',
      '/api/sync/v1/',
      '/api/dashboard',
      '/api/registry',
      '/api/periods',
      '/api/unlock-requests',
      '/api/submissions',
      '/api/reports',
    ];
    const meant = routes.filter((r) =>
      tier === 'school'
        ? !notAtSchool.some((p) => r.url.startsWith(p))
        : !schoolOnly.some((p) => r.url.startsWith(p)) &&
          (tier === 'province' || !provinceOnly.some((p) => r.url.startsWith(p))),
    );
    expect(served()).toEqual(meant);
    const fresh = await buildTestApp(tier, database.db);
    expect(() => fresh.post('/api/unlisted', async () => ({}))).toThrow(/no access policy/);
    await fresh.close();
  });

  it('answers anonymous callers 401 on every non-public route', async () => {
    for (const route of served()) {
      const response = await call(route, MISSING_ID);
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

  it.each(roles)('lets %s use exactly the routes its permissions allow, on its own records', async (role) => {
    const caller = callers.get(role)!;
    for (const route of served()) {
      const label = `${role} ${route.method} ${route.url}`;
      const resource = resourceOf(route.url);
      const ownId = resource ? targets[resource].own.get(role) : '';
      if (ownId === undefined) continue; // nothing of this kind lives at this tier for this role
      const response = await call(
        route,
        ownId,
        await sessionCookie(database.db, caller.id),
        ownRecords.get(role),
      );
      if (route.access === 'machine') {
        expect(response.statusCode, label).toBe(401);
      } else if (allowed(role, route.access)) {
        expect([401, 403, 404], `${label}: ${response.body}`).not.toContain(response.statusCode);
        if (resource) expect(response.statusCode, `${label}: ${response.body}`).toBeLessThan(300);
      } else {
        expect(response.statusCode, label).toBe(403);
        expect(response.json().code, label).toBe('FORBIDDEN');
      }
    }
  });

  it.each(roles)('answers %s a foreign unit’s record exactly like a missing one', async (role) => {
    const caller = callers.get(role)!;
    for (const route of served().filter((r) => resourceOf(r.url) && allowed(role, r.access))) {
      const foreignId = targets[resourceOf(route.url)!].foreign.get(role);
      if (!foreignId) continue; // the role sees the whole tier: nothing is foreign to it
      const label = `${role} ${route.method} ${route.url}`;
      const own = ownRecords.get(role);
      const foreign = await call(route, foreignId, await sessionCookie(database.db, caller.id), own);
      const missing = await call(route, MISSING_ID, await sessionCookie(database.db, caller.id), own);
      expect(foreign.statusCode, `${label}: ${foreign.body}`).toBe(404);
      const { requestId: _a, ...foreignBody } = foreign.json();
      const { requestId: _b, ...missingBody } = missing.json();
      expect(foreignBody, label).toEqual(missingBody);
    }
  });

  it.each(roles)('lists for %s only what lies in its own subtree', async (role) => {
    const caller = callers.get(role)!;
    const { own, foreign } = ROLE_UNITS[role];
    if (!allowed(role, 'accounts:view') || !foreign) return;
    const response = await app.inject({
      method: 'GET',
      url: '/api/accounts?pageSize=200',
      headers: { cookie: await sessionCookie(database.db, caller.id) },
    });
    const units = response.json().items.map((a: { unit: { key: string } }) => a.unit.key);
    expect(units).toContain(own);
    expect(units).not.toContain(foreign);
  });
});
