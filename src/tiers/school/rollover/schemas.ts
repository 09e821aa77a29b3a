import { z } from 'zod';
import { pupilMoveSchema, rolloverPlanView } from '#domain/api/rollover.ts';
import { schoolYear } from '#domain/entities/common.ts';

export const rolloverQuery = z.object({ fromYear: schoolYear.optional() });

export const closeYearBody = z.strictObject({ schoolYear });

export const rolloverBody = z.strictObject({
  fromYear: schoolYear,
  /** The new name of each carried class, by its source class; missing ones take the proposal. */
  classNames: z
    .record(z.uuid(), z.string().trim().min(1, 'Tên lớp không được để trống.').max(50))
    .default({}),
  /** The school's decision for a pupil, by student id; missing ones follow the result. */
  moves: z.record(z.uuid(), pupilMoveSchema).default({}),
});
export type RolloverBody = z.infer<typeof rolloverBody>;

export const rolloverResult = z.object({
  plan: rolloverPlanView,
  classesWritten: z.number(),
  pupilsWritten: z.number(),
});
