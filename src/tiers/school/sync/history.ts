// Lịch sử đồng bộ: the school's sync runs with their records' decisions as the deciding tier
// gave them, one run's records with their names, and what a retry of its failures sends.
import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { AppError } from '#domain/errors.ts';
import { RECORD_KINDS, type RecordKind, recordKind } from '#domain/record-kinds.ts';
import type { runItemsQuery, runsQuery } from './schemas.ts';
import { RECORD_TABLE } from './tables.ts';

type Db = Kysely<SchoolTierDatabase>;

/** A page of the school's runs, newest first, with each run's counts and progress. */
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
  }>`
    SELECT r.id, r.kind, r.created_at, r.requested_by_name, r.record_count,
      count(*) FILTER (WHERE i.status = 'pending')::int AS pending,
      count(*) FILTER (WHERE i.status = 'success')::int AS success,
      count(*) FILTER (WHERE i.status = 'failed')::int AS failed
    FROM sync_runs r
    JOIN outbox_batches b ON b.run_id = r.id
    JOIN outbox_items i ON i.batch_id = b.id
    WHERE r.school_id = ${schoolId}
      ${kind ? sql`AND r.kind = ${kind}` : sql``}
      ${from ? sql`AND r.created_at >= ${`${from}T00:00:00+07:00`}::timestamptz` : sql``}
      ${to ? sql`AND r.created_at < ${`${to}T00:00:00+07:00`}::timestamptz + interval '1 day'` : sql``}
    GROUP BY r.id
    ${status ? sql`HAVING count(*) FILTER (WHERE i.status = ${status}) > 0` : sql``}
    ORDER BY r.created_at DESC
    LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db);
  return {
    page,
    pageSize,
    items: rows.map((r) => {
      const total = r.pending + r.success + r.failed;
      return {
        id: r.id,
        kind: r.kind,
        createdAt: new Date(r.created_at).toISOString(),
        requestedBy: r.requested_by_name,
        records: r.record_count,
        counts: { pending: r.pending, success: r.success, failed: r.failed },
        progress: total === 0 ? 1 : (r.success + r.failed) / total,
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
  const labels = await labelsOf(
    db,
    items.map((i) => ({ kind: i.kind as RecordKind, id: i.record_id })),
  );
  return {
    page,
    pageSize,
    items: items.map((i) => ({
      kind: i.kind,
      id: i.record_id,
      label: labels.get(i.record_id) ?? '',
      version: i.version,
      status: i.status,
      decidedBy: i.decided_by,
      error: i.error_code
        ? { code: i.error_code, field: i.error_field ?? '', message: i.error_message ?? '' }
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

/** A readable name for each record in the history: the class name, the person's full name. */
async function labelsOf(db: Db, records: { kind: RecordKind; id: string }[]): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  for (const kind of RECORD_KINDS) {
    const ids = records.filter((r) => r.kind === kind).map((r) => r.id);
    if (ids.length === 0) continue;
    const label = sql<string>`payload->>${recordKind(kind).nameField}`;
    const { rows } = await sql<{
      id: string;
      label: string;
    }>`SELECT id, ${label} AS label FROM ${sql.table(RECORD_TABLE[kind])} WHERE id = ANY(${ids}::uuid[])`.execute(
      db,
    );
    for (const row of rows) labels.set(row.id, row.label);
  }
  return labels;
}
