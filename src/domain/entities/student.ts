import { z } from 'zod';
import { codeLists, disabilityTypeCodes, ethnicGroupCodes, studentStatusCodes } from '../reference/index.ts';
import { subjectCombinationSchema } from './combination.ts';
import {
  address,
  contactPerson,
  gender,
  isoDate,
  listed,
  personalId,
  requiredText,
  schoolYear,
  text,
} from './common.ts';

/** Thông tin học sinh with its enrolment (class, status, status date) for one school year. */
export const studentSchema = z.object({
  schoolYear,
  fullName: requiredText(100),
  birthDate: isoDate,
  gender,
  personalId: personalId.optional(),
  ethnicityCode: z.enum(ethnicGroupCodes),
  religion: listed(codeLists.religions, 'Tôn giáo').default('Không'),
  nationality: text(50).default('Việt Nam'),
  birthplace: text(200).optional(),
  permanentAddress: address.optional(),
  classId: z.uuid(),
  statusCode: z.enum(studentStatusCodes),
  statusDate: isoDate,
  disabilityCode: z.enum(disabilityTypeCodes).optional(),
  policyBeneficiary: z.boolean().default(false),
  father: contactPerson.optional(),
  mother: contactPerson.optional(),
  guardian: contactPerson.optional(),
  /** THPT: the pupil's own tổ hợp môn, in place of their class's. */
  combination: subjectCombinationSchema.optional(),
  /**
   * The pupil's record of the year before, which this one carries on (Kết chuyển năm học): the
   * same person, so the national tier gives it the same identifier, personal ID or not.
   */
  previousYearRecordId: z.uuid().optional(),
});
export type Student = z.infer<typeof studentSchema>;
