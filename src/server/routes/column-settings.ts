import { z } from 'zod';
import { accessDb, type TierContext } from '../context.ts';
import { userRequest } from '../services.ts';
import type { ZodApp } from '../zod-app.ts';

const listParams = z.object({ list: z.string().regex(/^[a-z][a-z-]{1,39}$/, 'Tên danh sách không hợp lệ.') });
const columnsSchema = z.object({ columns: z.array(z.string().min(1).max(60)).max(60).nullable() });

/** Each user's visible columns and their order, per list (the gear icon), kept on the server. */
export function registerColumnSettingsRoutes(app: ZodApp, context: TierContext): void {
  const tags = ['Cài đặt'];

  app.get(
    '/api/settings/columns/:list',
    {
      schema: {
        tags,
        summary: 'Các cột đang hiện của một danh sách (null: mặc định)',
        params: listParams,
        response: { 200: columnsSchema },
      },
    },
    async (request) => {
      const { caller } = userRequest(context, request);
      const row = await accessDb(context)
        .selectFrom('user_list_settings')
        .select('columns')
        .where('user_id', '=', caller.id)
        .where('list', '=', request.params.list)
        .executeTakeFirst();
      return { columns: (row?.columns as string[] | undefined) ?? null };
    },
  );

  app.put(
    '/api/settings/columns/:list',
    {
      schema: {
        tags,
        summary: 'Lưu các cột hiện và thứ tự của chúng (null: về mặc định)',
        params: listParams,
        body: columnsSchema,
        response: { 200: columnsSchema },
      },
    },
    async (request) => {
      const { caller } = userRequest(context, request);
      const { list } = request.params;
      const { columns } = request.body;
      if (columns === null) {
        await accessDb(context)
          .deleteFrom('user_list_settings')
          .where('user_id', '=', caller.id)
          .where('list', '=', list)
          .execute();
      } else {
        const value = JSON.stringify([...new Set(columns)]);
        await accessDb(context)
          .insertInto('user_list_settings')
          .values({ user_id: caller.id, list, columns: value })
          .onConflict((oc) =>
            oc.columns(['user_id', 'list']).doUpdateSet({ columns: value, updated_at: new Date() }),
          )
          .execute();
      }
      return { columns: columns === null ? null : [...new Set(columns)] };
    },
  );
}
