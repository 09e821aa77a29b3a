import type { FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { foldedNameContains } from '#db/like.ts';
import { importReportSchema } from '#domain/api/excel-import.ts';
import { AppError } from '#domain/errors.ts';
import { templateWorkbook, writeWorkbook } from '#excel/write.ts';
import { writeAudit } from '#server/audit.ts';
import { refuseEncodedBody } from '#server/body-parsers.ts';
import type { TierContext } from '#server/context.ts';
import { userRequest } from '#server/services.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { schoolDb, schoolOfCaller, schoolRequest } from '../school-of-caller.ts';
import { type ImportMode, importList } from './import.ts';
import { LISTS, type ListName } from './lists.ts';
import { loadLookups } from './lookups.ts';
import { EXCEL_MAX_BYTES, readUpload } from './upload.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const LIST_TAGS: Record<ListName, string> = {
  classes: 'Thông tin lớp',
  staff: 'Thông tin giáo viên',
  students: 'Thông tin học sinh',
};

/** Nhập từ Excel, Xuất Excel and the blank template, for the class, staff and student lists. */
export function registerExcelRoutes(app: ZodApp, context: TierContext): void {
  const db = schoolDb(context);
  app.addContentTypeParser(
    [XLSX_TYPE, 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: EXCEL_MAX_BYTES },
    // A file is for the import routes only; anywhere else it is a media type the route does not take.
    (request, body, done) => {
      if (!request.routeOptions.url?.endsWith('/import'))
        return done(new AppError('UNSUPPORTED_MEDIA_TYPE'), undefined);
      const encoded = refuseEncodedBody(request);
      return encoded ? done(encoded, undefined) : done(null, body);
    },
  );

  for (const name of Object.keys(LISTS) as ListName[]) {
    const definition = LISTS[name];
    const tags = [LIST_TAGS[name]];
    const fileName = (school: string) => `${definition.fileName}-${school}.xlsx`;
    const sendXlsx = (reply: FastifyReply, file: Buffer, downloadAs: string) =>
      reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="${downloadAs}"`).send(file);

    app.get(
      `/api/${name}/template.xlsx`,
      { schema: { tags, summary: 'Tệp Excel mẫu để nhập', produces: [XLSX_TYPE] } },
      async (_request, reply) =>
        sendXlsx(
          reply,
          await templateWorkbook(definition.sheetName, definition.columns),
          `mau-${definition.fileName}.xlsx`,
        ),
    );

    app.get(
      `/api/${name}/export.xlsx`,
      {
        schema: {
          tags,
          summary: 'Xuất Excel danh sách (theo bộ lọc và các cột đang hiện)',
          produces: [XLSX_TYPE],
          querystring: z.object({
            columns: z
              .string()
              .max(2000)
              .optional()
              .describe('các cột, cách nhau bởi dấu phẩy; mặc định: tất cả'),
            classId: z.uuid().optional(),
            grade: z.string().max(3).optional(),
            statusCode: z.string().max(2).optional(),
            q: z.string().max(100).optional(),
          }),
        },
      },
      async (request, reply) => {
        const { school } = await schoolRequest(context, request);
        const lookups = await loadLookups(context, school);
        const { columns, classId, grade, statusCode, q } = request.query;
        let query = db
          .selectFrom(definition.table)
          .select('payload')
          .where('school_id', '=', school.id)
          .where('deleted', '=', false);
        if (name !== 'staff')
          query = query.where(sql<boolean>`payload->>'schoolYear' = ${school.currentSchoolYear}`);
        if (classId && name === 'students')
          query = query.where(sql<boolean>`payload->>'classId' = ${classId}`);
        if (grade && name === 'classes') query = query.where(sql<boolean>`payload->>'grade' = ${grade}`);
        if (grade && name === 'students') {
          const ids = [...lookups.classByName.values()].map((c) => c.id);
          const inGrade = await db
            .selectFrom('classes')
            .select('id')
            .where('id', 'in', ids.length ? ids : [crypto.randomUUID()])
            .where('grade', '=', grade)
            .execute();
          query = query.where(
            sql<boolean>`(payload->>'classId')::uuid = ANY(${inGrade.map((c) => c.id)}::uuid[])`,
          );
        }
        if (statusCode && name !== 'classes')
          query = query.where(sql<boolean>`payload->>'statusCode' = ${statusCode}`);
        if (q) query = query.where(foldedNameContains(sql.ref('name_search'), q));
        const rows = await query
          .orderBy(sql`payload->>${name === 'classes' ? 'name' : 'fullName'}`)
          .execute();
        const wanted = columns
          ?.split(',')
          .map((c) => c.trim())
          .filter(Boolean);
        const shown = wanted
          ? definition.columns.filter((c) => wanted.includes(c.key.replace(/^_/, '')))
          : definition.columns;
        const file = await writeWorkbook([
          {
            name: definition.sheetName,
            columns: shown,
            rows: rows.map((r) => definition.toRow(r.payload as never, lookups)),
          },
        ]);
        if (name !== 'classes') {
          await writeAudit(context.db, request, {
            action: 'personal_data.exported',
            targetKind: name,
            details: { rows: rows.length },
          });
        }
        return sendXlsx(reply, file, fileName(school.code));
      },
    );

    app.post(
      `/api/${name}/import`,
      {
        bodyLimit: EXCEL_MAX_BYTES,
        schema: {
          tags,
          summary:
            'Nhập từ Excel: chạy thử (dry-run), rồi nhập tất cả hoặc không gì (all-or-nothing), hoặc chỉ các dòng hợp lệ (valid-only)',
          consumes: [XLSX_TYPE],
          querystring: z.object({
            mode: z.enum(['dry-run', 'all-or-nothing', 'valid-only']).default('dry-run'),
          }),
          response: { 200: importReportSchema },
        },
      },
      async (request, reply) => {
        const { caller } = userRequest(context, request);
        if (!Buffer.isBuffer(request.body))
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
            message:
              'Hãy gửi tệp .xlsx (Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet).',
          });
        const school = await schoolOfCaller(context, caller);
        const lookups = await loadLookups(context, school);
        const mode: ImportMode = request.query.mode;
        const sheet = await readUpload(reply, request.body, definition.columns);
        const report = await importList(db, school, definition, lookups, sheet, mode, caller.id);
        if (report.applied) {
          await writeAudit(context.db, request, {
            action: name === 'classes' ? 'class.imported' : 'personal_data.imported',
            targetKind: name,
            details: { mode, created: report.created, updated: report.updated },
          });
        }
        return report;
      },
    );
  }
}
