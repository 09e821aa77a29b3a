// Báo cáo EMIS for officers: the figures of their unit (or a unit below it) for a period, as JSON
// for the screen and as the workbook they hand on.
import { z } from 'zod';
import { periodKeySchema } from '#domain/api/periods.ts';
import { emisReportSchema } from '#domain/api/reports.ts';
import { provinceDb, type TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { unitOfRequest } from '../../oversight/dashboard/unit-of-request.ts';
import { emisReport } from './service.ts';
import { emisWorkbook } from './workbook.ts';

const tags = ['Báo cáo'];
const query = periodKeySchema.extend({ unitKey: z.string().max(40).optional() });

export function registerReportRoutes(app: ZodApp, context: TierContext): void {
  const db = provinceDb(context);

  app.get(
    '/api/reports/emis',
    {
      schema: {
        tags,
        summary: 'Báo cáo EMIS của đơn vị cho một kỳ báo cáo (chỉ tính số liệu đã duyệt)',
        querystring: query,
        response: { 200: emisReportSchema },
      },
    },
    async (request) => {
      const { unitKey, ...key } = request.query;
      return emisReport(db, await unitOfRequest(context, request, unitKey), key);
    },
  );

  app.get(
    '/api/reports/emis.xlsx',
    {
      schema: {
        tags,
        summary: 'Báo cáo EMIS ra tệp Excel: mỗi bảng một trang, ghi kỳ báo cáo và số trường đã duyệt',
        querystring: query,
      },
    },
    async (request, reply) => {
      const { unitKey, ...key } = request.query;
      const report = await emisReport(db, await unitOfRequest(context, request, unitKey), key);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="bao-cao-${key.period.toLowerCase()}-${key.schoolYear}.xlsx"`,
        )
        .send(await emisWorkbook(report));
    },
  );
}
