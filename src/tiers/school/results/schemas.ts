import { z } from 'zod';

export const gridQuery = z.object({
  classId: z.uuid(),
  period: z.string().max(3),
  criteria: z.enum(['all', 'NLC', 'NLDT', 'PC']).default('all').describe('nhóm tiêu chí (tiểu học)'),
});

export const saveResultsBody = z.object({
  classId: z.uuid(),
  period: z.string().max(3),
  entries: z
    .array(z.strictObject({ studentId: z.uuid(), entry: z.record(z.string(), z.unknown()) }))
    .min(1)
    .max(100)
    // One entry per pupil: which of two would be the pupil's result is not ours to guess.
    .superRefine((entries, ctx) => {
      const seen = new Set<string>();
      entries.forEach(({ studentId }, index) => {
        if (seen.has(studentId))
          ctx.addIssue({
            code: 'custom',
            path: [index, 'studentId'],
            message: 'Học sinh này có hai dòng kết quả trong cùng một lần lưu; mỗi học sinh chỉ một dòng.',
          });
        seen.add(studentId);
      });
    }),
});

export const savedSchema = z.object({ saved: z.number(), unchanged: z.number(), incomplete: z.number() });
