// Đánh giá học sinh tiểu học, Thông tư 27/2020/TT-BGDĐT. The lists (subjects of each grade,
// tested subjects, competencies, qualities) live in reference/data/code-lists.json under
// `primaryEvaluation_TT27_2020`, so the server and the web app read the same text.

import { AppError, type FieldIssue } from '../errors.ts';
import { codeLists } from '../reference/index.ts';
import { entryFormatIssue, entryNotAnObject, isMalformedGroup, isRecord } from './entry-shape.ts';

const rules = codeLists.primaryEvaluation_TT27_2020;

export type PrimaryPeriod = 'GK1' | 'CK1' | 'GK2' | 'CN';
/** Môn học, hoạt động giáo dục: Hoàn thành tốt / Hoàn thành / Chưa hoàn thành. */
export type SubjectLevel = 'T' | 'H' | 'C';
/** Năng lực, phẩm chất: Tốt / Đạt / Cần cố gắng. */
export type QualityLevel = 'T' | 'Đ' | 'C';
export type YearEndRating = 'HTXS' | 'HTT' | 'HT' | 'CHT';
/** Năng lực chung / Năng lực đặc thù / Phẩm chất chủ yếu. */
export type CriteriaGroup = 'NLC' | 'NLDT' | 'PC';

export interface PrimarySubjectResult {
  level?: SubjectLevel;
  /** Điểm bài kiểm tra định kì, only for the subjects `scoredSubjects` names. */
  score?: number;
}

/** One student's evaluation for one period. */
export interface PrimaryResultEntry {
  subjects: Record<string, PrimarySubjectResult>;
  /** Năng lực chung and năng lực đặc thù, by name. */
  competencies: Record<string, QualityLevel>;
  /** Phẩm chất chủ yếu, by name. */
  qualities: Record<string, QualityLevel>;
  yearEndRating?: YearEndRating;
  completedProgram?: boolean;
  promoted?: boolean;
}

/** Codes of the issues `checkPrimaryEntry` reports; they never change once published. */
export const primaryResultIssueCodes = [
  'RESULT_UNKNOWN_SUBJECT',
  'RESULT_LEVEL_MISSING',
  'RESULT_LEVEL_INVALID',
  'RESULT_SCORE_MISSING',
  'RESULT_SCORE_NOT_ALLOWED',
  'RESULT_SCORE_INVALID',
  'RESULT_UNKNOWN_COMPETENCY',
  'RESULT_UNKNOWN_QUALITY',
  'RESULT_YEAR_END_NOT_ALLOWED',
  'RESULT_ENTRY_FORMAT',
] as const;

export type PrimaryResultIssueCode = (typeof primaryResultIssueCodes)[number];

const PERIODS: readonly string[] = rules.periods.map((p) => p.code);
const SUBJECT_LEVELS: readonly string[] = rules.subjectLevels.map((l) => l.code);
const QUALITY_LEVELS: readonly string[] = rules.competencyLevels.map((l) => l.code);
const YEAR_END_RATINGS: readonly string[] = rules.yearEndRatings.map((r) => r.code);
const subjectsByGrade: Readonly<Record<string, readonly string[]>> = rules.subjectsByGrade;

function criteriaGroup(code: CriteriaGroup) {
  const group = rules.criteriaGroups.find((g) => g.code === code);
  if (!group) throw new Error(`code-lists.json thiếu nhóm ${code}`);
  return group;
}

function resultIssue(field: string, code: PrimaryResultIssueCode, message: string): FieldIssue {
  return { field, code, message };
}

function assertPeriod(period: string): asserts period is PrimaryPeriod {
  if (!PERIODS.includes(period)) throw new RangeError(`kì đánh giá tiểu học không hợp lệ: ${period}`);
}

function assertGrade(grade: number): void {
  if (!Number.isInteger(grade) || !subjectsByGrade[String(grade)]) {
    throw new RangeError(`lớp tiểu học không hợp lệ: ${grade}`);
  }
}

/** Subjects and educational activities of a grade (1–5), in the order of the record book. */
export function subjectsOfGrade(grade: number): string[] {
  assertGrade(grade);
  return [...subjectsByGrade[String(grade)]!];
}

/** Subjects of the grade that need a periodic test score (điểm kiểm tra định kì) in the period. */
export function scoredSubjects(grade: number, period: PrimaryPeriod): string[] {
  assertPeriod(period);
  const subjects = subjectsOfGrade(grade);
  let tested: readonly string[] = [];
  if (period === 'CK1' || period === 'CN') tested = rules.periodicTests.CK1_and_CN;
  else if (grade >= 4) tested = rules.periodicTests.GK1_and_GK2_grades_4_5;
  return subjects.filter((subject) => tested.includes(subject));
}

export function generalCompetencies(): string[] {
  return [...criteriaGroup('NLC').items];
}

/** Năng lực đặc thù evaluated in the grade: grades 1–2 have no Công nghệ or Tin học yet. */
export function specificCompetencies(grade: number): string[] {
  assertGrade(grade);
  const group = criteriaGroup('NLDT');
  const omitted: readonly string[] = grade <= 2 ? (group.grades1to2Omit ?? []) : [];
  return group.items.filter((item) => !omitted.includes(item));
}

export function qualities(): string[] {
  return [...criteriaGroup('PC').items];
}

/** The criteria group of a competency or quality name; undefined for a name on no list. */
export function criteriaGroupOf(name: string): CriteriaGroup | undefined {
  const group = rules.criteriaGroups.find((g) => g.items.includes(name));
  return group?.code as CriteriaGroup | undefined;
}

function isPeriodicTestScore(score: unknown): boolean {
  return typeof score === 'number' && Number.isInteger(score) && score >= 1 && score <= 10;
}

function checkSubjects(entry: PrimaryResultEntry, grade: number, period: PrimaryPeriod): FieldIssue[] {
  const problems: FieldIssue[] = [];
  const subjects = subjectsOfGrade(grade);
  const tested = scoredSubjects(grade, period);

  for (const name of Object.keys(entry.subjects)) {
    if (!subjects.includes(name)) {
      problems.push(
        resultIssue(
          `subjects.${name}`,
          'RESULT_UNKNOWN_SUBJECT',
          `"${name}" không phải môn học, hoạt động giáo dục của lớp ${grade}.`,
        ),
      );
    }
  }

  for (const name of subjects) {
    const result = entry.subjects[name];
    const field = `subjects.${name}`;
    if (result?.level === undefined) {
      problems.push(
        resultIssue(`${field}.level`, 'RESULT_LEVEL_MISSING', `Chưa nhập mức đạt được của môn ${name}.`),
      );
    } else if (!SUBJECT_LEVELS.includes(result.level)) {
      problems.push(
        resultIssue(
          `${field}.level`,
          'RESULT_LEVEL_INVALID',
          `Mức đạt được của môn ${name} phải là T (Hoàn thành tốt), H (Hoàn thành) hoặc C (Chưa hoàn thành).`,
        ),
      );
    }

    const score = result?.score;
    if (tested.includes(name)) {
      if (score === undefined) {
        problems.push(
          resultIssue(
            `${field}.score`,
            'RESULT_SCORE_MISSING',
            `Chưa nhập điểm bài kiểm tra định kì môn ${name}.`,
          ),
        );
      } else if (!isPeriodicTestScore(score)) {
        problems.push(
          resultIssue(
            `${field}.score`,
            'RESULT_SCORE_INVALID',
            `Điểm bài kiểm tra định kì môn ${name} phải là số nguyên từ 1 đến 10 (không cho điểm 0, không dùng điểm thập phân).`,
          ),
        );
      }
    } else if (score !== undefined) {
      problems.push(
        resultIssue(
          `${field}.score`,
          'RESULT_SCORE_NOT_ALLOWED',
          `Môn ${name} không có bài kiểm tra định kì ở kì này của lớp ${grade}; hãy bỏ điểm đã nhập.`,
        ),
      );
    }
  }
  return problems;
}

function checkCriteria(
  levels: Record<string, QualityLevel>,
  expected: readonly string[],
  kind: 'competencies' | 'qualities',
  grade: number,
): FieldIssue[] {
  const problems: FieldIssue[] = [];
  const noun = kind === 'competencies' ? 'năng lực' : 'phẩm chất';
  for (const name of Object.keys(levels)) {
    if (!expected.includes(name)) {
      problems.push(
        resultIssue(
          `${kind}.${name}`,
          kind === 'competencies' ? 'RESULT_UNKNOWN_COMPETENCY' : 'RESULT_UNKNOWN_QUALITY',
          `"${name}" không phải ${noun} được đánh giá ở lớp ${grade}.`,
        ),
      );
    }
  }
  for (const name of expected) {
    const level = levels[name];
    if (level === undefined) {
      problems.push(
        resultIssue(`${kind}.${name}`, 'RESULT_LEVEL_MISSING', `Chưa nhập mức đạt được của ${noun} ${name}.`),
      );
    } else if (!QUALITY_LEVELS.includes(level)) {
      problems.push(
        resultIssue(
          `${kind}.${name}`,
          'RESULT_LEVEL_INVALID',
          `Mức đạt được của ${noun} ${name} phải là T (Tốt), Đ (Đạt) hoặc C (Cần cố gắng).`,
        ),
      );
    }
  }
  return problems;
}

function checkYearEndFields(entry: PrimaryResultEntry, period: PrimaryPeriod): FieldIssue[] {
  const problems: FieldIssue[] = [];
  const yearEndFields = {
    yearEndRating: 'đánh giá kết quả giáo dục cuối năm',
    completedProgram: 'hoàn thành chương trình lớp học',
    promoted: 'lên lớp',
  } as const;
  for (const [field, label] of Object.entries(yearEndFields)) {
    if (period !== 'CN' && entry[field as keyof typeof yearEndFields] !== undefined) {
      problems.push(
        resultIssue(field, 'RESULT_YEAR_END_NOT_ALLOWED', `Chỉ ghi "${label}" ở kì đánh giá cuối năm học.`),
      );
    }
  }
  if (
    period === 'CN' &&
    entry.yearEndRating !== undefined &&
    !YEAR_END_RATINGS.includes(entry.yearEndRating)
  ) {
    problems.push(
      resultIssue(
        'yearEndRating',
        'RESULT_LEVEL_INVALID',
        'Đánh giá cuối năm phải là HTXS (Hoàn thành xuất sắc), HTT (Hoàn thành tốt), HT (Hoàn thành) hoặc CHT (Chưa hoàn thành).',
      ),
    );
  }
  return problems;
}

/** Where the entry or one of its parts is not an object of named parts (see entry-shape.ts). */
function shapeProblems(entry: unknown): FieldIssue[] {
  if (!isRecord(entry)) return entryNotAnObject(entry);
  const groups = { subjects: 'môn học', competencies: 'năng lực', qualities: 'phẩm chất' } as const;
  const problems = Object.entries(groups)
    .filter(([group]) => isMalformedGroup(entry[group]))
    .map(([group, noun]) => entryFormatIssue(group, `Kết quả các ${noun} phải ghi theo tên từng ${noun}.`));
  if (isRecord(entry.subjects)) {
    for (const [name, result] of Object.entries(entry.subjects)) {
      if (isMalformedGroup(result))
        problems.push(
          entryFormatIssue(`subjects.${name}`, `Kết quả môn ${name} phải gồm mức đạt được và điểm (nếu có).`),
        );
    }
  }
  return problems;
}

/**
 * Every problem of one student's entry for a period: missing or unknown subjects, competencies and
 * qualities, and periodic test scores where the grade and period do (or do not) call for one.
 * Throws RangeError for a grade outside 1–5 or an unknown period: those come from the class, not the clerk.
 */
export function checkPrimaryEntry(
  given: PrimaryResultEntry,
  grade: number,
  period: PrimaryPeriod,
): FieldIssue[] {
  assertPeriod(period);
  assertGrade(grade);
  const malformed = shapeProblems(given);
  if (malformed.length > 0) return malformed;
  const entry: PrimaryResultEntry = {
    ...given,
    subjects: given.subjects ?? {},
    competencies: given.competencies ?? {},
    qualities: given.qualities ?? {},
  };
  return [
    ...checkSubjects(entry, grade, period),
    ...checkCriteria(
      entry.competencies,
      [...generalCompetencies(), ...specificCompetencies(grade)],
      'competencies',
      grade,
    ),
    ...checkCriteria(entry.qualities, qualities(), 'qualities', grade),
    ...checkYearEndFields(entry, period),
  ];
}

/**
 * The year-end rating (Điều 9 khoản 2, `yearEndRatingRules`) the teacher is offered for a complete
 * end-of-year entry. The rules compare every level and every end-of-year test score, so an incomplete
 * entry has no meaningful proposal: it throws AppError VALIDATION_FAILED with the entry's issues.
 */
export function proposeYearEndRating(entry: PrimaryResultEntry, grade: number): YearEndRating {
  const problems = checkPrimaryEntry(entry, grade, 'CN');
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { issues: problems });

  const subjectLevels = subjectsOfGrade(grade).map((name) => entry.subjects[name]!.level!);
  const criteriaLevels = [
    ...[...generalCompetencies(), ...specificCompetencies(grade)].map((name) => entry.competencies[name]!),
    ...qualities().map((name) => entry.qualities[name]!),
  ];
  // Tiếng Việt and Toán are tested at year end in every grade, so there is always a lowest score.
  const lowestScore = Math.min(...scoredSubjects(grade, 'CN').map((name) => entry.subjects[name]!.score!));

  const allSubjectsWellDone = subjectLevels.every((level) => level === 'T');
  const allCriteriaGood = criteriaLevels.every((level) => level === 'T');
  if (allSubjectsWellDone && allCriteriaGood && lowestScore >= 9) return 'HTXS';
  if (allSubjectsWellDone && allCriteriaGood && lowestScore >= 7) return 'HTT';
  const allSubjectsDone = subjectLevels.every((level) => level !== 'C');
  const allCriteriaReached = criteriaLevels.every((level) => level !== 'C');
  if (allSubjectsDone && allCriteriaReached && lowestScore >= 5) return 'HT';
  return 'CHT';
}
