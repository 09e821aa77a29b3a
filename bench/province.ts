// A generated province at the school tier, linked to its province and nation as onboarding
// would link it (sync credentials), with a signed-in clerk per school to press "Đồng bộ".
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { ProvinceTierDatabase, SchoolTierDatabase } from '#db/schema.ts';
import { sealSecret, upstreamSecretContext } from '#db/secret-box.ts';
import { seedProvince } from '#seed/seed-province.ts';
import type { SeedCounts } from '#seed/write.ts';
import { randomToken, sha256 } from '#server/auth/secrets.ts';
import { SESSION_COOKIE } from '#server/auth/sessions.ts';
import { orgKey } from '#server/units/org-tree.ts';
import { testSecretKeys } from '../test/helpers/secret-keys.ts';
import type { TierDatabases } from './cluster.ts';

export const PROVINCE_CODE = '40';

export interface ProvinceSize {
  schools: number;
  studentsPerSchool: number;
}

/** Generates schools at the school tier and registers them at the province; returns what was made. */
export async function seedSchools(dbs: TierDatabases, size: ProvinceSize, seed: number): Promise<SeedCounts> {
  return seedProvince(
    { school: dbs.school, province: dbs.province },
    { provinceCode: PROVINCE_CODE, schoolYearStart: 2026, seed, ...size },
  );
}

/**
 * Issues a sync credential to every school not yet linked (province side) and stores it with the
 * province's URL (school side); the same for the province towards the nation.
 */
export async function linkTiers(dbs: TierDatabases, provinceUrl: string, nationalUrl: string): Promise<void> {
  const unlinked = await dbs.school
    .selectFrom('schools')
    .select('code')
    .where(
      'code',
      'not in',
      dbs.school.selectFrom('upstream_credentials').select(sql<string>`substr(unit_key, 2)`.as('c')),
    )
    .execute();
  const links = unlinked.map(({ code }) => ({ unitKey: orgKey.school(code), url: provinceUrl }));
  await issueCredentials(dbs.province, dbs.school, links);
  const provinceKey = orgKey.province(PROVINCE_CODE);
  const provinceLinked = await dbs.province
    .selectFrom('upstream_credentials')
    .select('unit_key')
    .where('unit_key', '=', provinceKey)
    .executeTakeFirst();
  if (!provinceLinked)
    await issueCredentials(dbs.national, dbs.province, [{ unitKey: provinceKey, url: nationalUrl }]);
}

/**
 * Issues a sync credential for each link at `issuer` and, when a holder is given, stores it there
 * with the upstream URL; returns the credentials issued.
 */
export async function issueCredentials(
  issuer: Kysely<ProvinceTierDatabase> | TierDatabases['national'],
  holder: Kysely<ProvinceTierDatabase> | Kysely<SchoolTierDatabase> | undefined,
  links: { unitKey: string; url: string }[],
): Promise<{ unitKey: string; url: string; clientId: string; secret: string }[]> {
  const issued = [];
  for (let start = 0; start < links.length; start += 1000) {
    const chunk = links.slice(start, start + 1000).map((link) => ({
      ...link,
      clientId: `${link.unitKey.toLowerCase()}-${randomToken(6)}`,
      secret: randomToken(),
    }));
    await (issuer as Kysely<ProvinceTierDatabase>)
      .insertInto('sync_credentials')
      .values(
        chunk.map((c) => ({ client_id: c.clientId, unit_key: c.unitKey, secret_hash: sha256(c.secret) })),
      )
      .execute();
    if (holder)
      await (holder as Kysely<ProvinceTierDatabase>)
        .insertInto('upstream_credentials')
        .values(
          chunk.map((c) => ({
            unit_key: c.unitKey,
            upstream_url: c.url,
            client_id: c.clientId,
            client_secret_sealed: sealSecret(testSecretKeys, c.secret, upstreamSecretContext(c.unitKey)),
          })),
        )
        .execute();
    issued.push(...chunk);
  }
  return issued;
}

/**
 * A signed-in account of `role` at each unit, made directly in the database (no password to
 * hash); returns the session cookie per unit key.
 */
export async function sessionsFor(
  db: Kysely<SchoolTierDatabase> | Kysely<ProvinceTierDatabase>,
  role: 'school_admin' | 'province_officer',
  unitKeys: string[],
): Promise<Map<string, string>> {
  const cookies = new Map<string, string>();
  const anyDb = db as Kysely<ProvinceTierDatabase>;
  for (let start = 0; start < unitKeys.length; start += 1000) {
    const chunk = unitKeys.slice(start, start + 1000);
    const users = await anyDb
      .insertInto('users')
      .values(
        chunk.map((unitKey) => ({
          username: `bench.${unitKey.toLowerCase()}.${randomToken(4)}`,
          display_name: `Cán bộ ${unitKey}`,
          role,
          unit_key: unitKey,
          grants: [],
          password_hash: 'scrypt$17$8$1$unused$unused',
          must_change_password: false,
        })),
      )
      .returning(['id', 'unit_key'])
      .execute();
    const tokens = users.map((user) => ({ user, token: randomToken() }));
    await anyDb
      .insertInto('sessions')
      .values(
        tokens.map(({ user, token }) => ({
          token_hash: sha256(token),
          user_id: user.id,
          ip: '127.0.0.1',
          user_agent: 'dongbo-bench',
        })),
      )
      .execute();
    for (const { user, token } of tokens) cookies.set(user.unit_key, `${SESSION_COOKIE}=${token}`);
  }
  return cookies;
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** A GET or POST as a signed-in user, from a page of the tier (same Origin). */
export async function callAs(baseUrl: string, cookie: string, pathname: string, body?: unknown) {
  const response = await fetch(`${baseUrl}${pathname}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      cookie,
      origin: baseUrl,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${pathname}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}
