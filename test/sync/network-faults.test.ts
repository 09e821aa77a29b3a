// The sync over a bad network: both links (school → province, province → national) pass through
// a proxy that delays requests, drops connections before forwarding, cuts answers after the
// server committed, resets connections and delivers requests twice, in a seeded mix, while a
// clerk keeps editing pupils and pressing "Đồng bộ". Afterwards the three tiers agree, and no
// acknowledged record is lost or held twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '#seed/random.ts';
import { createUser, sessionCookie } from '../helpers/access.ts';
import { checkConvergence, syncSettled, type TierDatabases } from '../helpers/convergence.ts';
import { FAULTS, type FaultProxy, faultDeck, startFaultProxy } from '../helpers/fault-proxy.ts';
import { schoolClerk } from '../helpers/school-clerk.ts';
import { startThreeTiers, type ThreeTiers } from '../helpers/three-tiers.ts';

const SEED = 2026_07;
const ROUNDS = 30;
/** Clean passes per fault drawn: about half of all requests meet a fault. */
const PASSES_PER_DECK = 7;

describe('sync through a faulty network', () => {
  let tiers: ThreeTiers;
  let dbs: TierDatabases;
  const proxies: Record<'toProvince' | 'toNational', FaultProxy | undefined> = {
    toProvince: undefined,
    toNational: undefined,
  };

  beforeAll(async () => {
    tiers = await startThreeTiers({ students: 80, seed: SEED });
    dbs = { school: tiers.school.db, province: tiers.province.db, national: tiers.national.db };
    const random = new Random(SEED);
    const faulty = (target: string) =>
      startFaultProxy(target, {
        choose: faultDeck(random, PASSES_PER_DECK),
        delayMs: () => random.int(20, 800),
      });
    proxies.toProvince = await faulty(tiers.links.province);
    proxies.toNational = await faulty(tiers.links.national);
    // Each sender finds its upstream through its credential: point both at the proxies.
    await tiers.school.db
      .updateTable('upstream_credentials')
      .set({ upstream_url: proxies.toProvince.url })
      .execute();
    await tiers.province.db
      .updateTable('upstream_credentials')
      .set({ upstream_url: proxies.toNational.url })
      .execute();
  }, 60_000);
  afterAll(async () => {
    await tiers?.stop();
    await Promise.all(Object.values(proxies).map((proxy) => proxy?.close()));
  });

  it('converges with nothing lost or duplicated', async () => {
    const admin = await createUser(tiers.school.db, 'school_admin', `S${tiers.schoolCode}`);
    const students = await tiers.school.db.selectFrom('students').select('id').execute();
    const clerk = schoolClerk({
      url: tiers.links.school,
      cookie: await sessionCookie(tiers.school.db, admin.id),
      random: new Random(SEED + 1),
      studentIds: students.map((s) => s.id),
    });
    const pause = new Random(SEED + 2);

    await clerk.syncEverything();
    for (let round = 0; round < ROUNDS; round++) {
      await clerk.workRound();
      await new Promise((resolve) => setTimeout(resolve, pause.int(0, 300)));
    }
    await clerk.syncEverything();
    await expect.poll(() => syncSettled(dbs), { timeout: 150_000, interval: 500 }).toBe(true);

    const result = await checkConvergence(dbs, tiers.schoolCode, clerk.acknowledged);
    expect(result).toEqual({
      acknowledged: clerk.acknowledged.size,
      lost: [],
      duplicated: [],
      disagreements: [],
      undrained: [],
    });
    expect(clerk.acknowledged.size).toBeGreaterThan(ROUNDS);
    expect(clerk.anomalies).toEqual([]);
    expect(clerk.unanswered()).toBe(0);

    const { n: batches } = await tiers.province.db
      .selectFrom('sync_batches')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    console.log(
      `network faults: ${batches} batches, ${clerk.acknowledged.size} records acknowledged; ` +
        Object.entries(proxies)
          .map(([link, p]) => `${link} ${JSON.stringify(p!.counts)} answers ${JSON.stringify(p!.statuses)}`)
          .join('; '),
    );
    expect(batches).toBeGreaterThan(ROUNDS / 2);
    for (const proxy of Object.values(proxies)) {
      // Every fault met both links, and none made a server fail.
      for (const fault of FAULTS) expect(proxy!.counts[fault], fault).toBeGreaterThan(0);
      expect(Object.keys(proxy!.statuses).filter((status) => Number(status) >= 500)).toEqual([]);
    }
  }, 240_000);
});
