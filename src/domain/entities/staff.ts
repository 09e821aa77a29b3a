import { z } from 'zod';
import { codeLists, ethnicGroupCodes, staffContractTypeCodes, staffStatusCodes } from '../reference/index.ts';
import { email, gender, isoDate, listed, personalId, phone, requiredText, text } from './common.ts';

/** Thông tin giáo viên / cán bộ. */
export const staffSchema = z.object({
  fullName: requiredText(100),
  birthDate: isoDate,
  gender,
  personalId: personalId.optional(),
  ethnicityCode: z.enum(ethnicGroupCodes),
  religion: listed(codeLists.religions, 'Tôn giáo').default('Không'),
  phone: phone.optional(),
  email: email.optional(),
  statusCode: z.enum(staffStatusCodes),
  statusDate: isoDate,
  positionGroup: text(100).optional(),
  staffType: text(100).optional(),
  contractTypeCode: z.enum(staffContractTypeCodes).optional(),
  subjects: z.array(text(100)).max(20).default([]),
  qualification: text(100).optional(),
  recruitedOn: isoDate.optional(),
});
export type Staff = z.infer<typeof staffSchema>;
