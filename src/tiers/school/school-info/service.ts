// Thông tin trường: what the routes do, in SQL. The school's record is saved whole.
import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { SCHOOL_ATTRIBUTES, schoolSchema } from '#domain/entities/index.ts';
import { AppError, issue } from '#domain/errors.ts';
import { recordHash } from '#domain/record-hash.ts';
import { communeByCode } from '#domain/reference/index.ts';
import { schoolYearOf } from '../school-of-caller.ts';
import type { schoolInputSchema } from './schemas.ts';

type Db = Kysely<SchoolTierDatabase>;

export async function schoolInfoOf(db: Db, schoolId: string) {
  const row = await db.selectFrom('schools').selectAll().where('id', '=', schoolId).executeTakeFirstOrThrow();
  return {
    id: row.id,
    version: row.version,
    syncState: row.sync_state,
    syncError: row.sync_error,
    nationalId: row.national_id,
    currentSchoolYear: row.current_school_year ?? schoolYearOf(new Date()),
    attributeLabels: SCHOOL_ATTRIBUTES,
    data: schoolSchema.parse(row.payload),
  };
}

/** Saves the school's record: its commune in its province, its sites' ids distinct. */
export async function saveSchoolInfo(
  db: Db,
  schoolId: string,
  userId: string,
  { version, ...input }: z.infer<typeof schoolInputSchema>,
): Promise<void> {
  const commune = communeByCode.get(input.address.communeCode);
  if (!commune || commune.provinceCode !== input.address.provinceCode) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [issue('address.communeCode', 'CODE_UNKNOWN', 'Xã / phường không thuộc tỉnh đã chọn.')],
    });
  }
  const campusIds = input.campuses.map((c) => c.id);
  if (new Set(campusIds).size !== campusIds.length) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [issue('campuses', 'INVALID_FORMAT', 'Hai điểm trường trùng mã.')],
    });
  }
  await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('schools')
      .selectAll()
      .where('id', '=', schoolId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (version !== undefined && version !== current.version) throw new AppError('VERSION_CONFLICT');
    const payload = { ...input, code: current.code };
    const hash = recordHash(payload);
    if (hash === current.hash) return;
    await trx
      .updateTable('schools')
      .set({
        payload: JSON.stringify(payload),
        hash,
        version: sql`version + 1`,
        sync_state: 'unsynced',
        updated_by: userId,
        updated_at: sql`now()`,
      })
      .where('id', '=', schoolId)
      .execute();
  });
}

export async function setCurrentYear(db: Db, schoolId: string, schoolYear: string): Promise<void> {
  await db
    .updateTable('schools')
    .set({ current_school_year: schoolYear })
    .where('id', '=', schoolId)
    .execute();
}
