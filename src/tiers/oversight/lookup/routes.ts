// GET /api/registry/lookup (Tra cứu): personal data, so every look-up is audited.
import { writeAudit } from '#server/audit.ts';
import { type TierContext, upperTierDb } from '#server/context.ts';
import { userRequest } from '#server/services.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { lookupAnswer, lookupQuery } from './schemas.ts';
import { lookUp } from './service.ts';

export function registerLookupRoutes(app: ZodApp, context: TierContext): void {
  const db = upperTierDb(context);
  app.get(
    '/api/registry/lookup',
    {
      schema: {
        tags: ['Tra cứu'],
        summary:
          'Tra cứu học sinh hoặc cán bộ theo số định danh cá nhân hoặc mã định danh: một người, các trường đã giữ hồ sơ',
        querystring: lookupQuery,
        response: { 200: lookupAnswer },
      },
    },
    async (request) => {
      const { caller } = userRequest(context, request);
      const persons = await lookUp(db, context.tier, caller, request.query.q);
      await writeAudit(context.db, request, {
        action: 'personal_data.read',
        targetKind: 'lookup',
        details: { query: request.query.q, found: persons.reduce((n, p) => n + p.enrolments.length, 0) },
      });
      return { persons };
    },
  );
}
