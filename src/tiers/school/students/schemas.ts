import { z } from 'zod';
import { isoDate } from '#domain/entities/common.ts';
import { studentSchema } from '#domain/entities/index.ts';
import { studentStatusCodes } from '#domain/reference/index.ts';
import {
  expectedVersion,
  fieldIssueSchema,
  pageQuery,
  personSummarySchema,
  recordViewSchema,
} from '../lists/shared-schemas.ts';

/** The school year comes from the class; a client need not (and cannot) set it apart. */
export const studentInput = studentSchema.omit({ schoolYear: true });
export const createStudentBody = studentInput.strict();
export const updateStudentBody = studentInput.extend({ version: expectedVersion }).strict();

export const studentView = recordViewSchema(studentSchema).extend({
  className: z.string(),
  warnings: z.array(fieldIssueSchema),
});

export const studentSummary = personSummarySchema.extend({
  ethnicityCode: z.string(),
  classId: z.uuid(),
  className: z.string(),
  grade: z.string(),
  statusDate: z.string(),
});

export const listStudentsQuery = pageQuery.extend({
  schoolYear: z.string().max(9).optional(),
  grade: z.string().max(3).optional(),
  classId: z.uuid().optional(),
  statusCode: z.enum(studentStatusCodes).optional(),
  q: z.string().max(100).optional().describe('họ tên hoặc số định danh'),
  sort: z.enum(['name', 'birthDate', 'class', 'updatedAt']).default('name'),
});

export const statusBody = z.strictObject({ statusCode: z.enum(studentStatusCodes), statusDate: isoDate });

export const moveBody = z.strictObject({
  studentIds: z.array(z.uuid()).min(1).max(2000),
  toClassId: z.uuid(),
});
