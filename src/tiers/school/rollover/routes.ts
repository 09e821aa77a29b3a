// Kết chuyển năm học: close the year, preview the next one, write it.
import { z } from 'zod';
import { rolloverPlanView } from '#domain/api/rollover.ts';
import { writeAudit } from '#server/audit.ts';
import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { schoolDb, schoolRequest } from '../school-of-caller.ts';
import { closeYearBody, rolloverBody, rolloverQuery, rolloverResult } from './schemas.ts';
import { closeYear, planRollover, writeRollover } from './service.ts';

const tags = ['Kết chuyển năm học'];

export function registerRolloverRoutes(app: ZodApp, context: TierContext): void {
  const db = schoolDb(context);

  app.get(
    '/api/school/rollover',
    {
      schema: {
        tags,
        summary: 'Xem trước kết chuyển năm học (lớp, học sinh sang năm học mới)',
        querystring: rolloverQuery,
        response: { 200: rolloverPlanView },
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      return planRollover(db, school, request.query.fromYear ?? school.currentSchoolYear);
    },
  );

  app.post(
    '/api/school/close-year',
    {
      schema: {
        tags,
        summary: 'Khoá sổ năm học (hồ sơ của năm chỉ còn xem)',
        body: closeYearBody,
        response: { 200: z.object({ schoolYear: z.string(), closed: z.literal(true) }) },
      },
    },
    async (request) => {
      const { caller, school } = await schoolRequest(context, request);
      const { schoolYear } = request.body;
      if (await closeYear(db, school.id, schoolYear, caller.id))
        await writeAudit(context.db, request, {
          action: 'school.year_closed',
          targetKind: 'school',
          targetId: school.id,
          details: { schoolYear },
        });
      return { schoolYear, closed: true as const };
    },
  );

  app.post(
    '/api/school/rollover',
    {
      schema: {
        tags,
        summary: 'Kết chuyển sang năm học mới (chạy lại không tạo trùng)',
        body: rolloverBody,
        response: { 200: rolloverResult },
      },
    },
    async (request) => {
      const { caller, school } = await schoolRequest(context, request);
      const result = await writeRollover(db, school, caller.id, request.body);
      await writeAudit(context.db, request, {
        action: 'school.year_rolled_over',
        targetKind: 'school',
        targetId: school.id,
        details: {
          fromYear: result.plan.fromYear,
          toYear: result.plan.toYear,
          classesWritten: result.classesWritten,
          pupilsWritten: result.pupilsWritten,
        },
      });
      return result;
    },
  );
}
