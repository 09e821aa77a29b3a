import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { TIER_NAMES, type TierName } from '#domain/tiers.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { migrateTier } from './migrate.ts';
import { migrationsByTier } from './migrations/index.ts';

const ACCESS_TABLES = [
  'app_meta',
  'audit_log',
  'login_failures',
  'login_throttle',
  'sessions',
  'user_list_settings',
  'users',
];

const SYNC_TABLES = ['school_sync_summary', 'sync_batches', 'sync_items', 'sync_records'];
const OUTBOX_TABLES = ['outbox_batches', 'outbox_items'];

const expectedTables: Record<TierName, string[]> = {
  school: [
    ...ACCESS_TABLES,
    ...OUTBOX_TABLES,
    'sync_runs',
    'classes',
    'results',
    'school_year_closures',
    'schools',
    'staff',
    'students',
    'upstream_credentials',
  ].sort(),
  province: [
    ...ACCESS_TABLES,
    ...SYNC_TABLES,
    ...OUTBOX_TABLES,
    'org_units',
    'period_submissions',
    'period_unlocks',
    'reporting_periods',
    'sync_credentials',
    'unlock_requests',
    'upstream_credentials',
  ].sort(),
  national: [
    ...ACCESS_TABLES,
    ...SYNC_TABLES,
    'org_units',
    'person_identities',
    'sync_credentials',
    'transfer_requests',
  ].sort(),
};

describe.each(TIER_NAMES)('migrations of the %s tier', (tier) => {
  let database: TestDatabase<typeof tier>;
  afterAll(() => database?.drop());

  it('bring an empty database up to date, then find nothing left to do', async () => {
    database = await createTestDatabase(tier, { empty: true });
    const first = await migrateTier(database.db, tier);
    expect(first.applied).toEqual(Object.keys(migrationsByTier[tier]));

    const tables = await sql<{ name: string; partitions: number }>`
      SELECT c.relname AS name, (SELECT count(*)::int FROM pg_inherits i WHERE i.inhparent = c.oid) AS partitions
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname NOT LIKE 'kysely_%'
      ORDER BY c.relname`.execute(database.db);
    expect(tables.rows.map((r) => r.name)).toEqual(expectedTables[tier]);
    // The national registry is split by province, one partition each.
    const partitions = tables.rows.find((r) => r.name === 'sync_records')?.partitions;
    if (tier !== 'school') expect(partitions).toBe(tier === 'national' ? 34 : 0);

    const second = await migrateTier(database.db, tier);
    expect(second.applied).toEqual([]);
  });
});
