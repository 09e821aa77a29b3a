// Nộp và duyệt at the province, in SQL: a school submits a period (the figures are what the
// province holds of it, never what the school says), and an officer of a unit above the school
// approves it or returns it; a return reopens the school's editing of the period.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { PeriodSubmissionTable, ProvinceTierDatabase } from '#db/schema.ts';
import type { ReviewList, SubmissionDetail, SubmissionView } from '#domain/api/submissions.ts';
import { AppError } from '#domain/errors.ts';
import type { ReportingPeriod } from '#domain/reporting-periods.ts';
import { vietnamDay } from '#domain/rules/period-locks.ts';
import {
  afterAction,
  dueDay,
  figureChanges,
  isLate,
  type SubmissionAction,
  type SubmissionFigures,
  type SubmissionState,
} from '#domain/rules/submissions.ts';
import { grantUnlock, openedPeriod } from '../periods/unlocks.ts';

type Db = Kysely<ProvinceTierDatabase>;
type Row = Selectable<PeriodSubmissionTable> & { school_name: string | null };
const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

const view = (row: Row): SubmissionView => ({
  id: row.id,
  schoolCode: row.school_code,
  schoolName: row.school_name,
  schoolYear: row.school_year,
  period: row.period as ReportingPeriod,
  status: row.status,
  figures: row.figures as SubmissionView['figures'],
  note: row.note,
  submittedAt: iso(row.submitted_at)!,
  reviewedAt: iso(row.reviewed_at),
  comment: row.comment,
});

/** Submissions with their school's name: of a unit's subtree, of one school, or one by id. */
function submissions(db: Db, scope: { unitPath?: string; schoolCode?: string; id?: string }) {
  let query = db
    .selectFrom('period_submissions as s')
    .innerJoin('org_units as u', (join) => join.on(sql<boolean>`u.key = 'S' || s.school_code`))
    .selectAll('s')
    .select('u.name as school_name');
  if (scope.unitPath !== undefined) query = query.where('u.path', 'like', `${scope.unitPath}%`);
  if (scope.schoolCode) query = query.where('s.school_code', '=', scope.schoolCode);
  if (scope.id) query = query.where('s.id', '=', scope.id);
  return query.orderBy('s.submitted_at', 'desc');
}

/** The newest submission of each period of a school, as the school reads them. */
export async function submissionsOfSchool(db: Db, schoolCode: string): Promise<SubmissionView[]> {
  const rows = await submissions(db, { schoolCode }).limit(200).execute();
  // Newest first: the first row of each period is the one in force.
  const newest = new Map<string, Row>();
  for (const row of rows) {
    const key = `${row.school_year}/${row.period}`;
    if (!newest.has(key)) newest.set(key, row);
  }
  return [...newest.values()].map(view);
}

/** What the province holds of a school for a year, by kind, and how many of its records failed. */
async function figuresOf(db: Db, schoolCode: string, schoolYear: string) {
  const [held, summary] = await Promise.all([
    sql<{ kind: string; n: number }>`
      SELECT kind, count(*)::int AS n FROM sync_records
      WHERE school_code = ${schoolCode} AND NOT deleted
        AND (payload->>'schoolYear' IS NULL OR payload->>'schoolYear' = ${schoolYear})
      GROUP BY kind`
      .execute(db)
      .then((r) => r.rows),
    db
      .selectFrom('school_sync_summary')
      .select(['kind', 'pending', 'failed'])
      .where('school_code', '=', schoolCode)
      .execute(),
  ]);
  const figures: SubmissionFigures = {};
  for (const { kind, n } of held) figures[kind] = { held: n, failed: 0 };
  for (const { kind, failed } of summary) if (failed) figures[kind] = { held: 0, ...figures[kind], failed };
  const pending = summary.reduce((sum, row) => sum + row.pending, 0);
  return { figures, pending };
}

async function newestState(db: Db, schoolCode: string, schoolYear: string, period: string) {
  const row = await db
    .selectFrom('period_submissions')
    .select(['id', 'status'])
    .where('school_code', '=', schoolCode)
    .where('school_year', '=', schoolYear)
    .where('period', '=', period)
    .orderBy('submitted_at', 'desc')
    .executeTakeFirst();
  return row;
}

function refuseUnless(current: SubmissionState | undefined, action: SubmissionAction): SubmissionState {
  const answer = afterAction(current, action);
  if ('refused' in answer) throw new AppError(answer.refused);
  return answer.state;
}

/** Nộp, by the school its credential names. Refused while the province still waits on its records. */
export async function submitPeriod(
  db: Db,
  schoolCode: string,
  body: { schoolYear: string; period: ReportingPeriod; note?: string },
): Promise<SubmissionView> {
  return db.transaction().execute(async (trx) => {
    await openedPeriod(trx, body);
    // One school's submissions one at a time: two presses of Nộp make one submission.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`submission:${schoolCode}`}))`.execute(trx);
    refuseUnless((await newestState(trx, schoolCode, body.schoolYear, body.period))?.status, 'submit');
    const { figures, pending } = await figuresOf(trx, schoolCode, body.schoolYear);
    if (pending > 0)
      throw new AppError('SUBMISSION_NOT_SYNCED', {
        message: `Còn ${pending} bản ghi đang chờ CSDL Quốc gia xử lý; nộp khi tất cả đã có kết quả.`,
      });
    const row = await trx
      .insertInto('period_submissions')
      .values({
        school_code: schoolCode,
        school_year: body.schoolYear,
        period: body.period,
        figures: JSON.stringify(figures) as never,
        note: body.note || null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return view((await submissions(trx, { id: row.id }).executeTakeFirstOrThrow()) as Row);
  });
}

/** Every school of a unit's subtree with where it stands for a period, and the counts. */
export async function reviewList(
  db: Db,
  unitPath: string,
  key: { schoolYear: string; period: ReportingPeriod },
  now = new Date(),
): Promise<ReviewList> {
  const due = dueDay((await openedPeriod(db, key)).deadlines);
  const rows = await sql<{
    code: string;
    name: string;
    id: string | null;
    status: SubmissionState | null;
    submitted_at: Date | null;
    first_at: Date | null;
  }>`
    SELECT u.code, u.name, s.id, s.status, s.submitted_at, f.first_at
    FROM org_units u
    LEFT JOIN LATERAL (
      SELECT id, status, submitted_at FROM period_submissions p
      WHERE p.school_code = u.code AND p.school_year = ${key.schoolYear} AND p.period = ${key.period}
      ORDER BY submitted_at DESC LIMIT 1) s ON true
    LEFT JOIN LATERAL (
      SELECT min(submitted_at) AS first_at FROM period_submissions p
      WHERE p.school_code = u.code AND p.school_year = ${key.schoolYear} AND p.period = ${key.period}) f ON true
    WHERE u.kind = 'school' AND u.path LIKE ${`${unitPath}%`}
    ORDER BY u.path`.execute(db);
  const today = vietnamDay(now);
  const items = rows.rows.map((row) => ({
    schoolCode: row.code,
    schoolName: row.name,
    status: row.status ?? ('not_submitted' as const),
    submissionId: row.id,
    submittedAt: iso(row.submitted_at),
    // Late by the first submission: a school sent back and sending again is not late for that.
    late: isLate(due, row.first_at ? vietnamDay(new Date(row.first_at)) : undefined, today),
  }));
  const counts = { schools: items.length, not_submitted: 0, submitted: 0, approved: 0, returned: 0, late: 0 };
  for (const item of items) {
    counts[item.status] += 1;
    if (item.late) counts.late += 1;
  }
  return { ...key, due: due ?? null, counts, items };
}

/** A submission of a school in the officer's subtree (a foreign one is a 404), as the reviewer reads it. */
export async function submissionDetail(db: Db, unitPath: string, id: string): Promise<SubmissionDetail> {
  const row = await submissions(db, { unitPath, id }).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  const [previous, failures] = await Promise.all([
    db
      .selectFrom('period_submissions')
      .select(['submitted_at', 'status', 'figures'])
      .where('school_code', '=', row.school_code)
      .where('school_year', '=', row.school_year)
      .where('period', '=', row.period)
      .where('submitted_at', '<', row.submitted_at)
      .orderBy('submitted_at', 'desc')
      .executeTakeFirst(),
    sql<{ error_code: string; message: string | null; n: number }>`
      SELECT error_code, min(error_message) AS message, count(*)::int AS n FROM sync_items
      WHERE latest AND status = 'failed' AND school_code = ${row.school_code}
      GROUP BY 1 ORDER BY 3 DESC LIMIT 20`
      .execute(db)
      .then((r) => r.rows),
  ]);
  return {
    ...view(row),
    previous: previous ? { submittedAt: iso(previous.submitted_at)!, status: previous.status } : null,
    changes: previous ? figureChanges(previous.figures, row.figures) : [],
    failures: failures.map((f) => ({ errorCode: f.error_code, message: f.message, count: f.n })),
  };
}

/** Duyệt or Trả lại a submission under review; a return reopens the period for the school. */
export async function reviewSubmission(
  db: Db,
  unitPath: string,
  id: string,
  review:
    | { decision: 'approve'; comment?: string }
    | { decision: 'return'; comment: string; reopenUntil: string },
  by: string,
): Promise<SubmissionView> {
  return db.transaction().execute(async (trx) => {
    const row = await submissions(trx, { unitPath, id }).forUpdate('s').executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND');
    const newest = await newestState(trx, row.school_code, row.school_year, row.period);
    // Only the newest submission is under review; an older one was returned long ago.
    const status = refuseUnless(newest?.id === row.id ? row.status : 'returned', review.decision);
    if (review.decision === 'return')
      await grantUnlock(trx, {
        schoolCode: row.school_code,
        schoolYear: row.school_year,
        period: row.period as ReportingPeriod,
        kinds: null,
        until: new Date(review.reopenUntil),
        reason: review.comment,
        grantedBy: by,
        source: 'returned',
      });
    await trx
      .updateTable('period_submissions')
      .set({ status, comment: review.comment || null, reviewed_by: by, reviewed_at: new Date() })
      .where('id', '=', id)
      .execute();
    return view((await submissions(trx, { id }).executeTakeFirstOrThrow()) as Row);
  });
}
