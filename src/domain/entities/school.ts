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

/** Thông tin trường: general, contact and other attributes, with the satellite sites. */
export const schoolSchema = z.object({
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
  /** "Thông tin khác": yes/no attributes keyed by name, so a new one needs no migration. */
  attributes: z.record(z.string(), z.boolean()).default({}),
  campuses: z.array(campusSchema).max(100).default([]),
});
export type School = z.infer<typeof schoolSchema>;
