// Which evaluation scheme a class follows, and what its grid holds: Thông tư 27/2020 for
// primary grades 1–5, Thông tư 22/2021 for grades 6–12.

import type { FieldIssue } from '../errors.ts';
import { codeLists } from '../reference/index.ts';
import {
  checkPrimaryEntry,
  generalCompetencies,
  type PrimaryPeriod,
  type PrimaryResultEntry,
  proposeYearEndRating,
  qualities,
  scoredSubjects,
  specificCompetencies,
  subjectsOfGrade,
} from './primary-evaluation.ts';
import {
  checkSecondaryEntry,
  computeSecondaryTerm,
  isCommentOnlySubject,
  learningResult,
  periodsPerYear,
  type ResultLevel,
  regularAssessmentCount,
  type SecondaryResultEntry,
  type SecondarySchoolLevel,
  yearAverage,
  yearConductResult,
} from './secondary-evaluation.ts';

export type Scheme = 'TT27' | 'TT22';
export const PERIODS: Record<Scheme, readonly string[]> = {
  TT27: codeLists.primaryEvaluation_TT27_2020.periods.map((p) => p.code),
  TT22: codeLists.secondaryEvaluation_TT22_2021.periods.map((p) => p.code),
};

export interface ClassScheme {
  scheme: Scheme;
  grade: number;
  level?: SecondarySchoolLevel;
  subjects: string[];
}

const secondary = codeLists.secondaryEvaluation_TT22_2021.subjectsByLevel;

/** The scheme and subjects of a class's grade; `electives` are the THPT subjects its pupils chose. */
export function schemeOfGrade(grade: string, electives: readonly string[] = []): ClassScheme | undefined {
  const number = Number(grade);
  if (!Number.isInteger(number) || number < 1 || number > 12) return undefined;
  if (number <= 5) return { scheme: 'TT27', grade: number, subjects: subjectsOfGrade(number) };
  if (number <= 9) return { scheme: 'TT22', grade: number, level: 'THCS', subjects: [...secondary.THCS] };
  const chosen = secondary.THPT_elective_choose_4.filter((s) => electives.includes(s));
  return {
    scheme: 'TT22',
    grade: number,
    level: 'THPT',
    subjects: [...secondary.THPT_compulsory, ...chosen],
  };
}

/** What the grid of a class and period asks for. */
export function gridOf(scheme: ClassScheme, period: string) {
  if (scheme.scheme === 'TT27') {
    return {
      subjects: scheme.subjects,
      scoredSubjects: scoredSubjects(scheme.grade, period as PrimaryPeriod),
      competencies: [...generalCompetencies(), ...specificCompetencies(scheme.grade)],
      qualities: qualities(),
    };
  }
  return {
    subjects: scheme.subjects,
    commentOnlySubjects: scheme.subjects.filter(isCommentOnlySubject),
    regularCounts: Object.fromEntries(
      scheme.subjects
        .filter((s) => !isCommentOnlySubject(s))
        .map((s) => [s, regularAssessmentCount(periodsPerYear(s, scheme.level!, scheme.grade) ?? 0)]),
    ),
  };
}

/** Problems a saved entry may not have; a missing value only makes the entry incomplete. */
export function entryIssues(
  scheme: ClassScheme,
  period: string,
  entry: unknown,
): { errors: FieldIssue[]; complete: boolean } {
  const all =
    scheme.scheme === 'TT27'
      ? checkPrimaryEntry(entry as PrimaryResultEntry, scheme.grade, period as PrimaryPeriod)
      : period === 'CN'
        ? []
        : checkSecondaryEntry(entry as SecondaryResultEntry, scheme.subjects, scheme.level!, scheme.grade);
  const isGap = (issue: FieldIssue) =>
    issue.code.endsWith('_MISSING') || issue.code === 'RESULT_REGULAR_COUNT';
  return { errors: all.filter((i) => !isGap(i)), complete: all.every((i) => !isGap(i)) };
}

export interface TermOutcome {
  averages: Record<string, number | string>;
  learningResult?: ResultLevel;
  conduct?: ResultLevel;
  yearEndRating?: string;
}

/** The computed columns: averages and results (TT22), the proposed year-end rating (TT27 at CN). */
export function computeOutcome(
  scheme: ClassScheme,
  period: string,
  entry: unknown,
  terms: { HK1?: TermOutcome; HK2?: TermOutcome } = {},
): TermOutcome | undefined {
  if (scheme.scheme === 'TT27') {
    return period === 'CN'
      ? { averages: {}, yearEndRating: proposeYearEndRating(entry as PrimaryResultEntry, scheme.grade) }
      : undefined;
  }
  if (period !== 'CN') {
    const term = computeSecondaryTerm(
      entry as SecondaryResultEntry,
      scheme.subjects,
      scheme.level!,
      scheme.grade,
    );
    return {
      averages: Object.fromEntries(term.subjects.map((s) => [s.name, s.average ?? s.comment!])),
      learningResult: term.learningResult,
      conduct: (entry as SecondaryResultEntry).conduct,
    };
  }
  const { HK1, HK2 } = terms;
  if (!HK1 || !HK2) return undefined;
  // The year: (HK1 + 2·HK2) / 3 per scored subject; a comment-only subject takes HK2's comment.
  const subjects = scheme.subjects.map((name) => {
    const first = HK1.averages[name];
    const second = HK2.averages[name];
    return typeof first === 'number' && typeof second === 'number'
      ? { name, average: yearAverage(first, second) }
      : { name, comment: second as 'Đ' | 'CĐ' };
  });
  return {
    averages: Object.fromEntries(subjects.map((s) => [s.name, s.average ?? s.comment])),
    learningResult: learningResult(subjects),
    conduct: HK1.conduct && HK2.conduct ? yearConductResult(HK1.conduct, HK2.conduct) : undefined,
  };
}
