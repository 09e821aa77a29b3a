import { z } from 'zod';
import { staffSchema } from '#domain/entities/index.ts';
import {
  expectedVersion,
  fieldIssueSchema,
  pageQuery,
  personSummarySchema,
  recordViewSchema,
} from '../lists/shared-schemas.ts';

export const createStaffBody = staffSchema.strict();
export const updateStaffBody = staffSchema.extend({ version: expectedVersion }).strict();
export const staffView = recordViewSchema(staffSchema).extend({ warnings: z.array(fieldIssueSchema) });

export const staffSummary = personSummarySchema.extend({
  positionGroup: z.string().nullable(),
  subjects: z.array(z.string()),
});

export const listStaffQuery = pageQuery.extend({
  q: z.string().max(100).optional().describe('họ tên hoặc số định danh'),
  statusCode: z.string().max(2).optional(),
  sort: z.enum(['name', 'birthDate', 'updatedAt']).default('name'),
});
