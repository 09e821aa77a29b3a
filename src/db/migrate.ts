import { Migrator } from 'kysely/migration';
import type { TierName } from '#domain/tiers.ts';
import { type MigrationContext, resolveMigrations } from './migrations/context.ts';
import { migrationsByTier } from './migrations/index.ts';
import type { AnyTierDatabase } from './schema.ts';

export interface MigrationReport {
  applied: string[];
}

/** Brings one tier's database up to date. Safe to run from several processes at once (Kysely locks). */
export async function migrateTier(
  db: AnyTierDatabase,
  tier: TierName,
  context: MigrationContext = {},
): Promise<MigrationReport> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => resolveMigrations(migrationsByTier[tier], context) },
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    throw new Error(`Nâng cấp CSDL tầng ${tier} thất bại${failed ? ` ở bước ${failed.migrationName}` : ''}`, {
      cause: error,
    });
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
