// The province's (and the ministry's) view of sync: for each school of the caller's subtree and
// each category, what is held, what waits, what failed and why, and when the school last synced;
// totals per unit below. Every figure is one grouped query over indexed columns.
import { sql } from 'kysely';
import { z } from 'zod';
import { containsPattern } from '#db/like.ts';
import { type Counts, dashboardSchema } from '#domain/api/dashboard.ts';
import { RECORD_KINDS } from '#domain/record-kinds.ts';
import { type TierContext, upperTierDb } from '#server/context.ts';
import { uncheckedResponse } from '#server/unchecked-response.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { unitOfRequest } from './unit-of-request.ts';

const zero = (): Counts => ({ held: 0, pending: 0, success: 0, failed: 0 });
const add = (into: Counts, from: Counts) => {
  for (const key of Object.keys(into) as (keyof Counts)[]) into[key] += from[key];
};

export function registerDashboardRoutes(app: ZodApp, context: TierContext): void {
  const db = upperTierDb(context);

  app.get(
    '/api/dashboard',
    {
      schema: {
        tags: ['Theo dõi đồng bộ'],
        summary: 'Tình hình đồng bộ của các trường trong một đơn vị (mặc định: đơn vị của người dùng)',
        querystring: z.object({ unitKey: z.string().max(20).optional(), q: z.string().max(100).optional() }),
        response: { 200: dashboardSchema },
      },
      // A row per school of the unit: thousands for a province.
      serializerCompiler: uncheckedResponse,
    },
    async (request) => {
      const unit = await unitOfRequest(context, request, request.query.unitKey);

      let schoolQuery = db
        .selectFrom('org_units')
        .select(['key', 'code', 'name', 'parent_key', 'path'])
        .where('kind', '=', 'school')
        .where('path', 'like', `${unit.path}%`);
      if (request.query.q) schoolQuery = schoolQuery.where('name', 'ilike', containsPattern(request.query.q));
      const schools = await schoolQuery.orderBy('path').execute();
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

      const rows = new Map(
        schools.map((s) => [
          s.code,
          {
            key: s.key,
            code: s.code,
            name: s.name,
            parentKey: s.parent_key,
            levelCode: null as string | null,
            totals: zero(),
            byKind: {} as Record<string, Counts>,
            topFailures: [] as { code: string; count: number }[],
            lastSuccessAt: null as string | null,
            lastActivityAt: null as string | null,
          },
        ]),
      );
      const latest = (a: string | null, b: Date | null) =>
        b && (!a || new Date(b).getTime() > Date.parse(a)) ? new Date(b).toISOString() : a;
      for (const figures of summary) {
        const row = rows.get(figures.school_code)!;
        const counts = {
          held: figures.held,
          pending: figures.pending,
          success: figures.success,
          failed: figures.failed,
        };
        row.byKind[figures.kind] = counts;
        add(row.totals, counts);
        row.lastSuccessAt = latest(row.lastSuccessAt, figures.last_success_at);
        row.lastActivityAt = latest(row.lastActivityAt, figures.last_activity_at);
      }
      for (const f of failures) {
        const row = rows.get(f.school_code)!;
        if (row.topFailures.length < 3) row.topFailures.push({ code: f.error_code ?? 'UNKNOWN', count: f.n });
      }
      for (const l of levels) rows.get(l.school_code)!.levelCode = l.level;

      // Totals per unit directly below (communes under a province, provinces under the nation).
      const children = await db
        .selectFrom('org_units')
        .select(['key', 'name', 'kind', 'path'])
        .where('parent_key', '=', unit.key)
        .where('kind', '!=', 'school')
        .orderBy('path')
        .execute();
      // A path lists the keys from the root, so the key after the unit's own path names the
      // child a school sits under: one pass over the schools, not one per child.
      const childTotals = new Map(
        children.map((child) => [
          child.key,
          { key: child.key, name: child.name, kind: child.kind, schools: 0, totals: zero() },
        ]),
      );
      for (const s of schools) {
        const child = childTotals.get(s.path.slice(unit.path.length).split('.', 1)[0]!);
        if (!child) continue;
        child.schools += 1;
        add(child.totals, rows.get(s.code)!.totals);
      }
      const totals = zero();
      for (const row of rows.values()) add(totals, row.totals);
      return {
        unit: { key: unit.key, name: unit.name, kind: unit.kind },
        totals: {
          ...totals,
          schools: schools.length,
          schoolsWithFailures: [...rows.values()].filter((r) => r.totals.failed > 0).length,
        },
        children: [...childTotals.values()].filter((c) => c.schools > 0),
        schools: [...rows.values()],
      };
    },
  );
}
