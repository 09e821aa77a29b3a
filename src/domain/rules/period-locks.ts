// Which records a reporting period locks, and when: written once for the province's receiver
// (authoritative), the school's own edits and the screens that show a period's lock state.
import { RECORD_KIND_DEFINITIONS, type RecordKind } from '../record-kinds.ts';
import {
  REPORTING_PERIOD_LABELS,
  REPORTING_PERIOD_OF_RESULT,
  REPORTING_PERIODS,
  type ReportingPeriod,
} from '../reporting-periods.ts';

/** A period the Sở opened: the day it opens and, per kind, the last day data may change. */
export interface OpenedPeriod {
  schoolYear: string;
  period: ReportingPeriod;
  /** "YYYY-MM-DD" */
  opensOn: string;
  /** "YYYY-MM-DD" per kind; a kind without one is never locked by this period. */
  deadlines: Partial<Record<RecordKind, string>>;
}

/** Editing reopened for the school until a time; kinds null reopens every kind. */
export interface PeriodUnlockGrant {
  schoolYear: string;
  period: ReportingPeriod;
  kinds: readonly RecordKind[] | null;
  /** ISO timestamp */
  until: string;
}

/** What a record touches: its kind, its school year (none for the school and its staff), a result's period. */
export interface LockedRecordRef {
  kind: RecordKind;
  schoolYear?: string;
  resultPeriod?: keyof typeof REPORTING_PERIOD_OF_RESULT;
}

export interface PeriodLock {
  schoolYear: string;
  period: ReportingPeriod;
  kind: RecordKind;
  deadline: string;
}

// Schools and offices keep Vietnam's time: a deadline day ends at midnight there (UTC+7).
const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** The calendar day ("YYYY-MM-DD") it is in Vietnam at `now`. */
export const vietnamDay = (now: Date): string =>
  new Date(now.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);

/** The instant a deadline day is over. */
export const deadlineEnds = (deadline: string): Date =>
  new Date(Date.parse(`${deadline}T00:00:00Z`) + 86_400_000 - VIETNAM_OFFSET_MS);

const periodOrder = (period: ReportingPeriod) => REPORTING_PERIODS.indexOf(period);

/**
 * The period a record belongs to: a result to its own period's; any other record to the latest
 * period of its school year that has opened (the school and its staff, which have no year, to
 * the latest opened year's).
 */
export function periodOfRecord(
  record: LockedRecordRef,
  periods: readonly OpenedPeriod[],
  now: Date,
): OpenedPeriod | undefined {
  const today = vietnamDay(now);
  const opened = periods.filter((period) => period.opensOn <= today);
  if (record.kind === 'result' && record.resultPeriod) {
    const period = REPORTING_PERIOD_OF_RESULT[record.resultPeriod];
    return opened.find((p) => p.schoolYear === record.schoolYear && p.period === period);
  }
  const year =
    record.schoolYear ??
    opened.map((p) => p.schoolYear).reduce<string | undefined>((a, b) => (a && a > b ? a : b), undefined);
  return opened
    .filter((p) => p.schoolYear === year)
    .reduce<OpenedPeriod | undefined>(
      (a, b) => (a && periodOrder(a.period) > periodOrder(b.period) ? a : b),
      undefined,
    );
}

/** Whether an unlock covers a record of `kind` in `period` at `now`. */
export const unlockCovers = (unlock: PeriodUnlockGrant, period: OpenedPeriod, kind: RecordKind, now: Date) =>
  unlock.schoolYear === period.schoolYear &&
  unlock.period === period.period &&
  (unlock.kinds === null || unlock.kinds.includes(kind)) &&
  Date.parse(unlock.until) > now.getTime();

/** The lock that refuses a change to the record now, or undefined when it may change. */
export function lockOf(
  record: LockedRecordRef,
  periods: readonly OpenedPeriod[],
  unlocks: readonly PeriodUnlockGrant[],
  now: Date,
): PeriodLock | undefined {
  const period = periodOfRecord(record, periods, now);
  const deadline = period?.deadlines[record.kind];
  if (!period || !deadline || now < deadlineEnds(deadline)) return undefined;
  if (unlocks.some((unlock) => unlockCovers(unlock, period, record.kind, now))) return undefined;
  return { schoolYear: period.schoolYear, period: period.period, kind: record.kind, deadline };
}

/** "dd/mm/yyyy" of "YYYY-MM-DD". */
export const vietnameseDate = (day: string): string => day.split('-').reverse().join('/');

/** "Kỳ báo cáo Đầu năm 2026-2027 đã hết hạn nộp Thông tin học sinh ngày 15/09/2026." */
export const lockMessage = (lock: PeriodLock): string =>
  `Kỳ báo cáo ${REPORTING_PERIOD_LABELS[lock.period]} ${lock.schoolYear} đã hết hạn nộp ${
    RECORD_KIND_DEFINITIONS[lock.kind].label
  } ngày ${vietnameseDate(lock.deadline)}. Gửi yêu cầu mở khóa để sửa.`;

/** What a record's payload says of its year and, for a result, its period. */
export function lockedRecordRef(kind: RecordKind, payload: object | undefined): LockedRecordRef {
  const fields = (payload ?? {}) as { schoolYear?: unknown; period?: unknown };
  const schoolYear = typeof fields.schoolYear === 'string' ? fields.schoolYear : undefined;
  return {
    kind,
    ...(kind === 'school' || kind === 'staff' ? {} : { schoolYear }),
    ...(kind === 'result' && typeof fields.period === 'string'
      ? { resultPeriod: fields.period as LockedRecordRef['resultPeriod'] }
      : {}),
  };
}
