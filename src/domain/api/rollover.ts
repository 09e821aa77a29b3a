// Kết chuyển năm học as the school's API answers it: the schema the server checks its answer
// against and documents in OpenAPI, and the type the screen reads it with.
import { z } from 'zod';

export const pupilMoveSchema = z.enum(['up', 'stay', 'graduate']);

export const rolloverPlanView = z.object({
  fromYear: z.string(),
  toYear: z.string(),
  closed: z.boolean(),
  alreadyWritten: z.number(),
  classes: z.array(
    z.object({
      sourceId: z.string(),
      sourceName: z.string(),
      grade: z.string(),
      targetId: z.string(),
      targetGrade: z.string(),
      name: z.string(),
      repeat: z.boolean(),
      exists: z.boolean(),
    }),
  ),
  pupils: z.array(
    z.object({
      studentId: z.string(),
      fullName: z.string(),
      className: z.string(),
      grade: z.string(),
      move: pupilMoveSchema,
      decided: z.boolean(),
      targetClassId: z.string().nullable(),
      targetClassName: z.string().nullable(),
      exists: z.boolean(),
    }),
  ),
});
export type RolloverPlan = z.infer<typeof rolloverPlanView>;
