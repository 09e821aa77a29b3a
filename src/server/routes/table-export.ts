// "Xuất Excel" for any table a screen shows (the dashboard's units and schools, a school's
// records and failures): the browser sends the rows it shows and gets them back as .xlsx. It
// reads nothing from the database, so it gives no one anything they do not already see.
import { z } from 'zod';
import { writeWorkbook } from '#excel/write.ts';
import type { ZodApp } from '../zod-app.ts';

const MAX_ROWS = 10_000;
const cell = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);

export function registerTableExportRoutes(app: ZodApp): void {
  app.post(
    '/api/export/table.xlsx',
    {
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags: ['Xuất Excel'],
        summary: 'Xuất một bảng đang xem ra tệp Excel',
        body: z.object({
          title: z.string().trim().min(1).max(200),
          columns: z
            .array(z.object({ key: z.string().max(100), header: z.string().max(200) }))
            .min(1)
            .max(100),
          rows: z.array(z.record(z.string(), cell)).max(MAX_ROWS),
        }),
      },
    },
    async (request, reply) => {
      const { title, columns, rows } = request.body;
      const file = await writeWorkbook([{ name: title.slice(0, 31), title, columns, rows }]);
      const filename = `${title
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/đ/g, 'd')
        .replace(/Đ/g, 'D')
        .replace(/[^A-Za-z0-9]+/g, '-')}.xlsx`;
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(file);
    },
  );
}
