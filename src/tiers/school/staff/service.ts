// Thông tin giáo viên / cán bộ: what the routes do, in SQL.
import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import { foldedNameContains } from '#db/like.ts';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { AppError } from '#domain/errors.ts';
import { inPageOrder, pageOfIds } from '../lists/page-order.ts';
import { byVietnameseName, personSummary } from '../lists/shared-schemas.ts';
import { personalIdWarnings, refuseDuplicatePersonalId, rethrowClash } from '../personal-ids.ts';
import {
  changedFields,
  insertRecord,
  lockRecord,
  type RecordRow,
  tombstoneRecord,
  toView,
  updateRecord,
} from '../records.ts';
import type { createStaffBody, listStaffQuery, updateStaffBody } from './schemas.ts';

type Db = Kysely<SchoolTierDatabase>;

/** A staff member in full, with the warnings on the personal ID. */
export function staffViewOf(row: RecordRow<'staff'>) {
  const view = toView<'staff'>(row);
  return { ...view, warnings: personalIdWarnings(view.data) };
}

export async function listStaff(
  db: Db,
  schoolId: string,
  { q, statusCode, sort, order, page, pageSize }: z.infer<typeof listStaffQuery>,
) {
  let query = db.selectFrom('staff').where('school_id', '=', schoolId).where('deleted', '=', false);
  if (q)
    query = query.where((eb) =>
      eb.or([foldedNameContains(sql.ref('name_search'), q), eb('personal_id', '=', q.trim())]),
    );
  if (statusCode) query = query.where('status_code', '=', statusCode);
  const direction = order === 'desc' ? sql`DESC` : sql`ASC`;
  const orderBy = {
    name: byVietnameseName('full_name', order),
    birthDate: sql`payload->>'birthDate' ${direction}`,
    updatedAt: sql`updated_at ${direction}`,
  }[sort];
  const { ids, total } = await pageOfIds(query.select('id'), orderBy, { page, pageSize });
  const rows = ids.length
    ? await db
        .selectFrom('staff')
        .select(['id', 'version', 'sync_state', 'sync_error', 'national_id', 'payload'])
        .where('school_id', '=', schoolId)
        .where('id', 'in', ids)
        .execute()
    : [];
  const items = inPageOrder(ids, rows).map((row) => ({
    ...personSummary(row),
    positionGroup: row.payload.positionGroup ?? null,
    subjects: row.payload.subjects ?? [],
  }));
  return { items, total, page, pageSize };
}

export async function createStaff(
  db: Db,
  schoolId: string,
  userId: string,
  data: z.infer<typeof createStaffBody>,
) {
  await refuseDuplicatePersonalId(db, 'staff', schoolId, data.personalId);
  return insertRecord(db, 'staff', schoolId, data, userId).catch(rethrowClash);
}

/** Stores a staff member's new record; returns it and the fields that changed. */
export async function updateStaff(
  db: Db,
  schoolId: string,
  userId: string,
  id: string,
  { version, ...data }: z.infer<typeof updateStaffBody>,
) {
  await refuseDuplicatePersonalId(db, 'staff', schoolId, data.personalId, id);
  return db
    .transaction()
    .execute(async (trx) => {
      const current = await lockRecord(trx, 'staff', schoolId, id);
      const row = await updateRecord(trx, 'staff', current, data, userId, version);
      return { row, fields: changedFields(current.payload, data) };
    })
    .catch(rethrowClash);
}

/** Deletes a staff member, unless they are the homeroom teacher of an active class. */
export async function deleteStaff(db: Db, schoolId: string, userId: string, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await lockRecord(trx, 'staff', schoolId, id);
    const homeroomOf = await trx
      .selectFrom('classes')
      .select('name')
      .where('school_id', '=', schoolId)
      .where('deleted', '=', false)
      .where('status', '=', 'active')
      .where(sql<boolean>`payload->>'homeroomStaffId' = ${current.id}`)
      .execute();
    if (homeroomOf.length > 0) {
      throw new AppError('STAFF_IS_HOMEROOM', {
        message: `Cán bộ đang chủ nhiệm lớp ${homeroomOf.map((c) => c.name).join(', ')}; hãy đổi giáo viên chủ nhiệm trước khi xoá.`,
      });
    }
    await tombstoneRecord(trx, 'staff', current, userId);
  });
}
