import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

// bigint counts arrive as numbers (every count dongbo shows fits in 2^53); dates stay ISO text,
// never a JavaScript Date shifted by the server's time zone.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, Number);
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export interface DatabaseOptions {
  /** Most connections the pool opens; background work and requests share them. */
  maxConnections?: number;
  applicationName?: string;
}

/** A Kysely handle on one tier's database. `db.destroy()` closes its pool. */
export function connectDatabase<Schema>(url: string, options: DatabaseOptions = {}): Kysely<Schema> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? 'dongbo',
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process;
  // the next query opens a new one and the health check reports the outage.
  pool.on('error', () => {});
  // The same for a connection that breaks while a query holds it: the pool listens for errors
  // only on idle connections, and an 'error' nobody listens to ends the process. The query
  // fails on its own (answered 503), and the pool drops the broken connection when it is released.
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Creates the database on the server of `serverUrl` unless it exists. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } catch (error) {
    // Two processes creating the same database at once: the loser sees a duplicate, which is fine.
    if ((error as { code?: string }).code !== '42P04' && (error as { code?: string }).code !== '23505')
      throw error;
  } finally {
    await client.end();
  }
}
