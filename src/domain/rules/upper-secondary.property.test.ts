// Properties of THPT results over a pupil's own combination: any valid combination with every
// subject at 8 or more is Tốt; a subject outside it is refused, naming the pupil; a chuyên đề adds
// to its subject's regular assessments and nothing else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { subjectCombinationSchema } from '../entities/combination.ts';
import { computeOutcome, entryIssues, gridOf, schemeOfGrade } from './result-scheme.ts';
import { isCommentOnlySubject, periodsPerYear, regularAssessmentCount } from './secondary-evaluation.ts';
import {
  OPTIONAL_SUBJECTS,
  type SubjectCombination,
  TOPIC_SUBJECTS,
  UPPER_SECONDARY_COMPULSORY,
  UPPER_SECONDARY_ELECTIVES,
} from './upper-secondary.ts';

/** A combination the programme allows: 4 electives, 3 chuyên đề of studied subjects, optional subjects. */
const combination: fc.Arbitrary<SubjectCombination> = fc
  .tuple(
    fc.shuffledSubarray([...UPPER_SECONDARY_ELECTIVES], { minLength: 4, maxLength: 4 }),
    fc.subarray([...OPTIONAL_SUBJECTS]),
    fc.string({ minLength: 1, maxLength: 10 }).filter((s) => s.trim().length > 0),
  )
  .chain(([electives, optionalSubjects, name]) =>
    fc
      .shuffledSubarray(
        TOPIC_SUBJECTS.filter((s) => UPPER_SECONDARY_COMPULSORY.includes(s) || electives.includes(s)),
        { minLength: 3, maxLength: 3 },
      )
      .map((topicSubjects) => ({ name, electives, topicSubjects, optionalSubjects })),
  );

const grade = fc.constantFrom('10', '11', '12');

function entryOf(scheme: NonNullable<ReturnType<typeof schemeOfGrade>>, score: (subject: string) => number) {
  const counts = gridOf(scheme, 'HK1').regularCounts ?? {};
  return {
    conduct: 'T',
    subjects: Object.fromEntries(
      scheme.subjects.map((s) => [
        s,
        isCommentOnlySubject(s)
          ? { comment: 'Đ' }
          : { regular: Array(counts[s]).fill(score(s)), midterm: score(s), final: score(s) },
      ]),
    ),
  };
}

describe('THPT results over the pupil’s own combination', () => {
  it('accepts every combination the programme allows as a record', () => {
    fc.assert(
      fc.property(combination, (c) => {
        expect(subjectCombinationSchema.safeParse(c).success).toBe(true);
      }),
    );
  });

  it('makes a pupil with every subject of their combination at 8 or more Tốt', () => {
    fc.assert(
      fc.property(combination, grade, fc.func(fc.integer({ min: 80, max: 100 })), (c, g, tenths) => {
        const scheme = schemeOfGrade(g, c)!;
        const entry = entryOf(scheme, (s) => tenths(s) / 10);
        expect(entryIssues(scheme, 'HK1', entry)).toEqual({ errors: [], complete: true });
        expect(computeOutcome(scheme, 'HK1', entry)?.learningResult).toBe('T');
      }),
    );
  });

  it('refuses an elective outside the combination, naming the pupil and the subject', () => {
    fc.assert(
      fc.property(combination, grade, (c, g) => {
        const scheme = { ...schemeOfGrade(g, c)!, owner: 'học sinh Lò Văn Xuân' };
        const outside = UPPER_SECONDARY_ELECTIVES.find((s) => !c.electives.includes(s))!;
        const entry = entryOf(scheme, () => 9);
        entry.subjects[outside] = { regular: [9, 9, 9], midterm: 9, final: 9 };
        const { errors } = entryIssues(scheme, 'HK1', entry);
        expect(errors).toEqual([
          {
            field: `subjects.${outside}`,
            code: 'RESULT_UNKNOWN_SUBJECT',
            message: `Môn "${outside}" không có trong các môn học của học sinh Lò Văn Xuân.`,
          },
        ]);
      }),
    );
  });

  it('counts a chuyên đề among its subject’s regular assessments, and only there', () => {
    fc.assert(
      fc.property(combination, grade, (c, g) => {
        const scheme = schemeOfGrade(g, c)!;
        const counts = gridOf(scheme, 'HK1').regularCounts ?? {};
        for (const subject of scheme.subjects.filter((s) => !isCommentOnlySubject(s))) {
          const periods = periodsPerYear(subject, 'THPT', Number(g))!;
          const expected = regularAssessmentCount(c.topicSubjects.includes(subject) ? periods + 35 : periods);
          expect(counts[subject]).toBe(expected);
        }
      }),
    );
  });
});
