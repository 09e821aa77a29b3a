// A property of receiving (province and national tiers, real receiver, real database): whatever
// the order in which batches arrive, however often each is delivered again (the same batch id),
// concurrently or not, the tier ends up holding exactly what it holds when it receives the newest
// version of each record once. Histories mix several records, kinds, versions and tombstones.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordKind } from '#domain/record-kinds.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { addFixtureUnits, createCredential } from '../helpers/access.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { propertyRuns } from '../helpers/property.ts';
import { classData, staffData } from '../helpers/school-records.ts';
import { type Item, item, schoolPayload, sendBatch } from '../helpers/sync-batches.ts';

const SCHOOL_CODE = '7100001';
const SCHOOL_RECORD_ID = crypto.randomUUID();
const RUNS = propertyRuns(25);

/** One version of a record as the school sent it. */
interface Version {
  kind: RecordKind;
  item: Item;
}

interface Batch {
  batchId: string;
  kind: RecordKind;
  items: Item[];
}

/**
 * A record's history: versions 1..n, each a change or a tombstone. Staff and classes name no
 * other record, so whether an item is accepted never depends on what arrived before it.
 */
const history = fc
  .record({
    id: fc.uuid({ version: 4 }),
    kind: fc.constantFrom<RecordKind>('staff', 'class'),
    changes: fc.array(
      fc.record({ deleted: fc.boolean(), name: fc.constantFrom('An', 'Bình', 'Chi', 'Dũng', 'Giang') }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ id, kind, changes }) =>
    changes.map(({ deleted, name }, i): Version => {
      const payload =
        kind === 'staff'
          ? staffData({ fullName: `Trần Văn ${name}` })
          : classData({ name: `1${name}`, grade: String((i % 5) + 1) });
      return { kind, item: item(payload, { id, version: i + 1, deleted, schoolCode: SCHOOL_CODE }) };
    }),
  );

const MAX_BATCHES_PER_KIND = 4;
const MAX_EXTRA_DELIVERIES = 6;
const SLOTS = Array.from({ length: MAX_BATCHES_PER_KIND }, (_, i) => i);

/**
 * Every version goes in one of up to four batches of its kind, so a batch may hold several
 * records, and the versions of one record travel in different batches (a batch names a record
 * at most once); each batch is delivered once, some again, and all deliveries are shuffled.
 */
const scenario = fc
  .uniqueArray(history, { minLength: 1, maxLength: 4, selector: (versions) => versions[0]!.item.id })
  .chain((histories) => {
    const count = histories.flat().length;
    return fc.record({
      histories: fc.constant(histories),
      batchIds: fc.uniqueArray(fc.uuid({ version: 4 }), {
        minLength: 2 * MAX_BATCHES_PER_KIND,
        maxLength: 2 * MAX_BATCHES_PER_KIND,
      }),
      slots: fc.tuple(
        ...histories.map((versions) =>
          fc.shuffledSubarray(SLOTS, { minLength: versions.length, maxLength: versions.length }),
        ),
      ),
      extraDeliveries: fc.array(fc.nat(), { maxLength: MAX_EXTRA_DELIVERIES }),
      sortKeys: fc.array(fc.nat(), {
        minLength: count + MAX_EXTRA_DELIVERIES,
        maxLength: count + MAX_EXTRA_DELIVERIES,
      }),
      concurrency: fc.integer({ min: 1, max: 3 }),
      conflictingReplay: fc.boolean(),
    });
  })
  .map(({ histories, batchIds, slots, extraDeliveries, sortKeys, concurrency, conflictingReplay }) => {
    const groups = new Map<number, Batch>();
    histories.forEach((versions, h) => {
      versions.forEach((version, v) => {
        const slot = (version.kind === 'staff' ? 0 : MAX_BATCHES_PER_KIND) + slots[h]![v]!;
        if (!groups.has(slot)) groups.set(slot, { batchId: batchIds[slot]!, kind: version.kind, items: [] });
        groups.get(slot)!.items.push(version.item);
      });
    });
    const batches = [...groups.values()];
    const schedule = [...batches, ...extraDeliveries.map((n) => batches[n % batches.length]!)]
      .map((batch, i) => ({ batch, key: sortKeys[i]! }))
      .sort((a, b) => a.key - b.key)
      .map(({ batch }) => batch);
    return { histories, schedule, concurrency, conflictingReplay };
  });

describe.each(['province', 'national'] as const)('receiving at the %s tier converges', (tier) => {
  let database: TestDatabase<typeof tier>;
  let app: ZodApp;
  let credential: { clientId: string; secret: string };

  beforeAll(async () => {
    database = await createTestDatabase(tier);
    await addFixtureUnits(tier, database.db);
    app = await buildTestApp(tier, database.db);
    credential = await createCredential(database.db, tier === 'province' ? `S${SCHOOL_CODE}` : 'P40');
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  async function deliver(batch: Batch) {
    // A province names each item's school; a school is implied by its credential.
    const items = tier === 'national' ? batch.items : batch.items.map(({ schoolCode: _, ...rest }) => rest);
    return sendBatch(app, credential, { ...batch, items });
  }

  /** Starts from nothing but the school's own record, which every other record needs. */
  async function reset() {
    // DELETE, not TRUNCATE: the tables hold a few rows, and the national registry has a partition per province.
    const tables = ['sync_items', 'sync_batches', 'sync_records', 'school_sync_summary'];
    // What the province accepted waits in its outbox for the national tier.
    if (tier === 'province') tables.push('outbox_items', 'outbox_batches');
    for (const table of tables) await sql`DELETE FROM ${sql.table(table)}`.execute(database.db);
    const school = item(schoolPayload(SCHOOL_CODE), { id: SCHOOL_RECORD_ID, schoolCode: SCHOOL_CODE });
    const response = await deliver({ batchId: crypto.randomUUID(), kind: 'school', items: [school] });
    expect(response.statusCode, response.body).toBe(202);
  }

  /** What the tier holds of each record; national identifiers differ between runs, so only whether one is given. */
  async function held() {
    const { rows } = await sql<Record<string, unknown>>`
      SELECT id, kind, school_code, version, deleted, hash, payload, national_id IS NOT NULL AS identified
      FROM sync_records WHERE kind <> 'school' ORDER BY id`.execute(database.db);
    return rows;
  }

  /** Each record's status is its newest item's: exactly one item per record is marked latest. */
  async function latestItems() {
    const { rows } = await sql<{ record_id: string; version: number; latest: number }>`
      SELECT record_id, max(version) FILTER (WHERE latest) AS version, count(*) FILTER (WHERE latest)::int AS latest
      FROM sync_items WHERE record_id <> ${SCHOOL_RECORD_ID} GROUP BY record_id ORDER BY record_id`.execute(
      database.db,
    );
    return rows;
  }

  /** The dashboard's running totals, and the same figures counted afresh from the rows. */
  async function summaryAndRecount() {
    const kept = await sql<Record<string, unknown>>`
      SELECT school_code, kind, held, pending, success, failed FROM school_sync_summary
      WHERE held <> 0 OR pending <> 0 OR success <> 0 OR failed <> 0 ORDER BY 1, 2`.execute(database.db);
    const recounted = await sql<Record<string, unknown>>`
      SELECT coalesce(r.school_code, i.school_code) AS school_code, coalesce(r.kind, i.kind) AS kind,
        coalesce(r.held, 0) AS held, coalesce(i.pending, 0) AS pending, coalesce(i.success, 0) AS success,
        coalesce(i.failed, 0) AS failed
      FROM (SELECT school_code, kind, count(*)::int AS held FROM sync_records WHERE NOT deleted GROUP BY 1, 2) r
      FULL JOIN (
        SELECT i.school_code, b.kind, count(*) FILTER (WHERE i.status = 'pending')::int AS pending,
          count(*) FILTER (WHERE i.status = 'success')::int AS success,
          count(*) FILTER (WHERE i.status = 'failed')::int AS failed
        FROM sync_items i JOIN sync_batches b ON b.id = i.batch_id WHERE i.latest GROUP BY 1, 2
      ) i ON i.school_code = r.school_code AND i.kind = r.kind
      ORDER BY 1, 2`.execute(database.db);
    return { kept: kept.rows, recounted: recounted.rows };
  }

  /** Delivers the schedule `concurrency` batches at a time; a batch still being taken (409) is sent again. */
  async function deliverAll(schedule: Batch[], concurrency: number) {
    for (let start = 0; start < schedule.length; start += concurrency) {
      await Promise.all(
        schedule.slice(start, start + concurrency).map(async (batch) => {
          let response = await deliver(batch);
          for (let retry = 0; response.statusCode === 409 && retry < 100; retry++) {
            await new Promise((resolve) => setTimeout(resolve, 10));
            response = await deliver(batch);
          }
          expect(response.statusCode, response.body).toBe(202);
        }),
      );
    }
  }

  it(`holds the newest version of every record, in ${RUNS} random schedules`, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ histories, schedule, concurrency, conflictingReplay }) => {
        const newest = histories.map((versions) => versions.at(-1)!);

        await reset();
        await deliverAll(schedule, concurrency);
        if (conflictingReplay) {
          // The same batch id with another body is refused and changes nothing.
          const first = schedule[0]!;
          const other = { ...first, items: first.items.map((i) => ({ ...i, version: i.version + 10 })) };
          const refused = await deliver(other);
          expect(refused.statusCode).toBe(422);
          expect(refused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
        }
        const afterSchedule = await held();
        const latestAfterSchedule = await latestItems();
        // The dashboard's running totals match the rows they count, whatever the schedule.
        const { kept, recounted } = await summaryAndRecount();
        expect(kept).toEqual(recounted);

        await reset();
        for (const kind of ['staff', 'class'] as const) {
          const items = newest.filter((v) => v.kind === kind).map((v) => v.item);
          if (items.length > 0) await deliverAll([{ batchId: crypto.randomUUID(), kind, items }], 1);
        }
        expect(afterSchedule).toEqual(await held());

        // And that is the newest version of each record, as the school sent it.
        expect(afterSchedule.map((r) => [r.id, r.version, r.deleted, r.hash])).toEqual(
          newest
            .map(({ item }) => [item.id, item.version, item.deleted, item.hash])
            .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
        );
        expect(latestAfterSchedule).toEqual(
          newest
            .map(({ item }) => ({ record_id: item.id, version: item.version, latest: 1 }))
            .sort((a, b) => a.record_id.localeCompare(b.record_id)),
        );
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
