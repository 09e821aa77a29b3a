import { z } from 'zod';
import { isoDate } from '#domain/entities/common.ts';
import { unitInScope } from '../access/scope.ts';
import { requireUser } from '../auth/caller.ts';
import { accessDb, type TierContext } from '../context.ts';
import type { ZodApp } from '../zod-app.ts';
import { namesOfTargets } from './audit-targets.ts';

const entrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actorKind: z.string(),
  actorName: z.string().nullable(),
  unitKey: z.string().nullable(),
  action: z.string(),
  targetKind: z.string().nullable(),
  targetId: z.string().nullable(),
  /** What the target is called (a pupil's or a class's name, an account), where this tier knows it. */
  targetName: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

export function registerAuditRoutes(app: ZodApp, context: TierContext): void {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['Nhật ký'],
        summary: 'Nhật ký truy cập và thay đổi trong phạm vi đơn vị',
        querystring: z.object({
          actor: z.string().max(100).optional().describe('tên đăng nhập hoặc client id'),
          action: z
            .string()
            .max(100)
            .optional()
            .describe('ví dụ auth.login, account.created; "auth." lọc theo nhóm'),
          from: isoDate.optional(),
          to: isoDate.optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(entrySchema), page: z.number(), pageSize: z.number() }) },
      },
    },
    async (request) => {
      const caller = requireUser(request.caller);
      const { actor, action, from, to, page, pageSize } = request.query;
      let query = accessDb(context)
        .selectFrom('audit_log')
        .selectAll()
        .where(unitInScope(context.tier, caller, 'unit_key'));
      if (actor) query = query.where('actor_name', '=', actor);
      if (action)
        query = action.endsWith('.')
          ? query.where('action', 'like', `${action}%`)
          : query.where('action', '=', action);
      if (from) query = query.where('at', '>=', new Date(`${from}T00:00:00+07:00`));
      if (to)
        query = query.where('at', '<', new Date(new Date(`${to}T00:00:00+07:00`).getTime() + 86_400_000));
      const rows = await query
        .orderBy('id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute();
      const names = await namesOfTargets(
        context,
        rows.map((row) => ({ kind: row.target_kind, id: row.target_id })),
      );
      return {
        page,
        pageSize,
        items: rows.map((row: Record<string, unknown>) => ({
          id: Number(row.id),
          at: new Date(row.at as string).toISOString(),
          actorKind: row.actor_kind as string,
          actorName: row.actor_name as string | null,
          unitKey: row.unit_key as string | null,
          action: row.action as string,
          targetKind: row.target_kind as string | null,
          targetId: row.target_id as string | null,
          targetName: names.get(`${row.target_kind}:${row.target_id}`) ?? null,
          ip: row.ip as string | null,
          details: row.details as Record<string, unknown>,
        })),
      };
    },
  );
}
