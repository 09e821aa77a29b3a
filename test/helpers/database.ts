import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { connectDatabase, withDatabase } from '#db/connection.ts';
import type { NationalTierDatabase, ProvinceTierDatabase, SchoolTierDatabase } from '#db/schema.ts';
import type { TierName } from '#domain/tiers.ts';

interface DatabaseOf {
  school: SchoolTierDatabase;
  province: ProvinceTierDatabase;
  national: NationalTierDatabase;
}

export interface TestDatabase<T extends TierName> {
  name: string;
  url: string;
  db: Kysely<DatabaseOf[T]>;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('testDatabase').serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database for one test file: a copy of the tier's migrated template, or, with
 * `{ empty: true }`, a database with nothing in it.
 */
export async function createTestDatabase<T extends TierName>(
  tier: T,
  options: { empty?: boolean } = {},
): Promise<TestDatabase<T>> {
  const { serverUrl, runId, templates } = inject('testDatabase');
  const name = `dongbo_${runId}_${tier}_${randomBytes(4).toString('hex')}`;
  await admin((client) =>
    client.query(
      `CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${client.escapeIdentifier(options.empty ? 'template0' : templates[tier])}`,
    ),
  );
  const url = withDatabase(serverUrl, name);
  const db = connectDatabase<DatabaseOf[T]>(url, { maxConnections: 5 });
  return {
    name,
    url,
    db,
    async drop() {
      await db.destroy();
      await admin((client) =>
        client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
      );
    },
  };
}
