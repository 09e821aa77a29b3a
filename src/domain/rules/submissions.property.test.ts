import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  afterAction,
  figureChanges,
  isLate,
  type SubmissionAction,
  type SubmissionFigures,
  type SubmissionState,
} from './submissions.ts';

const action = fc.constantFrom<SubmissionAction>('submit', 'approve', 'return');
const figures = fc.dictionary(
  fc.constantFrom('school', 'class', 'staff', 'student', 'result'),
  fc.record({ held: fc.nat(50), failed: fc.nat(5) }),
) as fc.Arbitrary<SubmissionFigures>;
const day = fc
  .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));

describe('submissions of a reporting period', () => {
  it('follow the model: one submission under review at a time, approval final, resubmission only once returned', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 30 }), (actions) => {
        // The model: the list of submissions, each with the state it reached.
        const submissions: SubmissionState[] = [];
        let state: SubmissionState | undefined;
        for (const next of actions) {
          const answer = afterAction(state, next);
          const last = submissions.at(-1);
          const allowed =
            next === 'submit' ? last === undefined || last === 'returned' : last === 'submitted';
          expect('state' in answer).toBe(allowed);
          if (!('state' in answer)) continue;
          if (next === 'submit') submissions.push('submitted');
          else submissions[submissions.length - 1] = answer.state;
          state = answer.state;
          expect(state).toBe(submissions.at(-1));
        }
        // Never more than one approval, and nothing after it.
        const approved = submissions.indexOf('approved');
        expect(approved === -1 || approved === submissions.length - 1).toBe(true);
        // Every submission but the newest was returned.
        expect(submissions.slice(0, -1).every((s) => s === 'returned')).toBe(true);
      }),
    );
  });

  it('names every figure that changed and only those, each with its before and after', () => {
    fc.assert(
      fc.property(figures, figures, (before, after) => {
        const changes = figureChanges(before, after);
        for (const change of changes) {
          expect(change.before).toBe(before[change.kind]?.[change.figure] ?? 0);
          expect(change.after).toBe(after[change.kind]?.[change.figure] ?? 0);
          expect(change.before).not.toBe(change.after);
        }
        const applied: Record<string, { held: number; failed: number }> = {};
        for (const [kind, f] of Object.entries(before)) applied[kind] = { ...f! };
        for (const c of changes) {
          applied[c.kind] ??= { held: 0, failed: 0 };
          applied[c.kind]![c.figure] = c.after;
        }
        for (const kind of new Set([...Object.keys(before), ...Object.keys(after)]))
          expect(applied[kind] ?? { held: 0, failed: 0 }).toEqual(after[kind] ?? { held: 0, failed: 0 });
        expect(figureChanges(after, after)).toEqual([]);
      }),
    );
  });

  it('counts a school late only once the due day is over, submitted or not', () => {
    fc.assert(
      fc.property(
        fc.option(day, { nil: undefined }),
        fc.option(day, { nil: undefined }),
        day,
        (due, on, today) => {
          const late = isLate(due, on, today);
          if (due === undefined) expect(late).toBe(false);
          else if (on === undefined) expect(late).toBe(today > due);
          else expect(late).toBe(on > due);
        },
      ),
    );
  });
});
