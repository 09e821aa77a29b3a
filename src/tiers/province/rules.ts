// What a province knows to check of its schools' records, beyond shape, ownership and
// references: grades of the school level, age for the grade, complete results in the right scheme.
import type { FieldIssue } from '#domain/errors.ts';
import { schoolLevelByCode } from '#domain/reference/index.ts';
import { checkedPayload, fail, type RuleInput } from '#sync/receive/rules.ts';

/** What a province knows to check: grades of the school level, age for the grade, complete results. */
export function provinceProblem({ kind, item, known, schools }: RuleInput): FieldIssue | undefined {
  if (item.deleted) return undefined;
  if (kind === 'class') {
    const level = checkedPayload('school', schools.get(item.schoolCode)!).levelCode;
    const grades = schoolLevelByCode.get(level)?.grades ?? [];
    const { grade } = checkedPayload('class', item);
    if (!grades.includes(grade))
      return fail(
        'grade',
        'CLASS_GRADE_NOT_IN_LEVEL',
        `Khối ${grade} không thuộc cấp học ${level} của trường.`,
      );
  }
  if (kind === 'student') {
    const student = checkedPayload('student', item);
    const cls = checkedPayload('class', known.get(student.classId)!);
    const grade = Number(cls.grade);
    const age = Number(student.schoolYear.slice(0, 4)) - Number(student.birthDate.slice(0, 4));
    // Pupils start grade 1 in the year they turn 6; a few start late or repeat a year or two.
    if (Number.isInteger(grade) && (age < grade + 4 || age > grade + 10)) {
      return fail(
        'birthDate',
        'AGE_IMPLAUSIBLE_FOR_GRADE',
        `Học sinh ${age} tuổi không phù hợp với khối ${grade}.`,
      );
    }
  }
  if (kind === 'result') {
    const p = checkedPayload('result', item);
    if (p.complete !== true) return fail('entry', 'RESULT_INCOMPLETE');
    // Primary grades are assessed under Thông tư 27, grades 6–12 under Thông tư 22.
    const grade = Number(checkedPayload('class', known.get(p.classId)!).grade);
    const expected = grade <= 5 ? 'TT27' : 'TT22';
    if (p.scheme !== expected) {
      return fail(
        'scheme',
        'RESULT_SCHEME_MISMATCH',
        `Lớp khối ${grade} đánh giá theo ${expected === 'TT27' ? 'Thông tư 27/2020' : 'Thông tư 22/2021'}, không theo ${String(p.scheme)}.`,
      );
    }
  }
  return undefined;
}
