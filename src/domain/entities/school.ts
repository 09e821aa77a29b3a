import { z } from 'zod';
import { schoolAreaCodes, schoolLevelCodes, schoolOwnershipCodes } from '../reference/index.ts';
import { address, email, isoDate, phone, requiredText, text } from './common.ts';

/** A satellite site (điểm trường phụ), saved with its school. */
export const campusSchema = z.object({
  id: z.uuid(),
  name: requiredText(200),
  address: text(300).optional(),
  distanceKm: z.number().min(0).max(500).optional(),
  phone: phone.optional(),
});

/**
 * "Thông tin khác": yes/no attributes of a school. Stored as a map in the school's payload, so
 * a new attribute is one line here, never a migration.
 */
export const SCHOOL_ATTRIBUTES = {
  nationalStandardLevel1: 'Đạt chuẩn quốc gia mức 1',
  nationalStandardLevel2: 'Đạt chuẩn quốc gia mức 2',
  boardingPupils: 'Có học sinh bán trú / nội trú',
  semiBoardingPupils: 'Có học sinh bán trú',
  inclusiveEducation: 'Giáo dục hoà nhập học sinh khuyết tật',
  ethnicBoardingSchool: 'Trường phổ thông dân tộc nội trú / bán trú',
  especiallyDifficultArea: 'Thuộc vùng đặc biệt khó khăn',
  internet: 'Có kết nối Internet',
  cleanWater: 'Có nước sạch',
  sanitation: 'Có công trình vệ sinh đạt chuẩn',
} as const;
export type SchoolAttribute = keyof typeof SCHOOL_ATTRIBUTES;

/** Thông tin trường: general, contact and other attributes, with the satellite sites. */
export const schoolSchema = z.object({
  /** The school's code (mã định danh), issued by the province; read-only at the school. */
  code: z.string().regex(/^[0-9A-Za-z]{2,20}$/, 'Mã trường gồm 2–20 chữ hoặc số.'),
  name: requiredText(200),
  ownershipCode: z.enum(schoolOwnershipCodes),
  levelCode: z.enum(schoolLevelCodes),
  areaCode: z.enum(schoolAreaCodes).optional(),
  foundingDecision: text(100).optional(),
  foundedOn: isoDate.optional(),
  supervisingUnit: text(200).optional(),
  address,
  phone: phone.optional(),
  email: email.optional(),
  website: z.url().optional(),
  principal: z
    .object({ name: text(100).optional(), phone: phone.optional(), email: email.optional() })
    .optional(),
  attributes: z
    .partialRecord(
      z.enum(Object.keys(SCHOOL_ATTRIBUTES) as [SchoolAttribute, ...SchoolAttribute[]]),
      z.boolean(),
    )
    .default({}),
  campuses: z.array(campusSchema).max(100).default([]),
});
export type School = z.infer<typeof schoolSchema>;
