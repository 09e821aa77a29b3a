import { z } from 'zod';
import { schoolYear } from '#domain/entities/common.ts';

const move = z.enum(['up', 'stay', 'graduate']);

export const rolloverQuery = z.object({ fromYear: schoolYear.optional() });

export const closeYearBody = z.strictObject({ schoolYear });

export const rolloverBody = z.strictObject({
  fromYear: schoolYear,
  /** The new name of each carried class, by its source class; missing ones take the proposal. */
  classNames: z
    .record(z.uuid(), z.string().trim().min(1, 'Tên lớp không được để trống.').max(50))
    .default({}),
  /** The school's decision for a pupil, by student id; missing ones follow the result. */
  moves: z.record(z.uuid(), move).default({}),
});
export type RolloverBody = z.infer<typeof rolloverBody>;

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
      move,
      decided: z.boolean(),
      targetClassId: z.string().nullable(),
      targetClassName: z.string().nullable(),
      exists: z.boolean(),
    }),
  ),
});

export const rolloverResult = z.object({
  plan: rolloverPlanView,
  classesWritten: z.number(),
  pupilsWritten: z.number(),
});
