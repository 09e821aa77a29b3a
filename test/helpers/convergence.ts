// Whether the three tiers agree once the sync has finished: every acknowledged record upstream
// exactly once at its newest version, no record or identifier twice, the per-school digests of
// every category equal at school, province and national tier, nothing left in a queue.
import { type Kysely, sql } from 'kysely';
import { readMeta } from '#db/meta.ts';
import type { NationalTierDatabase, ProvinceTierDatabase, SchoolTierDatabase } from '#db/schema.ts';
import { DEPENDENCY_ORDER } from '#domain/record-kinds.ts';
import { digestOf, upstreamPairs } from '#sync/digest.ts';
import { schoolPairs } from '#tiers/school/sync/digest.ts';
import { RECORD_TABLE } from '#tiers/school/sync/tables.ts';
import type { Acknowledged } from './school-clerk.ts';

export interface TierDatabases {
  school: Kysely<SchoolTierDatabase>;
  province: Kysely<ProvinceTierDatabase>;
  national: Kysely<NationalTierDatabase>;
}

type Upper = 'province' | 'national';
const UPPER: Upper[] = ['province', 'national'];

/** Nothing in flight: every batch sent and decided, every record's decision relayed back. */
export async function syncSettled(dbs: TierDatabases): Promise<boolean> {
  return (await inFlight(dbs)).length === 0;
}

async function inFlight(dbs: TierDatabases): Promise<string[]> {
  const found: string[] = [];
  for (const [tier, db] of [
    ['school', dbs.school],
    ['province', dbs.province],
  ] as const) {
    const { n } = await (db as Kysely<ProvinceTierDatabase>)
      .selectFrom('outbox_batches')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['queued', 'sent'])
      .executeTakeFirstOrThrow();
    if (n > 0) found.push(`${tier}: ${n} outbox batches not yet decided upstream`);
  }
  for (const tier of UPPER) {
    const { n } = await (dbs[tier] as Kysely<ProvinceTierDatabase>)
      .selectFrom('sync_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    if (n > 0) found.push(`${tier}: ${n} received items still pending`);
  }
  for (const kind of DEPENDENCY_ORDER) {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ${sql.table(RECORD_TABLE[kind])} WHERE sync_state = 'pending'`.execute(
      dbs.school,
    );
    if (rows[0]!.n > 0) found.push(`school: ${rows[0]!.n} ${kind} records pending`);
  }
  return found;
}

export interface Convergence {
  /** Acknowledged records checked. */
  acknowledged: number;
  /** Acknowledged records missing upstream, or held there at another version than the school's newest. */
  lost: string[];
  /** Records or national identifiers held twice. */
  duplicated: string[];
  /** Categories whose digests differ between tiers, records not decided Thành công, identifiers that differ. */
  disagreements: string[];
  /** Work left in a queue. */
  undrained: string[];
}

export const converged = (c: Convergence) =>
  c.lost.length + c.duplicated.length + c.disagreements.length + c.undrained.length === 0;

export async function checkConvergence(
  dbs: TierDatabases,
  schoolCode: string,
  acknowledged: Map<string, Acknowledged>,
): Promise<Convergence> {
  return {
    acknowledged: acknowledged.size,
    lost: await lostRecords(dbs, acknowledged),
    duplicated: await duplicates(dbs),
    disagreements: await disagreements(dbs, schoolCode),
    undrained: await inFlight(dbs),
  };
}

interface Held {
  id: string;
  version: number;
  deleted: boolean;
}

async function lostRecords(dbs: TierDatabases, acknowledged: Map<string, Acknowledged>): Promise<string[]> {
  const lost: string[] = [];
  for (const kind of DEPENDENCY_ORDER) {
    const ids = [...acknowledged].filter(([, a]) => a.kind === kind).map(([id]) => id);
    if (ids.length === 0) continue;
    const { rows } = await sql<Held>`
      SELECT id::text, version, deleted FROM ${sql.table(RECORD_TABLE[kind])} WHERE id = ANY(${ids}::uuid[])`.execute(
      dbs.school,
    );
    const atSchool = new Map(rows.map((r) => [r.id, r]));
    const upstream = new Map<Upper, Map<string, Held>>();
    for (const tier of UPPER) {
      const held = await (dbs[tier] as Kysely<ProvinceTierDatabase>)
        .selectFrom('sync_records')
        .select(['id', 'version', 'deleted'])
        .where('id', 'in', ids)
        .execute();
      upstream.set(tier, new Map(held.map((r) => [r.id, r])));
    }
    for (const id of ids) {
      const ack = acknowledged.get(id)!;
      const school = atSchool.get(id);
      if (!school || school.version < ack.version || (ack.deleted && !school.deleted)) {
        lost.push(`${kind} ${id}: acknowledged v${ack.version}, the school holds ${describe(school)}`);
        continue;
      }
      for (const tier of UPPER) {
        const there = upstream.get(tier)!.get(id);
        if (there?.version !== school.version || there.deleted !== school.deleted)
          lost.push(`${kind} ${id}: the school holds ${describe(school)}, ${tier} ${describe(there)}`);
      }
    }
  }
  return lost;
}

const describe = (held: Held | undefined) =>
  held ? `v${held.version}${held.deleted ? ' (deleted)' : ''}` : 'nothing';

async function duplicates(dbs: TierDatabases): Promise<string[]> {
  const found: string[] = [];
  for (const tier of UPPER) {
    const db = dbs[tier] as Kysely<ProvinceTierDatabase>;
    const { rows: records } = await sql<{ id: string; n: number }>`
      SELECT id::text, count(*)::int AS n FROM sync_records GROUP BY id HAVING count(*) > 1`.execute(db);
    for (const r of records) found.push(`${tier}: record ${r.id} held ${r.n} times`);
    // Each record's status is that of exactly one item, its newest.
    const { rows: items } = await sql<{ id: string; n: number }>`
      SELECT record_id::text AS id, count(*)::int AS n FROM sync_items WHERE latest
      GROUP BY record_id HAVING count(*) > 1`.execute(db);
    for (const r of items) found.push(`${tier}: record ${r.id} has ${r.n} current sync items`);
    // Within one school, a national identifier names one record.
    const { rows: identifiers } = await sql<{ nationalId: string; n: number }>`
      SELECT national_id AS "nationalId", count(*)::int AS n FROM sync_records WHERE national_id IS NOT NULL
      GROUP BY national_id, school_code HAVING count(*) > 1`.execute(db);
    for (const r of identifiers) found.push(`${tier}: identifier ${r.nationalId} given to ${r.n} records`);
  }
  return found;
}

async function disagreements(dbs: TierDatabases, schoolCode: string): Promise<string[]> {
  const found: string[] = [];
  const school = await dbs.school
    .selectFrom('schools')
    .select('id')
    .where('code', '=', schoolCode)
    .executeTakeFirstOrThrow();
  const provinceCode = (await readMeta<string>(dbs.province, 'province_code'))!;
  for (const kind of DEPENDENCY_ORDER) {
    const table = RECORD_TABLE[kind];
    const { rows: states } = await sql<{ state: string; n: number }>`
      SELECT sync_state AS state, count(*)::int AS n FROM ${sql.table(table)}
      WHERE ${sql.ref(table === 'schools' ? 'id' : 'school_id')} = ${school.id} AND sync_state <> 'success'
      GROUP BY sync_state`.execute(dbs.school);
    for (const s of states) found.push(`school: ${s.n} ${kind} records ${s.state}, not Thành công`);
    const digests = {
      school: digestOf(await schoolPairs(dbs.school, school.id, kind), false),
      province: digestOf(await upstreamPairs(dbs.province, provinceCode, schoolCode, kind), false),
      national: digestOf(await upstreamPairs(dbs.national, provinceCode, schoolCode, kind), false),
    };
    if (digests.province.hash !== digests.school.hash || digests.national.hash !== digests.school.hash) {
      const counts = Object.entries(digests).map(([tier, d]) => `${tier} ${d.count}`);
      found.push(`${kind}: digests differ (records: ${counts.join(', ')})`);
    }
  }
  // The identifier the school shows is the one the national registry holds.
  for (const kind of ['class', 'staff', 'student'] as const) {
    const mine = await sql<{ id: string; nationalId: string }>`
      SELECT id::text, national_id AS "nationalId" FROM ${sql.table(RECORD_TABLE[kind])}
      WHERE national_id IS NOT NULL`.execute(dbs.school);
    const registry = new Map(
      (
        await dbs.national
          .selectFrom('sync_records')
          .select(['id', 'national_id'])
          .where('kind', '=', kind)
          .execute()
      ).map((r) => [r.id, r.national_id]),
    );
    const differ = mine.rows.filter((r) => registry.get(r.id) !== r.nationalId).length;
    if (differ > 0)
      found.push(`${kind}: ${differ} records show another identifier than the national registry`);
  }
  return found;
}
