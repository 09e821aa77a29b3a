import { z } from 'zod';
import { isoDate, schoolYear } from '#domain/entities/common.ts';
import { classSchema } from '#domain/entities/index.ts';
import { expectedVersion, pageQuery, recordViewSchema } from '../lists/shared-schemas.ts';

const classInput = classSchema.extend({ schoolYear: schoolYear.optional() });
export const createClassBody = classInput.strict();
export const updateClassBody = classInput.extend({ version: expectedVersion }).strict();
export const dissolveBody = z.strictObject({
  dissolvedOn: isoDate,
  dissolutionDecision: classSchema.shape.dissolutionDecision,
});

export const classView = recordViewSchema(classSchema).extend({
  enrolledStudents: z.number(),
  homeroomName: z.string().nullable(),
});

export const listClassesQuery = pageQuery.extend({
  schoolYear: schoolYear.optional(),
  grade: z.string().max(3).optional(),
  status: z.enum(['active', 'dissolved']).optional(),
  q: z.string().max(100).optional(),
  sort: z.enum(['name', 'grade', 'updatedAt']).default('grade'),
});
