// Fixtures for access tests: units of one's own and of a foreign subtree, accounts of every
// role, sessions and credentials made directly in the database (no password hashing, so a
// test can afford a fresh session per request).
import type { InjectOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { AccessTables, AnyTierDatabase, ProvinceTierDatabase, SchoolTierDatabase } from '#db/schema.ts';
import type { Role } from '#domain/access/permissions.ts';
import { recordHash } from '#domain/record-hash.ts';
import type { TierName } from '#domain/tiers.ts';
import { randomToken, sha256 } from '#server/auth/secrets.ts';
import { createSession, SESSION_COOKIE } from '#server/auth/sessions.ts';
import { seedProvinceOrgTree } from '#server/units/org-tree.ts';
import { registerSchools } from '#server/units/register-school.ts';
import type { ZodApp } from '#server/zod-app.ts';

export const ORIGIN = 'http://localhost:80';

export interface UnitPair {
  own: string;
  /** A unit outside the own unit's subtree; absent where the own unit is the whole tier. */
  foreign?: string;
}

/** Where accounts of each role live in the fixtures, own and foreign. */
export const ROLE_UNITS: Record<Role, UnitPair> = {
  school_admin: { own: 'S7000001', foreign: 'S7000002' },
  school_staff: { own: 'S7000001', foreign: 'S7000002' },
  province_admin: { own: 'P40', foreign: 'P01' },
  province_officer: { own: 'P40', foreign: 'P01' },
  commune_officer: { own: 'X16681', foreign: 'X16690' },
  national_admin: { own: 'VN' },
  national_officer: { own: 'VN' },
};

/** Schools the fixtures place under each province-tier unit (code → commune, level). */
const FIXTURE_SCHOOLS = [
  { code: '7100001', provinceCode: '40', communeCode: '16681', levelCode: 'TH' }, // under X16681
  { code: '7100002', provinceCode: '40', communeCode: '16690', levelCode: 'TH' }, // under X16690
  { code: '7100003', provinceCode: '01', communeCode: '00004', levelCode: 'THCS' }, // another province
];

async function insertSchool(db: Kysely<SchoolTierDatabase>, code: string): Promise<void> {
  const payload = {
    code,
    name: `Trường kiểm thử ${code}`,
    ownershipCode: '1',
    levelCode: 'TH',
    address: { provinceCode: '40', communeCode: '16681' },
    attributes: {},
    campuses: [],
  };
  await db
    .insertInto('schools')
    .values({ id: crypto.randomUUID(), code, payload: JSON.stringify(payload), hash: recordHash(payload) })
    .execute();
}

/** Adds the units the fixtures need beyond the template's province 40 tree. */
export async function addFixtureUnits(tier: TierName, db: AnyTierDatabase): Promise<void> {
  if (tier === 'school') {
    for (const key of ['S7000001', 'S7000002']) await insertSchool(db, key.slice(1));
    return;
  }
  if (tier === 'province') {
    // A province tier serves one province; another's units stand for data it must never show.
    await seedProvinceOrgTree(db as Kysely<ProvinceTierDatabase>, '01');
    await registerSchools(
      db as Kysely<ProvinceTierDatabase>,
      FIXTURE_SCHOOLS.map((s) => ({ ...s, name: `Trường kiểm thử ${s.code}` })),
    );
  }
}

/** The school holding credentials under each province-tier unit, and the province under the nation. */
export const CREDENTIAL_UNITS: Record<'province' | 'national', UnitPair> = {
  province: { own: 'S7100001', foreign: 'S7100003' },
  national: { own: 'P40' },
};

export interface FixtureUser {
  id: string;
  username: string;
  role: Role;
  unitKey: string;
}

let counter = 0;

export async function createUser(
  db: AnyTierDatabase,
  role: Role,
  unitKey: string,
  options: { grants?: string[]; passwordHash?: string; mustChangePassword?: boolean } = {},
): Promise<FixtureUser> {
  counter += 1;
  const username = `${role.replace('_', '.')}.${counter}.${process.pid}`;
  const row = await (db as Kysely<AccessTables>)
    .insertInto('users')
    .values({
      username,
      display_name: `Người dùng ${counter}`,
      role,
      unit_key: unitKey,
      grants: options.grants ?? [],
      password_hash: options.passwordHash ?? 'scrypt$17$8$1$unused$unused',
      must_change_password: options.mustChangePassword ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, username, role, unitKey };
}

/** A cookie header for a fresh session of `userId`. */
export async function sessionCookie(db: AnyTierDatabase, userId: string): Promise<string> {
  const token = await createSession(db, userId, { ip: '127.0.0.1', userAgent: 'test' });
  return `${SESSION_COOKIE}=${token}`;
}

export async function createCredential(
  db: AnyTierDatabase,
  unitKey: string,
): Promise<{ id: string; clientId: string; secret: string }> {
  const secret = randomToken();
  const clientId = `${unitKey.toLowerCase()}-${randomToken(6)}`;
  const row = await db
    .insertInto('sync_credentials')
    .values({ client_id: clientId, unit_key: unitKey, secret_hash: sha256(secret) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, clientId, secret };
}

/** Staff accounts get a few grants, so that what they lack is still refused. */
export const STAFF_GRANTS = ['students:view', 'results:edit', 'results:sync'];

/** A request made by `user` from a page of the tier (a fresh session, our own Origin). */
export async function requestAs(
  app: ZodApp,
  db: AnyTierDatabase,
  user: { id: string },
  request: InjectOptions,
) {
  return app.inject({
    ...request,
    headers: { origin: ORIGIN, cookie: await sessionCookie(db, user.id), ...request.headers },
  });
}

/** The actions of a tier's audit log that start with `prefix` ("period."), sorted. */
export async function auditActions(db: Kysely<AccessTables>, prefix: string): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select('action')
    .where('action', 'like', `${prefix}%`)
    .execute();
  return rows.map((row) => row.action).sort();
}
