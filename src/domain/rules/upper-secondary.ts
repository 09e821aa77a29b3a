// The upper-secondary (THPT) programme of Chương trình GDPT 2018 (Thông tư 32/2018, as amended by
// Thông tư 13/2022): every pupil studies the compulsory subjects, four electives (môn học lựa chọn)
// and three sets of chuyên đề học tập, each tied to a subject the pupil studies; Tiếng dân tộc
// thiểu số and Ngoại ngữ 2 may be added as optional subjects (môn học tự chọn). A school offers
// its electives as combinations (tổ hợp môn); a class follows one, a pupil may follow their own.
import { codeLists } from '../reference/index.ts';

const { subjectsByLevel } = codeLists.secondaryEvaluation_TT22_2021;

export const UPPER_SECONDARY_COMPULSORY: readonly string[] = subjectsByLevel.THPT_compulsory;
export const UPPER_SECONDARY_ELECTIVES: readonly string[] = subjectsByLevel.THPT_elective_choose_4;
export const ELECTIVES_PER_PUPIL = 4;
export const TOPIC_SETS_PER_PUPIL = 3;

/** The three groups the electives come from, as the programme names them. */
export const ELECTIVE_GROUPS: readonly { name: string; subjects: readonly string[] }[] = [
  { name: 'Khoa học xã hội', subjects: ['Địa lí', 'Giáo dục kinh tế và pháp luật'] },
  { name: 'Khoa học tự nhiên', subjects: ['Vật lí', 'Hóa học', 'Sinh học'] },
  { name: 'Công nghệ và nghệ thuật', subjects: ['Công nghệ', 'Tin học', 'Âm nhạc', 'Mĩ thuật'] },
];

/** Subjects with chuyên đề học tập (35 periods a year each): Ngữ văn, Toán, Lịch sử and every elective. */
export const TOPIC_SUBJECTS: readonly string[] = ['Ngữ văn', 'Toán', 'Lịch sử', ...UPPER_SECONDARY_ELECTIVES];
export const TOPIC_PERIODS_PER_YEAR = 35;

export const OPTIONAL_SUBJECTS: readonly string[] = ['Tiếng dân tộc thiểu số', 'Ngoại ngữ 2'];

export interface SubjectCombination {
  name: string;
  electives: readonly string[];
  /** The subjects whose chuyên đề học tập the pupils take. */
  topicSubjects: readonly string[];
  optionalSubjects?: readonly string[];
}

/** A combination's subjects in the programme's order: compulsory, electives, optional. */
export function subjectsOfCombination(combination?: SubjectCombination): string[] {
  const chosen = (list: readonly string[], picked: readonly string[] = []) =>
    list.filter((s) => picked.includes(s));
  return [
    ...UPPER_SECONDARY_COMPULSORY,
    ...chosen(UPPER_SECONDARY_ELECTIVES, combination?.electives),
    ...chosen(OPTIONAL_SUBJECTS, combination?.optionalSubjects),
  ];
}

/** How a combination reads on a screen: "KHTN1 (Vật lí, Hóa học, Sinh học, Tin học)". */
export function combinationLabel(combination: SubjectCombination): string {
  return `${combination.name} (${subjectsOfCombination({ ...combination, optionalSubjects: [] })
    .filter((s) => !UPPER_SECONDARY_COMPULSORY.includes(s))
    .join(', ')})`;
}

/** Where a combination breaks the programme's rules, field by field, in words for a clerk. */
export function combinationProblems(combination: SubjectCombination): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const twice = (list: readonly string[]) => list.find((s, i) => list.indexOf(s) !== i);
  if (combination.electives.length !== ELECTIVES_PER_PUPIL || twice(combination.electives))
    problems.push({
      field: 'electives',
      message: `Tổ hợp ${combination.name} cần đúng ${ELECTIVES_PER_PUPIL} môn học lựa chọn khác nhau.`,
    });
  if (combination.topicSubjects.length !== TOPIC_SETS_PER_PUPIL || twice(combination.topicSubjects))
    problems.push({
      field: 'topicSubjects',
      message: `Tổ hợp ${combination.name} cần đúng ${TOPIC_SETS_PER_PUPIL} cụm chuyên đề học tập của ba môn khác nhau.`,
    });
  const studied = subjectsOfCombination(combination);
  const notStudied = combination.topicSubjects.filter((s) => !studied.includes(s));
  if (notStudied.length > 0)
    problems.push({
      field: 'topicSubjects',
      message: `Chuyên đề học tập phải thuộc môn học sinh học; tổ hợp ${combination.name} không có môn ${notStudied.join(', ')}.`,
    });
  if (twice(combination.optionalSubjects ?? []))
    problems.push({ field: 'optionalSubjects', message: 'Môn tự chọn bị lặp lại.' });
  return problems;
}
