// Province ingest alone (DESIGN §7): a province process on a fresh database of its own, nothing
// else syncing on the machine, taking the very batches the schools sent in the initial sync —
// received, validated, stored and queued for the national tier, which here is never reached
// (the province has no credential towards it, so what it queues stays queued).

import { prepareTier } from '#app/prepare.ts';
import { connectDatabase } from '#db/connection.ts';
import type { ProvinceTierDatabase } from '#db/schema.ts';
import { postBatch } from '#sync/send/client.ts';
import { adminQuery, createDatabase, freePort, spawnTier, type TierDatabases } from './cluster.ts';
import { inParallel, issueCredentials, PROVINCE_CODE } from './province.ts';
import { type Percentiles, percentiles } from './stats.ts';

/** As many schools sending at once as the school tier's sender drains side by side. */
const SENDERS = 4;

export interface ProvinceAloneFigures {
  records: number;
  batches: number;
  senders: number;
  seconds: number;
  batchLatencyMs: Percentiles;
  peakRssBytes?: number;
}

export async function provinceIngestAlone(
  serverUrl: string,
  runName: string,
  dbs: TierDatabases,
  profileDir?: string,
): Promise<ProvinceAloneFigures> {
  const name = `${runName}_alone`;
  const url = await createDatabase(serverUrl, name);
  const db = connectDatabase<ProvinceTierDatabase>(url, { applicationName: 'dongbo-bench' });
  let stop = async () => {};
  try {
    await prepareTier('province', db, { provinceCode: PROVINCE_CODE });
    // The same schools in the same places of the province's tree as at the province under test.
    const schools = await dbs.province
      .selectFrom('org_units')
      .selectAll()
      .where('kind', '=', 'school')
      .execute();
    for (let start = 0; start < schools.length; start += 1000)
      await db
        .insertInto('org_units')
        .values(schools.slice(start, start + 1000))
        .onConflict((oc) => oc.doNothing())
        .execute();
    const sent = await dbs.school
      .selectFrom('outbox_batches as b')
      .innerJoin('outbox_items as i', 'i.batch_id', 'b.id')
      .select(['b.id', 'b.unit_key', 'b.seq', (eb) => eb.fn.countAll<number>().as('items')])
      .groupBy(['b.id', 'b.unit_key', 'b.seq'])
      .orderBy('b.seq')
      .execute();
    // Each school's batches, in the order it sent them.
    const batchesOf = Map.groupBy(sent, (b) => b.unit_key);
    const units = [...batchesOf.keys()];
    const credentials = new Map(
      (
        await issueCredentials(
          db,
          undefined,
          units.map((unitKey) => ({ unitKey, url: '' })),
        )
      ).map((c) => [c.unitKey, c]),
    );

    const province = await spawnTier({
      tier: 'province',
      port: await freePort(),
      databaseUrl: url,
      provinceCode: PROVINCE_CODE,
      // Required of a province; never reached, as it holds no credential to send with.
      upstream: 'http://127.0.0.1:9',
      profileDir,
    });
    stop = () => province.stop();
    await province.resetMeasures();
    const started = performance.now();
    await inParallel(units, SENDERS, async (unitKey) => {
      const batches = batchesOf.get(unitKey)!;
      // The bodies exactly as the school sent them (gzip-compressed JSON), read before the clock
      // of each batch starts: the sender's own work is not the province's.
      const bodies = await dbs.school
        .selectFrom('outbox_batches')
        .select(['id', 'body'])
        .where(
          'id',
          'in',
          batches.map((b) => b.id),
        )
        .execute();
      const bodyOf = new Map(bodies.map((b) => [b.id, b.body!]));
      const { clientId, secret } = credentials.get(unitKey)!;
      for (const batch of batches) {
        const outcome = await postBatch(
          { url: province.url, clientId, secret },
          batch.id,
          bodyOf.get(batch.id)!,
        );
        if (outcome.kind !== 'accepted')
          throw new Error(`province ingest alone: batch ${batch.id} not taken: ${JSON.stringify(outcome)}`);
      }
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      records: sent.reduce((sum, b) => sum + Number(b.items), 0),
      batches: sent.length,
      senders: SENDERS,
      seconds,
      batchLatencyMs: percentiles(province.batchLatencies),
      peakRssBytes: await province.peakRss(),
    };
  } finally {
    await stop();
    await db.destroy();
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}
