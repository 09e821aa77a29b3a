import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { Staff, Student } from '#domain/entities/index.ts';
import { MAX_VERSION } from '#sync/protocol.ts';

export const pageQuery = z.object({
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });

/**
 * The version a client last read, sent back with an edit so a change made meanwhile is not
 * overwritten (409 VERSION_CONFLICT). Bounded like every version.
 */
export const expectedVersion = z.number().int().min(1).max(MAX_VERSION).optional();

/** A record as the API shows it: its sync envelope and its data. */
export const recordViewSchema = <T extends z.ZodType>(data: T) =>
  z.object({
    id: z.uuid(),
    version: z.number(),
    syncState: z.enum(['unsynced', 'pending', 'success', 'failed']),
    syncError: z.string().nullable(),
    nationalId: z.string().nullable(),
    updatedAt: z.string(),
    data,
  });

/** A person (staff member or student) in a list: the sync envelope and what every person shows (personSummary). */
export const personSummarySchema = z.object({
  id: z.uuid(),
  version: z.number(),
  syncState: z.string(),
  syncError: z.string().nullable(),
  nationalId: z.string().nullable(),
  fullName: z.string(),
  birthDate: z.string(),
  gender: z.string(),
  personalId: z.string().nullable(),
  statusCode: z.string(),
});

export const fieldIssueSchema = z.object({ field: z.string(), code: z.string(), message: z.string() });

/** Vietnamese lists sort by given name (the last word), then by the whole name, in Vietnamese order. */
export function byVietnameseName(column: string, direction: 'asc' | 'desc' = 'asc'): RawBuilder<unknown> {
  const dir = sql.raw(direction === 'desc' ? 'DESC' : 'ASC');
  const name = sql.ref(column);
  return sql`regexp_replace(${name}, '^.* ', '') COLLATE "vi-x-icu" ${dir}, ${name} COLLATE "vi-x-icu" ${dir}`;
}

/** What a list shows of a person (staff member or student) and of its sync envelope. */
export function personSummary(row: {
  id: string;
  version: number;
  sync_state: string;
  sync_error: string | null;
  national_id: string | null;
  payload: Staff | Student;
}) {
  const data = row.payload;
  return {
    id: row.id,
    version: row.version,
    syncState: row.sync_state,
    syncError: row.sync_error,
    nationalId: row.national_id,
    fullName: data.fullName,
    birthDate: data.birthDate,
    gender: data.gender,
    personalId: data.personalId ?? null,
    statusCode: data.statusCode,
  };
}
