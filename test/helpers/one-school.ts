// One seeded primary school of province 40, linked up the chain: the province issues the school
// its sync credential, the nation issues the province one, and each sender stores where its
// upstream listens. Shared by the in-process three tiers and the crash test's processes.
import type { Kysely } from 'kysely';
import type { AnyTierDatabase, ProvinceTierDatabase, SchoolTierDatabase } from '#db/schema.ts';
import { seedProvince } from '#seed/seed-province.ts';
import { saveUpstreamCredential } from '#sync/send/upstream.ts';
import { createCredential } from './access.ts';
import { testSecretKeys } from './secret-keys.ts';

export const PROVINCE_CODE = '40';

/**
 * Seeds the school (its classes, staff and pupils) and registers it at the province; answers its
 * code. `schools` seeds more primary schools of the province into the same school tier.
 */
export async function seedOneSchool(
  dbs: { school: Kysely<SchoolTierDatabase>; province: Kysely<ProvinceTierDatabase> },
  options: { students: number; seed: number; schools?: number },
): Promise<string> {
  await seedProvince(dbs, {
    provinceCode: PROVINCE_CODE,
    schools: options.schools ?? 1,
    studentsPerSchool: options.students,
    schoolYearStart: 2026,
    seed: options.seed,
    levels: Array.from({ length: options.schools ?? 1 }, () => 'TH' as const),
  });
  return (await dbs.school.selectFrom('schools').select('code').orderBy('code').executeTakeFirstOrThrow())
    .code;
}

export async function linkTiers(
  dbs: { school: AnyTierDatabase; province: AnyTierDatabase; national: AnyTierDatabase },
  schoolCodes: string | string[],
  upstreams: { province: string; national: string },
): Promise<void> {
  const links: [AnyTierDatabase, AnyTierDatabase, string, string][] = [
    ...[schoolCodes]
      .flat()
      .map((code): [AnyTierDatabase, AnyTierDatabase, string, string] => [
        dbs.province,
        dbs.school,
        `S${code}`,
        upstreams.province,
      ]),
    [dbs.national, dbs.province, `P${PROVINCE_CODE}`, upstreams.national],
  ];
  for (const [issuer, holder, unitKey, url] of links) {
    const credential = await createCredential(issuer, unitKey);
    await saveUpstreamCredential(holder as Kysely<ProvinceTierDatabase>, testSecretKeys, {
      unitKey,
      upstreamUrl: url,
      clientId: credential.clientId,
      secret: credential.secret,
    });
  }
}
