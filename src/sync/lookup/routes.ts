// Look-up of a person in the registry this tier holds, by personal ID or national identifier:
// which schools hold them, at which status. Personal data, so every look-up is audited, and a
// province officer finds only the schools of their subtree.
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { ProvinceTierDatabase } from '../../db/schema.ts';
import { provinceByCode } from '../../domain/reference/index.ts';
import { unitInScope } from '../../server/access/scope.ts';
import type { ZodApp } from '../../server/app.ts';
import { writeAudit } from '../../server/audit.ts';
import type { TierContext } from '../../server/context.ts';
import { userRequest } from '../../server/services.ts';

const holdingSchema = z.object({
  kind: z.string(),
  id: z.uuid(),
  nationalId: z.string().nullable(),
  fullName: z.string(),
  birthDate: z.string(),
  gender: z.string(),
  personalId: z.string().nullable(),
  statusCode: z.string().nullable(),
  deleted: z.boolean(),
  school: z.object({ code: z.string(), name: z.string(), province: z.string() }),
});

export function registerLookupRoutes(app: ZodApp, context: TierContext): void {
  const db = context.db as Kysely<ProvinceTierDatabase>;
  app.get(
    '/api/registry/lookup',
    {
      schema: {
        tags: ['Tra cứu'],
        summary: 'Tra cứu học sinh hoặc cán bộ theo số định danh cá nhân hoặc mã định danh',
        querystring: z.object({
          q: z
            .string()
            .trim()
            .regex(
              /^(\d{12}|[A-Z]{2}\d{10})$/,
              'Nhập số định danh 12 chữ số hoặc mã định danh (ví dụ HS0000000123).',
            ),
        }),
        response: { 200: z.object({ items: z.array(holdingSchema) }) },
      },
    },
    async (request) => {
      const { caller } = userRequest(context, request);
      const { q } = request.query;
      const { rows } = await sql<{
        kind: string;
        id: string;
        national_id: string | null;
        payload: Record<string, unknown>;
        personal_id: string | null;
        status_code: string | null;
        deleted: boolean;
        school_code: string;
        province_code: string;
        school_name: string | null;
      }>`
        SELECT r.kind, r.id, r.national_id, r.payload, r.personal_id, r.status_code, r.deleted, r.school_code, r.province_code, o.name AS school_name
        FROM sync_records r
        JOIN org_units o ON o.key = 'S' || r.school_code
        WHERE r.kind IN ('student', 'staff') AND (r.personal_id = ${q} OR r.national_id = ${q})
          AND ${unitInScope(context.tier, caller, 'o.key')}
        ORDER BY r.updated_at DESC
        LIMIT 50`.execute(db);
      await writeAudit(context.db, request, {
        action: 'personal_data.read',
        targetKind: 'lookup',
        details: { query: q, found: rows.length },
      });
      return {
        items: rows.map((r) => ({
          kind: r.kind,
          id: r.id,
          nationalId: r.national_id,
          fullName: String(r.payload.fullName ?? ''),
          birthDate: String(r.payload.birthDate ?? ''),
          gender: String(r.payload.gender ?? ''),
          personalId: r.personal_id,
          statusCode: r.status_code,
          deleted: r.deleted,
          school: {
            code: r.school_code,
            name: r.school_name ?? r.school_code,
            province: provinceByCode.get(r.province_code)?.name ?? r.province_code,
          },
        })),
      };
    },
  );
}
