// The ground the crash test runs on: one PostgreSQL server (embedded in a temporary folder, or
// an external one), a database per tier on it, migrated, one school seeded and the tiers linked.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { prepareTier } from '#app/prepare.ts';
import { connectDatabase, ensureDatabase, withDatabase } from '#db/connection.ts';
import { startEmbeddedPostgres } from '#db/embedded.ts';
import type { NationalTierDatabase, ProvinceTierDatabase, SchoolTierDatabase } from '#db/schema.ts';
import { TIER_NAMES, type TierName } from '#domain/tiers.ts';
import { freePort } from '../helpers/cli.ts';
import type { TierDatabases } from '../helpers/convergence.ts';
import { linkTiers, PROVINCE_CODE, seedOneSchool } from '../helpers/one-school.ts';

export interface Cluster {
  /** Where each tier's process finds its database. */
  databaseUrls: Record<TierName, string>;
  /** This process's own handles on the same databases, to watch and to check. */
  dbs: TierDatabases;
  ports: Record<TierName, number>;
  urls: Record<TierName, string>;
  schoolCode: string;
  /** Closes the handles, drops the databases, stops the embedded server. */
  dispose(): Promise<void>;
}

export async function prepareCluster(options: {
  /** An external PostgreSQL server; without it, an embedded one in a temporary folder. */
  serverUrl?: string;
  students: number;
  seed: number;
}): Promise<Cluster> {
  let serverUrl = options.serverUrl;
  let stopEmbedded = async () => {};
  if (!serverUrl) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'dongbo-crash-'));
    const embedded = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    serverUrl = embedded.serverUrl;
    stopEmbedded = async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }

  const runId = `crash_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const names = Object.fromEntries(TIER_NAMES.map((tier) => [tier, `dongbo_${runId}_${tier}`])) as Record<
    TierName,
    string
  >;
  const databaseUrls = {} as Record<TierName, string>;
  for (const tier of TIER_NAMES) {
    await ensureDatabase(serverUrl, names[tier]);
    databaseUrls[tier] = withDatabase(serverUrl, names[tier]);
  }
  const dbs: TierDatabases = {
    school: connectDatabase<SchoolTierDatabase>(databaseUrls.school, { maxConnections: 3 }),
    province: connectDatabase<ProvinceTierDatabase>(databaseUrls.province, { maxConnections: 3 }),
    national: connectDatabase<NationalTierDatabase>(databaseUrls.national, { maxConnections: 3 }),
  };
  for (const tier of TIER_NAMES) await prepareTier(tier, dbs[tier], { provinceCode: PROVINCE_CODE });
  const schoolCode = await seedOneSchool(dbs, options);

  const ports = { school: await freePort(), province: await freePort(), national: await freePort() };
  const urls = {
    school: `http://127.0.0.1:${ports.school}`,
    province: `http://127.0.0.1:${ports.province}`,
    national: `http://127.0.0.1:${ports.national}`,
  };
  await linkTiers(dbs, schoolCode, urls);

  return {
    databaseUrls,
    dbs,
    ports,
    urls,
    schoolCode,
    async dispose() {
      await Promise.all(Object.values(dbs).map((db) => db.destroy()));
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      for (const name of Object.values(names))
        await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
      await admin.end();
      await stopEmbedded();
    },
  };
}
