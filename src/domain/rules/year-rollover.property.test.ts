// Properties of the year-rollover move: a pupil always lands in a grade the school teaches (or
// leaves only from its last grade), the grade only ever goes up by one, and a result decides.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeLists } from '../reference/index.ts';
import { gradeAfter, nextGrade, proposedClassName, pupilMove, type YearEndResult } from './year-rollover.ts';

const levels = fc.constantFrom(...codeLists.schoolLevels.map((l) => l.grades));
const level = (c: string) => fc.constantFrom(...c.split(','));
const tt27 = fc.record({
  scheme: fc.constant('TT27' as const),
  entry: fc.record(
    { yearEndRating: level('HTXS,HTT,HT,CHT'), promoted: fc.boolean(), completedProgram: fc.boolean() },
    { requiredKeys: [] },
  ),
});
const tt22 = fc.record({
  scheme: fc.constant('TT22' as const),
  entry: fc.constant({}),
  outcome: fc.record({ learningResult: level('T,K,Đ,CĐ'), conduct: level('T,K,Đ,CĐ') }, { requiredKeys: [] }),
});
const results = fc.option(fc.oneof(tt27, tt22) as fc.Arbitrary<YearEndResult>, { nil: undefined });

describe('pupilMove', () => {
  it('lands in a grade the school teaches, one up at most; leaves only from the last grade', () => {
    fc.assert(
      fc.property(levels, fc.nat(), results, (grades, n, result) => {
        const grade = grades[n % grades.length]!;
        const { move } = pupilMove(grade, grades, result);
        const after = gradeAfter(grade, grades, move);
        if (move === 'graduate') expect(nextGrade(grade, grades)).toBeUndefined();
        else {
          expect(grades).toContain(after);
          expect(grades.indexOf(after!) - grades.indexOf(grade)).toBeOneOf([0, 1]);
        }
      }),
    );
  });

  it('follows the result: a pass moves on, a fail stays, none is left for the school to decide', () => {
    fc.assert(
      fc.property(levels, fc.nat(), results, (grades, n, result) => {
        const grade = grades[n % grades.length]!;
        const { move, decided } = pupilMove(grade, grades, result);
        const entry = (result?.entry ?? {}) as Record<string, unknown>;
        const passed =
          result?.scheme === 'TT27'
            ? (entry.promoted ??
              entry.completedProgram ??
              (entry.yearEndRating && entry.yearEndRating !== 'CHT'))
            : result?.outcome?.learningResult && result.outcome.conduct
              ? result.outcome.learningResult !== 'CĐ' && result.outcome.conduct !== 'CĐ'
              : undefined;
        const last = nextGrade(grade, grades) === undefined;
        if (passed === undefined) {
          expect(decided).toBe(false);
          // Undecided never takes a pupil off the rolls.
          expect(move).toBe(last ? 'stay' : 'up');
        } else {
          expect(decided).toBe(true);
          expect(move).toBe(passed ? (last ? 'graduate' : 'up') : 'stay');
        }
      }),
    );
  });
});

describe('proposedClassName', () => {
  it('moves the grade at the start of the name and keeps the rest', () => {
    expect(proposedClassName('3A', '3', '4')).toBe('4A');
    expect(proposedClassName('10A1', '10', '11')).toBe('11A1');
    expect(proposedClassName('1', '1', '2')).toBe('2');
    expect(proposedClassName('Lớp Mầm', 'MG', 'NT')).toBe('Lớp Mầm');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 11 }), fc.string({ maxLength: 5 }), (g, rest) => {
        fc.pre(!/^\d/.test(rest));
        expect(proposedClassName(`${g}${rest}`, String(g), String(g + 1))).toBe(`${g + 1}${rest}`);
      }),
    );
  });
});
