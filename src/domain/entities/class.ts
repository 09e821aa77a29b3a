import { z } from 'zod';
import { foreignLanguageCodes } from '../reference/index.ts';
import { subjectCombinationSchema } from './combination.ts';
import { isoDate, requiredText, schoolYear, text } from './common.ts';

/** Thông tin lớp. Dissolving (giải thể) is a status, not a delete. */
export const classSchema = z.object({
  schoolYear,
  name: requiredText(50),
  grade: z.string().regex(/^(NT|MG|[1-9]|1[0-2])$/, 'Khối phải là NT, MG hoặc từ 1 đến 12.'),
  homeroomStaffId: z.uuid().optional(),
  campusId: z.uuid().optional(),
  sessionsPerDay: z.union([z.literal(1), z.literal(2)]).default(2),
  foreignLanguageCode: z.enum(foreignLanguageCodes).optional(),
  combined: z.boolean().default(false),
  semiBoarding: z.boolean().default(false),
  status: z.enum(['active', 'dissolved']).default('active'),
  dissolvedOn: isoDate.optional(),
  /** THPT: the tổ hợp môn the class follows. */
  combination: subjectCombinationSchema.optional(),
  /** Số quyết định giải thể. */
  dissolutionDecision: text(50).optional(),
});
export type SchoolClass = z.infer<typeof classSchema>;
