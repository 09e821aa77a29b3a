// Kết chuyển năm học: where each class and pupil of a closed year goes in the next one. Pure
// rules, shared by the school tier (which writes the move) and the web app (which previews it).

/** What happens to a pupil: next grade, same grade again, or leaves (finished the level). */
export type PupilMove = 'up' | 'stay' | 'graduate';

export const PUPIL_MOVE_LABELS: Record<PupilMove, string> = {
  up: 'Lên lớp',
  stay: 'Ở lại lớp',
  graduate: 'Hoàn thành chương trình (ra trường)',
};

/** The year-end result as stored: TT27 at CN (entry) or TT22's year outcome at CN. */
export interface YearEndResult {
  scheme: 'TT27' | 'TT22';
  entry: Record<string, unknown>;
  outcome?: { learningResult?: string; conduct?: string; yearEndRating?: string } | undefined;
}

/** The grade after `grade` at a school teaching `grades`, or undefined for the last one. */
export function nextGrade(grade: string, grades: readonly string[]): string | undefined {
  const i = grades.indexOf(grade);
  return i >= 0 ? grades[i + 1] : undefined;
}

/** "3A" → "4A", "10A1" → "11A1": the grade at the start of a name moves on; other names stay. */
export function proposedClassName(name: string, grade: string, next: string): string {
  return name.startsWith(grade) && !/^\d/.test(name.slice(grade.length))
    ? next + name.slice(grade.length)
    : name;
}

/**
 * Whether a year-end result moves the pupil on: TT27 — Hoàn thành chương trình lớp học / lên
 * lớp as the teacher confirmed (CHT → no); TT22 — both the year's học lực and rèn luyện at Đạt
 * or better (a Chưa đạt means a summer re-test, so until it is entered the pupil stays).
 * Undefined when the year has no result.
 */
export function promotedBy(result: YearEndResult | undefined): boolean | undefined {
  if (!result) return undefined;
  if (result.scheme === 'TT27') {
    const promoted = result.entry.promoted ?? result.entry.completedProgram;
    if (typeof promoted === 'boolean') return promoted;
    const rating = result.entry.yearEndRating ?? result.outcome?.yearEndRating;
    return typeof rating === 'string' ? rating !== 'CHT' : undefined;
  }
  const { learningResult, conduct } = result.outcome ?? {};
  if (!learningResult || !conduct) return undefined;
  return learningResult !== 'CĐ' && conduct !== 'CĐ';
}

/**
 * A pupil's move from their grade and result. Without a result the pupil is listed for the
 * school to decide, and until it does they go up with their class — except in the last grade,
 * where going up would take them off the school's rolls: they stay until someone decides.
 */
export function pupilMove(
  grade: string,
  grades: readonly string[],
  result: YearEndResult | undefined,
): { move: PupilMove; decided: boolean } {
  const promoted = promotedBy(result);
  const last = nextGrade(grade, grades) === undefined;
  if (promoted === undefined) return { move: last ? 'stay' : 'up', decided: false };
  if (!promoted) return { move: 'stay', decided: true };
  return { move: last ? 'graduate' : 'up', decided: true };
}

/** The grade a pupil is in after the move (none when they leave). */
export function gradeAfter(grade: string, grades: readonly string[], move: PupilMove): string | undefined {
  if (move === 'graduate') return undefined;
  return move === 'stay' ? grade : (nextGrade(grade, grades) ?? grade);
}
