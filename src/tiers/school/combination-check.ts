// A tổ hợp môn belongs to upper-secondary grades only: on a class or pupil of another grade it
// would say the pupil studies subjects their programme does not have.
import { type FieldIssue, issue } from '#domain/errors.ts';
import { schoolLevelByCode } from '#domain/reference/index.ts';

const UPPER_SECONDARY_GRADES: readonly string[] = schoolLevelByCode.get('THPT')?.grades ?? [];

export const isUpperSecondaryGrade = (grade: string) => UPPER_SECONDARY_GRADES.includes(grade);

export function combinationIssues(grade: string, combination: unknown, whose: string): FieldIssue[] {
  if (combination === undefined || isUpperSecondaryGrade(grade)) return [];
  return [
    issue(
      'combination',
      'COMBINATION_NOT_UPPER_SECONDARY',
      `${whose} thuộc khối ${grade}; tổ hợp môn chỉ dành cho lớp 10, 11, 12 (trung học phổ thông).`,
    ),
  ];
}
