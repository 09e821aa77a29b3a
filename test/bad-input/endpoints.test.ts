// Bad input at every endpoint each tier documents in its OpenAPI document, so a new endpoint is
// covered the day it is added.
//
// Write endpoints (POST, PUT, PATCH, DELETE) get malformed JSON, wrong types, huge strings and
// arrays, deep nesting, text that is not UTF-8 or holds what no text column can (lone
// surrogates, NUL), SQL and script payloads, oversized bodies, wrong content types and garbage
// in path, query and header parameters, each from a caller allowed to use the endpoint. Every
// one must be answered 4xx application/problem+json with a code and a message, and leave the
// database as it was. Read endpoints get the garbage parameters: never a 500, and a refusal is
// a problem+json too.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionsOf, type Role } from '#domain/access/permissions.ts';
import { TIER_NAMES, type TierName } from '#domain/tiers.ts';
import { ROUTE_POLICY } from '#server/access/policy.ts';
import { basicAuthorization } from '#server/auth/machine-credentials.ts';
import { hashPassword } from '#server/auth/passwords.ts';
import {
  addFixtureUnits,
  CREDENTIAL_UNITS,
  createCredential,
  createUser,
  ORIGIN,
  ROLE_UNITS,
  sessionCookie,
} from '../helpers/access.ts';
import { buildTestApp } from '../helpers/app.ts';
import {
  type BadCase,
  bodyCases,
  fieldCases,
  parameterCases,
  type RequestParts,
  toInjectOptions,
} from '../helpers/bad-input.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { changedTables, type FingerprintReader, fingerprintReader } from '../helpers/db-fingerprint.ts';
import { type Endpoint, endpointsOf, isWrite, type JsonSchema } from '../helpers/openapi.ts';
import { EXAMPLES, type ExampleContext } from './examples.ts';

const ADMIN: Record<TierName, Role> = {
  school: 'school_admin',
  province: 'province_admin',
  national: 'national_admin',
};

/**
 * Tables a refused request may legitimately write to: the append-only audit log records refused
 * logins and every registry look-up by design; sessions are made by these tests for each
 * endpoint and touched on use; login_throttle counts every login attempt, refused or not, which
 * is its purpose.
 */
const MAY_CHANGE = ['audit_log', 'sessions', 'login_throttle'];
/** A sync credential notes when it was last used (at most once a minute), whatever the request. */
const IGNORED_COLUMNS = { sync_credentials: ['last_used_at'] };

const PASSWORD = 'Trống đồng Đông Sơn 1924';
const passwordHash = await hashPassword(PASSWORD);

const tiers = await Promise.all(
  TIER_NAMES.map(async (tier) => {
    const database = await createTestDatabase(tier);
    await addFixtureUnits(tier, database.db);
    const app = await buildTestApp(tier, database.db);
    const admin = await createUser(database.db, ADMIN[tier], ROLE_UNITS[ADMIN[tier]].own);
    const machine =
      tier === 'school' ? undefined : await createCredential(database.db, CREDENTIAL_UNITS[tier].own);
    const endpoints = await endpointsOf(app);
    return { tier, database, app, admin, machine, endpoints };
  }),
);

afterAll(async () => {
  for (const { app, database } of tiers) {
    await app.close();
    await database.drop();
  }
});

/** A path parameter no example gives: a record that does not exist, or a list that does. */
const DEFAULT_PARAMS: Record<string, string> = {
  id: '00000000-0000-4000-8000-000000000000',
  list: 'students',
};

/** A value a required query parameter accepts, so that the other parameters are what is judged. */
function acceptedValue(schema: JsonSchema): string {
  if (schema.enum) return String(schema.enum[0]);
  if (schema.format === 'uuid') return DEFAULT_PARAMS.id!;
  if (schema.format === 'date') return '2026-09-05';
  return schema.type === 'number' || schema.type === 'integer' ? '1' : 'a';
}

/** Garbage must be refused with a 4xx problem+json (or, where `refusal` is false, at least not fail). */
function judge(badCase: BadCase, response: LightMyRequestResponse, refusal: boolean): string | undefined {
  const problem = String(response.headers['content-type']).startsWith('application/problem+json')
    ? (response.json() as { code?: string; message?: string })
    : undefined;
  const status = response.statusCode;
  const wrong =
    status >= 500 || (refusal && status < 400)
      ? `answered ${status}`
      : badCase.status && status !== badCase.status
        ? `answered ${status}, not ${badCase.status}`
        : status >= 400 && (!problem?.code || !problem.message)
          ? 'answered without a problem+json code and message'
          : undefined;
  return wrong && `${badCase.label}: ${wrong} — ${response.body.slice(0, 300)}`;
}

describe.each(tiers)('bad input at the endpoints of the $tier tier', (setup) => {
  const { tier, database, app, admin, machine } = setup;
  let fingerprint: FingerprintReader;
  beforeAll(async () => {
    fingerprint = await fingerprintReader(database.url, MAY_CHANGE, IGNORED_COLUMNS);
  });
  afterAll(() => fingerprint.close());

  const context: ExampleContext = {
    tier,
    db: database.db,
    admin,
    password: { text: PASSWORD, hash: passwordHash },
    async download(url) {
      const cookie = await sessionCookie(database.db, admin.id);
      const response = await app.inject({ method: 'GET', url, headers: { cookie } });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      return response.rawPayload;
    },
  };

  /** Sends requests to the endpoint as `as`, or as the caller its access policy calls for. */
  async function sender(endpoint: Endpoint, as?: { id: string }) {
    const access = ROUTE_POLICY[`${endpoint.method} ${endpoint.route}`];
    const caller = as ?? (access === 'public' ? undefined : admin);
    const credentials: Record<string, string> =
      access === 'machine'
        ? { authorization: basicAuthorization(machine!.clientId, machine!.secret) }
        : caller
          ? { cookie: await sessionCookie(database.db, caller.id), origin: ORIGIN }
          : {};
    return (request: RequestParts) => {
      const options = toInjectOptions(endpoint, request);
      return app.inject({ ...options, headers: { ...credentials, ...options.headers } });
    };
  }

  /** Sends every case, then checks the database; if it changed, sends them again one by one to name the culprit. */
  async function tryAll(
    send: (request: RequestParts) => Promise<LightMyRequestResponse>,
    cases: BadCase[],
    refusal: boolean,
  ): Promise<string[]> {
    const before = await fingerprint.read();
    const failures: string[] = [];
    for (const badCase of cases) {
      const failure = judge(badCase, await send(badCase.request), refusal);
      if (failure) failures.push(failure);
    }
    const changed = changedTables(before, await fingerprint.read());
    if (changed.length > 0) {
      failures.push(`the bad inputs changed ${changed.join(', ')}`);
      let last = await fingerprint.read();
      for (const badCase of cases) {
        await send(badCase.request);
        const now = await fingerprint.read();
        const tables = changedTables(last, now);
        if (tables.length > 0) failures.push(`${badCase.label}: changed ${tables.join(', ')}`);
        last = now;
      }
    }
    return failures;
  }

  const writes = setup.endpoints.filter(isWrite);
  const reads = setup.endpoints.filter((e) => e.method === 'GET' && e.parameters.length > 0);
  const named = (endpoints: Endpoint[]) =>
    endpoints.map((e): [string, Endpoint] => [`${e.method} ${e.path}`, e]);

  it('covers the tier’s endpoints, each usable by a caller of the fixtures', () => {
    expect(writes.length).toBeGreaterThan(0);
    for (const endpoint of setup.endpoints) {
      const access = ROUTE_POLICY[`${endpoint.method} ${endpoint.route}`];
      expect(access, `${endpoint.method} ${endpoint.path} in the policy table`).toBeDefined();
      if (access === 'machine') expect(machine).toBeDefined();
      else if (access !== 'public' && access !== 'session')
        expect(permissionsOf(ADMIN[tier], []), `${ADMIN[tier]} may ${access}`).toContain(access);
    }
  });

  it.each(named(writes))(
    '%s refuses every bad input, 4xx problem+json, changing nothing',
    async (_, endpoint) => {
      const key = `${endpoint.method} ${endpoint.route}`;
      const example = EXAMPLES[key] ? await EXAMPLES[key](context) : { request: {} };
      const pathDefaults = Object.fromEntries(
        endpoint.parameters
          .filter((p) => p.in === 'path')
          .map((p) => [p.name, DEFAULT_PARAMS[p.name] ?? 'x']),
      );
      const base: RequestParts = {
        query: {},
        headers: {},
        ...example.request,
        params: { ...pathDefaults, ...example.request.params },
      };
      const send = await sender(endpoint, example.as);
      const cases = [
        ...bodyCases(endpoint, base),
        ...fieldCases(endpoint, base),
        ...parameterCases(endpoint, base),
      ];
      const failures = await tryAll(send, cases, true);
      expect(failures, `${failures.length} problems in ${cases.length} cases`).toEqual([]);

      if (EXAMPLES[key]) {
        // The base itself is a valid request: every refusal above was about the part spoilt.
        const control = await send(base);
        expect(control.statusCode, `the base request: ${control.body.slice(0, 500)}`).toBeLessThan(300);
      }
    },
  );

  it.each(named(reads))(
    '%s takes garbage parameters without failing or changing anything',
    async (_, endpoint) => {
      const base: RequestParts = { params: {}, query: {}, headers: {} };
      for (const parameter of endpoint.parameters) {
        if (parameter.in === 'path') base.params[parameter.name] = DEFAULT_PARAMS[parameter.name] ?? 'x';
        else if (parameter.in === 'query' && parameter.required)
          base.query[parameter.name] = acceptedValue(parameter.schema);
      }
      const cases = parameterCases(endpoint, base);
      const failures = await tryAll(await sender(endpoint), cases, false);
      expect(failures, `${failures.length} problems in ${cases.length} cases`).toEqual([]);
    },
  );
});
