// Properties of the Thông tư 22/2021 rules: an entry of any shape gets a list of problems, never
// an exception; averages, learning results and conduct agree with a plain reading of the
// circular, computed here in whole tenths.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError, type FieldIssue } from '../errors.ts';
import { codeLists } from '../reference/index.ts';
import {
  checkSecondaryEntry,
  computeSecondaryTerm,
  learningResult,
  periodsPerYear,
  type ResultLevel,
  regularAssessmentCount,
  roundHalfUp,
  type SecondaryResultEntry,
  type SecondarySchoolLevel,
  type SubjectOutcome,
  termAverage,
  yearAverage,
  yearConductResult,
} from './secondary-evaluation.ts';

const tt22 = codeLists.secondaryEvaluation_TT22_2021;
const COMMENT_ONLY: string[] = tt22.commentOnlySubjects;
const LEVELS: ResultLevel[] = ['T', 'K', 'Đ', 'CĐ'];

/** A class: its level, grade and the subjects it studies (THPT: the compulsory ones and four electives). */
const schoolClass = fc.oneof(
  fc.integer({ min: 6, max: 9 }).map((grade) => ({
    level: 'THCS' as SecondarySchoolLevel,
    grade,
    subjects: tt22.subjectsByLevel.THCS,
  })),
  fc
    .tuple(
      fc.integer({ min: 10, max: 12 }),
      fc.shuffledSubarray(tt22.subjectsByLevel.THPT_elective_choose_4, { minLength: 4, maxLength: 4 }),
    )
    .map(([grade, electives]) => ({
      level: 'THPT' as SecondarySchoolLevel,
      grade,
      subjects: [...tt22.subjectsByLevel.THPT_compulsory, ...electives],
    })),
);

/** A score 0–10 with one decimal, made from whole tenths so that it is exactly what a clerk types. */
const validScore = fc.integer({ min: 0, max: 100 }).map((tenths) => tenths / 10);
const invalidScore = fc.oneof(
  fc
    .integer({ min: 1, max: 999 })
    .filter((h) => h % 10 !== 0)
    .map((hundredths) => hundredths / 100),
  fc.constantFrom(-0.5, 10.5, 11, Number.NaN, Number.POSITIVE_INFINITY),
);

// Whole-tenths arithmetic, rounding half up as schools do by hand.
const tenths = (score: number) => Math.round(score * 10);
function roundedTenths(numerator: number, denominator: number): number {
  const whole = Math.floor(numerator / denominator);
  const rest = numerator - whole * denominator;
  return 2 * rest >= denominator ? whole + 1 : whole;
}
const referenceTermAverage = (regular: number[], midterm: number, final: number) =>
  roundedTenths(
    regular.map(tenths).reduce((a, b) => a + b, 0) + 2 * tenths(midterm) + 3 * tenths(final),
    regular.length + 5,
  ) / 10;
const referenceYearAverage = (first: number, second: number) =>
  roundedTenths(tenths(first) + 2 * tenths(second), 3) / 10;

/** Điều 9 khoản 2, points a–d. */
function levelByRules(subjects: SubjectOutcome[]): ResultLevel {
  const averages = subjects.filter((s) => s.average !== undefined).map((s) => s.average!);
  const commentsNotPassed = subjects.filter((s) => s.comment === 'CĐ').length;
  const atLeast = (threshold: number) => averages.filter((a) => a >= threshold).length;
  const noneBelow = (threshold: number) => averages.every((a) => a >= threshold);
  if (commentsNotPassed === 0 && noneBelow(6.5) && atLeast(8) >= 6) return 'T';
  if (commentsNotPassed === 0 && noneBelow(5) && atLeast(6.5) >= 6) return 'K';
  if (commentsNotPassed <= 1 && atLeast(5) >= 6 && noneBelow(3.5)) return 'Đ';
  return 'CĐ';
}

/** Điều 9 khoản 3: a level pulled two or more steps below Tốt or Khá by one subject alone goes up one step. */
function referenceLearningResult(subjects: SubjectOutcome[]): ResultLevel {
  const level = levelByRules(subjects);
  const pulledDownByOne = subjects.some((_, i) => {
    const without = levelByRules(subjects.filter((__, j) => j !== i));
    return (without === 'T' || without === 'K') && LEVELS.indexOf(level) - LEVELS.indexOf(without) >= 2;
  });
  return pulledDownByOne ? LEVELS[LEVELS.indexOf(level) - 1]! : level;
}

/** Điều 8 khoản 2, the year's conduct: rows are the first term, columns the second (T, K, Đ, CĐ). */
const YEAR_CONDUCT: Record<ResultLevel, ResultLevel[]> = {
  T: ['T', 'K', 'K', 'CĐ'],
  K: ['T', 'K', 'Đ', 'CĐ'],
  Đ: ['K', 'K', 'Đ', 'CĐ'],
  CĐ: ['K', 'Đ', 'Đ', 'CĐ'],
};

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 5 });
const scoreWithValidity = fc.oneof(
  validScore.map((value) => ({ value, valid: true })),
  invalidScore.map((value) => ({ value, valid: false })),
);

interface GeneratedSubject {
  regular?: { value: number; valid: boolean }[];
  midterm?: { value: number; valid: boolean };
  final?: { value: number; valid: boolean };
  comment?: string;
}

/** Entries of the class's (and a stray) subjects, each part right, wrong or missing. */
const generatedEntry = schoolClass.chain((cls) =>
  fc
    .record({
      subjects: fc.dictionary(
        fc.constantFrom(...cls.subjects, 'Thiên văn học'),
        fc.record(
          {
            regular: fc.array(scoreWithValidity, { maxLength: 5 }),
            midterm: scoreWithValidity,
            final: scoreWithValidity,
            comment: fc.constantFrom('Đ', 'CĐ', 'T'),
          },
          { requiredKeys: [] },
        ),
      ),
      conduct: maybe(fc.constantFrom('T', 'K', 'Đ', 'CĐ', 'G')),
    })
    .map((generated) => ({ ...cls, generated })),
);

const subjectsOf = (generated: Record<string, GeneratedSubject>): SecondaryResultEntry['subjects'] =>
  Object.fromEntries(
    Object.entries(generated).map(([name, s]) => [
      name,
      {
        ...(s.regular ? { regular: s.regular.map((r) => r.value) } : {}),
        ...(s.midterm ? { midterm: s.midterm.value } : {}),
        ...(s.final ? { final: s.final.value } : {}),
        ...(s.comment ? { comment: s.comment as 'Đ' } : {}),
      },
    ]),
  );

function referenceProblems(
  generated: Record<string, GeneratedSubject>,
  conduct: string | undefined,
  cls: { level: SecondarySchoolLevel; grade: number; subjects: string[] },
): string[] {
  const found: string[] = [];
  const add = (field: string, code: string) => found.push(`${field} ${code}`);
  for (const name of Object.keys(generated))
    if (!cls.subjects.includes(name)) add(`subjects.${name}`, 'RESULT_UNKNOWN_SUBJECT');
  for (const name of cls.subjects) {
    const s = generated[name] ?? {};
    const field = `subjects.${name}`;
    if (COMMENT_ONLY.includes(name)) {
      for (const key of ['regular', 'midterm', 'final'] as const)
        if (s[key] !== undefined) add(`${field}.${key}`, 'RESULT_SCORE_NOT_ALLOWED');
      if (s.comment === undefined) add(`${field}.comment`, 'RESULT_COMMENT_MISSING');
      else if (s.comment !== 'Đ' && s.comment !== 'CĐ') add(`${field}.comment`, 'RESULT_COMMENT_INVALID');
      continue;
    }
    const expected = regularAssessmentCount(periodsPerYear(name, cls.level, cls.grade)!);
    if ((s.regular ?? []).length !== expected) add(`${field}.regular`, 'RESULT_REGULAR_COUNT');
    (s.regular ?? []).forEach((r, i) => {
      if (!r.valid) add(`${field}.regular.${i}`, 'RESULT_SCORE_INVALID');
    });
    for (const key of ['midterm', 'final'] as const) {
      if (s[key] === undefined) add(`${field}.${key}`, 'RESULT_SCORE_MISSING');
      else if (!s[key].valid) add(`${field}.${key}`, 'RESULT_SCORE_INVALID');
    }
    if (s.comment !== undefined) add(`${field}.comment`, 'RESULT_COMMENT_NOT_ALLOWED');
  }
  if (conduct !== undefined && !LEVELS.includes(conduct as ResultLevel))
    add('conduct', 'RESULT_LEVEL_INVALID');
  return found.sort();
}

/** A complete term entry: every scored subject with the right number of valid scores, every comment given. */
const completeTerm = schoolClass.chain((cls) =>
  fc
    .tuple(
      ...cls.subjects.map((name) =>
        COMMENT_ONLY.includes(name)
          ? fc.constantFrom('Đ', 'Đ', 'Đ', 'CĐ').map((comment) => [name, { comment }] as const)
          : fc
              .record({
                regular: fc.array(validScore, {
                  minLength: regularAssessmentCount(periodsPerYear(name, cls.level, cls.grade)!),
                  maxLength: regularAssessmentCount(periodsPerYear(name, cls.level, cls.grade)!),
                }),
                midterm: validScore,
                final: validScore,
              })
              .map((scores) => [name, scores] as const),
      ),
    )
    .map((pairs) => ({ ...cls, entry: { subjects: Object.fromEntries(pairs) } as SecondaryResultEntry })),
);

/** Subjects as the learning-result rules read them: averages spread over the whole scale, a few comments. */
const outcomes = fc.array(
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .integer({ min: 0, max: 100 })
        .map((t): SubjectOutcome => ({ name: 'môn', average: t / 10 })),
    },
    {
      weight: 4,
      arbitrary: fc
        .integer({ min: 30, max: 100 })
        .map((t): SubjectOutcome => ({ name: 'môn', average: t / 10 })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<SubjectOutcome>(
        { name: 'môn', comment: 'Đ' },
        { name: 'môn', comment: 'CĐ' },
      ),
    },
  ),
  { maxLength: 14 },
);

const anyEntry = fc.oneof(
  fc.anything(),
  fc.record(
    {
      subjects: fc.oneof(
        fc.anything(),
        fc.dictionary(
          fc.constantFrom(...tt22.subjectsByLevel.THCS),
          fc.oneof(
            fc.anything(),
            fc.record({ regular: fc.anything(), midterm: fc.anything(), comment: fc.anything() }),
          ),
        ),
      ),
      conduct: fc.anything(),
    },
    { requiredKeys: [] },
  ),
) as fc.Arbitrary<SecondaryResultEntry>;

const problemsOf = (issues: FieldIssue[]) => issues.map((i) => `${i.field} ${i.code}`).sort();

describe('Thông tư 22 rules, properties', () => {
  it('answer an entry of any shape with a list of problems, never an exception', () => {
    fc.assert(
      fc.property(anyEntry, schoolClass, (entry, cls) => {
        expect(Array.isArray(checkSecondaryEntry(entry, cls.subjects, cls.level, cls.grade))).toBe(true);
        // A term result needs a complete entry; anything else is refused with the entry's problems.
        try {
          computeSecondaryTerm(entry, cls.subjects, cls.level, cls.grade);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
        }
      }),
    );
  });

  it('refuse numbers that are not scores with a RangeError only', () => {
    fc.assert(
      fc.property(fc.double(), fc.double(), fc.array(fc.double(), { maxLength: 5 }), (a, b, regular) => {
        for (const compute of [
          () => termAverage(regular, a, b),
          () => yearAverage(a, b),
          () => roundHalfUp(a),
        ]) {
          try {
            compute();
          } catch (error) {
            expect(error).toBeInstanceOf(RangeError);
          }
        }
      }),
    );
  });

  it('find exactly the problems the circular’s reading gives', () => {
    fc.assert(
      fc.property(generatedEntry, ({ generated, level, grade, subjects }) => {
        const entry = { subjects: subjectsOf(generated.subjects), conduct: generated.conduct as ResultLevel };
        expect(problemsOf(checkSecondaryEntry(entry, subjects, level, grade))).toEqual(
          referenceProblems(generated.subjects, generated.conduct, { level, grade, subjects }),
        );
      }),
    );
  });

  it('compute term averages and the learning result as the circular does, in whole tenths', () => {
    fc.assert(
      fc.property(completeTerm, ({ entry, subjects, level, grade }) => {
        const term = computeSecondaryTerm(entry, subjects, level, grade);
        const expected = subjects.map((name): SubjectOutcome => {
          const s = entry.subjects[name]!;
          return s.comment
            ? { name, comment: s.comment }
            : { name, average: referenceTermAverage(s.regular!, s.midterm!, s.final!) };
        });
        expect(term.subjects).toEqual(expected);
        expect(term.learningResult).toBe(referenceLearningResult(expected));
      }),
    );
  });

  it('give the year average, the year’s learning result and conduct of Điều 8 and 9', () => {
    fc.assert(
      fc.property(
        validScore,
        validScore,
        outcomes,
        fc.constantFrom(...LEVELS),
        fc.constantFrom(...LEVELS),
        (first, second, subjects, c1, c2) => {
          expect(yearAverage(first, second)).toBe(referenceYearAverage(first, second));
          expect(learningResult(subjects)).toBe(referenceLearningResult(subjects));
          expect(yearConductResult(c1, c2)).toBe(YEAR_CONDUCT[c1][LEVELS.indexOf(c2)]);
        },
      ),
    );
  });

  it('round half away from zero, as by hand, on values written with up to three decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (thousandths) => {
        const magnitude = Math.abs(thousandths);
        const tenthsByHand = Math.floor(magnitude / 100) + (magnitude % 100 >= 50 ? 1 : 0);
        const expected = (Math.sign(thousandths) * tenthsByHand) / 10;
        expect(roundHalfUp(thousandths / 1000, 1)).toBe(expected === 0 ? 0 : expected);
      }),
    );
  });

  it('ask for 2, 3 or 4 regular scores a term by the periods a year (Điều 7)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), (periods) => {
        expect(regularAssessmentCount(periods)).toBe(periods <= 35 ? 2 : periods <= 70 ? 3 : 4);
      }),
    );
  });
});
