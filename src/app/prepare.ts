import type { Kysely } from 'kysely';
import { StartupError } from '#db/embedded.ts';
import { readMeta, writeMeta } from '#db/meta.ts';
import { migrateTier } from '#db/migrate.ts';
import type { AnyTierDatabase, ProvinceTierDatabase } from '#db/schema.ts';
import type { SecretKeys } from '#db/secret-box.ts';
import { provinceByCode } from '#domain/reference/index.ts';
import type { TierName } from '#domain/tiers.ts';
import { seedNationalOrgTree, seedProvinceOrgTree } from '#server/units/org-tree.ts';
import { resealUpstreamSecrets } from '#sync/send/upstream.ts';

export interface PrepareOptions {
  /** Which province a province tier serves (two-digit code). */
  provinceCode?: string;
  /**
   * The key that seals the secrets this tier presents upstream (and the one before a rotation).
   * Needed to bring up to date a database that holds such secrets, and to re-seal them.
   */
  secretKeys?: SecretKeys;
}

/** Migrates a tier's database and seeds what the tier needs to run (its org tree). */
export async function prepareTier(
  tier: TierName,
  db: AnyTierDatabase,
  options: PrepareOptions = {},
): Promise<void> {
  await migrateTier(db, tier, { secretKeys: options.secretKeys });
  // After a rotation, what the old key sealed is sealed anew with the current one.
  if (options.secretKeys && tier !== 'national') await resealUpstreamSecrets(db, options.secretKeys);
  if (tier === 'province') {
    const provinceCode = await provinceOfDatabase(db, options.provinceCode);
    await seedProvinceOrgTree(db, provinceCode);
  }
  if (tier === 'national') await seedNationalOrgTree(db);
}

/** A province database serves one province for life; starting it as another is refused. */
async function provinceOfDatabase(
  db: Kysely<ProvinceTierDatabase>,
  given: string | undefined,
): Promise<string> {
  const stored = await readMeta<string>(db, 'province_code');
  if (given && !provinceByCode.has(given)) {
    throw new StartupError(`Mã tỉnh ${given} không có trong danh mục 34 tỉnh, thành phố (từ 1/7/2025).`);
  }
  if (stored && given && stored !== given) {
    throw new StartupError(
      `CSDL tỉnh này đã dùng cho tỉnh ${stored}, không thể chạy cho tỉnh ${given}. Hãy dùng một CSDL khác.`,
    );
  }
  const provinceCode = stored ?? given;
  if (!provinceCode) {
    throw new StartupError(
      'Tầng tỉnh cần biết mình phục vụ tỉnh nào: đặt --province <mã> hoặc PROVINCE_CODE.',
    );
  }
  if (!stored) await writeMeta(db, 'province_code', provinceCode);
  return provinceCode;
}
