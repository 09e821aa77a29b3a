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
import {
  combinationLabel,
  OPTIONAL_SUBJECTS,
  type SubjectCombination,
  subjectsOfCombination,
  UPPER_SECONDARY_ELECTIVES,
} from './upper-secondary.ts';

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
  /** THPT: the subjects whose chuyên đề học tập are taken (each adds to its regular assessments). */
  topicSubjects?: readonly string[];
  /** THPT: the combination followed, as the screens name it; absent when none is set. */
  combination?: string;
  /** Whose subjects these are, named in messages ("học sinh Nguyễn Văn An"). */
  owner?: string;
}

const secondary = codeLists.secondaryEvaluation_TT22_2021.subjectsByLevel;

/**
 * The scheme and subjects of a grade; at THPT those of the combination followed (the pupil's own,
 * else their class's) — without one, only the compulsory subjects, and no result is computed.
 */
export function schemeOfGrade(grade: string, combination?: SubjectCombination): ClassScheme | undefined {
  const number = Number(grade);
  if (!Number.isInteger(number) || number < 1 || number > 12) return undefined;
  if (number <= 5) return { scheme: 'TT27', grade: number, subjects: subjectsOfGrade(number) };
  if (number <= 9) return { scheme: 'TT22', grade: number, level: 'THCS', subjects: [...secondary.THCS] };
  return {
    scheme: 'TT22',
    grade: number,
    level: 'THPT',
    subjects: subjectsOfCombination(combination),
    topicSubjects: combination?.topicSubjects ?? [],
    ...(combination ? { combination: combinationLabel(combination) } : {}),
  };
}

/** A THPT pupil without a combination has no electives: their learning result cannot be judged. */
const lacksCombination = (scheme: ClassScheme) => scheme.level === 'THPT' && !scheme.combination;

const COMBINATION_MISSING: FieldIssue = {
  field: 'combination',
  code: 'RESULT_COMBINATION_MISSING',
  message:
    'Học sinh chưa có tổ hợp môn (của lớp hoặc của riêng em): kết quả học tập chỉ tính khi có đủ 4 môn học lựa chọn.',
};

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
        .map((s) => [
          s,
          regularAssessmentCount(
            periodsPerYear(s, scheme.level!, scheme.grade, scheme.topicSubjects?.includes(s)) ?? 0,
          ),
        ]),
    ),
  };
}

/**
 * One grid for pupils of one class who may follow different combinations: every subject any of
 * them studies, in the programme's order, with the most regular assessments any of them has.
 * Each pupil's own cells are those of `gridOf` their own scheme.
 */
export function gridOfPupils(classScheme: ClassScheme, pupils: readonly ClassScheme[], period: string) {
  if (classScheme.level !== 'THPT' || pupils.length === 0) return gridOf(classScheme, period);
  const all = subjectsOfCombination({
    name: '',
    electives: UPPER_SECONDARY_ELECTIVES,
    topicSubjects: [],
    optionalSubjects: OPTIONAL_SUBJECTS,
  });
  const studied = new Set(pupils.flatMap((p) => p.subjects));
  return gridOf(
    {
      ...classScheme,
      subjects: all.filter((s) => studied.has(s)),
      topicSubjects: [...new Set(pupils.flatMap((p) => p.topicSubjects ?? []))],
    },
    period,
  );
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
        : [
            ...checkSecondaryEntry(
              entry as SecondaryResultEntry,
              scheme.subjects,
              scheme.level!,
              scheme.grade,
              {
                topicSubjects: scheme.topicSubjects,
                owner: scheme.owner,
              },
            ),
            ...(lacksCombination(scheme) ? [COMBINATION_MISSING] : []),
          ];
  // A gap (a value not entered yet, no combination yet) leaves the entry incomplete, not wrong.
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
      { topicSubjects: scheme.topicSubjects, owner: scheme.owner },
    );
    return {
      averages: Object.fromEntries(term.subjects.map((s) => [s.name, s.average ?? s.comment!])),
      learningResult: term.learningResult,
      conduct: (entry as SecondaryResultEntry).conduct,
    };
  }
  const { HK1, HK2 } = terms;
  if (!HK1 || !HK2 || lacksCombination(scheme)) return undefined;
  // A subject missing from a term (the pupil changed combination mid-year) leaves the year open.
  if (scheme.subjects.some((name) => HK1.averages[name] === undefined || HK2.averages[name] === undefined))
    return undefined;
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
