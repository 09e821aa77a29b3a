// The EMIS figures of one school, counted from its own records: what it will be reported as once
// its submission is approved. The province counts the same in SQL over many schools; the two are
// held to agree by test/sync/period-submissions.test.ts.
import { codeLists } from '../reference/index.ts';

/** Pupils counted are those enrolled, staff those at work; every ethnic group but Kinh (01) is a minority. */
export const ENROLLED_STATUSES = codeLists.studentStatuses.filter((s) => s.enrolled).map((s) => s.code);
export const AT_WORK_STATUSES = codeLists.staffStatuses.filter((s) => s.active).map((s) => s.code);
export const KINH = '01';
export const NO_QUALIFICATION = 'Chưa ghi';

export interface GradeFigures {
  grade: string;
  classes: number;
  pupils: number;
  female: number;
  ethnicMinority: number;
  disabled: number;
  policyBeneficiary: number;
}

interface PupilLike {
  classId: string;
  statusCode: string;
  gender: string;
  ethnicityCode: string;
  disabilityCode?: string;
  policyBeneficiary?: boolean;
}
interface StaffLike {
  statusCode: string;
  gender: string;
  qualification?: string;
}

/** Nhà trẻ and Mẫu giáo first, then grades 1 to 12 in their order. */
export const gradeOrder = (a: string, b: string) => {
  const rank = (grade: string) => (/^\d+$/.test(grade) ? Number(grade) : -1);
  return rank(a) - rank(b) || a.localeCompare(b);
};

/** The grades' figures added up (the Tổng row). */
export function totalOfGrades(grades: readonly GradeFigures[]): Omit<GradeFigures, 'grade'> {
  const totals = { classes: 0, pupils: 0, female: 0, ethnicMinority: 0, disabled: 0, policyBeneficiary: 0 };
  for (const row of grades)
    for (const field of Object.keys(totals) as (keyof typeof totals)[]) totals[field] += row[field];
  return totals;
}

export function emisFigures(
  activeClasses: readonly { id: string; grade: string }[],
  pupils: readonly PupilLike[],
  staff: readonly StaffLike[],
) {
  const byGrade = new Map<string, GradeFigures>();
  const gradeOfClass = new Map(activeClasses.map((c) => [c.id, c.grade]));
  for (const { grade } of activeClasses) {
    const row = byGrade.get(grade) ?? {
      grade,
      classes: 0,
      pupils: 0,
      female: 0,
      ethnicMinority: 0,
      disabled: 0,
      policyBeneficiary: 0,
    };
    row.classes += 1;
    byGrade.set(grade, row);
  }
  for (const pupil of pupils) {
    const grade = gradeOfClass.get(pupil.classId);
    if (grade === undefined || !ENROLLED_STATUSES.includes(pupil.statusCode)) continue;
    const row = byGrade.get(grade)!;
    row.pupils += 1;
    if (pupil.gender === 'female') row.female += 1;
    if (pupil.ethnicityCode !== KINH) row.ethnicMinority += 1;
    if (pupil.disabilityCode) row.disabled += 1;
    if (pupil.policyBeneficiary) row.policyBeneficiary += 1;
  }
  const grades = [...byGrade.values()].sort((a, b) => gradeOrder(a.grade, b.grade));
  const totals = totalOfGrades(grades);

  const atWork = staff.filter((s) => AT_WORK_STATUSES.includes(s.statusCode));
  const byQualification = new Map<string, number>();
  for (const s of atWork) {
    const key = s.qualification?.trim() || NO_QUALIFICATION;
    byQualification.set(key, (byQualification.get(key) ?? 0) + 1);
  }
  return {
    byGrade: grades,
    totals,
    staff: {
      total: atWork.length,
      female: atWork.filter((s) => s.gender === 'female').length,
      byQualification: [...byQualification]
        .map(([qualification, count]) => ({ qualification, count }))
        .sort((a, b) => b.count - a.count || a.qualification.localeCompare(b.qualification)),
    },
  };
}
