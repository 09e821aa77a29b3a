// The three tiers running in this process on fresh test databases, over real HTTP on free
// ports, with one seeded school linked to its province and the province to the nation.
import pino from 'pino';
import { seedProvince } from '../../src/seed/seed-province.ts';
import type { TierName } from '../../src/tiers/names.ts';
import { type RunningTiers, runTiers } from '../../src/tiers/run.ts';
import { createCredential } from './access.ts';
import { freePort } from './cli.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface ThreeTiers {
  school: TestDatabase<'school'>;
  province: TestDatabase<'province'>;
  national: TestDatabase<'national'>;
  running: RunningTiers;
  links: Record<TierName, string>;
  schoolCode: string;
  stop(): Promise<void>;
}

export async function startThreeTiers(options: { students: number; seed: number }): Promise<ThreeTiers> {
  const [school, province, national] = await Promise.all([
    createTestDatabase('school'),
    createTestDatabase('province'),
    createTestDatabase('national'),
  ]);
  await seedProvince(
    { school: school.db, province: province.db },
    {
      provinceCode: '40',
      schools: 1,
      studentsPerSchool: options.students,
      schoolYearStart: 2026,
      seed: options.seed,
      levels: ['TH'],
    },
  );
  const schoolCode = (await school.db.selectFrom('schools').select('code').executeTakeFirstOrThrow()).code;
  const ports = { school: await freePort(), province: await freePort(), national: await freePort() };
  const links = {
    school: `http://127.0.0.1:${ports.school}`,
    province: `http://127.0.0.1:${ports.province}`,
    national: `http://127.0.0.1:${ports.national}`,
  };
  // The province issues the school its credential; the nation issues the province one.
  for (const [issuer, holder, unitKey, url] of [
    [province.db, school.db, `S${schoolCode}`, links.province],
    [national.db, province.db, 'P40', links.national],
  ] as const) {
    const credential = await createCredential(issuer, unitKey);
    await (holder as typeof province.db)
      .insertInto('upstream_credentials')
      .values({
        unit_key: unitKey,
        upstream_url: url,
        client_id: credential.clientId,
        client_secret: credential.secret,
      })
      .execute();
  }
  const running = await runTiers({
    tiers: ['school', 'province', 'national'],
    ports,
    host: '127.0.0.1',
    databaseUrls: { school: school.url, province: province.url, national: national.url },
    embedded: { dataDir: '/nonexistent', port: 1 },
    provinceCode: '40',
    upstreams: { school: links.province, province: links.national },
    links,
    seedDemo: false,
    logger: pino({ level: 'silent' }),
  });
  return {
    school,
    province,
    national,
    running,
    links,
    schoolCode,
    async stop() {
      await running.stop();
      await Promise.all([school.drop(), province.drop(), national.drop()]);
    },
  };
}
