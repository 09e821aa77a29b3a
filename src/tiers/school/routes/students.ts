// Thông tin học sinh: children's personal data. Every full read and every change is audited;
// a student always sits in a live, active class of the school, in that class's school year.
import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { containsPattern } from '#db/like.ts';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { isoDate } from '#domain/entities/common.ts';
import { type Student, studentSchema } from '#domain/entities/index.ts';
import { AppError, issue } from '#domain/errors.ts';
import { studentStatusCodes } from '#domain/reference/index.ts';
import { writeAudit } from '#server/audit.ts';
import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { personalIdWarnings, refuseDuplicatePersonalId, rethrowClash } from '../personal-ids.ts';
import {
  changedFields,
  findLiveClass,
  insertRecord,
  lockRecord,
  tombstoneRecord,
  toView,
  updateManyPayloads,
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

const tags = ['Thông tin học sinh'];
const idParams = z.object({ id: z.uuid() });
/** The school year comes from the class; a client need not (and cannot) set it apart. */
const studentInput = studentSchema.omit({ schoolYear: true });
const studentView = recordViewSchema(studentSchema).extend({
  className: z.string(),
  warnings: z.array(fieldIssueSchema),
});
const studentSummary = z.object({
  id: z.uuid(),
  version: z.number(),
  syncState: z.string(),
  syncError: z.string().nullable(),
  nationalId: z.string().nullable(),
  fullName: z.string(),
  birthDate: z.string(),
  gender: z.string(),
  personalId: z.string().nullable(),
  ethnicityCode: z.string(),
  classId: z.uuid(),
  className: z.string(),
  grade: z.string(),
  statusCode: z.string(),
  statusDate: z.string(),
});

type Db = Kysely<SchoolTierDatabase> | Transaction<SchoolTierDatabase>;

/** A live, active class of the school, or a validation error on `field`. */
async function activeClass(db: Db, schoolId: string, classId: string, field = 'classId') {
  const cls = await findLiveClass(db, schoolId, classId);
  if (!cls) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [issue(field, 'REFERENCE_UNKNOWN', 'Lớp không có trong trường.')],
    });
  }
  if (cls.status !== 'active')
    throw new AppError('VALIDATION_FAILED', { issues: [issue(field, 'CLASS_NOT_ACTIVE')] });
  return cls;
}

async function markClassesHadStudents(db: Db, classIds: string[]) {
  await db
    .updateTable('classes')
    .set({ had_students: true })
    .where('id', 'in', classIds)
    .where('had_students', '=', false)
    .execute();
}

export function registerStudentRoutes(app: ZodApp, context: TierContext): void {
  const db = schoolDb(context);

  async function view(schoolId: string, id: string) {
    const row = await lockRecord(db, 'students', schoolId, id);
    const data = row.payload;
    const cls = await db
      .selectFrom('classes')
      .select('name')
      .where('id', '=', data.classId)
      .executeTakeFirst();
    return { ...toView<'students'>(row), className: cls?.name ?? '', warnings: personalIdWarnings(data) };
  }

  app.get(
    '/api/students',
    {
      schema: {
        tags,
        summary: 'Danh sách học sinh',
        querystring: pageQuery.extend({
          schoolYear: z.string().max(9).optional(),
          grade: z.string().max(3).optional(),
          classId: z.uuid().optional(),
          statusCode: z.enum(studentStatusCodes).optional(),
          q: z.string().max(100).optional().describe('họ tên hoặc số định danh'),
          sort: z.enum(['name', 'birthDate', 'class', 'updatedAt']).default('name'),
        }),
        response: { 200: pageSchema(studentSummary) },
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      const {
        schoolYear = school.currentSchoolYear,
        grade,
        classId,
        statusCode,
        q,
        sort,
        order,
        page,
        pageSize,
      } = request.query;
      let query = db
        .selectFrom('students as s')
        .innerJoin('classes as c', 'c.id', 's.class_id')
        .where('s.school_id', '=', school.id)
        .where('s.deleted', '=', false)
        .where('s.school_year', '=', schoolYear);
      if (grade) query = query.where('c.grade', '=', grade);
      if (classId) query = query.where('s.class_id', '=', classId);
      if (statusCode) query = query.where('s.status_code', '=', statusCode);
      if (q)
        query = query.where((eb) =>
          eb.or([eb('s.full_name', 'ilike', containsPattern(q)), eb('s.personal_id', '=', q.trim())]),
        );
      const direction = order === 'desc' ? sql`DESC` : sql`ASC`;
      const byName = byVietnameseName('s.full_name', order);
      const orderBy = {
        name: byName,
        birthDate: sql`s.payload->>'birthDate' ${direction}`,
        class: sql`length(c.grade) ${direction}, c.grade ${direction}, c.name COLLATE "vi-x-icu" ${direction}, ${byName}`,
        updatedAt: sql`s.updated_at ${direction}`,
      }[sort];
      const { ids, total } = await pageOfIds(query.select('s.id'), orderBy, { page, pageSize });
      const rows = ids.length
        ? await db
            .selectFrom('students as s')
            .innerJoin('classes as c', 'c.id', 's.class_id')
            .select([
              's.id',
              's.version',
              's.sync_state',
              's.sync_error',
              's.national_id',
              's.payload',
              'c.name as className',
              'c.grade',
            ])
            .where('s.school_id', '=', school.id)
            .where('s.id', 'in', ids)
            .execute()
        : [];
      const items = inPageOrder(ids, rows).map((row) => {
        const data = row.payload;
        return {
          ...personSummary(row),
          ethnicityCode: data.ethnicityCode,
          classId: data.classId,
          className: row.className,
          grade: row.grade,
          statusDate: data.statusDate,
        };
      });

      return { items, total, page, pageSize };
    },
  );

  app.post(
    '/api/students',
    {
      schema: { tags, summary: 'Thêm học sinh', body: studentInput.strict(), response: { 201: studentView } },
    },
    async (request, reply) => {
      const { caller, school } = await schoolRequest(context, request);
      const cls = await activeClass(db, school.id, request.body.classId);
      await refuseDuplicatePersonalId(db, 'students', school.id, request.body.personalId);
      const data: Student = { ...request.body, schoolYear: cls.schoolYear };
      const row = await db
        .transaction()
        .execute(async (trx) => {
          await markClassesHadStudents(trx, [cls.id]);
          return insertRecord(trx, 'students', school.id, data, caller.id);
        })
        .catch(rethrowClash);
      await writeAudit(context.db, request, {
        action: 'personal_data.created',
        targetKind: 'student',
        targetId: row.id,
      });
      return reply.code(201).send(await view(school.id, row.id));
    },
  );

  app.get(
    '/api/students/:id',
    { schema: { tags, summary: 'Hồ sơ một học sinh', params: idParams, response: { 200: studentView } } },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      const result = await view(school.id, request.params.id);
      await writeAudit(context.db, request, {
        action: 'personal_data.read',
        targetKind: 'student',
        targetId: request.params.id,
      });
      return result;
    },
  );

  app.put(
    '/api/students/:id',
    {
      schema: {
        tags,
        summary: 'Sửa hồ sơ học sinh (đổi lớp, đổi trạng thái cũng ở đây)',
        params: idParams,
        body: studentInput.extend({ version: expectedVersion }).strict(),
        response: { 200: studentView },
      },
    },
    async (request) => {
      const { caller, school } = await schoolRequest(context, request);
      const { version, ...input } = request.body;
      await refuseDuplicatePersonalId(db, 'students', school.id, input.personalId, request.params.id);
      const fields = await db
        .transaction()
        .execute(async (trx) => {
          const current = await lockRecord(trx, 'students', school.id, request.params.id);
          const before = current.payload;
          const cls =
            input.classId === before.classId
              ? { id: before.classId, schoolYear: before.schoolYear }
              : await activeClass(trx, school.id, input.classId);
          const data: Student = { ...input, schoolYear: cls.schoolYear };
          await markClassesHadStudents(trx, [cls.id]);
          await updateRecord(trx, 'students', current, data, caller.id, version);
          return changedFields(before, data);
        })
        .catch(rethrowClash);
      await writeAudit(context.db, request, {
        action: 'personal_data.updated',
        targetKind: 'student',
        targetId: request.params.id,
        details: { fields },
      });
      return view(school.id, request.params.id);
    },
  );

  app.post(
    '/api/students/:id/status',
    {
      schema: {
        tags,
        summary: 'Đổi trạng thái học sinh (ví dụ Chuyển đi kỳ 1, Thôi học)',
        params: idParams,
        body: z.strictObject({ statusCode: z.enum(studentStatusCodes), statusDate: isoDate }),
        response: { 200: studentView },
      },
    },
    async (request) => {
      const { caller, school } = await schoolRequest(context, request);
      await db.transaction().execute(async (trx) => {
        const current = await lockRecord(trx, 'students', school.id, request.params.id);
        await updateRecord(trx, 'students', current, { ...current.payload, ...request.body }, caller.id);
      });
      await writeAudit(context.db, request, {
        action: 'personal_data.updated',
        targetKind: 'student',
        targetId: request.params.id,
        details: { fields: ['statusCode', 'statusDate'], statusCode: request.body.statusCode },
      });
      return view(school.id, request.params.id);
    },
  );

  app.post(
    '/api/students/move',
    {
      schema: {
        tags,
        summary: 'Chuyển nhiều học sinh sang một lớp khác',
        body: z.strictObject({ studentIds: z.array(z.uuid()).min(1).max(2000), toClassId: z.uuid() }),
        response: { 200: z.object({ moved: z.number() }) },
      },
    },
    async (request) => {
      const { caller, school } = await schoolRequest(context, request);
      const { studentIds, toClassId } = request.body;
      const moved = await db.transaction().execute(async (trx) => {
        const target = await activeClass(trx, school.id, toClassId, 'toClassId');
        const rows = await trx
          .selectFrom('students')
          .select(['id', 'payload'])
          .where('id', 'in', studentIds)
          .where('school_id', '=', school.id)
          .where('deleted', '=', false)
          .forUpdate()
          .execute();
        if (rows.length !== new Set(studentIds).size) throw new AppError('NOT_FOUND');
        await markClassesHadStudents(trx, [target.id]);
        await updateManyPayloads(
          trx,
          'students',
          rows.map((row) => ({
            id: row.id,
            payload: { ...row.payload, classId: target.id, schoolYear: target.schoolYear },
          })),
          caller.id,
        );
        return rows.length;
      });
      await writeAudit(context.db, request, {
        action: 'personal_data.updated',
        targetKind: 'class',
        targetId: toClassId,
        details: { fields: ['classId'], students: studentIds.length },
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
      await db.transaction().execute(async (trx) => {
        await tombstoneRecord(
          trx,
          'students',
          await lockRecord(trx, 'students', school.id, request.params.id),
          caller.id,
        );
      });
      await writeAudit(context.db, request, {
        action: 'personal_data.deleted',
        targetKind: 'student',
        targetId: request.params.id,
      });
      return reply.code(204).send(null);
    },
  );
}
