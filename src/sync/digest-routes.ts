import { z } from 'zod';
import { readMeta } from '#db/meta.ts';
import { AppError } from '#domain/errors.ts';
import { RECORD_KINDS } from '#domain/record-kinds.ts';
import { requireMachine } from '#server/auth/caller.ts';
import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { digestOf, upstreamPairs } from './digest.ts';

/** The answer of every digest route, the school's own included. */
export const digestSchema = z.object({
  count: z.number(),
  hash: z.string(),
  records: z.array(z.object({ id: z.string(), version: z.number() })).optional(),
});

export const digestQuery = z.object({
  kind: z.enum(RECORD_KINDS),
  schoolCode: z.string().max(20).optional().describe('bắt buộc khi CSDL Tỉnh hỏi CSDL Quốc gia'),
  records: z.coerce.boolean().default(false).describe('kèm danh sách (id, version)'),
});

/** GET /api/sync/v1/digest at a receiving tier: what it holds of one school's category, for the asking unit. */
export function registerDigestRoutes(app: ZodApp, context: TierContext): void {
  app.get(
    '/api/sync/v1/digest',
    {
      schema: {
        tags: ['Đồng bộ'],
        summary: 'Tóm tắt những gì tầng này giữ của một trường và hạng mục, để đối chiếu',
        querystring: digestQuery,
        response: { 200: digestSchema },
      },
    },
    async (request) => {
      const sender = requireMachine(request.caller);
      const { kind, records } = request.query;
      // A school asks about itself; a province names one of its schools.
      const provinceCode =
        context.tier === 'national'
          ? sender.unitKey.slice(1)
          : (await readMeta<string>(context.db, 'province_code'))!;
      const schoolCode = context.tier === 'national' ? request.query.schoolCode : sender.unitKey.slice(1);
      if (!schoolCode)
        throw new AppError('VALIDATION_FAILED', {
          issues: [{ field: 'query.schoolCode', code: 'REQUIRED', message: 'Cần mã trường.' }],
        });
      return digestOf(await upstreamPairs(context.db, provinceCode, schoolCode, kind), records);
    },
  );
}
