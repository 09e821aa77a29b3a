// The three tiers running in this process on fresh test databases, over real HTTP on free
// ports, with one seeded school linked to its province and the province to the nation.
import pino from 'pino';
import { type RunningTiers, runTiers } from '#app/run.ts';
import type { SyncWork } from '#app/sync-workers.ts';
import type { TierName } from '#domain/tiers.ts';
import { freePort } from './cli.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { linkTiers, PROVINCE_CODE, seedOneSchool } from './one-school.ts';
import { testSecretKeys } from './secret-keys.ts';

export interface ThreeTiers {
  school: TestDatabase<'school'>;
  province: TestDatabase<'province'>;
  national: TestDatabase<'national'>;
  running: RunningTiers;
  links: Record<TierName, string>;
  schoolCode: string;
  /** Every school of the school tier, the first being `schoolCode`. */
  schoolCodes: string[];
  stop(): Promise<void>;
}

export async function startThreeTiers(options: {
  students: number;
  seed: number;
  /** Primary schools of the province in the school tier (1 unless told). */
  schools?: number;
  /** `apart`: the tiers serve only; a `dongbo worker` the test starts does the sync work. */
  syncWork?: SyncWork;
}): Promise<ThreeTiers> {
  const [school, province, national] = await Promise.all([
    createTestDatabase('school'),
    createTestDatabase('province'),
    createTestDatabase('national'),
  ]);
  const schoolCode = await seedOneSchool({ school: school.db, province: province.db }, options);
  const schoolCodes = (await school.db.selectFrom('schools').select('code').orderBy('code').execute()).map(
    (s) => s.code,
  );
  const ports = { school: await freePort(), province: await freePort(), national: await freePort() };
  const links = {
    school: `http://127.0.0.1:${ports.school}`,
    province: `http://127.0.0.1:${ports.province}`,
    national: `http://127.0.0.1:${ports.national}`,
  };
  await linkTiers({ school: school.db, province: province.db, national: national.db }, schoolCodes, links);
  const running = await runTiers({
    tiers: ['school', 'province', 'national'],
    ports,
    host: '127.0.0.1',
    databaseUrls: { school: school.url, province: province.url, national: national.url },
    embedded: { dataDir: '/nonexistent', port: 1 },
    secretKeys: testSecretKeys,
    provinceCode: PROVINCE_CODE,
    upstreams: { school: links.province, province: links.national },
    links,
    seedDemo: false,
    syncWork: options.syncWork,
    logger: pino({ level: 'silent' }),
  });
  return {
    school,
    province,
    national,
    running,
    links,
    schoolCode,
    schoolCodes,
    async stop() {
      await running.stop();
      await Promise.all([school.drop(), province.drop(), national.drop()]);
    },
  };
}

/** The commune a school hangs under at the province, and another commune of the same province. */
export async function communesOf(
  province: TestDatabase<'province'>,
  schoolCode: string,
): Promise<{ own: string; other: string }> {
  const { parent_key } = await province.db
    .selectFrom('org_units')
    .select('parent_key')
    .where('key', '=', `S${schoolCode}`)
    .executeTakeFirstOrThrow();
  const own = parent_key!;
  return { own, other: own === 'X16681' ? 'X16690' : 'X16681' };
}
