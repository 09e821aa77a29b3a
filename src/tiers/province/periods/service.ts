// The province's reporting periods and unlock requests, in SQL.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { ProvinceTierDatabase, UnlockRequestTable } from '#db/schema.ts';
import type { PeriodView, SchoolPeriods, UnlockRequestView } from '#domain/api/periods.ts';
import { AppError } from '#domain/errors.ts';
import type { RecordKind } from '#domain/record-kinds.ts';
import type { ReportingPeriod } from '#domain/reporting-periods.ts';
import { submissionsOfSchool } from '../submissions/service.ts';
import { activeUnlocks, grantUnlock, openedPeriod } from './unlocks.ts';

type Db = Kysely<ProvinceTierDatabase>;
const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export async function listPeriods(db: Db): Promise<PeriodView[]> {
  const rows = await db
    .selectFrom('reporting_periods')
    .selectAll()
    .orderBy('school_year', 'desc')
    .orderBy('opens_on', 'desc')
    .execute();
  return rows.map((row) => ({
    schoolYear: row.school_year,
    period: row.period as ReportingPeriod,
    opensOn: row.opens_on,
    deadlines: row.deadlines as PeriodView['deadlines'],
    updatedAt: iso(row.updated_at),
  }));
}

export async function savePeriod(
  db: Db,
  key: { schoolYear: string; period: ReportingPeriod },
  body: { opensOn: string; deadlines: Partial<Record<RecordKind, string>> },
  by: string,
): Promise<{ created: boolean }> {
  const row = await db
    .insertInto('reporting_periods')
    .values({
      school_year: key.schoolYear,
      period: key.period,
      opens_on: body.opensOn,
      deadlines: JSON.stringify(body.deadlines) as never,
      updated_by: by,
    })
    .onConflict((oc) =>
      oc.columns(['school_year', 'period']).doUpdateSet((eb) => ({
        opens_on: eb.ref('excluded.opens_on'),
        deadlines: eb.ref('excluded.deadlines'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: new Date(),
      })),
    )
    .returning(sql<boolean>`(xmax = 0)`.as('created'))
    .executeTakeFirstOrThrow();
  return { created: row.created };
}

const requestView = (
  row: Selectable<UnlockRequestTable> & { school_name: string | null },
): UnlockRequestView => ({
  id: row.id,
  schoolCode: row.school_code,
  schoolName: row.school_name,
  schoolYear: row.school_year,
  period: row.period as ReportingPeriod,
  kinds: row.kinds as RecordKind[] | null,
  reason: row.reason,
  status: row.status,
  until: iso(row.until),
  answerReason: row.answer_reason,
  createdAt: iso(row.created_at)!,
  answeredAt: iso(row.answered_at),
});

/** Requests from schools of a unit's subtree (path prefix), or of one school; newest first. */
export async function listRequests(db: Db, scope: { unitPath?: string; schoolCode?: string }) {
  let query = db
    .selectFrom('unlock_requests as r')
    .innerJoin('org_units as u', (join) => join.on(sql<boolean>`u.key = 'S' || r.school_code`))
    .selectAll('r')
    .select('u.name as school_name');
  if (scope.unitPath) query = query.where('u.path', 'like', `${scope.unitPath}%`);
  if (scope.schoolCode) query = query.where('r.school_code', '=', scope.schoolCode);
  const rows = await query.orderBy('r.created_at', 'desc').limit(500).execute();
  return rows.map(requestView);
}

export async function fileRequest(
  db: Db,
  schoolCode: string,
  body: { schoolYear: string; period: ReportingPeriod; kinds: RecordKind[] | null; reason: string },
): Promise<UnlockRequestView> {
  await openedPeriod(db, body);
  const row = await db
    .insertInto('unlock_requests')
    .values({
      school_code: schoolCode,
      school_year: body.schoolYear,
      period: body.period,
      kinds: body.kinds,
      reason: body.reason,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await listRequests(db, { schoolCode })).find((r) => r.id === row.id)!;
}

/** Cấp or Từ chối a request of a school in the officer's subtree; a foreign one is a 404. */
export async function answerRequest(
  db: Db,
  id: string,
  unitPath: string,
  answer: { grant: true; until: string; reason?: string } | { grant: false; reason: string },
  by: string,
): Promise<UnlockRequestView> {
  return db.transaction().execute(async (trx) => {
    const request = (await listRequests(trx, { unitPath })).find((r) => r.id === id);
    if (!request) throw new AppError('NOT_FOUND');
    if (request.status !== 'open') throw new AppError('UNLOCK_REQUEST_ANSWERED');
    const until = answer.grant ? new Date(answer.until) : null;
    if (answer.grant)
      await grantUnlock(trx, {
        schoolCode: request.schoolCode,
        schoolYear: request.schoolYear,
        period: request.period,
        kinds: request.kinds,
        until: until!,
        reason: answer.reason || request.reason,
        grantedBy: by,
        source: 'request',
      });
    await trx
      .updateTable('unlock_requests')
      .set({
        status: answer.grant ? 'granted' : 'refused',
        until,
        answer_reason: answer.reason ?? null,
        answered_by: by,
        answered_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    return (await listRequests(trx, { schoolCode: request.schoolCode })).find((r) => r.id === id)!;
  });
}

/** What a school learns of its periods from its province. */
export async function periodsOfSchool(db: Db, schoolCode: string): Promise<SchoolPeriods> {
  const [periods, unlocks, requests, submissions] = await Promise.all([
    listPeriods(db),
    activeUnlocks(db, schoolCode, new Date()),
    listRequests(db, { schoolCode }),
    submissionsOfSchool(db, schoolCode),
  ]);
  return {
    periods,
    unlocks: unlocks.map(({ schoolYear, period, kinds, until, reason, source }) => ({
      schoolYear,
      period,
      kinds: kinds ? [...kinds] : null,
      until,
      reason,
      source: source as 'request' | 'returned',
    })),
    requests,
    submissions,
  };
}
