// Starts one or more tiers in this process: their databases, migrations, the demo data when
// asked, and one HTTP server per tier.
import type { FastifyBaseLogger } from 'fastify';
import type { PgBoss } from 'pg-boss';
import { StartupError } from '#db/embedded.ts';
import type { SecretKeys } from '#db/secret-box.ts';
import type { TierName } from '#domain/tiers.ts';
import { seedDemoOnce } from '#seed/seed-province.ts';
import type { SeedCounts } from '#seed/write.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { type DatabaseConfig, openTierDatabases, type TierDatabases } from './databases.ts';
import { prepareTier } from './prepare.ts';
import { type SyncWork, startSender } from './sync-workers.ts';
import { buildTierApp } from './tier-app.ts';

export interface RunTiersOptions extends DatabaseConfig {
  tiers: TierName[];
  ports: Record<TierName, number>;
  host: string;
  provinceCode?: string;
  upstreams: Partial<Record<TierName, string>>;
  /** Public base URLs of the tiers, for links between them. */
  links: Partial<Record<TierName, string>>;
  seedDemo: boolean;
  trustProxy?: boolean;
  /** The key that seals the sync secrets the tiers present upstream (see src/cli/secret-keys.ts). */
  secretKeys: SecretKeys;
  /** Where the sending tiers' sync work runs (`apart`: in `dongbo worker` processes). */
  syncWork?: SyncWork;
  logger: FastifyBaseLogger;
}

export interface RunningTiers extends Pick<TierDatabases, 'databases' | 'embedded'> {
  /** The job queue of each sending tier (school, province). */
  queues: Partial<Record<TierName, PgBoss>>;
  urls: Partial<Record<TierName, string>>;
  demoSeeded: SeedCounts | undefined;
  stop(): Promise<void>;
}

export async function runTiers(options: RunTiersOptions): Promise<RunningTiers> {
  const opened = await openTierDatabases(options.tiers, options);
  const { databases } = opened;
  const apps: ZodApp[] = [];
  const queues: Partial<Record<TierName, PgBoss>> = {};
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await Promise.allSettled(apps.map((app) => app.close()));
      await Promise.allSettled(
        Object.values(queues).map((queue) => queue.stop({ graceful: true, timeout: 5_000, close: false })),
      );
      await opened.close();
    })();
    return stopping;
  };

  try {
    for (const tier of options.tiers)
      await prepareTier(tier, databases[tier]!, {
        provinceCode: options.provinceCode,
        secretKeys: options.secretKeys,
      });
    const demoSeeded =
      options.seedDemo && databases.school && databases.province
        ? await seedDemoOnce(
            { school: databases.school, province: databases.province, national: databases.national },
            options.secretKeys,
            options.links,
          )
        : undefined;

    const urls: Partial<Record<TierName, string>> = {};
    for (const tier of options.tiers) {
      const queue =
        tier === 'national'
          ? undefined
          : await startSender(databases[tier]!, tier, options.secretKeys, options.syncWork);
      if (queue) queues[tier] = queue;
      const app = await buildTierApp({
        tier,
        queue,
        db: databases[tier]!,
        links: options.links,
        upstreamUrl: options.upstreams[tier],
        secretKeys: options.secretKeys,
        trustProxy: options.trustProxy,
        logger: options.logger.child({ tier }),
      });
      apps.push(app);
      await listen(app, options.ports[tier], options.host);
      urls[tier] = options.links[tier] ?? `http://${options.host}:${options.ports[tier]}`;
    }
    return { urls, databases, queues, embedded: opened.embedded, demoSeeded, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function listen(app: ZodApp, port: number, host: string): Promise<void> {
  try {
    await app.listen({ port, host });
  } catch (error) {
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      throw new StartupError(
        `Cổng ${port} đã có chương trình khác sử dụng. Hãy dừng chương trình đó hoặc chọn cổng khác.`,
      );
    }
    throw error;
  }
}
