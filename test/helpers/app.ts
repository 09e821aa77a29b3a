import pino from 'pino';
import type { AnyTierDatabase } from '../../src/db/schema.ts';
import { buildTierApp, type ZodApp } from '../../src/server/app.ts';
import type { TierName } from '../../src/domain/tiers.ts';
import { testSecretKeys } from './secret-keys.ts';

/** A tier's Fastify app on a test database, for `app.inject()` requests; no port is opened. */
export function buildTestApp(tier: TierName, db: AnyTierDatabase): Promise<ZodApp> {
  return buildTierApp({ tier, db, links: {}, secretKeys: testSecretKeys, logger: pino({ level: 'silent' }) });
}
