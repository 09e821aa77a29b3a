import type { PgBoss } from 'pg-boss';
import type { AnyTierDatabase } from '../db/schema.ts';
import type { SecretKeys } from '../db/secret-box.ts';
import type { TierName } from '../domain/tiers.ts';

/** What every route of a tier may use: which tier it is, its database, where the others live. */
export interface TierContext {
  tier: TierName;
  db: AnyTierDatabase;
  /** Public base URLs of the tiers this deployment knows (for links in the web app). */
  links: Partial<Record<TierName, string>>;
  /** Base URL of the tier above (province for a school tier, national for a province tier). */
  upstreamUrl?: string;
  /** The background job queue, at the tiers that send upstream (school, province). */
  queue?: PgBoss;
  /** The key that opens the sync secrets this tier's units present upstream (upstreamOf). */
  secretKeys?: SecretKeys;
}
