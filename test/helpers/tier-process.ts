// One tier in a process of its own (`dongbo serve`), on a test database, on a free loopback port:
// as deployed, with its own connection pool, job queue and worker.
import type { TierName } from '#domain/tiers.ts';
import { freePort, type RunningCli, startCli } from './cli.ts';

export interface TierProcess {
  url: string;
  cli: RunningCli;
}

const DATABASE_ENV: Record<TierName, string> = {
  school: 'SCHOOL_DATABASE_URL',
  province: 'PROVINCE_DATABASE_URL',
  national: 'NATIONAL_DATABASE_URL',
};

/** The `dongbo serve` command line of one tier on a loopback port (province: the test province). */
export function serveArguments(tier: TierName, options: { port: number; upstream?: string }): string[] {
  return [
    'serve',
    '--tier',
    tier,
    '--host',
    '127.0.0.1',
    '--port',
    String(options.port),
    ...(tier === 'province' ? ['--province', '40'] : []),
    ...(options.upstream ? ['--upstream', options.upstream] : []),
  ];
}

export async function startTierProcess(
  tier: TierName,
  options: { databaseUrl: string; upstream?: string },
): Promise<TierProcess> {
  const port = await freePort();
  const cli = startCli(
    serveArguments(tier, { port, upstream: options.upstream }),
    // DEBUG: a process that fails to start says where.
    { [DATABASE_ENV[tier]]: options.databaseUrl, LOG_LEVEL: 'warn', DEBUG: '1' },
  );
  await cli.waitFor('đang chạy');
  return { url: `http://127.0.0.1:${port}`, cli };
}
