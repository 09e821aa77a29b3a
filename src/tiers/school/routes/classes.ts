// Thông tin lớp: list, add, edit, dissolve (giải thể, only once its students have moved) and
// delete (only a class that never had students; a tombstone for sync).
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { containsPattern } from '#db/like.ts';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { isoDate, schoolYear } from '#domain/entities/common.ts';
import { classSchema, type SchoolClass } from '#domain/entities/index.ts';
import { AppError, issue } from '#domain/errors.ts';
import { enrolledStatusCodes } from '#domain/reference/index.ts';
import { writeAudit } from '#server/audit.ts';
import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { insertRecord, lockRecord, tombstoneRecord, toView, updateRecord } from '../records.ts';
import { type CallerSchool, schoolDb, schoolRequest } from '../school-of-caller.ts';
import { inPageOrder, pageOfIds } from './page-order.ts';
import { expectedVersion, pageQuery, pageSchema, recordViewSchema } from './shared-schemas.ts';

const tags = ['Thông tin lớp'];
const classInput = classSchema.extend({ schoolYear: schoolYear.optional() });
const classView = recordViewSchema(classSchema).extend({
  enrolledStudents: z.number(),
  homeroomName: z.string().nullable(),
});
const idParams = z.object({ id: z.uuid() });

/** The class's references must exist in the school: its grade in the school's level, its teacher, its site. */
export async function checkClass(
  db: Kysely<SchoolTierDatabase>,
  school: CallerSchool,
  data: SchoolClass,
  exceptId?: string,
) {
  const problems = [];
  if (!school.grades.includes(data.grade)) {
    problems.push(
      issue(
        'grade',
        'CLASS_GRADE_NOT_IN_LEVEL',
        `Khối ${data.grade} không thuộc cấp học của trường (${school.grades.join(', ')}).`,
      ),
    );
  }
  if (data.homeroomStaffId) {
    const teacher = await db
      .selectFrom('staff')
      .select('id')
      .where('id', '=', data.homeroomStaffId)
      .where('school_id', '=', school.id)
      .where('deleted', '=', false)
      .executeTakeFirst();
    if (!teacher)
      problems.push(
        issue(
          'homeroomStaffId',
          'REFERENCE_UNKNOWN',
          'Giáo viên chủ nhiệm không có trong danh sách cán bộ của trường.',
        ),
      );
  }
  if (data.campusId) {
    const row = await db
      .selectFrom('schools')
      .select('payload')
      .where('id', '=', school.id)
      .executeTakeFirstOrThrow();
    const campuses = row.payload.campuses ?? [];
    if (!campuses.some((c) => c.id === data.campusId))
      problems.push(issue('campusId', 'REFERENCE_UNKNOWN', 'Điểm trường không có trong thông tin trường.'));
  }
  const sameName = await db
    .selectFrom('classes')
    .select('id')
    .where('school_id', '=', school.id)
    .where('school_year', '=', data.schoolYear)
    .where('name', '=', data.name)
    .where('deleted', '=', false)
    .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId!))
    .executeTakeFirst();
  if (sameName)
    problems.push(issue('name', 'INVALID_FORMAT', `Năm học ${data.schoolYear} đã có lớp ${data.name}.`));
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { issues: problems });
}

export function registerClassRoutes(app: ZodApp, context: TierContext): void {
  const db = schoolDb(context);

  const enrolledCount = (classIds: string[]) =>
    classIds.length === 0
      ? Promise.resolve(new Map<string, number>())
      : db
          .selectFrom('students')
          .select(['class_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('class_id', 'in', classIds)
          .where('deleted', '=', false)
          .where('status_code', 'in', enrolledStatusCodes)
          .groupBy('class_id')
          .execute()
          .then((rows) => new Map(rows.map((r) => [r.class_id, r.n])));

  async function views(schoolId: string, ids: string[]) {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('classes as c')
      .leftJoin('staff as t', (join) => join.on(sql<boolean>`t.id = (c.payload->>'homeroomStaffId')::uuid`))
      .select([
        'c.id',
        'c.school_id',
        'c.version',
        'c.deleted',
        'c.payload',
        'c.hash',
        'c.sync_state',
        'c.sync_error',
        'c.national_id',
        'c.updated_at',
        't.full_name as homeroomName',
      ])
      .where('c.id', 'in', ids)
      .where('c.school_id', '=', schoolId)
      .execute();
    const counts = await enrolledCount(ids);
    return inPageOrder(ids, rows).map((row) => ({
      ...toView<'classes'>(row),
      enrolledStudents: counts.get(row.id) ?? 0,
      homeroomName: row.homeroomName,
    }));
  }
  const view = async (schoolId: string, id: string) => (await views(schoolId, [id]))[0]!;

  app.get(
    '/api/classes',
    {
      schema: {
        tags,
        summary: 'Danh sách lớp',
        querystring: pageQuery.extend({
          schoolYear: schoolYear.optional(),
          grade: z.string().max(3).optional(),
          status: z.enum(['active', 'dissolved']).optional(),
          q: z.string().max(100).optional(),
          sort: z.enum(['name', 'grade', 'updatedAt']).default('grade'),
        }),
        response: { 200: pageSchema(classView) },
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      const {
        schoolYear: year = school.currentSchoolYear,
        grade,
        status,
        q,
        sort,
        order,
        page,
        pageSize,
      } = request.query;
      let query = db
        .selectFrom('classes')
        .where('school_id', '=', school.id)
        .where('deleted', '=', false)
        .where('school_year', '=', year);
      if (grade) query = query.where('grade', '=', grade);
      if (status) query = query.where('status', '=', status);
      if (q) query = query.where('name', 'ilike', containsPattern(q));
      const direction = order === 'desc' ? sql`DESC` : sql`ASC`;
      const orderBy = {
        name: sql`name COLLATE "vi-x-icu" ${direction}`,
        grade: sql`length(grade) ${direction}, grade ${direction}, name COLLATE "vi-x-icu" ${direction}`,
        updatedAt: sql`updated_at ${direction}`,
      }[sort];
      const { ids, total } = await pageOfIds(query.select('id'), orderBy, { page, pageSize });
      return {
        items: await views(school.id, ids),
        total,
        page,
        pageSize,
      };
    },
  );

  app.post(
    '/api/classes',
    { schema: { tags, summary: 'Thêm lớp', body: classInput.strict(), response: { 201: classView } } },
    async (request, reply) => {
      const { caller, school } = await schoolRequest(context, request);
      const data: SchoolClass = {
        ...request.body,
        schoolYear: request.body.schoolYear ?? school.currentSchoolYear,
        status: 'active',
      };
      delete data.dissolvedOn;
      await checkClass(db, school, data);
      const row = await insertRecord(db, 'classes', school.id, data, caller.id);
      await writeAudit(context.db, request, {
        action: 'class.created',
        targetKind: 'class',
        targetId: row.id,
        details: { name: data.name },
      });
      return reply.code(201).send(await view(school.id, row.id));
    },
  );

  app.get(
    '/api/classes/:id',
    { schema: { tags, summary: 'Một lớp', params: idParams, response: { 200: classView } } },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      await lockRecord(db, 'classes', school.id, request.params.id);
      return view(school.id, request.params.id);
    },
  );

  app.put(
    '/api/classes/:id',
    {
      schema: {
        tags,
        summary: 'Sửa lớp (trạng thái đổi bằng giải thể)',
        params: idParams,
        body: classInput.extend({ version: expectedVersion }).strict(),
        response: { 200: classView },
      },
    },
    async (request) => {
      const { caller, school } = await schoolRequest(context, request);
      const { version, ...input } = request.body;
      await db.transaction().execute(async (trx) => {
        const current = await lockRecord(trx, 'classes', school.id, request.params.id);
        const before = current.payload;
        // The school year and the status stay; dissolving has its own action.
        const data: SchoolClass = {
          ...input,
          schoolYear: before.schoolYear,
          status: before.status,
          dissolvedOn: before.dissolvedOn,
        };
        await checkClass(trx, school, data, current.id);
        await updateRecord(trx, 'classes', current, data, caller.id, version);
      });
      await writeAudit(context.db, request, {
        action: 'class.updated',
        targetKind: 'class',
        targetId: request.params.id,
      });
      return view(school.id, request.params.id);
    },
  );

  app.post(
    '/api/classes/:id/dissolve',
    {
      schema: {
        tags,
        summary: 'Giải thể lớp (chỉ khi không còn học sinh đang học)',
        params: idParams,
        body: z.strictObject({ dissolvedOn: isoDate }),
        response: { 200: classView },
      },
    },
    async (request) => {
      const { caller, school } = await schoolRequest(context, request);
      await db.transaction().execute(async (trx) => {
        const current = await lockRecord(trx, 'classes', school.id, request.params.id);
        const enrolled = (await enrolledCount([current.id])).get(current.id) ?? 0;
        const data = current.payload;
        if (enrolled > 0) {
          const message = `Lớp ${data.name} còn ${enrolled} học sinh đang học. Hãy chuyển các em sang lớp khác (Chuyển lớp) rồi giải thể.`;
          throw new AppError('CLASS_HAS_STUDENTS', {
            message,
            issues: [issue('students', 'CLASS_HAS_STUDENTS', message)],
          });
        }
        await updateRecord(
          trx,
          'classes',
          current,
          { ...data, status: 'dissolved', dissolvedOn: request.body.dissolvedOn },
          caller.id,
        );
      });
      await writeAudit(context.db, request, {
        action: 'class.dissolved',
        targetKind: 'class',
        targetId: request.params.id,
        details: request.body,
      });
      return view(school.id, request.params.id);
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
      await db.transaction().execute(async (trx) => {
        const current = await lockRecord(trx, 'classes', school.id, request.params.id);
        const { had_students } = await trx
          .selectFrom('classes')
          .select('had_students')
          .where('id', '=', current.id)
          .executeTakeFirstOrThrow();
        if (had_students) throw new AppError('CLASS_HAS_HISTORY');
        await tombstoneRecord(trx, 'classes', current, caller.id);
      });
      await writeAudit(context.db, request, {
        action: 'class.deleted',
        targetKind: 'class',
        targetId: request.params.id,
      });
      return reply.code(204).send(null);
    },
  );
}
