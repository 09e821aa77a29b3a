import { z } from 'zod';
import { schoolYear } from '#domain/entities/common.ts';
import { schoolSchema } from '#domain/entities/index.ts';
import { expectedVersion } from '../lists/shared-schemas.ts';

export const schoolViewSchema = z.object({
  id: z.uuid(),
  version: z.number(),
  syncState: z.string(),
  syncError: z.string().nullable(),
  nationalId: z.string().nullable(),
  currentSchoolYear: z.string(),
  attributeLabels: z.record(z.string(), z.string()),
  data: schoolSchema,
});

/** What a school may change: everything but its code, which the province issued. */
export const schoolInputSchema = schoolSchema
  .omit({ code: true })
  .extend({
    version: expectedVersion,
    // A form sends back the record it read, code included; the code it sends changes nothing.
    code: z.string().max(20).optional().describe('không đổi được: mã trường do Sở cấp'),
  })
  .strict();

export const currentYearBody = z.strictObject({ schoolYear });
