// Thông tin lớp: list, add, edit, dissolve (giải thể) and delete.
import { z } from 'zod';
import { writeAudit } from '#server/audit.ts';
import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { pageSchema } from '../lists/shared-schemas.ts';
import { lockRecord } from '../records.ts';
import { schoolDb, schoolRequest } from '../school-of-caller.ts';
import { classView, createClassBody, dissolveBody, listClassesQuery, updateClassBody } from './schemas.ts';
import { classOf, createClass, deleteClass, dissolveClass, listClasses, updateClass } from './service.ts';

const tags = ['Thông tin lớp'];
const idParams = z.object({ id: z.uuid() });

export function registerClassRoutes(app: ZodApp, context: TierContext): void {
  const db = schoolDb(context);

  app.get(
    '/api/classes',
    {
      schema: {
        tags,
        summary: 'Danh sách lớp',
        querystring: listClassesQuery,
        response: { 200: pageSchema(classView) },
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      return listClasses(db, school, request.query);
    },
  );

  app.post(
    '/api/classes',
    { schema: { tags, summary: 'Thêm lớp', body: createClassBody, response: { 201: classView } } },
    async (request, reply) => {
      const { caller, school } = await schoolRequest(context, request);
      const { id, data } = await createClass(db, school, caller.id, request.body);
      await writeAudit(context.db, request, {
        action: 'class.created',
        targetKind: 'class',
        targetId: id,
        details: { name: data.name },
      });
      return reply.code(201).send(await classOf(db, school.id, id));
    },
  );

  app.get(
    '/api/classes/:id',
    { schema: { tags, summary: 'Một lớp', params: idParams, response: { 200: classView } } },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      await lockRecord(db, 'classes', school.id, request.params.id);
      return classOf(db, school.id, request.params.id);
    },
  );

  app.put(
    '/api/classes/:id',
    {
      schema: {
        tags,
        summary: 'Sửa lớp (trạng thái đổi bằng giải thể)',
        params: idParams,
        body: updateClassBody,
        response: { 200: classView },
      },
    },
    async (request) => {
      const { caller, school } = await schoolRequest(context, request);
      await updateClass(db, school, caller.id, request.params.id, request.body);
      await writeAudit(context.db, request, {
        action: 'class.updated',
        targetKind: 'class',
        targetId: request.params.id,
      });
      return classOf(db, school.id, request.params.id);
    },
  );

  app.post(
    '/api/classes/:id/dissolve',
    {
      schema: {
        tags,
        summary: 'Giải thể lớp (chỉ khi không còn học sinh đang học)',
        params: idParams,
        body: dissolveBody,
        response: { 200: classView },
      },
    },
    async (request) => {
      const { caller, school } = await schoolRequest(context, request);
      await dissolveClass(db, school.id, caller.id, request.params.id, request.body);
      await writeAudit(context.db, request, {
        action: 'class.dissolved',
        targetKind: 'class',
        targetId: request.params.id,
        details: request.body,
      });
      return classOf(db, school.id, request.params.id);
    },
  );

  app.delete(
    '/api/classes/:id',
    {
      schema: {
        tags,
        summary: 'Xoá lớp chưa từng có học sinh',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const { caller, school } = await schoolRequest(context, request);
      await deleteClass(db, school.id, caller.id, request.params.id);
      await writeAudit(context.db, request, {
        action: 'class.deleted',
        targetKind: 'class',
        targetId: request.params.id,
      });
      return reply.code(204).send(null);
    },
  );
}
