// Background work runs on pg-boss, a job queue kept in the tier's own PostgreSQL (FOR UPDATE
// SKIP LOCKED), so any number of processes share it and a job created in a transaction exists
// exactly when that transaction commits.
import { CompiledQuery, type Transaction } from 'kysely';
import { PgBoss } from 'pg-boss';
import type { AnyTierDatabase } from '../../db/schema.ts';

/** pg-boss speaks to the database through our Kysely connection, or through a transaction. */
export function bossDb(db: AnyTierDatabase | Transaction<unknown>) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] };
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
  // Network errors, 5xx, 409 and 429 are retried with exponential backoff and jitter, for days.
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
