// Settings read from the environment (flags override them). Listed in the README.
import path from 'node:path';
import pino from 'pino';
import { DEFAULT_EMBEDDED_PORT } from '#db/embedded.ts';
import { DEFAULT_PORTS, TIER_NAMES, type TierName } from '#domain/tiers.ts';
import { integerArg, urlOrPostgresArg } from './args.ts';

const ENV_PREFIX: Record<TierName, string> = { school: 'SCHOOL', province: 'PROVINCE', national: 'NATIONAL' };

export function databaseUrlsFromEnv(
  env: NodeJS.ProcessEnv,
  singleTier?: TierName,
): Partial<Record<TierName, string>> {
  const urls: Partial<Record<TierName, string>> = {};
  for (const tier of TIER_NAMES) {
    const name = `${ENV_PREFIX[tier]}_DATABASE_URL`;
    const url = env[name] || (tier === singleTier ? env.DATABASE_URL : undefined);
    if (url) urls[tier] = urlOrPostgresArg(name, url);
  }
  return urls;
}

export function portsFromEnv(env: NodeJS.ProcessEnv): Record<TierName, number> {
  const ports = { ...DEFAULT_PORTS };
  for (const tier of TIER_NAMES) {
    const name = `${ENV_PREFIX[tier]}_PORT`;
    ports[tier] = integerArg(name, env[name], DEFAULT_PORTS[tier], [1, 65535]);
  }
  return ports;
}

/** The flags of every command that may start the embedded PostgreSQL. */
export const EMBEDDED_FLAGS = {
  'data-dir': { type: 'string' },
  'pg-port': { type: 'string' },
} as const;

export function embeddedFromEnv(
  env: NodeJS.ProcessEnv,
  flags: { 'data-dir'?: unknown; 'pg-port'?: unknown },
) {
  const dataDir = flags['data-dir'] as string | undefined;
  const pgPort = flags['pg-port'] as string | undefined;
  return {
    dataDir: path.resolve(dataDir ?? env.DONGBO_DATA_DIR ?? 'data'),
    port: integerArg('--pg-port', pgPort ?? env.DONGBO_PG_PORT, DEFAULT_EMBEDDED_PORT, [1, 65535]),
  };
}

export function createLogger(env: NodeJS.ProcessEnv, defaultLevel: string) {
  return pino({ level: env.LOG_LEVEL ?? defaultLevel, base: { service: 'dongbo' } });
}
