import pino from 'pino';
import { buildTierApp } from '#app/tier-app.ts';
import type { AnyTierDatabase } from '#db/schema.ts';
import type { TierName } from '#domain/tiers.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { testSecretKeys } from './secret-keys.ts';

/** A tier's Fastify app on a test database, for `app.inject()` requests; no port is opened. */
export function buildTestApp(tier: TierName, db: AnyTierDatabase): Promise<ZodApp> {
  return buildTierApp({ tier, db, links: {}, secretKeys: testSecretKeys, logger: pino({ level: 'silent' }) });
}
