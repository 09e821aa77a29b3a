import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { schoolLevelByCode } from '#domain/reference/index.ts';
import type { UserCaller } from '#server/auth/caller.ts';
import type { TierContext } from '#server/context.ts';
import { userRequest } from '#server/services.ts';

export interface CallerSchool {
  id: string;
  code: string;
  levelCode: string;
  /** Grades the school teaches, from its level (e.g. TH: 1–5). */
  grades: readonly string[];
  currentSchoolYear: string;
}

/** The school tier's database: what every route of the school tier works in. */
export function schoolDb(context: TierContext): Kysely<SchoolTierDatabase> {
  if (context.tier !== 'school') throw new Error(`Tầng ${context.tier} không giữ hồ sơ của trường.`);
  return context.db;
}

/** The school year that holds a date: it starts in August. */
export function schoolYearOf(date: Date): string {
  const start = date.getUTCMonth() >= 7 ? date.getUTCFullYear() : date.getUTCFullYear() - 1;
  return `${start}-${start + 1}`;
}

/**
 * The school a school-tier user works in. Every record query of the school tier is filtered
 * by this school's id, so nothing of another school can come back.
 */
export async function schoolOfCaller(context: TierContext, caller: UserCaller): Promise<CallerSchool> {
  const row = await schoolDb(context)
    .selectFrom('schools')
    .select(['id', 'code', 'current_school_year', 'payload'])
    .where('code', '=', caller.unitKey.slice(1))
    .executeTakeFirstOrThrow();
  const { levelCode } = row.payload;
  return {
    id: row.id,
    code: row.code,
    levelCode,
    grades: schoolLevelByCode.get(levelCode)?.grades ?? [],
    currentSchoolYear: row.current_school_year ?? schoolYearOf(new Date()),
  };
}

/** The signed-in school user of a request and their school. */
export async function schoolRequest(context: TierContext, request: FastifyRequest) {
  const { caller } = userRequest(context, request);
  return { caller, school: await schoolOfCaller(context, caller) };
}
