// Lịch sử đồng bộ: the school's sync runs with their records' decisions as the deciding tier
// gave them, one run's records with their names, and what a retry of its failures sends.
import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { AppError } from '#domain/errors.ts';
import { idsIn, recordNames, withNames } from './record-names.ts';
import type { runItemsQuery, runsQuery } from './schemas.ts';

type Db = Kysely<SchoolTierDatabase>;

type Counts = { pending: number; success: number; failed: number };

/**
 * A page of the school's runs, newest first. Each record counts once, as its newest decision in
 * the run says (a record sent twice in a run — failed, then accepted — is one success), and the
 * counts are of the run's own records; what travelled with them is counted apart.
 */
export async function listRuns(
  db: Db,
  schoolId: string,
  { kind, status, from, to, page, pageSize }: z.infer<typeof runsQuery>,
) {
  const { rows } = await sql<{
    id: string;
    kind: string;
    created_at: Date;
    requested_by_name: string | null;
    record_count: number;
    pending: number;
    success: number;
    failed: number;
    dep_pending: number;
    dep_success: number;
    dep_failed: number;
  }>`
    WITH runs AS (
      SELECT r.* FROM sync_runs r
      WHERE r.school_id = ${schoolId}
        ${kind ? sql`AND r.kind = ${kind}` : sql``}
        ${from ? sql`AND r.created_at >= ${`${from}T00:00:00+07:00`}::timestamptz` : sql``}
        ${to ? sql`AND r.created_at < ${`${to}T00:00:00+07:00`}::timestamptz + interval '1 day'` : sql``}
    ), decided AS (
      SELECT DISTINCT ON (b.run_id, b.kind, i.record_id) b.run_id, b.kind, i.status
      FROM runs r
      JOIN outbox_batches b ON b.run_id = r.id
      JOIN outbox_items i ON i.batch_id = b.id
      ORDER BY b.run_id, b.kind, i.record_id, b.seq DESC, i.idx DESC
    )
    SELECT r.id, r.kind, r.created_at, r.requested_by_name, r.record_count,
      count(*) FILTER (WHERE d.kind = r.kind AND d.status = 'pending')::int AS pending,
      count(*) FILTER (WHERE d.kind = r.kind AND d.status = 'success')::int AS success,
      count(*) FILTER (WHERE d.kind = r.kind AND d.status = 'failed')::int AS failed,
      count(*) FILTER (WHERE d.kind <> r.kind AND d.status = 'pending')::int AS dep_pending,
      count(*) FILTER (WHERE d.kind <> r.kind AND d.status = 'success')::int AS dep_success,
      count(*) FILTER (WHERE d.kind <> r.kind AND d.status = 'failed')::int AS dep_failed
    FROM runs r
    JOIN decided d ON d.run_id = r.id
    GROUP BY r.id, r.kind, r.created_at, r.requested_by_name, r.record_count
    ${status ? sql`HAVING count(*) FILTER (WHERE d.kind = r.kind AND d.status = ${status}) > 0` : sql``}
    ORDER BY r.created_at DESC
    LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db);
  return {
    page,
    pageSize,
    items: rows.map((r) => {
      const counts: Counts = { pending: r.pending, success: r.success, failed: r.failed };
      const dependencies: Counts = { pending: r.dep_pending, success: r.dep_success, failed: r.dep_failed };
      const total = r.pending + r.success + r.failed + r.dep_pending + r.dep_success + r.dep_failed;
      return {
        id: r.id,
        kind: r.kind,
        createdAt: new Date(r.created_at).toISOString(),
        requestedBy: r.requested_by_name,
        records: r.record_count,
        counts,
        dependencies,
        progress: total === 0 ? 1 : (total - r.pending - r.dep_pending) / total,
      };
    }),
  };
}

/** A page of one run's records: each decision, the tier that made it, and the record's name. */
export async function runItems(
  db: Db,
  schoolId: string,
  runId: string,
  { status, page, pageSize }: z.infer<typeof runItemsQuery>,
) {
  await runOf(db, schoolId, runId);
  let query = db
    .selectFrom('outbox_items as i')
    .innerJoin('outbox_batches as b', 'b.id', 'i.batch_id')
    .select([
      'b.kind',
      'i.record_id',
      'i.version',
      'i.status',
      'i.decided_by',
      'i.error_code',
      'i.error_field',
      'i.error_message',
      'i.national_id',
    ])
    .where('b.run_id', '=', runId);
  if (status) query = query.where('i.status', '=', status);
  const items = await query
    .orderBy('b.seq')
    .orderBy('i.idx')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  // The records' own names and those of the records their refusals quote.
  const names = await recordNames(db, schoolId, [
    ...items.map((i) => i.record_id),
    ...items.flatMap((i) => idsIn(i.error_message)),
  ]);
  return {
    page,
    pageSize,
    items: items.map((i) => ({
      kind: i.kind,
      id: i.record_id,
      label: names.get(i.record_id) ?? '',
      version: i.version,
      status: i.status,
      decidedBy: i.decided_by,
      error: i.error_code
        ? { code: i.error_code, field: i.error_field ?? '', message: withNames(i.error_message ?? '', names) }
        : null,
      nationalId: i.national_id,
    })),
  };
}

/** The ids of a run's records that failed, for "Đồng bộ lại các bản ghi lỗi". */
export async function failedOf(db: Db, run: { id: string; kind: string }): Promise<string[]> {
  const failed = await db
    .selectFrom('outbox_items as i')
    .innerJoin('outbox_batches as b', 'b.id', 'i.batch_id')
    .select('i.record_id')
    .where('b.run_id', '=', run.id)
    .where('b.kind', '=', run.kind)
    .where('i.status', '=', 'failed')
    .execute();
  return [...new Set(failed.map((f) => f.record_id))];
}

export async function runOf(db: Db, schoolId: string, id: string) {
  const run = await db
    .selectFrom('sync_runs')
    .select(['id', 'kind'])
    .where('id', '=', id)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  if (!run) throw new AppError('NOT_FOUND');
  return run;
}
