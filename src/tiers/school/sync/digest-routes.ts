import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { digestOf } from '#sync/digest.ts';
import { digestQuery, digestSchema } from '#sync/digest-routes.ts';
import { schoolRequest } from '../school-of-caller.ts';
import { schoolPairs } from './digest.ts';

/** GET /api/sync/digest: what the school holds as accepted upstream, to compare with the tiers above. */
export function registerSchoolDigestRoutes(app: ZodApp, context: TierContext): void {
  app.get(
    '/api/sync/digest',
    {
      schema: {
        tags: ['Đồng bộ'],
        summary: 'Tóm tắt bản ghi của trường theo hạng mục',
        querystring: digestQuery,
        response: { 200: digestSchema },
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      return digestOf(await schoolPairs(context.db, school.id, request.query.kind), request.query.records);
    },
  );
}
