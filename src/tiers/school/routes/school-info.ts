// Thông tin trường: general, contact, other attributes and satellite sites, saved together.
import { sql } from 'kysely';
import { z } from 'zod';
import { schoolYear } from '#domain/entities/common.ts';
import { SCHOOL_ATTRIBUTES, schoolSchema } from '#domain/entities/index.ts';
import { AppError, issue } from '#domain/errors.ts';
import { recordHash } from '#domain/record-hash.ts';
import { communeByCode } from '#domain/reference/index.ts';
import { writeAudit } from '#server/audit.ts';
import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { schoolDb, schoolRequest, schoolYearOf } from '../school-of-caller.ts';
import { expectedVersion } from './shared-schemas.ts';

const tags = ['Thông tin trường'];

const schoolViewSchema = z.object({
  id: z.uuid(),
  version: z.number(),
  syncState: z.string(),
  syncError: z.string().nullable(),
  nationalId: z.string().nullable(),
  currentSchoolYear: z.string(),
  attributeLabels: z.record(z.string(), z.string()),
  data: schoolSchema,
});

/** What a school may change: everything but its code, which the province issued. */
const schoolInputSchema = schoolSchema
  .omit({ code: true })
  .extend({
    version: expectedVersion,
    // A form sends back the record it read, code included; the code it sends changes nothing.
    code: z.string().max(20).optional().describe('không đổi được: mã trường do Sở cấp'),
  })
  .strict();

export function registerSchoolInfoRoutes(app: ZodApp, context: TierContext): void {
  const db = schoolDb(context);

  async function view(schoolId: string) {
    const row = await db
      .selectFrom('schools')
      .selectAll()
      .where('id', '=', schoolId)
      .executeTakeFirstOrThrow();
    return {
      id: row.id,
      version: row.version,
      syncState: row.sync_state,
      syncError: row.sync_error,
      nationalId: row.national_id,
      currentSchoolYear: row.current_school_year ?? schoolYearOf(new Date()),
      attributeLabels: SCHOOL_ATTRIBUTES,
      data: schoolSchema.parse(row.payload),
    };
  }

  app.get(
    '/api/school',
    { schema: { tags, summary: 'Thông tin trường của người dùng', response: { 200: schoolViewSchema } } },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      return view(school.id);
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
      const { version, ...input } = request.body;
      const commune = communeByCode.get(input.address.communeCode);
      if (!commune || commune.provinceCode !== input.address.provinceCode) {
        throw new AppError('VALIDATION_FAILED', {
          issues: [issue('address.communeCode', 'CODE_UNKNOWN', 'Xã / phường không thuộc tỉnh đã chọn.')],
        });
      }
      const campusIds = input.campuses.map((c) => c.id);
      if (new Set(campusIds).size !== campusIds.length) {
        throw new AppError('VALIDATION_FAILED', {
          issues: [issue('campuses', 'INVALID_FORMAT', 'Hai điểm trường trùng mã.')],
        });
      }
      await db.transaction().execute(async (trx) => {
        const current = await trx
          .selectFrom('schools')
          .selectAll()
          .where('id', '=', school.id)
          .forUpdate()
          .executeTakeFirstOrThrow();
        if (version !== undefined && version !== current.version) throw new AppError('VERSION_CONFLICT');
        const payload = { ...input, code: current.code };
        const hash = recordHash(payload);
        if (hash === current.hash) return;
        await trx
          .updateTable('schools')
          .set({
            payload: JSON.stringify(payload),
            hash,
            version: sql`version + 1`,
            sync_state: 'unsynced',
            updated_by: caller.id,
            updated_at: sql`now()`,
          })
          .where('id', '=', school.id)
          .execute();
      });
      await writeAudit(context.db, request, {
        action: 'school.updated',
        targetKind: 'school',
        targetId: school.id,
      });
      return view(school.id);
    },
  );

  app.put(
    '/api/school/current-year',
    {
      schema: {
        tags,
        summary: 'Chọn năm học hiện tại của trường',
        body: z.strictObject({ schoolYear }),
        response: { 200: z.object({ currentSchoolYear: z.string() }) },
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      await db
        .updateTable('schools')
        .set({ current_school_year: request.body.schoolYear })
        .where('id', '=', school.id)
        .execute();
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
