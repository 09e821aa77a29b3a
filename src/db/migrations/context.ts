import type { Migration } from 'kysely/migration';
import type { SecretKeys } from '../secret-box.ts';

/** What a migration may need besides the database: the key that seals stored secrets. */
export interface MigrationContext {
  secretKeys?: SecretKeys;
}

/** A migration, or one made for the context it runs in. Its name is recorded all the same. */
export type TierMigration = Migration | ((context: MigrationContext) => Migration);

export function resolveMigrations(
  migrations: Record<string, TierMigration>,
  context: MigrationContext,
): Record<string, Migration> {
  return Object.fromEntries(
    Object.entries(migrations).map(([name, migration]) => [
      name,
      typeof migration === 'function' ? migration(context) : migration,
    ]),
  );
}
