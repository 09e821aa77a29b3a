// Look-up of a person in the registry this tier holds, by personal ID or national identifier:
// which schools hold them, at which status. Personal data, so every look-up is audited, and a
// province officer finds only the schools of their subtree.
import { sql } from 'kysely';
import { z } from 'zod';
import { provinceByCode } from '#domain/reference/index.ts';
import { unitInScope } from '#server/access/scope.ts';
import { writeAudit } from '#server/audit.ts';
import { type TierContext, upperTierDb } from '#server/context.ts';
import { userRequest } from '#server/services.ts';
import type { ZodApp } from '#server/zod-app.ts';

const enrolmentSchema = z.object({
  /** The record at that school (each school keeps its own record of the person). */
  id: z.uuid(),
  statusCode: z.string().nullable(),
  statusDate: z.string().nullable(),
  deleted: z.boolean(),
  updatedAt: z.string(),
  school: z.object({ code: z.string(), name: z.string(), province: z.string() }),
});

/** One person: their identifier, their details as last sent, every school record of them. */
const personSchema = z.object({
  kind: z.string(),
  nationalId: z.string().nullable(),
  fullName: z.string(),
  birthDate: z.string(),
  gender: z.string(),
  personalId: z.string().nullable(),
  enrolments: z.array(enrolmentSchema),
});

interface Row {
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
  updated_at: Date;
}

/** Records of one person (one identifier) make one person, newest record first. */
function groupByPerson(rows: Row[]): z.infer<typeof personSchema>[] {
  const persons = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${row.kind}:${row.national_id ?? row.id}`;
    persons.set(key, [...(persons.get(key) ?? []), row]);
  }
  return [...persons.values()].map((records) => {
    const current = records.find((r) => !r.deleted) ?? records[0]!;
    return {
      kind: current.kind,
      nationalId: current.national_id,
      fullName: String(current.payload.fullName ?? ''),
      birthDate: String(current.payload.birthDate ?? ''),
      gender: String(current.payload.gender ?? ''),
      personalId: current.personal_id,
      enrolments: records.map((r) => ({
        id: r.id,
        statusCode: r.status_code,
        statusDate: typeof r.payload.statusDate === 'string' ? r.payload.statusDate : null,
        deleted: r.deleted,
        updatedAt: new Date(r.updated_at).toISOString(),
        school: {
          code: r.school_code,
          name: r.school_name ?? r.school_code,
          province: provinceByCode.get(r.province_code)?.name ?? r.province_code,
        },
      })),
    };
  });
}

export function registerLookupRoutes(app: ZodApp, context: TierContext): void {
  const db = upperTierDb(context);
  app.get(
    '/api/registry/lookup',
    {
      schema: {
        tags: ['Tra cứu'],
        summary:
          'Tra cứu học sinh hoặc cán bộ theo số định danh cá nhân hoặc mã định danh: một người, các trường đã giữ hồ sơ',
        querystring: z.object({
          q: z
            .string()
            .trim()
            .regex(
              /^(\d{12}|[A-Z]{2}\d{10})$/,
              'Nhập số định danh 12 chữ số hoặc mã định danh (ví dụ HS0000000123).',
            ),
        }),
        response: { 200: z.object({ persons: z.array(personSchema) }) },
      },
    },
    async (request) => {
      const { caller } = userRequest(context, request);
      const { q } = request.query;
      // At the national tier a personal ID names a person even where a record's own number was
      // later corrected: the person's identifier finds every record of them.
      const byIdentity =
        context.tier === 'national'
          ? sql`OR r.national_id IN (SELECT national_id FROM person_identities WHERE personal_id = ${q})`
          : sql``;
      const { rows } = await sql<Row>`
        SELECT r.kind, r.id, r.national_id, r.payload, r.personal_id, r.status_code, r.deleted, r.school_code,
               r.province_code, o.name AS school_name, r.updated_at
        FROM sync_records r
        JOIN org_units o ON o.key = 'S' || r.school_code
        WHERE r.kind IN ('student', 'staff') AND (r.personal_id = ${q} OR r.national_id = ${q} ${byIdentity})
          AND ${unitInScope(context.tier, caller, 'o.key')}
        ORDER BY r.updated_at DESC
        LIMIT 50`.execute(db);
      await writeAudit(context.db, request, {
        action: 'personal_data.read',
        targetKind: 'lookup',
        details: { query: q, found: rows.length },
      });
      return { persons: groupByPerson(rows) };
    },
  );
}
