import { z } from 'zod';
import { codeLists, disabilityTypeCodes, ethnicGroupCodes, studentStatusCodes } from '../reference/index.ts';
import {
  address,
  contactPerson,
  gender,
  isoDate,
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
  religion: z.enum(codeLists.religions as [string, ...string[]]).default('Không'),
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
});
export type Student = z.infer<typeof studentSchema>;
