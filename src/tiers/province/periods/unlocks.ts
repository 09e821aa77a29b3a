// Unlocks at the province: editing a period's data reopened for one school until a time, granted
// on the school's request or when the Sở returns its submission.
import type { Kysely } from 'kysely';
import type { ProvinceTierDatabase } from '#db/schema.ts';
import { AppError } from '#domain/errors.ts';
import type { RecordKind } from '#domain/record-kinds.ts';
import type { ReportingPeriod } from '#domain/reporting-periods.ts';
import type { OpenedPeriod, PeriodUnlockGrant } from '#domain/rules/period-locks.ts';

export interface UnlockGrant {
  schoolCode: string;
  schoolYear: string;
  period: ReportingPeriod;
  /** null: every kind of record. */
  kinds: readonly RecordKind[] | null;
  until: Date;
  reason: string;
  grantedBy: string | null;
  source: 'request' | 'returned';
}

/** Records an unlock; returns its id. */
export async function grantUnlock(db: Kysely<ProvinceTierDatabase>, grant: UnlockGrant): Promise<string> {
  const row = await db
    .insertInto('period_unlocks')
    .values({
      school_code: grant.schoolCode,
      school_year: grant.schoolYear,
      period: grant.period,
      kinds: grant.kinds ? [...grant.kinds] : null,
      until: grant.until,
      reason: grant.reason,
      granted_by: grant.grantedBy,
      source: grant.source,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Every period the Sở opened, as the lock rule reads them. */
export async function openedPeriods(db: Kysely<ProvinceTierDatabase>): Promise<OpenedPeriod[]> {
  const rows = await db.selectFrom('reporting_periods').selectAll().execute();
  return rows.map((row) => ({
    schoolYear: row.school_year,
    period: row.period as ReportingPeriod,
    opensOn: row.opens_on,
    deadlines: row.deadlines as OpenedPeriod['deadlines'],
  }));
}

/** One period the Sở opened, with its deadlines, or undefined when it was never opened. */
export function findPeriod(
  db: Kysely<ProvinceTierDatabase>,
  key: { schoolYear: string; period: ReportingPeriod },
): Promise<{ deadlines: Record<string, string> } | undefined> {
  return db
    .selectFrom('reporting_periods')
    .select('deadlines')
    .where('school_year', '=', key.schoolYear)
    .where('period', '=', key.period)
    .executeTakeFirst();
}

/** One period the Sở opened; a period never opened is a 404 (PERIOD_NOT_OPENED). */
export async function openedPeriod(
  db: Kysely<ProvinceTierDatabase>,
  key: { schoolYear: string; period: ReportingPeriod },
): Promise<{ deadlines: Record<string, string> }> {
  const period = await findPeriod(db, key);
  if (!period) throw new AppError('PERIOD_NOT_OPENED');
  return period;
}

/** A school's unlocks still in force at `now`. */
export async function activeUnlocks(
  db: Kysely<ProvinceTierDatabase>,
  schoolCode: string,
  now: Date,
): Promise<(PeriodUnlockGrant & { source: string; reason: string })[]> {
  const rows = await db
    .selectFrom('period_unlocks')
    .selectAll()
    .where('school_code', '=', schoolCode)
    .where('until', '>', now)
    .orderBy('until', 'desc')
    .execute();
  return rows.map((row) => ({
    schoolYear: row.school_year,
    period: row.period as ReportingPeriod,
    kinds: row.kinds as RecordKind[] | null,
    until: new Date(row.until).toISOString(),
    source: row.source,
    reason: row.reason,
  }));
}
