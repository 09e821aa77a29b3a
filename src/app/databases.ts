// Opens the databases of the tiers a command needs: an external PostgreSQL where a URL is
// configured, otherwise one embedded PostgreSQL holding a database per tier.
import { connectDatabase, ensureDatabase, withDatabase } from '#db/connection.ts';
import { type EmbeddedServer, StartupError, startEmbeddedPostgres } from '#db/embedded.ts';
import type { AnyTierDatabase } from '#db/schema.ts';
import type { TierName } from '#domain/tiers.ts';

export interface DatabaseConfig {
  /** Per tier: an external database URL; a tier without one uses the embedded PostgreSQL. */
  databaseUrls: Partial<Record<TierName, string>>;
  embedded: { dataDir: string; port: number };
}

export interface TierDatabases {
  databases: Partial<Record<TierName, AnyTierDatabase>>;
  embedded: EmbeddedServer | undefined;
  close(): Promise<void>;
}

export const embeddedDatabaseName = (tier: TierName) => `dongbo_${tier}`;

export async function openTierDatabases(tiers: TierName[], config: DatabaseConfig): Promise<TierDatabases> {
  const databases: Partial<Record<TierName, AnyTierDatabase>> = {};
  let embedded: EmbeddedServer | undefined;
  const close = async () => {
    await Promise.allSettled(Object.values(databases).map((db) => db.destroy()));
    await embedded?.stop();
  };
  try {
    if (tiers.some((tier) => !config.databaseUrls[tier]))
      embedded = await startEmbeddedPostgres(config.embedded);
    for (const tier of tiers) {
      let url = config.databaseUrls[tier];
      if (!url) {
        await ensureDatabase(embedded!.serverUrl, embeddedDatabaseName(tier));
        url = withDatabase(embedded!.serverUrl, embeddedDatabaseName(tier));
      }
      const db = connectDatabase(url, { applicationName: `dongbo-${tier}` });
      databases[tier] = db;
      await checkConnection(db, tier, url);
    }
    return { databases, embedded, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A database that cannot be reached is the operator's to fix: say which tier and where, not a trace. */
async function checkConnection(db: AnyTierDatabase, tier: TierName, url: string): Promise<void> {
  try {
    await db.connection().execute(async () => {});
  } catch (error) {
    const where = new URL(url);
    where.password = '';
    throw new StartupError(
      `Không kết nối được CSDL của tầng ${tier} (${where.toString()}): ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}
