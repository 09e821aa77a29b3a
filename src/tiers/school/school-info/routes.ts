// Thông tin trường: general, contact, other attributes and satellite sites, saved together.
import { z } from 'zod';
import { writeAudit } from '#server/audit.ts';
import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { schoolDb, schoolRequest } from '../school-of-caller.ts';
import { currentYearBody, schoolInputSchema, schoolViewSchema } from './schemas.ts';
import { saveSchoolInfo, schoolInfoOf, setCurrentYear } from './service.ts';

const tags = ['Thông tin trường'];

export function registerSchoolInfoRoutes(app: ZodApp, context: TierContext): void {
  const db = schoolDb(context);

  app.get(
    '/api/school',
    { schema: { tags, summary: 'Thông tin trường của người dùng', response: { 200: schoolViewSchema } } },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      return schoolInfoOf(db, school.id);
    },
  );

  app.put(
    '/api/school',
    {
      schema: {
        tags,
        summary: 'Lưu thông tin trường (chung, liên hệ, thông tin khác, điểm trường phụ)',
        body: schoolInputSchema,
        response: { 200: schoolViewSchema },
      },
    },
    async (request) => {
      const { caller, school } = await schoolRequest(context, request);
      await saveSchoolInfo(db, school.id, caller.id, request.body);
      await writeAudit(context.db, request, {
        action: 'school.updated',
        targetKind: 'school',
        targetId: school.id,
      });
      return schoolInfoOf(db, school.id);
    },
  );

  app.put(
    '/api/school/current-year',
    {
      schema: {
        tags,
        summary: 'Chọn năm học hiện tại của trường',
        body: currentYearBody,
        response: { 200: z.object({ currentSchoolYear: z.string() }) },
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      await setCurrentYear(db, school.id, request.body.schoolYear);
      await writeAudit(context.db, request, {
        action: 'school.year_changed',
        targetKind: 'school',
        targetId: school.id,
        details: request.body,
      });
      return { currentSchoolYear: request.body.schoolYear };
    },
  );
}
