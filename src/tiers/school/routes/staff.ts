// Thông tin giáo viên / cán bộ: personal data, so every full read and every change is audited.
import { sql } from 'kysely';
import { z } from 'zod';
import { containsPattern } from '#db/like.ts';
import { staffSchema } from '#domain/entities/index.ts';
import { AppError } from '#domain/errors.ts';
import { writeAudit } from '#server/audit.ts';
import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { personalIdWarnings, refuseDuplicatePersonalId, rethrowClash } from '../personal-ids.ts';
import {
  changedFields,
  insertRecord,
  lockRecord,
  type RecordRow,
  tombstoneRecord,
  toView,
  updateRecord,
} from '../records.ts';
import { schoolDb, schoolRequest } from '../school-of-caller.ts';
import { inPageOrder, pageOfIds } from './page-order.ts';
import {
  byVietnameseName,
  expectedVersion,
  fieldIssueSchema,
  pageQuery,
  pageSchema,
  personSummary,
  recordViewSchema,
} from './shared-schemas.ts';

const tags = ['Thông tin giáo viên'];
const idParams = z.object({ id: z.uuid() });
const staffView = recordViewSchema(staffSchema).extend({ warnings: z.array(fieldIssueSchema) });
const staffSummary = z.object({
  id: z.uuid(),
  version: z.number(),
  syncState: z.string(),
  syncError: z.string().nullable(),
  nationalId: z.string().nullable(),
  fullName: z.string(),
  birthDate: z.string(),
  gender: z.string(),
  personalId: z.string().nullable(),
  statusCode: z.string(),
  positionGroup: z.string().nullable(),
  subjects: z.array(z.string()),
});

export function registerStaffRoutes(app: ZodApp, context: TierContext): void {
  const db = schoolDb(context);
  const viewOf = (row: RecordRow<'staff'>) => {
    const view = toView<'staff'>(row);
    return { ...view, warnings: personalIdWarnings(view.data) };
  };

  app.get(
    '/api/staff',
    {
      schema: {
        tags,
        summary: 'Danh sách giáo viên, cán bộ, nhân viên',
        querystring: pageQuery.extend({
          q: z.string().max(100).optional().describe('họ tên hoặc số định danh'),
          statusCode: z.string().max(2).optional(),
          sort: z.enum(['name', 'birthDate', 'updatedAt']).default('name'),
        }),
        response: { 200: pageSchema(staffSummary) },
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      const { q, statusCode, sort, order, page, pageSize } = request.query;
      let query = db.selectFrom('staff').where('school_id', '=', school.id).where('deleted', '=', false);
      if (q)
        query = query.where((eb) =>
          eb.or([eb('full_name', 'ilike', containsPattern(q)), eb('personal_id', '=', q.trim())]),
        );
      if (statusCode) query = query.where('status_code', '=', statusCode);
      const direction = order === 'desc' ? sql`DESC` : sql`ASC`;
      const orderBy = {
        name: byVietnameseName('full_name', order),
        birthDate: sql`payload->>'birthDate' ${direction}`,
        updatedAt: sql`updated_at ${direction}`,
      }[sort];
      const { ids, total } = await pageOfIds(query.select('id'), orderBy, { page, pageSize });
      const rows = ids.length
        ? await db
            .selectFrom('staff')
            .select(['id', 'version', 'sync_state', 'sync_error', 'national_id', 'payload'])
            .where('school_id', '=', school.id)
            .where('id', 'in', ids)
            .execute()
        : [];
      const items = inPageOrder(ids, rows).map((row) => {
        const data = row.payload;
        return {
          ...personSummary(row),
          positionGroup: data.positionGroup ?? null,
          subjects: data.subjects ?? [],
        };
      });

      return { items, total, page, pageSize };
    },
  );

  app.post(
    '/api/staff',
    { schema: { tags, summary: 'Thêm cán bộ', body: staffSchema.strict(), response: { 201: staffView } } },
    async (request, reply) => {
      const { caller, school } = await schoolRequest(context, request);
      await refuseDuplicatePersonalId(db, 'staff', school.id, request.body.personalId);
      const row = await insertRecord(db, 'staff', school.id, request.body, caller.id).catch(rethrowClash);
      await writeAudit(context.db, request, {
        action: 'personal_data.created',
        targetKind: 'staff',
        targetId: row.id,
      });
      return reply.code(201).send(viewOf(row));
    },
  );

  app.get(
    '/api/staff/:id',
    { schema: { tags, summary: 'Hồ sơ một cán bộ', params: idParams, response: { 200: staffView } } },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      const row = await lockRecord(db, 'staff', school.id, request.params.id);
      await writeAudit(context.db, request, {
        action: 'personal_data.read',
        targetKind: 'staff',
        targetId: row.id,
      });
      return viewOf(row);
    },
  );

  app.put(
    '/api/staff/:id',
    {
      schema: {
        tags,
        summary: 'Sửa hồ sơ cán bộ',
        params: idParams,
        body: staffSchema.extend({ version: expectedVersion }).strict(),
        response: { 200: staffView },
      },
    },
    async (request) => {
      const { caller, school } = await schoolRequest(context, request);
      const { version, ...data } = request.body;
      await refuseDuplicatePersonalId(db, 'staff', school.id, data.personalId, request.params.id);
      const { row, fields } = await db
        .transaction()
        .execute(async (trx) => {
          const current = await lockRecord(trx, 'staff', school.id, request.params.id);
          const row = await updateRecord(trx, 'staff', current, data, caller.id, version);
          return { row, fields: changedFields(current.payload, data) };
        })
        .catch(rethrowClash);
      await writeAudit(context.db, request, {
        action: 'personal_data.updated',
        targetKind: 'staff',
        targetId: row.id,
        details: { fields },
      });
      return viewOf(row);
    },
  );

  app.delete(
    '/api/staff/:id',
    {
      schema: {
        tags,
        summary: 'Xoá cán bộ (bản ghi xoá vẫn được đồng bộ)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const { caller, school } = await schoolRequest(context, request);
      await db.transaction().execute(async (trx) => {
        const current = await lockRecord(trx, 'staff', school.id, request.params.id);
        const homeroomOf = await trx
          .selectFrom('classes')
          .select('name')
          .where('school_id', '=', school.id)
          .where('deleted', '=', false)
          .where('status', '=', 'active')
          .where(sql<boolean>`payload->>'homeroomStaffId' = ${current.id}`)
          .execute();
        if (homeroomOf.length > 0) {
          throw new AppError('STAFF_IS_HOMEROOM', {
            message: `Cán bộ đang chủ nhiệm lớp ${homeroomOf.map((c) => c.name).join(', ')}; hãy đổi giáo viên chủ nhiệm trước khi xoá.`,
          });
        }
        await tombstoneRecord(trx, 'staff', current, caller.id);
      });
      await writeAudit(context.db, request, {
        action: 'personal_data.deleted',
        targetKind: 'staff',
        targetId: request.params.id,
      });
      return reply.code(204).send(null);
    },
  );
}
