import { z } from 'zod';

const countOf = z.object({ key: z.string(), label: z.string(), count: z.number() });

export const statisticsSchema = z.object({
  progress: z.array(z.object({ day: z.string(), success: z.number(), failed: z.number() })),
  failuresByCode: z.array(z.object({ code: z.string(), message: z.string(), count: z.number() })),
  studentsByGrade: z.array(countOf),
  studentsByGender: z.array(countOf),
  studentsByEthnicity: z.array(countOf),
});
