// Báo cáo EMIS at the province: classes and pupils by grade (girls, ethnic minorities, pupils with
// disabilities, policy beneficiaries), staff by qualification, for a unit's schools whose newest
// submission of the period was approved. It reads the records the province holds of those schools
// now: the period's locks are what keep them as they were approved (an unlock lets them move).
import { type Kysely, sql } from 'kysely';
import type { ProvinceTierDatabase } from '#db/schema.ts';
import type { EmisReport } from '#domain/api/reports.ts';
import { previousSchoolYear, type ReportingPeriod } from '#domain/reporting-periods.ts';
import {
  AT_WORK_STATUSES,
  ENROLLED_STATUSES,
  gradeOrder,
  KINH,
  NO_QUALIFICATION,
  totalOfGrades,
} from '#domain/rules/emis-figures.ts';
import type { Unit } from '#server/units/units.ts';
import { findPeriod, openedPeriod } from '../periods/unlocks.ts';

type Db = Kysely<ProvinceTierDatabase>;

/** The codes of the unit's schools whose newest submission of the period is approved, and how many schools it has. */
async function approvedSchools(db: Db, unit: Unit, schoolYear: string, period: string) {
  const { rows } = await sql<{ code: string; status: string | null }>`
    SELECT u.code, s.status FROM org_units u
    LEFT JOIN LATERAL (
      SELECT status FROM period_submissions p
      WHERE p.school_code = u.code AND p.school_year = ${schoolYear} AND p.period = ${period}
      ORDER BY submitted_at DESC LIMIT 1) s ON true
    WHERE u.kind = 'school' AND u.path LIKE ${`${unit.path}%`}`.execute(db);
  return { total: rows.length, approved: rows.filter((r) => r.status === 'approved').map((r) => r.code) };
}

async function byGrade(db: Db, codes: string[], schoolYear: string) {
  const { rows } = await sql<{
    grade: string;
    classes: number;
    pupils: number;
    female: number;
    minority: number;
    disabled: number;
    policy: number;
  }>`
    WITH classes AS (
      SELECT id, payload->>'grade' AS grade FROM sync_records
      WHERE kind = 'class' AND NOT deleted AND school_code = ANY(${codes})
        AND payload->>'schoolYear' = ${schoolYear} AND payload->>'status' = 'active'),
    pupils AS (
      SELECT c.grade, s.payload FROM sync_records s JOIN classes c ON c.id::text = s.payload->>'classId'
      WHERE s.kind = 'student' AND NOT s.deleted AND s.school_code = ANY(${codes})
        AND s.payload->>'schoolYear' = ${schoolYear} AND s.status_code = ANY(${ENROLLED_STATUSES}))
    SELECT g.grade,
      (SELECT count(*) FROM classes c WHERE c.grade = g.grade)::int AS classes,
      count(p.payload)::int AS pupils,
      count(*) FILTER (WHERE p.payload->>'gender' = 'female')::int AS female,
      count(*) FILTER (WHERE p.payload->>'ethnicityCode' <> ${KINH})::int AS minority,
      count(*) FILTER (WHERE p.payload ? 'disabilityCode')::int AS disabled,
      count(*) FILTER (WHERE (p.payload->>'policyBeneficiary')::boolean)::int AS policy
    FROM (SELECT DISTINCT grade FROM classes) g LEFT JOIN pupils p ON p.grade = g.grade
    GROUP BY g.grade`.execute(db);
  return rows
    .sort((a, b) => gradeOrder(a.grade, b.grade))
    .map((r) => ({
      grade: r.grade,
      classes: r.classes,
      pupils: r.pupils,
      female: r.female,
      ethnicMinority: r.minority,
      disabled: r.disabled,
      policyBeneficiary: r.policy,
    }));
}

async function staffOf(db: Db, codes: string[]) {
  const { rows } = await sql<{ qualification: string; total: number; female: number }>`
    SELECT coalesce(nullif(trim(payload->>'qualification'), ''), ${NO_QUALIFICATION}) AS qualification,
      count(*)::int AS total, count(*) FILTER (WHERE payload->>'gender' = 'female')::int AS female
    FROM sync_records
    WHERE kind = 'staff' AND NOT deleted AND school_code = ANY(${codes}) AND status_code = ANY(${AT_WORK_STATUSES})
    GROUP BY 1`.execute(db);
  return {
    total: rows.reduce((sum, r) => sum + r.total, 0),
    female: rows.reduce((sum, r) => sum + r.female, 0),
    // Ordered as emisFigures orders them, so a school's own report reads the same.
    byQualification: rows
      .map((r) => ({ qualification: r.qualification, count: r.total }))
      .sort((a, b) => b.count - a.count || a.qualification.localeCompare(b.qualification)),
  };
}

export async function emisReport(
  db: Db,
  unit: Unit,
  key: { schoolYear: string; period: ReportingPeriod },
): Promise<EmisReport> {
  await openedPeriod(db, key);
  const schools = await approvedSchools(db, unit, key.schoolYear, key.period);
  const [grades, staff] = await Promise.all([
    byGrade(db, schools.approved, key.schoolYear),
    staffOf(db, schools.approved),
  ]);
  const totals = totalOfGrades(grades);

  const before = { schoolYear: previousSchoolYear(key.schoolYear), period: key.period };
  let lastYear: EmisReport['lastYear'] = null;
  if (await findPeriod(db, before)) {
    const then = await approvedSchools(db, unit, before.schoolYear, before.period);
    const [thenGrades, thenStaff] = await Promise.all([
      byGrade(db, then.approved, before.schoolYear),
      staffOf(db, then.approved),
    ]);
    const thenTotals = totalOfGrades(thenGrades);
    lastYear = {
      pupils: thenTotals.pupils,
      classes: thenTotals.classes,
      staff: thenStaff.total,
    };
  }
  return {
    unit: { key: unit.key, name: unit.name },
    ...key,
    schools: { total: schools.total, approved: schools.approved.length },
    byGrade: grades,
    totals,
    staff,
    lastYear,
  };
}
