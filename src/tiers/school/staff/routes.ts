// Thông tin giáo viên / cán bộ: personal data, so every full read and every change is audited.
import { z } from 'zod';
import { writeAudit } from '#server/audit.ts';
import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { pageSchema } from '../lists/shared-schemas.ts';
import { lockRecord } from '../records.ts';
import { schoolDb, schoolRequest } from '../school-of-caller.ts';
import { createStaffBody, listStaffQuery, staffSummary, staffView, updateStaffBody } from './schemas.ts';
import { createStaff, deleteStaff, listStaff, staffViewOf, updateStaff } from './service.ts';

const tags = ['Thông tin giáo viên'];
const idParams = z.object({ id: z.uuid() });

export function registerStaffRoutes(app: ZodApp, context: TierContext): void {
  const db = schoolDb(context);

  app.get(
    '/api/staff',
    {
      schema: {
        tags,
        summary: 'Danh sách giáo viên, cán bộ, nhân viên',
        querystring: listStaffQuery,
        response: { 200: pageSchema(staffSummary) },
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      return listStaff(db, school.id, request.query);
    },
  );

  app.post(
    '/api/staff',
    { schema: { tags, summary: 'Thêm cán bộ', body: createStaffBody, response: { 201: staffView } } },
    async (request, reply) => {
      const { caller, school } = await schoolRequest(context, request);
      const row = await createStaff(db, school.id, caller.id, request.body);
      await writeAudit(context.db, request, {
        action: 'personal_data.created',
        targetKind: 'staff',
        targetId: row.id,
      });
      return reply.code(201).send(staffViewOf(row));
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
      return staffViewOf(row);
    },
  );

  app.put(
    '/api/staff/:id',
    {
      schema: {
        tags,
        summary: 'Sửa hồ sơ cán bộ',
        params: idParams,
        body: updateStaffBody,
        response: { 200: staffView },
      },
    },
    async (request) => {
      const { caller, school } = await schoolRequest(context, request);
      const { row, fields } = await updateStaff(db, school.id, caller.id, request.params.id, request.body);
      await writeAudit(context.db, request, {
        action: 'personal_data.updated',
        targetKind: 'staff',
        targetId: row.id,
        details: { fields },
      });
      return staffViewOf(row);
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
      await deleteStaff(db, school.id, caller.id, request.params.id);
      await writeAudit(context.db, request, {
        action: 'personal_data.deleted',
        targetKind: 'staff',
        targetId: request.params.id,
      });
      return reply.code(204).send(null);
    },
  );
}
