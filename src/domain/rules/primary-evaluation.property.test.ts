// Properties of the Thông tư 27/2020 rules: an entry of any shape gets a list of problems, never
// an exception; on entries made of real subject names the problems and the proposed year-end
// rating are those a plain reading of the circular (the lists in code-lists.json) gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError, type FieldIssue } from '../errors.ts';
import { codeLists } from '../reference/index.ts';
import {
  checkPrimaryEntry,
  type PrimaryPeriod,
  type PrimaryResultEntry,
  proposeYearEndRating,
} from './primary-evaluation.ts';

const tt27 = codeLists.primaryEvaluation_TT27_2020;
const PERIODS = tt27.periods.map((p) => p.code) as PrimaryPeriod[];
const GRADES = [1, 2, 3, 4, 5];
const ALL_SUBJECTS = [...new Set(Object.values(tt27.subjectsByGrade).flat())];
const groupItems = (code: string) => tt27.criteriaGroups.find((g) => g.code === code)!;

// The reference reading, straight from the lists.
const subjectsOf = (grade: number): string[] => tt27.subjectsByGrade[String(grade) as '1'];
function testedIn(grade: number, period: string): string[] {
  if (period === 'CK1' || period === 'CN') return tt27.periodicTests.CK1_and_CN;
  return grade >= 4 ? tt27.periodicTests.GK1_and_GK2_grades_4_5 : [];
}
function competenciesOf(grade: number): string[] {
  const specific = groupItems('NLDT');
  const omitted = grade <= 2 ? (specific.grades1to2Omit ?? []) : [];
  return [...groupItems('NLC').items, ...specific.items.filter((item) => !omitted.includes(item))];
}
const QUALITIES = groupItems('PC').items;
const SUBJECT_LEVELS = tt27.subjectLevels.map((l) => l.code);
const CRITERIA_LEVELS = tt27.competencyLevels.map((l) => l.code);
const isTestScore = (score: unknown) =>
  Number.isInteger(score) && (score as number) >= 1 && (score as number) <= 10;

function referenceProblems(entry: PrimaryResultEntry, grade: number, period: string): string[] {
  const found: string[] = [];
  const add = (field: string, code: string) => found.push(`${field} ${code}`);
  const subjects = subjectsOf(grade);
  const tested = testedIn(grade, period).filter((s) => subjects.includes(s));
  for (const name of Object.keys(entry.subjects))
    if (!subjects.includes(name)) add(`subjects.${name}`, 'RESULT_UNKNOWN_SUBJECT');
  for (const name of subjects) {
    const { level, score } = entry.subjects[name] ?? {};
    if (level === undefined) add(`subjects.${name}.level`, 'RESULT_LEVEL_MISSING');
    else if (!SUBJECT_LEVELS.includes(level)) add(`subjects.${name}.level`, 'RESULT_LEVEL_INVALID');
    if (tested.includes(name) && score === undefined) add(`subjects.${name}.score`, 'RESULT_SCORE_MISSING');
    if (tested.includes(name) && score !== undefined && !isTestScore(score))
      add(`subjects.${name}.score`, 'RESULT_SCORE_INVALID');
    if (!tested.includes(name) && score !== undefined)
      add(`subjects.${name}.score`, 'RESULT_SCORE_NOT_ALLOWED');
  }
  const criteria = [
    ['competencies', entry.competencies, competenciesOf(grade), 'RESULT_UNKNOWN_COMPETENCY'],
    ['qualities', entry.qualities, QUALITIES, 'RESULT_UNKNOWN_QUALITY'],
  ] as const;
  for (const [group, levels, expected, unknownCode] of criteria) {
    for (const name of Object.keys(levels))
      if (!expected.includes(name)) add(`${group}.${name}`, unknownCode);
    for (const name of expected) {
      if (levels[name] === undefined) add(`${group}.${name}`, 'RESULT_LEVEL_MISSING');
      else if (!CRITERIA_LEVELS.includes(levels[name])) add(`${group}.${name}`, 'RESULT_LEVEL_INVALID');
    }
  }
  for (const field of ['yearEndRating', 'completedProgram', 'promoted'] as const)
    if (period !== 'CN' && entry[field] !== undefined) add(field, 'RESULT_YEAR_END_NOT_ALLOWED');
  const ratings = tt27.yearEndRatings.map((r) => r.code);
  if (period === 'CN' && entry.yearEndRating !== undefined && !ratings.includes(entry.yearEndRating))
    add('yearEndRating', 'RESULT_LEVEL_INVALID');
  return found.sort();
}

/** Điều 9 khoản 2 (`yearEndRatingRules`), for a complete end-of-year entry. */
function referenceRating(entry: PrimaryResultEntry, grade: number): string {
  const subjectLevels = subjectsOf(grade).map((s) => entry.subjects[s]!.level);
  const criteriaLevels = [...Object.values(entry.competencies), ...Object.values(entry.qualities)];
  const scores = testedIn(grade, 'CN')
    .filter((s) => subjectsOf(grade).includes(s))
    .map((s) => entry.subjects[s]!.score!);
  const everyScoreAtLeast = (n: number) => scores.every((score) => score >= n);
  const allBest = subjectLevels.every((l) => l === 'T') && criteriaLevels.every((l) => l === 'T');
  if (allBest && everyScoreAtLeast(9)) return 'HTXS';
  if (allBest && everyScoreAtLeast(7)) return 'HTT';
  const noneFailing = !subjectLevels.includes('C') && !criteriaLevels.includes('C');
  if (noneFailing && everyScoreAtLeast(5)) return 'HT';
  return 'CHT';
}

const problemsOf = (issues: FieldIssue[]) => issues.map((i) => `${i.field} ${i.code}`).sort();
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 4 });

/** Entries of real (and a few wrong) names, with levels and scores right, wrong or missing. */
function entryFor(grade: number): fc.Arbitrary<PrimaryResultEntry> {
  const subjectResult = fc.record(
    {
      level: maybe(fc.constantFrom('T', 'H', 'C', 'Đ')),
      score: maybe(fc.oneof(fc.integer({ min: 1, max: 10 }), fc.constantFrom(0, 11, 7.5, -1))),
    },
    { requiredKeys: [] },
  );
  const levelsOf = (names: string[]) =>
    fc
      .tuple(
        ...names.map((name) =>
          maybe(fc.constantFrom('T', 'Đ', 'C', 'H')).map((level) => [name, level] as const),
        ),
      )
      .map((pairs) => Object.fromEntries(pairs.filter(([, level]) => level !== undefined)));
  return fc.record(
    {
      subjects: fc.dictionary(fc.constantFrom(...ALL_SUBJECTS), subjectResult) as fc.Arbitrary<
        PrimaryResultEntry['subjects']
      >,
      competencies: fc
        .tuple(
          levelsOf(competenciesOf(grade)),
          fc.dictionary(fc.constantFrom('Tin học', 'Bơi lội'), fc.constant('T')),
        )
        .map(([known, extra]) => ({ ...known, ...extra })) as fc.Arbitrary<
        PrimaryResultEntry['competencies']
      >,
      qualities: levelsOf([...QUALITIES, 'Dũng cảm']) as fc.Arbitrary<PrimaryResultEntry['qualities']>,
      yearEndRating: maybe(fc.constantFrom('HTXS', 'HTT', 'HT', 'CHT', 'Giỏi')) as fc.Arbitrary<
        PrimaryResultEntry['yearEndRating']
      >,
      promoted: maybe(fc.boolean()),
    },
    { requiredKeys: ['subjects', 'competencies', 'qualities'] },
  );
}

/** A complete end-of-year entry: every subject, competency and quality rated, every test scored. */
const completeYearEnd = fc.constantFrom(...GRADES).chain((grade) =>
  fc
    .record({
      subjects: fc.tuple(
        ...subjectsOf(grade).map((name) =>
          fc
            .record({ level: fc.constantFrom('T', 'T', 'H', 'C'), score: fc.integer({ min: 1, max: 10 }) })
            .map(({ level, score }) => [
              name,
              testedIn(grade, 'CN').includes(name) ? { level, score } : { level },
            ]),
        ),
      ),
      competencies: fc.tuple(
        ...competenciesOf(grade).map((n) => fc.constantFrom('T', 'T', 'Đ', 'C').map((l) => [n, l])),
      ),
      qualities: fc.tuple(...QUALITIES.map((n) => fc.constantFrom('T', 'T', 'Đ', 'C').map((l) => [n, l]))),
    })
    .map(
      (parts) =>
        ({
          grade,
          entry: {
            subjects: Object.fromEntries(parts.subjects),
            competencies: Object.fromEntries(parts.competencies),
            qualities: Object.fromEntries(parts.qualities),
          } as PrimaryResultEntry,
        }) as const,
    ),
);

/** Anything at all, or an object whose known keys hold anything. */
const anyEntry = fc.oneof(
  fc.anything(),
  fc.record(
    {
      subjects: fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom(...ALL_SUBJECTS), fc.anything())),
      competencies: fc.anything(),
      qualities: fc.anything(),
      yearEndRating: fc.anything(),
      completedProgram: fc.anything(),
    },
    { requiredKeys: [] },
  ),
) as fc.Arbitrary<PrimaryResultEntry>;

describe('Thông tư 27 rules, properties', () => {
  it('answer an entry of any shape with a list of problems, never an exception', () => {
    fc.assert(
      fc.property(
        anyEntry,
        fc.constantFrom(...GRADES),
        fc.constantFrom(...PERIODS),
        (entry, grade, period) => {
          const issues = checkPrimaryEntry(entry, grade, period);
          expect(Array.isArray(issues)).toBe(true);
          // The proposal needs a complete entry; anything else is refused with the entry's problems.
          try {
            expect(['HTXS', 'HTT', 'HT', 'CHT']).toContain(proposeYearEndRating(entry, grade));
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
            expect((error as AppError).code).toBe('VALIDATION_FAILED');
          }
        },
      ),
    );
  });

  it('refuse a grade or period no class has with a RangeError only', () => {
    fc.assert(
      fc.property(anyEntry, fc.oneof(fc.integer(), fc.double()), fc.string(), (entry, grade, period) => {
        try {
          checkPrimaryEntry(entry, grade, period as PrimaryPeriod);
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
        }
      }),
    );
  });

  it('find exactly the problems the lists of the circular give', () => {
    const gradeAndPeriod = fc.tuple(fc.constantFrom(...GRADES), fc.constantFrom(...PERIODS));
    fc.assert(
      fc.property(
        gradeAndPeriod.chain(([grade, period]) => entryFor(grade).map((entry) => ({ grade, period, entry }))),
        ({ grade, period, entry }) => {
          expect(problemsOf(checkPrimaryEntry(entry, grade, period))).toEqual(
            referenceProblems(entry, grade, period),
          );
        },
      ),
    );
  });

  it('propose the year-end rating Điều 9 gives for a complete entry', () => {
    fc.assert(
      fc.property(completeYearEnd, ({ grade, entry }) => {
        expect(checkPrimaryEntry(entry, grade, 'CN')).toEqual([]);
        expect(proposeYearEndRating(entry, grade)).toBe(referenceRating(entry, grade));
      }),
    );
  });
});
