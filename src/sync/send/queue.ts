// Background work runs on pg-boss, a job queue kept in the tier's own PostgreSQL (FOR UPDATE
// SKIP LOCKED), so any number of processes share it and a job created in a transaction exists
// exactly when that transaction commits.
import { CompiledQuery, type Transaction } from 'kysely';
import { PgBoss } from 'pg-boss';
import type { AnyTierDatabase } from '#db/schema.ts';

/** pg-boss speaks to the database through our Kysely connection, or through a transaction. */
export function bossDb(db: AnyTierDatabase | Transaction<unknown>) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const query = CompiledQuery.raw(text, values);
      if (db.isTransaction) return { rows: (await db.executeQuery(query)).rows as unknown[] };
      // Some of pg-boss's statements are a whole BEGIN … COMMIT (installing or migrating its schema,
      // which two processes starting at once both attempt). When one fails half way, its transaction
      // must be rolled back on that connection before the pool lends it out again; otherwise the next
      // query there fails with "current transaction is aborted".
      return db.connection().execute(async (connection) => {
        try {
          return { rows: (await connection.executeQuery(query)).rows as unknown[] };
        } catch (error) {
          await connection.executeQuery(CompiledQuery.raw('ROLLBACK')).catch(() => {});
          throw error;
        }
      });
    },
  };
}

export const SEND_QUEUE = 'sync-send';
export const POLL_QUEUE = 'sync-poll';

export async function startQueue(db: AnyTierDatabase): Promise<PgBoss> {
  const boss = new PgBoss({
    db: bossDb(db),
    schema: 'pgboss',
    supervise: true,
    schedule: false,
    registerInstance: false,
  });
  boss.on('error', () => {});
  await boss.start();
  // Network errors, 5xx, 408, 409 and 429 are retried with exponential backoff and jitter, for days.
  await boss.createQueue(SEND_QUEUE, {
    retryLimit: 2000,
    retryDelay: 1,
    retryBackoff: true,
    retryDelayMax: 300,
  });
  await boss.createQueue(POLL_QUEUE, {
    retryLimit: 2000,
    retryDelay: 2,
    retryBackoff: true,
    retryDelayMax: 120,
  });
  return boss;
}
