// Kỳ báo cáo at the school: the periods, deadlines, unlocks and requests its province holds, read
// with the school's sync credential and kept as a copy, so that an edit of locked data is refused
// here too (the province decides in the end) even while the province is out of reach.
import { type Kysely, sql } from 'kysely';
import { readMeta, writeMeta } from '#db/meta.ts';
import type { SchoolTierDatabase } from '#db/schema.ts';
import {
  type SchoolPeriods,
  SYNC_PERIODS_PATH,
  SYNC_UNLOCK_REQUESTS_PATH,
  type UnlockRequestView,
} from '#domain/api/periods.ts';
import { type SubmissionView, SYNC_SUBMISSIONS_PATH } from '#domain/api/submissions.ts';
import { AppError } from '#domain/errors.ts';
import type { RecordKind } from '#domain/record-kinds.ts';
import {
  type LockedRecordRef,
  lockedRecordRef,
  lockMessage,
  lockOf,
  type PeriodLock,
} from '#domain/rules/period-locks.ts';
import type { TierContext } from '#server/context.ts';
import { upstreamOf } from '#sync/send/upstream.ts';
import { callUpstream } from '#sync/transfers/relay.ts';

type Db = Kysely<SchoolTierDatabase>;
const cacheKey = (schoolCode: string) => `reporting_periods:${schoolCode}`;
const EMPTY: SchoolPeriods = { periods: [], unlocks: [], requests: [], submissions: [] };

/** The copy last read from the province. */
export async function cachedPeriods(db: Db, schoolCode: string): Promise<SchoolPeriods> {
  return (await readMeta<SchoolPeriods>(db, cacheKey(schoolCode))) ?? EMPTY;
}

/** Reads the periods from the province and keeps the copy; the copy when the province is out of reach. */
export async function refreshPeriods(
  context: TierContext,
  db: Db,
  schoolCode: string,
): Promise<SchoolPeriods & { fresh: boolean }> {
  try {
    const upstream = context.secretKeys
      ? await upstreamOf(db, context.secretKeys, `S${schoolCode}`)
      : undefined;
    const periods = await callUpstream<SchoolPeriods>(upstream, 'GET', SYNC_PERIODS_PATH);
    await writeMeta(db, cacheKey(schoolCode), periods);
    return { ...periods, fresh: true };
  } catch (error) {
    if (error instanceof AppError && error.code === 'UPSTREAM_UNAVAILABLE')
      return { ...(await cachedPeriods(db, schoolCode)), fresh: false };
    throw error;
  }
}

export async function fileUnlockRequest(
  context: TierContext,
  db: Db,
  schoolCode: string,
  body: unknown,
): Promise<UnlockRequestView> {
  const upstream = context.secretKeys
    ? await upstreamOf(db, context.secretKeys, `S${schoolCode}`)
    : undefined;
  const filed = await callUpstream<UnlockRequestView>(upstream, 'POST', SYNC_UNLOCK_REQUESTS_PATH, body);
  await refreshPeriods(context, db, schoolCode);
  return filed;
}

/** The lock refusing a change to a record of the school now, per the copy. */
export function lockNow(
  periods: SchoolPeriods,
  record: LockedRecordRef,
  now = new Date(),
): PeriodLock | undefined {
  return lockOf(record, periods.periods, periods.unlocks, now);
}

/** Refuses (409 PERIOD_LOCKED, naming the period and the deadline) a change of locked data. */
export async function assertPeriodOpen(
  db: Db,
  schoolId: string,
  kind: RecordKind,
  ...payloads: object[]
): Promise<void> {
  const school = await db.selectFrom('schools').select('code').where('id', '=', schoolId).executeTakeFirst();
  if (!school) return;
  const periods = await cachedPeriods(db, school.code);
  if (periods.periods.length === 0) return;
  for (const payload of payloads) {
    const lock = lockNow(periods, lockedRecordRef(kind, payload));
    if (lock) throw new AppError('PERIOD_LOCKED', { message: lockMessage(lock) });
  }
}

/** How many of the school's records of a year are not yet decided upstream (chưa gửi or chờ xử lý). */
async function notYetSynced(db: Db, schoolId: string, schoolYear: string): Promise<number> {
  const waiting = sql`sync_state IN ('unsynced', 'pending')`;
  const { rows } = await sql<{ n: number }>`
    SELECT (
      (SELECT count(*) FROM schools WHERE id = ${schoolId} AND ${waiting})
      + (SELECT count(*) FROM staff WHERE school_id = ${schoolId} AND ${waiting})
      + (SELECT count(*) FROM classes WHERE school_id = ${schoolId} AND school_year = ${schoolYear} AND ${waiting})
      + (SELECT count(*) FROM students WHERE school_id = ${schoolId} AND school_year = ${schoolYear} AND ${waiting})
      + (SELECT count(*) FROM results WHERE school_id = ${schoolId} AND school_year = ${schoolYear} AND ${waiting})
    )::int AS n`.execute(db);
  return rows[0]?.n ?? 0;
}

/** Nộp: refused here while records wait to be sent or decided, then decided by the province. */
export async function submitToProvince(
  context: TierContext,
  db: Db,
  school: { id: string; code: string },
  body: { schoolYear: string; period: string; note?: string },
): Promise<SubmissionView> {
  const waiting = await notYetSynced(db, school.id, body.schoolYear);
  if (waiting > 0)
    throw new AppError('SUBMISSION_NOT_SYNCED', {
      message: `Còn ${waiting} bản ghi chưa đồng bộ xong (chưa gửi hoặc đang chờ xử lý); hãy đồng bộ rồi nộp.`,
    });
  const upstream = context.secretKeys
    ? await upstreamOf(db, context.secretKeys, `S${school.code}`)
    : undefined;
  const submitted = await callUpstream<SubmissionView>(upstream, 'POST', SYNC_SUBMISSIONS_PATH, body);
  await refreshPeriods(context, db, school.code);
  return submitted;
}
