// Đánh giá học sinh THCS và THPT, Thông tư 22/2021/TT-BGDĐT. Thresholds and formulas are written
// down in reference/data/code-lists.json under `secondaryEvaluation_TT22_2021`.

import { AppError, type FieldIssue } from '../errors.ts';
import { codeLists } from '../reference/index.ts';
import { entryFormatIssue, entryNotAnObject, isMalformedGroup, isRecord } from './entry-shape.ts';
import { TOPIC_PERIODS_PER_YEAR, TOPIC_SUBJECTS, UPPER_SECONDARY_ELECTIVES } from './upper-secondary.ts';

const rules = codeLists.secondaryEvaluation_TT22_2021;

export type SecondarySchoolLevel = 'THCS' | 'THPT';
/** Tốt / Khá / Đạt / Chưa đạt: for the learning result and for conduct (kết quả rèn luyện). */
export type ResultLevel = 'T' | 'K' | 'Đ' | 'CĐ';
/** Đạt / Chưa đạt: subjects assessed by comment only. */
export type CommentLevel = 'Đ' | 'CĐ';

export interface SecondarySubjectScores {
  /** Điểm đánh giá thường xuyên (ĐĐGtx). */
  regular?: number[];
  /** Điểm đánh giá giữa kì (ĐĐGgk). */
  midterm?: number;
  /** Điểm đánh giá cuối kì (ĐĐGck). */
  final?: number;
  /** Only for subjects assessed by comment. */
  comment?: CommentLevel;
}

/** One student's assessments for one term. */
export interface SecondaryResultEntry {
  subjects: Record<string, SecondarySubjectScores>;
  conduct?: ResultLevel;
}

/** A subject's result as the learning-result rules read it: an average or a comment. */
export interface SubjectOutcome {
  name: string;
  average?: number;
  comment?: CommentLevel;
}

export interface SecondaryTermResult {
  subjects: SubjectOutcome[];
  learningResult: ResultLevel;
}

/** Codes of the issues `checkSecondaryEntry` reports; they never change once published. */
export const secondaryResultIssueCodes = [
  'RESULT_UNKNOWN_SUBJECT',
  'RESULT_REGULAR_COUNT',
  'RESULT_SCORE_MISSING',
  'RESULT_SCORE_INVALID',
  'RESULT_SCORE_NOT_ALLOWED',
  'RESULT_COMMENT_MISSING',
  'RESULT_COMMENT_INVALID',
  'RESULT_COMMENT_NOT_ALLOWED',
  'RESULT_LEVEL_INVALID',
  'RESULT_ENTRY_FORMAT',
] as const;

export type SecondaryResultIssueCode = (typeof secondaryResultIssueCodes)[number];

const COMMENT_ONLY_SUBJECTS: readonly string[] = rules.commentOnlySubjects;
const COMMENT_LEVELS: readonly string[] = rules.commentLevels.map((l) => l.code);
const RESULT_LEVELS = ['T', 'K', 'Đ', 'CĐ'] as const satisfies readonly ResultLevel[];
const GRADES_OF_LEVEL = { THCS: [6, 9], THPT: [10, 12] } as const;

// Số tiết mỗi năm học, Chương trình giáo dục phổ thông 2018 (Chương trình tổng thể ban hành kèm
// Thông tư 32/2018/TT-BGDĐT, kế hoạch giáo dục cấp THCS và cấp THPT). The count of regular
// assessments per term follows from it. Nghệ thuật is 70 periods when taught as one subject,
// 35 each when Âm nhạc and Mĩ thuật are recorded separately.
// Môn học tự chọn, 105 periods a year at both levels.
const OPTIONAL_SUBJECT_PERIODS = { 'Tiếng dân tộc thiểu số': 105, 'Ngoại ngữ 2': 105 } as const;

const LOWER_SECONDARY_PERIODS: Readonly<Record<string, number | readonly [number, number, number, number]>> =
  {
    'Ngữ văn': 140,
    Toán: 140,
    'Ngoại ngữ 1': 105,
    'Giáo dục công dân': 35,
    'Lịch sử và Địa lí': 105,
    'Khoa học tự nhiên': 140,
    // grades 6, 7, 8, 9
    'Công nghệ': [35, 35, 52, 52],
    'Tin học': 35,
    'Giáo dục thể chất': 70,
    'Nghệ thuật': 70,
    'Âm nhạc': 35,
    'Mĩ thuật': 35,
    'Hoạt động trải nghiệm, hướng nghiệp': 105,
    'Nội dung giáo dục của địa phương': 35,
    ...OPTIONAL_SUBJECT_PERIODS,
  };

const UPPER_SECONDARY_COMPULSORY_PERIODS: Readonly<Record<string, number>> = {
  'Ngữ văn': 105,
  Toán: 105,
  'Ngoại ngữ 1': 105,
  'Lịch sử': 52,
  'Giáo dục thể chất': 70,
  'Giáo dục quốc phòng và an ninh': 35,
  'Hoạt động trải nghiệm, hướng nghiệp': 105,
  'Nội dung giáo dục của địa phương': 35,
  ...OPTIONAL_SUBJECT_PERIODS,
};

const UPPER_SECONDARY_ELECTIVE_PERIODS = 70;

function resultIssue(field: string, code: SecondaryResultIssueCode, message: string): FieldIssue {
  return { field, code, message };
}

function assertGradeOfLevel(level: SecondarySchoolLevel, grade: number): void {
  const bounds = GRADES_OF_LEVEL[level];
  if (!bounds || !Number.isInteger(grade) || grade < bounds[0] || grade > bounds[1]) {
    throw new RangeError(`lớp ${grade} không thuộc cấp ${level}`);
  }
}

function shiftDecimalPoint(value: number, places: number): number {
  const [mantissa, exponent = '0'] = String(value).split('e');
  return Number(`${mantissa}e${Number(exponent) + places}`);
}

/**
 * Rounds half away from zero at `decimals` places, as schools round by hand: 6.45 → 6.5, 8.25 → 8.3,
 * 6.449999 → 6.4. Reading the value back at 15 significant digits first drops binary noise
 * (6.45 computed as 6.449999999999999), and moving the decimal point through the decimal string
 * avoids the multiplication that would bring the noise back.
 */
export function roundHalfUp(value: number, decimals = 1): number {
  if (!Number.isFinite(value)) throw new RangeError(`không làm tròn được giá trị ${value}`);
  if (!Number.isInteger(decimals) || decimals < 0)
    throw new RangeError(`số chữ số thập phân sai: ${decimals}`);
  const magnitude = Number(Math.abs(value).toPrecision(15));
  const rounded = shiftDecimalPoint(Math.round(shiftDecimalPoint(magnitude, decimals)), -decimals);
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

export function isCommentOnlySubject(name: string): boolean {
  return COMMENT_ONLY_SUBJECTS.includes(name);
}

/**
 * Periods per school year of a subject at a grade; undefined when the level's programme has no
 * such subject. At THPT a subject whose chuyên đề học tập the pupil takes (`withTopics`) counts
 * the 35 periods of its chuyên đề too, as their assessment is one of the subject's regular ones.
 */
export function periodsPerYear(
  subject: string,
  level: SecondarySchoolLevel,
  grade: number,
  withTopics = false,
): number | undefined {
  assertGradeOfLevel(level, grade);
  if (level === 'THPT') {
    const base = UPPER_SECONDARY_ELECTIVES.includes(subject)
      ? UPPER_SECONDARY_ELECTIVE_PERIODS
      : UPPER_SECONDARY_COMPULSORY_PERIODS[subject];
    const topics = withTopics && base !== undefined && TOPIC_SUBJECTS.includes(subject);
    return base === undefined ? undefined : base + (topics ? TOPIC_PERIODS_PER_YEAR : 0);
  }
  const periods = LOWER_SECONDARY_PERIODS[subject];
  return typeof periods === 'object' ? periods[grade - 6] : periods;
}

/** Số ĐĐGtx recorded per term (Điều 7 khoản 1): 2 up to 35 periods a year, 3 up to 70, 4 above. */
export function regularAssessmentCount(periodsPerYear: number): number {
  if (!(periodsPerYear > 0)) throw new RangeError(`số tiết không hợp lệ: ${periodsPerYear}`);
  if (periodsPerYear <= 35) return 2;
  if (periodsPerYear <= 70) return 3;
  return 4;
}

export function isValidScore(value: unknown): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 10) return false;
  const tenths = value * 10;
  return Math.abs(tenths - Math.round(tenths)) < 1e-9;
}

/** Scores are 0–10 with at most one decimal. */
export function checkScore(value: unknown, field: string): FieldIssue[] {
  if (isValidScore(value)) return [];
  return [
    resultIssue(
      field,
      'RESULT_SCORE_INVALID',
      'Điểm phải từ 0 đến 10 và có nhiều nhất một chữ số thập phân (ví dụ 7 hoặc 7,5).',
    ),
  ];
}

function tenthsOf(score: number): number {
  if (!isValidScore(score)) throw new RangeError(`điểm không hợp lệ: ${score}`);
  return Math.round(score * 10);
}

/** numerator / denominator, both in whole tenths, rounded half up to one decimal without float error. */
function averageOfTenths(numeratorTenths: number, denominator: number): number {
  return Math.floor((2 * numeratorTenths + denominator) / (2 * denominator)) / 10;
}

/** ĐTBmhk = (ΣĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck) / (số ĐĐGtx + 5), to one decimal. */
export function termAverage(regular: readonly number[], midterm: number, final: number): number {
  const regularTenths = regular.reduce((sum, score) => sum + tenthsOf(score), 0);
  return averageOfTenths(regularTenths + 2 * tenthsOf(midterm) + 3 * tenthsOf(final), regular.length + 5);
}

/** ĐTBmcn = (ĐTBmhkI + 2·ĐTBmhkII) / 3, to one decimal. */
export function yearAverage(firstTerm: number, secondTerm: number): number {
  return averageOfTenths(tenthsOf(firstTerm) + 2 * tenthsOf(secondTerm), 3);
}

const rankOf = (level: ResultLevel) => RESULT_LEVELS.indexOf(level);

/** The level of Điều 9 khoản 2 points a–d (`learningResultRules`), before any adjustment. */
function levelByCriteria(subjects: readonly SubjectOutcome[]): ResultLevel {
  const averages = subjects.flatMap((s) => (s.average === undefined ? [] : [s.average]));
  const failedComments = subjects.filter((s) => s.average === undefined && s.comment !== 'Đ').length;
  const lowest = Math.min(...averages);
  const countFrom = (threshold: number) => averages.filter((average) => average >= threshold).length;

  if (failedComments === 0 && lowest >= 6.5 && countFrom(8) >= 6) return 'T';
  if (failedComments === 0 && lowest >= 5 && countFrom(6.5) >= 6) return 'K';
  if (failedComments <= 1 && countFrom(5) >= 6 && lowest >= 3.5) return 'Đ';
  return 'CĐ';
}

/**
 * Kết quả học tập of a term (from term averages) or of the year (from year averages and the year's
 * comments). Averages are the rounded ones `termAverage` and `yearAverage` give.
 *
 * The adjustment of Thông tư 22 Điều 9 (the level "bị thấp xuống từ 02 mức trở lên so với mức Tốt
 * hoặc Khá chỉ do kết quả đánh giá của duy nhất 01 môn học" is raised to the adjacent level), as we
 * read it: for each subject in turn, take the level the other subjects alone would earn. If that
 * level is Tốt or Khá and the real level is two or more steps below it, that one subject is the only
 * cause, and the real level goes up one step (Tốt → Đạt becomes Khá; Tốt or Khá → Chưa đạt becomes
 * Đạt). A comment subject at Chưa đạt counts as such a subject: the clause speaks of a subject's
 * "kết quả đánh giá", not only of averages. With two weak subjects, leaving out either one still
 * leaves the other, so no adjustment applies.
 */
export function learningResult(subjects: readonly SubjectOutcome[]): ResultLevel {
  for (const subject of subjects) {
    if ((subject.average === undefined) === (subject.comment === undefined)) {
      throw new RangeError(`môn ${subject.name} cần đúng một trong hai: điểm trung bình hoặc nhận xét`);
    }
  }
  const level = levelByCriteria(subjects);
  const causedBySingleSubject = subjects.some((_, index) => {
    const withoutIt = levelByCriteria(subjects.filter((__, other) => other !== index));
    return (withoutIt === 'T' || withoutIt === 'K') && rankOf(level) - rankOf(withoutIt) >= 2;
  });
  return causedBySingleSubject ? RESULT_LEVELS[rankOf(level) - 1]! : level;
}

/** Kết quả rèn luyện cả năm from the two terms' (Điều 8 khoản 2): the second term weighs more. */
export function yearConductResult(firstTerm: ResultLevel, secondTerm: ResultLevel): ResultLevel {
  const first = rankOf(firstTerm);
  if (first < 0 || rankOf(secondTerm) < 0) {
    throw new RangeError(`kết quả rèn luyện không hợp lệ: ${firstTerm}, ${secondTerm}`);
  }
  switch (secondTerm) {
    case 'T':
      return first <= rankOf('K') ? 'T' : 'K';
    case 'K':
      return first <= rankOf('Đ') ? 'K' : 'Đ';
    case 'Đ':
      return firstTerm === 'T' ? 'K' : 'Đ';
    default:
      return 'CĐ';
  }
}

function checkCommentSubject(name: string, scores: SecondarySubjectScores | undefined): FieldIssue[] {
  const field = `subjects.${name}`;
  const problems: FieldIssue[] = [];
  for (const key of ['regular', 'midterm', 'final'] as const) {
    if (scores?.[key] !== undefined) {
      problems.push(
        resultIssue(
          `${field}.${key}`,
          'RESULT_SCORE_NOT_ALLOWED',
          `Môn ${name} chỉ đánh giá bằng nhận xét (Đạt/Chưa đạt), không nhập điểm số.`,
        ),
      );
    }
  }
  if (scores?.comment === undefined) {
    problems.push(
      resultIssue(
        `${field}.comment`,
        'RESULT_COMMENT_MISSING',
        `Chưa nhập kết quả nhận xét (Đạt/Chưa đạt) của môn ${name}.`,
      ),
    );
  } else if (!COMMENT_LEVELS.includes(scores.comment)) {
    problems.push(
      resultIssue(
        `${field}.comment`,
        'RESULT_COMMENT_INVALID',
        `Kết quả nhận xét môn ${name} phải là Đ (Đạt) hoặc CĐ (Chưa đạt).`,
      ),
    );
  }
  return problems;
}

/** What a pupil's entry is checked against besides the subjects: their chuyên đề, whose subjects they are. */
export interface PupilProgramme {
  /** THPT: subjects whose chuyên đề học tập the pupil takes. */
  topicSubjects?: readonly string[];
  /** Whose subjects these are, for messages: "học sinh Nguyễn Văn An (tổ hợp KHTN1)". */
  owner?: string;
}

function checkScoredSubject(
  name: string,
  scores: SecondarySubjectScores | undefined,
  expectedRegular: number,
): FieldIssue[] {
  const field = `subjects.${name}`;
  const problems: FieldIssue[] = [];
  const regular = scores?.regular ?? [];
  if (regular.length !== expectedRegular) {
    problems.push(
      resultIssue(
        `${field}.regular`,
        'RESULT_REGULAR_COUNT',
        `Môn ${name} cần đúng ${expectedRegular} điểm đánh giá thường xuyên trong học kì; đang có ${regular.length}.`,
      ),
    );
  }
  regular.forEach((score, index) => {
    problems.push(...checkScore(score, `${field}.regular.${index}`));
  });
  const periodic = { midterm: 'giữa kì', final: 'cuối kì' } as const;
  for (const [key, label] of Object.entries(periodic)) {
    const score = scores?.[key as keyof typeof periodic];
    if (score === undefined) {
      problems.push(
        resultIssue(
          `${field}.${key}`,
          'RESULT_SCORE_MISSING',
          `Chưa nhập điểm đánh giá ${label} môn ${name}.`,
        ),
      );
    } else {
      problems.push(...checkScore(score, `${field}.${key}`));
    }
  }
  if (scores?.comment !== undefined) {
    problems.push(
      resultIssue(
        `${field}.comment`,
        'RESULT_COMMENT_NOT_ALLOWED',
        `Môn ${name} đánh giá bằng điểm số; kết quả Đạt/Chưa đạt chỉ dùng cho môn đánh giá bằng nhận xét.`,
      ),
    );
  }
  return problems;
}

/** Where the entry, a subject or its regular scores are not of the shape they must have (see entry-shape.ts). */
function shapeProblems(entry: unknown): FieldIssue[] {
  if (!isRecord(entry)) return entryNotAnObject(entry);
  if (isMalformedGroup(entry.subjects))
    return [entryFormatIssue('subjects', 'Kết quả các môn học phải ghi theo tên từng môn.')];
  const problems: FieldIssue[] = [];
  for (const [name, scores] of Object.entries(isRecord(entry.subjects) ? entry.subjects : {})) {
    if (isMalformedGroup(scores))
      problems.push(
        entryFormatIssue(`subjects.${name}`, `Kết quả môn ${name} phải gồm các điểm hoặc nhận xét.`),
      );
    else if (isRecord(scores) && scores.regular != null && !Array.isArray(scores.regular))
      problems.push(
        entryFormatIssue(
          `subjects.${name}.regular`,
          `Điểm đánh giá thường xuyên môn ${name} phải là một danh sách điểm.`,
        ),
      );
  }
  return problems;
}

/**
 * Every problem of one student's term entry, given the subjects the class studies: unknown subjects,
 * the number of regular scores, missing mid-term and end-of-term scores, comments for comment-only
 * subjects, and the score format. Throws RangeError when the grade does not belong to the level.
 */
export function checkSecondaryEntry(
  given: SecondaryResultEntry,
  subjects: readonly string[],
  level: SecondarySchoolLevel,
  grade: number,
  { topicSubjects = [], owner }: PupilProgramme = {},
): FieldIssue[] {
  assertGradeOfLevel(level, grade);
  const malformed = shapeProblems(given);
  if (malformed.length > 0) return malformed;
  const entry: SecondaryResultEntry = { ...given, subjects: given.subjects ?? {} };
  const problems: FieldIssue[] = [];
  for (const name of Object.keys(entry.subjects)) {
    if (!subjects.includes(name)) {
      problems.push(
        resultIssue(
          `subjects.${name}`,
          'RESULT_UNKNOWN_SUBJECT',
          owner
            ? `Môn "${name}" không có trong các môn học của ${owner}.`
            : `"${name}" không có trong danh sách môn học của lớp.`,
        ),
      );
    }
  }
  for (const name of subjects) {
    const scores = entry.subjects[name];
    const periods = periodsPerYear(name, level, grade, topicSubjects.includes(name));
    if (periods === undefined) {
      problems.push(
        resultIssue(
          `subjects.${name}`,
          'RESULT_UNKNOWN_SUBJECT',
          `"${name}" không phải môn học của chương trình ${level} lớp ${grade}.`,
        ),
      );
    } else if (isCommentOnlySubject(name)) {
      problems.push(...checkCommentSubject(name, scores));
    } else {
      problems.push(...checkScoredSubject(name, scores, regularAssessmentCount(periods)));
    }
  }
  if (entry.conduct !== undefined && !(RESULT_LEVELS as readonly string[]).includes(entry.conduct)) {
    problems.push(
      resultIssue(
        'conduct',
        'RESULT_LEVEL_INVALID',
        'Kết quả rèn luyện phải là T (Tốt), K (Khá), Đ (Đạt) hoặc CĐ (Chưa đạt).',
      ),
    );
  }
  return problems;
}

/**
 * Each subject's term average (or comment) and the term's learning result. A term result from an
 * incomplete entry would mislead, so an entry with issues throws AppError VALIDATION_FAILED carrying them.
 */
export function computeSecondaryTerm(
  entry: SecondaryResultEntry,
  subjects: readonly string[],
  level: SecondarySchoolLevel,
  grade: number,
  programme: PupilProgramme = {},
): SecondaryTermResult {
  const problems = checkSecondaryEntry(entry, subjects, level, grade, programme);
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { issues: problems });

  const outcomes = subjects.map((name): SubjectOutcome => {
    const scores = entry.subjects[name]!;
    if (isCommentOnlySubject(name)) return { name, comment: scores.comment! };
    return { name, average: termAverage(scores.regular!, scores.midterm!, scores.final!) };
  });
  return { subjects: outcomes, learningResult: learningResult(outcomes) };
}
