// Drilling into one school from the dashboard: its records as this tier holds them, and the
// records whose last sync failed, with the reasons. The school must lie in the caller's subtree
// (otherwise 404, like a missing one); reading a school's students or staff is audited.
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { containsPattern } from '#db/like.ts';
import { AppError } from '#domain/errors.ts';
import { RECORD_KINDS } from '#domain/record-kinds.ts';
import { writeAudit } from '#server/audit.ts';
import { type TierContext, upperTierDb } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { unitOfRequest } from './unit-of-request.ts';

const tags = ['Theo dõi đồng bộ'];

const schoolQuery = z.object({
  schoolKey: z.string().regex(/^S\d{1,20}$/, 'Mã đơn vị của trường có dạng S và các chữ số.'),
  kind: z.enum(RECORD_KINDS).default('student'),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

const errorSchema = z
  .object({ code: z.string(), field: z.string().nullable(), message: z.string() })
  .nullable();

const recordSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  version: z.number(),
  deleted: z.boolean(),
  nationalId: z.string().nullable(),
  /** A person's or a class's name, or the school's. */
  name: z.string(),
  birthDate: z.string().nullable(),
  personalId: z.string().nullable(),
  /** A class dissolved (giải thể) at its school, and the day: a state that travels with the record. */
  dissolvedOn: z.string().nullable(),
  status: z.enum(['pending', 'success', 'failed']).nullable(),
  error: errorSchema,
  updatedAt: z.string(),
});

const failureSchema = z.object({
  recordId: z.uuid(),
  kind: z.string(),
  version: z.number(),
  name: z.string().nullable(),
  decidedBy: z.string().nullable(),
  error: errorSchema,
  at: z.string(),
});

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    school: z.object({ key: z.string(), code: z.string(), name: z.string() }),
    items: z.array(item),
    total: z.number(),
    page: z.number(),
    pageSize: z.number(),
  });

const NAME = sql<string>`coalesce(r.payload->>'fullName', r.payload->>'name', '')`;

export function registerSchoolDrillDownRoutes(app: ZodApp, context: TierContext): void {
  const db = upperTierDb(context);

  async function schoolOf(request: FastifyRequest, schoolKey: string) {
    const unit = await unitOfRequest(context, request, schoolKey);
    if (unit.kind !== 'school') throw new AppError('NOT_FOUND');
    return unit;
  }

  app.get(
    '/api/dashboard/school-records',
    {
      schema: {
        tags,
        summary: 'Bản ghi của một trường mà tầng này đang giữ, với trạng thái đồng bộ gần nhất',
        querystring: schoolQuery,
        response: { 200: page(recordSchema) },
      },
    },
    async (request) => {
      const { schoolKey, kind, q, page, pageSize } = request.query;
      const school = await schoolOf(request, schoolKey);
      const search = q ? containsPattern(q) : null;
      const where = sql`r.school_code = ${school.code} AND r.kind = ${kind}
        AND (${search}::text IS NULL OR ${NAME} ILIKE ${search} OR r.personal_id = ${q ?? null} OR r.national_id = ${q ?? null})`;
      const [{ rows }, { rows: count }] = await Promise.all([
        sql<{
          id: string;
          version: number;
          deleted: boolean;
          national_id: string | null;
          name: string;
          birth_date: string | null;
          personal_id: string | null;
          dissolved_on: string | null;
          status: 'pending' | 'success' | 'failed' | null;
          error_code: string | null;
          error_field: string | null;
          error_message: string | null;
          updated_at: Date;
        }>`
          SELECT r.id, r.version, r.deleted, r.national_id, ${NAME} AS name, r.payload->>'birthDate' AS birth_date,
                 r.personal_id, i.status, i.error_code, i.error_field, i.error_message, r.updated_at,
                 CASE WHEN r.payload->>'status' = 'dissolved' THEN coalesce(r.payload->>'dissolvedOn', '') END AS dissolved_on
          FROM sync_records r
          -- The record's own school's newest item: another unit's refused attempt is not its status.
          LEFT JOIN LATERAL (SELECT status, error_code, error_field, error_message FROM sync_items
                             WHERE record_id = r.id AND school_code = r.school_code AND latest
                             ORDER BY updated_at DESC LIMIT 1) i ON true
          WHERE ${where}
          ORDER BY ${NAME} COLLATE "vi-x-icu", r.id
          LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db),
        sql<{ n: number }>`SELECT count(*)::int AS n FROM sync_records r WHERE ${where}`.execute(db),
      ]);
      if (kind === 'student' || kind === 'staff')
        await writeAudit(context.db, request, {
          action: 'personal_data.read',
          targetKind: 'school',
          targetId: school.key,
          details: { kind, listed: rows.length },
        });
      return {
        school: { key: school.key, code: school.code, name: school.name },
        items: rows.map((r) => ({
          id: r.id,
          kind,
          version: r.version,
          deleted: r.deleted,
          nationalId: r.national_id,
          name: r.name,
          birthDate: r.birth_date,
          personalId: r.personal_id,
          dissolvedOn: r.dissolved_on,
          status: r.status,
          error: r.error_code
            ? { code: r.error_code, field: r.error_field, message: r.error_message ?? '' }
            : null,
          updatedAt: new Date(r.updated_at).toISOString(),
        })),
        total: count[0]?.n ?? 0,
        page,
        pageSize,
      };
    },
  );

  app.get(
    '/api/dashboard/school-failures',
    {
      schema: {
        tags,
        summary: 'Các bản ghi của một trường đồng bộ thất bại lần gần nhất, với lý do',
        querystring: schoolQuery
          .omit({ kind: true, q: true })
          .extend({ kind: z.enum(RECORD_KINDS).optional() }),
        response: { 200: page(failureSchema) },
      },
    },
    async (request) => {
      const { schoolKey, kind, page, pageSize } = request.query;
      const school = await schoolOf(request, schoolKey);
      const where = sql`i.school_code = ${school.code} AND i.latest AND i.status = 'failed'
        AND (${kind ?? null}::text IS NULL OR b.kind = ${kind ?? null})`;
      const [{ rows }, { rows: count }] = await Promise.all([
        sql<{
          record_id: string;
          kind: string;
          version: number;
          name: string | null;
          decided_by: string | null;
          error_code: string | null;
          error_field: string | null;
          error_message: string | null;
          updated_at: Date;
        }>`
          SELECT i.record_id, b.kind, i.version, ${NAME} AS name, i.decided_by, i.error_code, i.error_field,
                 i.error_message, i.updated_at
          FROM sync_items i JOIN sync_batches b ON b.id = i.batch_id
          LEFT JOIN sync_records r ON r.id = i.record_id AND r.school_code = i.school_code
          WHERE ${where}
          ORDER BY i.updated_at DESC, i.record_id
          LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db),
        sql<{ n: number }>`
          SELECT count(*)::int AS n FROM sync_items i JOIN sync_batches b ON b.id = i.batch_id WHERE ${where}`.execute(
          db,
        ),
      ]);
      return {
        school: { key: school.key, code: school.code, name: school.name },
        items: rows.map((r) => ({
          recordId: r.record_id,
          kind: r.kind,
          version: r.version,
          name: r.name || null,
          decidedBy: r.decided_by,
          error: r.error_code
            ? { code: r.error_code, field: r.error_field, message: r.error_message ?? '' }
            : null,
          at: new Date(r.updated_at).toISOString(),
        })),
        total: count[0]?.n ?? 0,
        page,
        pageSize,
      };
    },
  );
}
