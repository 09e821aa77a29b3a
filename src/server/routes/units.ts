import { sql } from 'kysely';
import { z } from 'zod';
import { foldedNameContains } from '#db/like.ts';
import { unitInScope } from '../access/scope.ts';
import { requireUser } from '../auth/caller.ts';
import { type TierContext, upperTierDb } from '../context.ts';
import { findUnit } from '../units/units.ts';
import type { ZodApp } from '../zod-app.ts';

const unitSchema = z.object({
  key: z.string(),
  kind: z.string(),
  code: z.string(),
  name: z.string(),
  parentKey: z.string().nullable(),
});

export function registerUnitRoutes(app: ZodApp, context: TierContext): void {
  app.get(
    '/api/units',
    {
      schema: {
        tags: ['Đơn vị'],
        summary: 'Các đơn vị (tỉnh, xã, trường) trong phạm vi người dùng',
        querystring: z.object({
          kind: z.enum(['nation', 'province', 'commune', 'school']).optional(),
          parentKey: z.string().max(20).optional(),
          q: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(5000).default(500),
        }),
        response: { 200: z.array(unitSchema) },
      },
    },
    async (request) => {
      const caller = requireUser(request.caller);
      if (context.tier === 'school') {
        const unit = await findUnit(context, caller.unitKey);
        return unit
          ? [{ key: unit.key, kind: unit.kind, code: unit.code, name: unit.name, parentKey: null }]
          : [];
      }
      const { kind, parentKey, q, limit } = request.query;
      let query = upperTierDb(context)
        .selectFrom('org_units')
        .select(['key', 'kind', 'code', 'name', 'parent_key as parentKey'])
        .where(unitInScope(context.tier, caller, 'key'));
      if (kind) query = query.where('kind', '=', kind);
      if (parentKey) query = query.where('parent_key', '=', parentKey);
      if (q) query = query.where(foldedNameContains(sql`fold_for_search(name)`, q));
      return query.orderBy('path').limit(limit).execute();
    },
  );
}
