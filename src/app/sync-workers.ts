// The sync work of a sending tier (school, province): its job queue and the worker that sends the
// outbox upstream and brings the decisions back. It runs inside `dongbo serve` by default, or in a
// process of its own (`dongbo worker`), so that a clerk's screen never waits behind a batch in the
// same event loop. Any number of such processes share one tier's queue (pg-boss, in its database).
import type { PgBoss } from 'pg-boss';
import type { AnyTierDatabase } from '#db/schema.ts';
import type { SecretKeys } from '#db/secret-box.ts';
import type { TierName } from '#domain/tiers.ts';
import { startQueue } from '#sync/send/queue.ts';
import { startSyncWorker } from '#sync/send/worker.ts';
import { provinceHooks } from '#tiers/province/sync-hooks.ts';
import { schoolHooks } from '#tiers/school/sync/hooks.ts';
import { type DatabaseConfig, openTierDatabases } from './databases.ts';
import { prepareTier } from './prepare.ts';

export type SendingTier = Exclude<TierName, 'national'>;

/** Where a tier's sync work runs: in the process that serves its screens, or in a worker apart. */
export type SyncWork = 'in-process' | 'apart';

/** The tier's job queue, with the sync worker on it unless the work runs apart. */
export async function startSender(
  db: AnyTierDatabase,
  tier: SendingTier,
  secretKeys: SecretKeys,
  work: SyncWork = 'in-process',
): Promise<PgBoss> {
  const queue = await startQueue(db);
  if (work === 'apart') return queue;
  if (tier === 'school') await startSyncWorker(db, queue, schoolHooks(db, queue, secretKeys));
  else await startSyncWorker(db, queue, provinceHooks(db, secretKeys));
  return queue;
}

export interface SyncWorkersOptions extends DatabaseConfig {
  tiers: SendingTier[];
  provinceCode?: string;
  secretKeys: SecretKeys;
}

/** `dongbo worker`: the sync work of the given tiers, and nothing else. */
export async function runSyncWorkers(options: SyncWorkersOptions): Promise<{ stop(): Promise<void> }> {
  const opened = await openTierDatabases(options.tiers, options);
  const queues: PgBoss[] = [];
  const stop = async () => {
    await Promise.allSettled(
      queues.map((queue) => queue.stop({ graceful: true, timeout: 5_000, close: false })),
    );
    await opened.close();
  };
  try {
    for (const tier of options.tiers) {
      const db = opened.databases[tier]!;
      // The serving process migrates too; migrations take a lock, so whichever comes first does it.
      await prepareTier(tier, db, { provinceCode: options.provinceCode, secretKeys: options.secretKeys });
      queues.push(await startSender(db, tier, options.secretKeys));
    }
    return { stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
