// Drilling into one school from the dashboard: its records as this tier holds them, and the
// records whose last sync failed, with the reasons.
import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import { foldedNameContains } from '#db/like.ts';
import type { UpperTierTables } from '#db/schema.ts';
import { codeLists } from '#domain/reference/index.ts';
import type { Unit } from '#server/units/units.ts';
import type { failuresQuery, schoolQuery } from './schemas.ts';

type Db = Kysely<UpperTierTables>;

// A result has no name of its own: it is its pupil's, and its class the one it names, as this
// tier holds them (the student and class records r's payload names, joined as st and cl).
const NAME = sql<string>`coalesce(r.payload->>'fullName', r.payload->>'name', st.payload->>'fullName', '')`;
const NAMED = sql`
  LEFT JOIN sync_records st ON r.kind = 'result' AND st.province_code = r.province_code
                           AND st.id = (r.payload->>'studentId')::uuid
  LEFT JOIN sync_records cl ON r.kind IN ('result', 'student') AND cl.province_code = r.province_code
                           AND cl.id = (r.payload->>'classId')::uuid`;

// A period's name depends on the scheme: CN is "Cuối năm học" at a primary school (Thông tư 27),
// "Cả năm" at a secondary one (Thông tư 22).
const PERIOD_NAMES: Record<string, Map<string, string>> = {
  TT27: new Map(codeLists.primaryEvaluation_TT27_2020.periods.map((p) => [p.code, p.name])),
  TT22: new Map(codeLists.secondaryEvaluation_TT22_2021.periods.map((p) => [p.code, p.name])),
};
const periodName = (scheme: string | null, code: string | null) =>
  code === null ? null : (PERIOD_NAMES[scheme ?? '']?.get(code) ?? code);

/** A page of the school's records of one kind, each with its own school's newest decision. */
export async function schoolRecords(
  db: Db,
  school: Unit,
  { kind, q, page, pageSize }: z.infer<typeof schoolQuery>,
) {
  // The school's records of one kind are few enough (its index finds them) to fold their names
  // as they are read; an index of folded names over every record of the tier would slow each sync.
  const search = q
    ? sql`AND (${foldedNameContains(sql`fold_for_search(${NAME})`, q)} OR r.personal_id = ${q} OR r.national_id = ${q})`
    : sql``;
  const where = sql`r.school_code = ${school.code} AND r.kind = ${kind} ${search}`;
  const [{ rows }, { rows: count }] = await Promise.all([
    sql<{
      id: string;
      version: number;
      deleted: boolean;
      national_id: string | null;
      name: string;
      class_name: string | null;
      school_year: string | null;
      period: string | null;
      scheme: string | null;
      birth_date: string | null;
      personal_id: string | null;
      dissolved_on: string | null;
      status: 'pending' | 'success' | 'failed' | null;
      error_code: string | null;
      error_field: string | null;
      error_message: string | null;
      updated_at: Date;
    }>`
      SELECT r.id, r.version, r.deleted, r.national_id, ${NAME} AS name, cl.payload->>'name' AS class_name,
             r.payload->>'schoolYear' AS school_year, r.payload->>'period' AS period,
             r.payload->>'scheme' AS scheme,
             r.payload->>'birthDate' AS birth_date,
             r.personal_id, i.status, i.error_code, i.error_field, i.error_message, r.updated_at,
             CASE WHEN r.payload->>'status' = 'dissolved' THEN coalesce(r.payload->>'dissolvedOn', '') END AS dissolved_on
      FROM sync_records r ${NAMED}
      -- The record's own school's newest item: another unit's refused attempt is not its status.
      LEFT JOIN LATERAL (SELECT status, error_code, error_field, error_message FROM sync_items
                         WHERE record_id = r.id AND school_code = r.school_code AND latest
                         ORDER BY updated_at DESC LIMIT 1) i ON true
      WHERE ${where}
      ORDER BY ${NAME} COLLATE "vi-x-icu", r.id
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM sync_records r ${NAMED} WHERE ${where}`.execute(db),
  ]);
  return {
    school: { key: school.key, code: school.code, name: school.name },
    items: rows.map((r) => ({
      id: r.id,
      kind,
      version: r.version,
      deleted: r.deleted,
      nationalId: r.national_id,
      name: r.name,
      className: r.class_name,
      schoolYear: r.school_year,
      period: periodName(r.scheme, r.period),
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
}

/** A page of the school's records whose last sync failed, newest first. */
export async function schoolFailures(
  db: Db,
  school: Unit,
  { kind, page, pageSize }: z.infer<typeof failuresQuery>,
) {
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
      LEFT JOIN sync_records r ON r.id = i.record_id AND r.school_code = i.school_code ${NAMED}
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
}
