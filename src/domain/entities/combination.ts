import { z } from 'zod';
import {
  combinationProblems,
  OPTIONAL_SUBJECTS,
  TOPIC_SUBJECTS,
  UPPER_SECONDARY_ELECTIVES,
} from '../rules/upper-secondary.ts';
import { requiredText } from './common.ts';

const listed = (values: readonly string[], label: string) =>
  z.enum(values as [string, ...string[]], { error: `${label} không có trong chương trình GDPT 2018.` });

/**
 * Tổ hợp môn (THPT): its name, four electives, the subjects of its three chuyên đề sets and any
 * optional subjects. A class carries the one it follows and a pupil may carry their own, whole,
 * so that the record means the same at every tier without a list of the school's combinations.
 */
export const subjectCombinationSchema = z
  .object({
    name: requiredText(50),
    electives: z.array(listed(UPPER_SECONDARY_ELECTIVES, 'Môn học lựa chọn')).max(9),
    topicSubjects: z.array(listed(TOPIC_SUBJECTS, 'Môn có chuyên đề học tập')).max(12),
    optionalSubjects: z.array(listed(OPTIONAL_SUBJECTS, 'Môn học tự chọn')).max(2).default([]),
  })
  .superRefine((combination, ctx) => {
    for (const { field, message } of combinationProblems(combination))
      ctx.addIssue({ code: 'custom', path: [field], message });
  });
export type SubjectCombinationRecord = z.infer<typeof subjectCombinationSchema>;
