// The province's (and the ministry's) view of sync: for each school of a unit's subtree and each
// category, what is held, what waits, what failed and why, and when the school last synced;
// totals per unit below. Every figure is one grouped query over indexed columns.
import { type Kysely, sql } from 'kysely';
import { foldedNameContains } from '#db/like.ts';
import type { UpperTierTables } from '#db/schema.ts';
import type { Counts, Dashboard, SchoolRow } from '#domain/api/dashboard.ts';
import type { Unit } from '#server/units/units.ts';

type Db = Kysely<UpperTierTables>;

const zero = (): Counts => ({ held: 0, pending: 0, success: 0, failed: 0 });
const add = (into: Counts, from: Counts) => {
  for (const key of Object.keys(into) as (keyof Counts)[]) into[key] += from[key];
};
const latest = (a: string | null, b: Date | null) =>
  b && (!a || new Date(b).getTime() > Date.parse(a)) ? new Date(b).toISOString() : a;

export async function dashboardOf(db: Db, unit: Unit, q?: string): Promise<Dashboard> {
  let schoolQuery = db
    .selectFrom('org_units')
    .select(['key', 'code', 'name', 'parent_key', 'path'])
    .where('kind', '=', 'school')
    .where('path', 'like', `${unit.path}%`);
  // The unit's schools are found by their path; their names are folded as they are read.
  if (q) schoolQuery = schoolQuery.where(foldedNameContains(sql`fold_for_search(name)`, q));
  const schools = await schoolQuery.orderBy('path').execute();
  const rows = await schoolRows(db, schools);
  const totals = zero();
  for (const row of rows.values()) add(totals, row.totals);
  return {
    unit: { key: unit.key, name: unit.name, kind: unit.kind },
    totals: {
      ...totals,
      schools: schools.length,
      schoolsWithFailures: [...rows.values()].filter((r) => r.totals.failed > 0).length,
    },
    children: await childTotals(db, unit, schools, rows),
    schools: [...rows.values()],
  };
}

/** Each school's figures by category, its three commonest failures and its level, by code. */
async function schoolRows(
  db: Db,
  schools: { key: string; code: string; name: string; parent_key: string | null }[],
): Promise<Map<string, SchoolRow>> {
  const codes = schools.map((s) => s.code);
  // Held, pending, success and failed per school and category come from the running totals
  // kept with every batch (src/sync/receive/summary.ts): one row per school and category.
  const [summary, failures, levels] = codes.length
    ? await Promise.all([
        // Arrays, not IN lists: one parameter whatever the number of schools.
        db
          .selectFrom('school_sync_summary')
          .selectAll()
          .where(sql<boolean>`school_code = ANY(${codes})`)
          .execute(),
        sql<{ school_code: string; error_code: string; n: number }>`
          SELECT school_code, error_code, count(*)::int AS n FROM sync_items
          WHERE latest AND status = 'failed' AND school_code = ANY(${codes}) GROUP BY 1, 2 ORDER BY 3 DESC`
          .execute(db)
          .then((r) => r.rows),
        sql<{ school_code: string; level: string | null }>`
          SELECT school_code, payload->>'levelCode' AS level FROM sync_records
          WHERE kind = 'school' AND NOT deleted AND school_code = ANY(${codes})`
          .execute(db)
          .then((r) => r.rows),
      ])
    : [[], [], []];
  const rows = new Map<string, SchoolRow>(
    schools.map((s) => [
      s.code,
      {
        key: s.key,
        code: s.code,
        name: s.name,
        parentKey: s.parent_key,
        levelCode: null,
        totals: zero(),
        byKind: {},
        topFailures: [],
        lastSuccessAt: null,
        lastActivityAt: null,
      },
    ]),
  );
  for (const figures of summary) {
    const row = rows.get(figures.school_code)!;
    const counts = {
      held: figures.held,
      pending: figures.pending,
      success: figures.success,
      failed: figures.failed,
    };
    row.byKind[figures.kind as keyof SchoolRow['byKind']] = counts;
    add(row.totals, counts);
    row.lastSuccessAt = latest(row.lastSuccessAt, figures.last_success_at);
    row.lastActivityAt = latest(row.lastActivityAt, figures.last_activity_at);
  }
  for (const f of failures) {
    const row = rows.get(f.school_code)!;
    if (row.topFailures.length < 3) row.topFailures.push({ code: f.error_code ?? 'UNKNOWN', count: f.n });
  }
  for (const l of levels) rows.get(l.school_code)!.levelCode = l.level;
  return rows;
}

/** Totals per unit directly below (communes under a province, provinces under the nation). */
async function childTotals(
  db: Db,
  unit: Unit,
  schools: { code: string; path: string }[],
  rows: Map<string, SchoolRow>,
): Promise<Dashboard['children']> {
  const children = await db
    .selectFrom('org_units')
    .select(['key', 'name', 'kind', 'path'])
    .where('parent_key', '=', unit.key)
    .where('kind', '!=', 'school')
    .orderBy('path')
    .execute();
  // A path lists the keys from the root, so the key after the unit's own path names the
  // child a school sits under: one pass over the schools, not one per child.
  const totals = new Map(
    children.map((child) => [
      child.key,
      { key: child.key, name: child.name, kind: child.kind, schools: 0, totals: zero() },
    ]),
  );
  for (const s of schools) {
    const child = totals.get(s.path.slice(unit.path.length).split('.', 1)[0]!);
    if (!child) continue;
    child.schools += 1;
    add(child.totals, rows.get(s.code)!.totals);
  }
  return [...totals.values()].filter((c) => c.schools > 0);
}
