// GET /api/dashboard: the sync of every school in a unit (by default the caller's own).
import { z } from 'zod';
import { dashboardSchema } from '#domain/api/dashboard.ts';
import { type TierContext, upperTierDb } from '#server/context.ts';
import { uncheckedResponse } from '#server/unchecked-response.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { dashboardOf } from './service.ts';
import { unitOfRequest } from './unit-of-request.ts';

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
      return dashboardOf(db, unit, request.query.q);
    },
  );
}
