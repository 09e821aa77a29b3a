// The crash test: the three tiers as separate `dongbo serve` processes on one PostgreSQL server,
// a clerk editing pupils and pressing "Đồng bộ" without pause, and one tier after another killed
// with SIGKILL at random moments and started again. At the end (load stopped, everything
// drained) every acknowledged record must be upstream exactly once at its newest version, the
// digests equal at all tiers and the queues empty. Exits non-zero otherwise.
//
//   npm run test:crash                       20 kills, a fresh seed
//   npm run test:crash -- --cycles 200 --seed 7
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run test:crash -- --keep
//     (on that server, --keep leaves a failed run's databases for inspection)
import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import { TIER_NAMES, type TierName } from '#domain/tiers.ts';
import { Random } from '#seed/random.ts';
import { createUser, sessionCookie } from '../helpers/access.ts';
import { checkConvergence, converged, syncSettled, type TierDatabases } from '../helpers/convergence.ts';
import { type SchoolClerk, schoolClerk } from '../helpers/school-clerk.ts';
import { prepareCluster } from './cluster.ts';
import { type TierProcess, tierProcess } from './tier-process.ts';

const RECOVERY_TIMEOUT_MS = 120_000;
const SETTLE_TIMEOUT_MS = 300_000;

const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: '20' },
    seed: { type: 'string' },
    students: { type: 'string', default: '60' },
    keep: { type: 'boolean', default: false },
  },
});
const cycles = Number(values.cycles);
const seed = values.seed === undefined ? Math.floor(Math.random() * 1_000_000) : Number(values.seed);
const students = Number(values.students);
const serverUrl = process.env.TEST_DATABASE_URL;

const say = (line: string) => console.log(line);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

say(
  `dongbo crash test: ${cycles} kills, seed ${seed}, ${students} pupils, PostgreSQL ${serverUrl ? 'external' : 'embedded'}`,
);
say(`  (the same choices again: npm run test:crash -- --seed ${seed} --cycles ${cycles})`);
const cluster = await prepareCluster({ serverUrl, students, seed });
const { dbs, urls } = cluster;
const above: Partial<Record<TierName, TierName>> = { school: 'province', province: 'national' };
const tiers = Object.fromEntries(
  TIER_NAMES.map((tier) => {
    const upstream = above[tier];
    const options = { port: cluster.ports[tier], databaseUrl: cluster.databaseUrls[tier] };
    return [tier, tierProcess(tier, upstream ? { ...options, upstream: urls[upstream] } : options)];
  }),
) as Record<TierName, TierProcess>;

let failed = false;
try {
  for (const tier of TIER_NAMES) tiers[tier].start();
  for (const tier of TIER_NAMES) await tiers[tier].healthy(RECOVERY_TIMEOUT_MS);

  const admin = await createUser(dbs.school, 'school_admin', `S${cluster.schoolCode}`);
  const clerk = schoolClerk({
    url: urls.school,
    cookie: await sessionCookie(dbs.school, admin.id),
    random: new Random(seed + 1),
    studentIds: (await dbs.school.selectFrom('students').select('id').execute()).map((s) => s.id),
  });
  await clerk.syncEverything();
  const load = keepWorking(clerk, new Random(seed + 2));

  const kills = new Random(seed);
  const recoveries: number[] = [];
  for (let cycle = 1; cycle <= cycles; cycle++) {
    await sleep(kills.int(200, 2000));
    const tier = kills.pick(TIER_NAMES);
    const killedAt = Date.now();
    await tiers[tier].kill();
    tiers[tier].start();
    await tiers[tier].healthy(RECOVERY_TIMEOUT_MS);
    const healthyAt = new Date();
    if (!(await until(() => movedBatchSince(dbs, tier, healthyAt), RECOVERY_TIMEOUT_MS)))
      throw new Error(
        `${tier} answers again but no batch moved through it within ${seconds(RECOVERY_TIMEOUT_MS)}`,
      );
    recoveries.push(Date.now() - killedAt);
    say(
      `  ${cycle}/${cycles}: killed ${tier}; answering after ${seconds(healthyAt.getTime() - killedAt)}, syncing after ${seconds(recoveries.at(-1)!)}`,
    );
  }

  await load.stop();
  await clerk.syncEverything();
  say('load stopped; waiting for the sync to drain');
  const drainStarted = Date.now();
  const drained = await until(() => syncSettled(dbs), SETTLE_TIMEOUT_MS);
  say(
    drained
      ? `  drained in ${seconds(Date.now() - drainStarted)}`
      : `  not drained after ${seconds(SETTLE_TIMEOUT_MS)}`,
  );
  const result = await checkConvergence(dbs, cluster.schoolCode, clerk.acknowledged);
  const serverErrors = TIER_NAMES.flatMap((tier) =>
    tiers[tier].loggedErrors().map((line) => `${tier}: ${line}`),
  );

  const mean = recoveries.reduce((sum, ms) => sum + ms, 0) / Math.max(recoveries.length, 1);
  say('');
  say(`cycles:                 ${recoveries.length}`);
  say(
    `records acknowledged:   ${result.acknowledged} (${clerk.changes()} changes: edits, additions, deletions)`,
  );
  say(`lost:                   ${result.lost.length}`);
  say(`duplicated:             ${result.duplicated.length}`);
  say(`tiers disagree:         ${result.disagreements.length}`);
  say(`queues not drained:     ${result.undrained.length}`);
  say(`unexpected answers:     ${clerk.anomalies.length}`);
  say(`errors logged by tiers: ${serverErrors.length}`);
  say(`mean recovery time:     ${seconds(mean)} (kill → answering again and syncing)`);
  const problems = [
    ...result.lost,
    ...result.duplicated,
    ...result.disagreements,
    ...result.undrained,
    ...clerk.anomalies,
    ...serverErrors,
  ];
  for (const problem of problems.slice(0, 40)) say(`  ${problem}`);
  failed = !converged(result) || clerk.anomalies.length > 0 || serverErrors.length > 0;
  say(failed ? 'FAILED' : 'passed');
} catch (error) {
  failed = true;
  say(`FAILED: ${(error as Error).stack ?? error}`);
} finally {
  await Promise.all(TIER_NAMES.map((tier) => tiers[tier].stop()));
  if (failed && values.keep) say(`databases kept: ${Object.values(cluster.databaseUrls).join(' ')}`);
  else await cluster.dispose();
}
// The embedded server's exit hook would otherwise decide the exit code.
process.exit(failed ? 1 : 0);

/** The clerk at work until told to stop; a round whose school is down just finds no answer. */
function keepWorking(clerk: SchoolClerk, random: Random) {
  let stopping = false;
  const done = (async () => {
    while (!stopping) {
      await clerk.workRound();
      await sleep(random.int(300, 1000));
    }
  })();
  return {
    async stop() {
      stopping = true;
      await done;
    },
  };
}

/** Whether a batch has gone through `tier` since `since`: received from below and sent above. */
async function movedBatchSince(dbs: TierDatabases, tier: TierName, since: Date): Promise<boolean> {
  const after = async (table: 'sync_batches' | 'outbox_batches', column: 'received_at' | 'sent_at') => {
    const { rows } = await sql<{ found: boolean }>`
      SELECT EXISTS (SELECT 1 FROM ${sql.table(table)} WHERE ${sql.ref(column)} > ${since}) AS found`.execute(
      dbs[tier] as Kysely<unknown>,
    );
    return rows[0]!.found;
  };
  return (
    (tier === 'school' || (await after('sync_batches', 'received_at'))) &&
    (tier === 'national' || (await after('outbox_batches', 'sent_at')))
  );
}

/** Whether `condition` came true within `timeoutMs`. */
async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await sleep(250);
  }
  return true;
}
