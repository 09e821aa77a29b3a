// Nộp và duyệt: a school submits a reporting period's data once it is synced; the Sở (or the
// commune's unit) approves it or returns it with a comment, and a returned submission is sent again.
// Each submission is kept; the newest one of a school and period is the one in force.
import type { ErrorCode } from '../errors.ts';

export const SUBMISSION_STATES = ['submitted', 'approved', 'returned'] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];
export type SubmissionAction = 'submit' | 'approve' | 'return';

/** The state a school's period is in after `action`, or the error code refusing it. */
export function afterAction(
  current: SubmissionState | undefined,
  action: SubmissionAction,
): { state: SubmissionState } | { refused: ErrorCode } {
  if (action === 'submit') {
    if (current === 'submitted') return { refused: 'SUBMISSION_UNDER_REVIEW' };
    if (current === 'approved') return { refused: 'SUBMISSION_APPROVED' };
    return { state: 'submitted' };
  }
  if (current === undefined) return { refused: 'NOT_FOUND' };
  if (current !== 'submitted') return { refused: 'SUBMISSION_REVIEWED' };
  return { state: action === 'approve' ? 'approved' : 'returned' };
}

/** A figure of one kind of record: what the province holds of the year, and what failed. */
export interface KindFigures {
  held: number;
  failed: number;
}
export type SubmissionFigures = Partial<Record<string, KindFigures>>;

export interface FigureChange {
  kind: string;
  figure: keyof KindFigures;
  before: number;
  after: number;
}

/** What changed since the last submission, figure by figure (a kind missing counts as zero). */
export function figureChanges(before: SubmissionFigures, after: SubmissionFigures): FigureChange[] {
  const kinds = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return kinds.flatMap((kind) =>
    (['held', 'failed'] as const).flatMap((figure) => {
      const was = before[kind]?.[figure] ?? 0;
      const now = after[kind]?.[figure] ?? 0;
      return was === now ? [] : [{ kind, figure, before: was, after: now }];
    }),
  );
}

/** The last deadline of a period (the day its submission is due), or undefined when it has none. */
export const dueDay = (deadlines: Partial<Record<string, string>>): string | undefined =>
  Object.values(deadlines)
    .filter((day): day is string => Boolean(day))
    .sort()
    .at(-1);

/** Late: submitted after the due day, or not submitted and the due day is over (both in Vietnam's days). */
export const isLate = (due: string | undefined, submittedOn: string | undefined, today: string): boolean =>
  due !== undefined && (submittedOn === undefined ? today > due : submittedOn > due);
