// GET /api/dashboard/statistics: the figures behind the dashboard's charts.
import { z } from 'zod';
import { type TierContext, upperTierDb } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { unitOfRequest } from '../dashboard/unit-of-request.ts';
import { statisticsSchema } from './schemas.ts';
import { statisticsOf } from './service.ts';

export function registerStatisticsRoutes(app: ZodApp, context: TierContext): void {
  const db = upperTierDb(context);

  app.get(
    '/api/dashboard/statistics',
    {
      schema: {
        tags: ['Theo dõi đồng bộ'],
        summary:
          'Số liệu cho biểu đồ: tiến độ đồng bộ theo ngày, lỗi theo mã, học sinh theo khối, giới tính, dân tộc',
        querystring: z.object({ unitKey: z.string().max(20).optional() }),
        response: { 200: statisticsSchema },
      },
    },
    async (request) => statisticsOf(db, await unitOfRequest(context, request, request.query.unitKey)),
  );
}
