// Thông tin học sinh: children's personal data. Every full read and every change is audited.
import { z } from 'zod';
import { writeAudit } from '#server/audit.ts';
import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { pageSchema } from '../lists/shared-schemas.ts';
import { schoolDb, schoolRequest } from '../school-of-caller.ts';
import {
  createStudentBody,
  listStudentsQuery,
  moveBody,
  statusBody,
  studentSummary,
  studentView,
  updateStudentBody,
} from './schemas.ts';
import {
  changeStatus,
  createStudent,
  deleteStudent,
  listStudents,
  moveStudents,
  studentOf,
  updateStudent,
} from './service.ts';

const tags = ['Thông tin học sinh'];
const idParams = z.object({ id: z.uuid() });

export function registerStudentRoutes(app: ZodApp, context: TierContext): void {
  const db = schoolDb(context);

  app.get(
    '/api/students',
    {
      schema: {
        tags,
        summary: 'Danh sách học sinh',
        querystring: listStudentsQuery,
        response: { 200: pageSchema(studentSummary) },
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      return listStudents(db, school, request.query);
    },
  );

  app.post(
    '/api/students',
    { schema: { tags, summary: 'Thêm học sinh', body: createStudentBody, response: { 201: studentView } } },
    async (request, reply) => {
      const { caller, school } = await schoolRequest(context, request);
      const id = await createStudent(db, school.id, caller.id, request.body);
      await writeAudit(context.db, request, {
        action: 'personal_data.created',
        targetKind: 'student',
        targetId: id,
      });
      return reply.code(201).send(await studentOf(db, school.id, id));
    },
  );

  app.get(
    '/api/students/:id',
    { schema: { tags, summary: 'Hồ sơ một học sinh', params: idParams, response: { 200: studentView } } },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      const student = await studentOf(db, school.id, request.params.id);
      await writeAudit(context.db, request, {
        action: 'personal_data.read',
        targetKind: 'student',
        targetId: request.params.id,
      });
      return student;
    },
  );

  app.put(
    '/api/students/:id',
    {
      schema: {
        tags,
        summary: 'Sửa hồ sơ học sinh (đổi lớp, đổi trạng thái cũng ở đây)',
        params: idParams,
        body: updateStudentBody,
        response: { 200: studentView },
      },
    },
    async (request) => {
      const { caller, school } = await schoolRequest(context, request);
      const fields = await updateStudent(db, school.id, caller.id, request.params.id, request.body);
      await writeAudit(context.db, request, {
        action: 'personal_data.updated',
        targetKind: 'student',
        targetId: request.params.id,
        details: { fields },
      });
      return studentOf(db, school.id, request.params.id);
    },
  );

  app.post(
    '/api/students/:id/status',
    {
      schema: {
        tags,
        summary: 'Đổi trạng thái học sinh (ví dụ Chuyển đi kỳ 1, Thôi học)',
        params: idParams,
        body: statusBody,
        response: { 200: studentView },
      },
    },
    async (request) => {
      const { caller, school } = await schoolRequest(context, request);
      await changeStatus(db, school.id, caller.id, request.params.id, request.body);
      await writeAudit(context.db, request, {
        action: 'personal_data.updated',
        targetKind: 'student',
        targetId: request.params.id,
        details: { fields: ['statusCode', 'statusDate'], statusCode: request.body.statusCode },
      });
      return studentOf(db, school.id, request.params.id);
    },
  );

  app.post(
    '/api/students/move',
    {
      schema: {
        tags,
        summary: 'Chuyển nhiều học sinh sang một lớp khác',
        body: moveBody,
        response: { 200: z.object({ moved: z.number() }) },
      },
    },
    async (request) => {
      const { caller, school } = await schoolRequest(context, request);
      const moved = await moveStudents(db, school.id, caller.id, request.body);
      await writeAudit(context.db, request, {
        action: 'personal_data.updated',
        targetKind: 'class',
        targetId: request.body.toClassId,
        details: { fields: ['classId'], students: request.body.studentIds.length },
      });
      return { moved };
    },
  );

  app.delete(
    '/api/students/:id',
    {
      schema: {
        tags,
        summary: 'Xoá học sinh (bản ghi xoá vẫn được đồng bộ)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const { caller, school } = await schoolRequest(context, request);
      await deleteStudent(db, school.id, caller.id, request.params.id);
      await writeAudit(context.db, request, {
        action: 'personal_data.deleted',
        targetKind: 'student',
        targetId: request.params.id,
      });
      return reply.code(204).send(null);
    },
  );
}
