// Many schools syncing to one province at the same moment, over loopback: each school with its
// own credential sends its generated records (school, staff, classes, students) with the
// product's sync client. The province runs as a process of its own, as deployed. Nothing may be
// lost or stored twice, and the only answers other than 202 allowed are the province's deliberate
// 429s (it takes batches in turn instead of being overwhelmed), which the schools honour.
//
// CI runs 200 schools of 10 pupils against the province alone. By hand, bigger, and on through
// the national tier until every record is decided (the schools poll like the school tier does):
//   LOAD_SCHOOLS=300 LOAD_STUDENTS_PER_SCHOOL=100 LOAD_NATIONAL=1 npx vitest run test/sync/load.test.ts
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveUpstreamCredential } from '#sync/send/upstream.ts';
import { createCredential } from '../helpers/access.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { testSecretKeys } from '../helpers/secret-keys.ts';
import {
  awaitDecisions,
  emptyStats,
  percentile,
  prepareSimulatedSchools,
  type SendStats,
  type SimulatedSchool,
  sendSchool,
} from '../helpers/simulated-schools.ts';
import { startTierProcess, type TierProcess } from '../helpers/tier-process.ts';

const SCHOOLS = Number(process.env.LOAD_SCHOOLS ?? 200);
const STUDENTS_PER_SCHOOL = Number(process.env.LOAD_STUDENTS_PER_SCHOOL ?? 10);
const WITH_NATIONAL = process.env.LOAD_NATIONAL === '1';
/** How long each step may take at most: generous, for the bigger runs by hand. */
const MINUTES = Number(process.env.LOAD_MINUTES ?? 10);

describe(`${SCHOOLS} schools syncing to one province at once`, () => {
  let province: TestDatabase<'province'>;
  let national: TestDatabase<'national'> | undefined;
  let provinceTier: TierProcess;
  let nationalTier: TierProcess | undefined;
  let schools: SimulatedSchool[];
  let records: number;

  beforeAll(async () => {
    province = await createTestDatabase('province');
    schools = await prepareSimulatedSchools(province.db, {
      schools: SCHOOLS,
      studentsPerSchool: STUDENTS_PER_SCHOOL,
      seed: 7,
    });
    records = schools.reduce(
      (sum, school) => sum + school.batches.reduce((n, batch) => n + batch.items.length, 0),
      0,
    );
    // Without the national tier the province keeps what it accepted in its outbox.
    let upstream = 'http://127.0.0.1:9';
    if (WITH_NATIONAL) {
      national = await createTestDatabase('national');
      nationalTier = await startTierProcess('national', { databaseUrl: national.url });
      upstream = nationalTier.url;
      const credential = await createCredential(national.db, 'P40');
      await saveUpstreamCredential(province.db, testSecretKeys, {
        unitKey: 'P40',
        upstreamUrl: upstream,
        clientId: credential.clientId,
        secret: credential.secret,
      });
    }
    provinceTier = await startTierProcess('province', { databaseUrl: province.url, upstream });
  }, 180_000);
  afterAll(async () => {
    await Promise.all([provinceTier?.cli.stop(), nationalTier?.cli.stop()]);
    await Promise.all([province?.drop(), national?.drop()]);
  });

  it(
    'takes every batch, turning away only with 429s that are honoured, and stores each record once',
    async () => {
      const stats = emptyStats();
      const started = performance.now();
      await Promise.all(schools.map((school) => sendSchool(school, [provinceTier.url], stats)));
      const acceptedAfter = (performance.now() - started) / 1000;
      report(stats, records, `all batches accepted by the province after ${acceptedAfter.toFixed(1)} s`);

      expect(stats.errors).toEqual([]);
      expect(stats.records).toBe(records);
      expect(await heldOnce(province)).toEqual({ held: records, distinct: records });
      // Each accepted record is on its way to the national tier once: one outbox item each.
      const { rows } = await sql<{ items: number; distinct: number }>`
        SELECT count(*)::int AS items, count(DISTINCT record_id)::int AS distinct FROM outbox_items`.execute(
        province.db,
      );
      expect(rows[0]).toEqual({ items: records, distinct: records });
    },
    MINUTES * 60_000,
  );

  it.runIf(WITH_NATIONAL)(
    'has every record decided by the national tier, once, and tells each school',
    async () => {
      const started = performance.now();
      const deadline = Date.now() + MINUTES * 60_000;
      const decisions = (
        await Promise.all(schools.map((school) => awaitDecisions(school, provinceTier.url, deadline)))
      ).flat();
      console.log(
        `  all records decided by the national tier ${((performance.now() - started) / 1000).toFixed(1)} s later`,
      );
      expect(decisions).toHaveLength(records);
      expect(decisions.filter((d) => d.status !== 'success' || d.decidedBy !== 'national')).toEqual([]);
      expect(await heldOnce(national!)).toEqual({ held: records, distinct: records });
      const arrivedTwice = await sql<{ record_id: string }>`
        SELECT record_id FROM sync_items GROUP BY record_id HAVING count(*) > 1`.execute(national!.db);
      expect(arrivedTwice.rows).toEqual([]);
    },
    MINUTES * 60_000 + 30_000,
  );
});

async function heldOnce(tier: TestDatabase<'province'> | TestDatabase<'national'>) {
  const { rows } = await sql<{ held: number; distinct: number }>`
    SELECT count(*)::int AS held, count(DISTINCT id)::int AS distinct FROM sync_records`.execute(tier.db);
  return rows[0];
}

function report(stats: SendStats, records: number, timing: string): void {
  const ms = (values: number[], share: number) => `${Math.round(percentile(values, share))} ms`;
  console.log(
    [
      `Sync load: ${SCHOOLS} schools sending to one province at once`,
      `  batches ${stats.batches}, records ${records}, 429s (waited and retried) ${stats.busy}, other errors ${stats.errors.length}`,
      `  batch acceptance latency (the request answered 202): p50 ${ms(stats.acceptMs, 0.5)}, p99 ${ms(stats.acceptMs, 0.99)}`,
      `  first try to acceptance (waits after 429s included): p50 ${ms(stats.firstTryToAcceptMs, 0.5)}, p99 ${ms(stats.firstTryToAcceptMs, 0.99)}`,
      `  ${timing}`,
    ].join('\n'),
  );
}
