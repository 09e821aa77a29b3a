// A receiving tier's ingest alone (DESIGN §7): a province or national process on a fresh
// database of its own, nothing else syncing on the machine, taking the very batches its senders
// sent in the initial sync — the schools' to the province, the province's to the national tier.
// The province's batches are received, validated, stored and queued for the national tier, which
// here is never reached (it holds no credential towards it, so what it queues stays queued); the
// national tier's are received, validated, matched to persons and given national identifiers.

import { prepareTier } from '#app/prepare.ts';
import { connectDatabase } from '#db/connection.ts';
import type { ProvinceTierDatabase } from '#db/schema.ts';
import type { TierName } from '#domain/tiers.ts';
import { postBatch } from '#sync/send/client.ts';
import { adminQuery, createDatabase, freePort, spawnTier, type TierDatabases } from './cluster.ts';
import { inParallel, issueCredentials, PROVINCE_CODE } from './province.ts';
import { type Percentiles, percentiles } from './stats.ts';

/** As many units sending at once as a tier's sender drains side by side. */
const SENDERS = 4;

export interface IngestAloneFigures {
  records: number;
  batches: number;
  senders: number;
  seconds: number;
  batchLatencyMs: Percentiles;
  peakRssBytes?: number;
}

export async function ingestAlone(
  tier: Exclude<TierName, 'school'>,
  serverUrl: string,
  runName: string,
  dbs: TierDatabases,
  profileDir?: string,
): Promise<IngestAloneFigures> {
  const name = `${runName}_${tier}_alone`;
  const url = await createDatabase(serverUrl, name);
  // Both upper tiers share the tables used here (org units, credentials); typed as the province's.
  const db = connectDatabase<ProvinceTierDatabase>(url, { applicationName: 'dongbo-bench' });
  // Who sent what the tier under test took in the whole sync.
  const sender = (tier === 'province' ? dbs.school : dbs.province) as TierDatabases['province'];
  let stop = async () => {};
  try {
    await prepareTier(tier, db, { provinceCode: PROVINCE_CODE });
    // The same schools in the same places of the tree as at the tier under test.
    const schools = await (dbs[tier] as TierDatabases['province'])
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
    const sent = await sender
      .selectFrom('outbox_batches as b')
      .innerJoin('outbox_items as i', 'i.batch_id', 'b.id')
      .select(['b.id', 'b.unit_key', 'b.seq', (eb) => eb.fn.countAll<number>().as('items')])
      .groupBy(['b.id', 'b.unit_key', 'b.seq'])
      .orderBy('b.seq')
      .execute();
    // Each sending unit's batches, in the order it sent them.
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

    const receiver = await spawnTier({
      tier,
      port: await freePort(),
      databaseUrl: url,
      provinceCode: PROVINCE_CODE,
      // Required of a province; never reached, as it holds no credential to send with.
      upstream: tier === 'province' ? 'http://127.0.0.1:9' : undefined,
      profileDir,
    });
    stop = () => receiver.stop();
    await receiver.resetMeasures();
    const started = performance.now();
    await inParallel(units, SENDERS, async (unitKey) => {
      const batches = batchesOf.get(unitKey)!;
      // The bodies exactly as they were sent (gzip-compressed JSON), read before the clock of
      // each batch starts: the sender's own work is not the receiver's.
      const bodies = await sender
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
          { url: receiver.url, clientId, secret },
          batch.id,
          bodyOf.get(batch.id)!,
        );
        if (outcome.kind !== 'accepted')
          throw new Error(`${tier} ingest alone: batch ${batch.id} not taken: ${JSON.stringify(outcome)}`);
      }
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      records: sent.reduce((sum, b) => sum + Number(b.items), 0),
      batches: sent.length,
      senders: Math.min(SENDERS, units.length),
      seconds,
      batchLatencyMs: percentiles(receiver.batchLatencies),
      peakRssBytes: await receiver.peakRss(),
    };
  } finally {
    await stop();
    await db.destroy();
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}
