import type { Kysely } from 'kysely';
import { readMeta, writeMeta } from '#db/meta.ts';
import type { ProvinceTierDatabase, SchoolTierDatabase } from '#db/schema.ts';
import type { SecretKeys } from '#db/secret-box.ts';
import type { TierName } from '#domain/tiers.ts';
import { registerSchools, type SchoolRegistration } from '#server/units/register-school.ts';
import { type DemoDatabases, pointDemoUpstreams, seedDemoAccess } from './demo-access.ts';
import { generateProvince, type ProvinceOptions, type SchoolBundle } from './generator.ts';
import { type SeedCounts, writeSchoolBundle } from './write.ts';

export interface SeedTargets {
  school: Kysely<SchoolTierDatabase>;
  /** When given, the schools are also registered in the province's org tree (onboarding). */
  province?: Kysely<ProvinceTierDatabase>;
}

/**
 * Generates schools and stores them: their records at the school tier, their place in the org
 * tree at the province tier. Streams school by school; `onProgress` hears after each one.
 */
export async function seedProvince(
  targets: SeedTargets,
  options: Omit<ProvinceOptions, 'firstSchoolNumber'>,
  onProgress: (done: SeedCounts) => void = () => {},
): Promise<SeedCounts> {
  const existing = await targets.school
    .selectFrom('schools')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const totals: SeedCounts = { schools: 0, classes: 0, staff: 0, students: 0 };
  let pending: SchoolRegistration[] = [];
  const flush = async () => {
    if (targets.province) await registerSchools(targets.province, pending);
    pending = [];
  };
  for (const bundle of generateProvince({ ...options, firstSchoolNumber: existing.n + 1 })) {
    const written = await writeSchoolBundle(targets.school, bundle);
    for (const key of Object.keys(totals) as (keyof SeedCounts)[]) totals[key] += written[key];
    pending.push(registrationOf(bundle));
    if (pending.length >= 200) await flush();
    onProgress(totals);
  }
  await flush();
  return totals;
}

function registrationOf({ school }: SchoolBundle): SchoolRegistration {
  const { code, name, levelCode, address } = school.payload;
  return { code, name, levelCode, provinceCode: address.provinceCode, communeCode: address.communeCode };
}

/** The demo province: Nghệ An, one primary, one lower-secondary, one upper-secondary school. */
export const DEMO = {
  provinceCode: '40',
  schools: 3,
  studentsPerSchool: 120,
  levels: ['TH', 'THCS', 'THPT'],
  schoolYearStart: 2026,
  seed: 2026,
} as const satisfies Omit<ProvinceOptions, 'firstSchoolNumber'>;

const DEMO_MARK = 'demo_seeded_at';

/** Seeds the demo the first time only; later starts keep and reuse the data. */
export async function seedDemoOnce(
  databases: DemoDatabases,
  secretKeys: SecretKeys,
  links: Partial<Record<TierName, string>> = {},
): Promise<SeedCounts | undefined> {
  if (await readMeta(databases.school, DEMO_MARK)) {
    await pointDemoUpstreams(databases, links);
    return undefined;
  }
  const counts = await seedProvince(databases, { ...DEMO, levels: [...DEMO.levels] });
  await seedDemoAccess(databases, DEMO.provinceCode, links, secretKeys);
  await writeMeta(databases.school, DEMO_MARK, new Date().toISOString());
  return counts;
}
