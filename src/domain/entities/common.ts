// Building blocks shared by the entity schemas. Zod speaks Vietnamese here, so a field the
// schema rejects explains itself to a school clerk in the web form and in the API alike.
import { z } from 'zod';
import { vi } from 'zod/locales';
import { codeLists } from '../reference/index.ts';
import { PERSONAL_ID_PATTERN } from '../rules/personal-id.ts';
import { normaliseText } from '../text.ts';
import { REQUIRED_MESSAGE } from '../validation.ts';

z.config(vi());
z.config({
  // A missing field reads "required", not "expected string, received undefined".
  customError: (issue) =>
    issue.code === 'invalid_type' && issue.input === undefined ? REQUIRED_MESSAGE : undefined,
});

/** Free text: NFC-normalised, trimmed, inner spaces collapsed. */
export const text = (max = 200) => z.string().overwrite(normaliseText).check(z.maxLength(max));
export const requiredText = (max = 200) => text(max).check(z.minLength(1, REQUIRED_MESSAGE));

/** A schema-level message that still says "required" when the field is missing. */
const unlessMissing = (message: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? REQUIRED_MESSAGE : message;

export const isoDate = z.iso.date({ error: unlessMissing('Ngày phải có dạng yyyy-mm-dd.') });
/**
 * A value of a long reference list: a wrong one is answered by naming the field, never with the
 * whole list (zod's own message quotes every allowed value).
 */
export const listed = (values: readonly string[], label: string) =>
  z.enum(values as [string, ...string[]], {
    error: unlessMissing(`${label} không có trong danh mục; hãy chọn trong danh sách.`),
  });

export const gender = z.enum(['male', 'female'], {
  error: unlessMissing('Giới tính phải là nam (male) hoặc nữ (female).'),
});
export const personalId = z
  .string()
  .trim()
  .regex(PERSONAL_ID_PATTERN, 'Số định danh cá nhân phải gồm đúng 12 chữ số.');

const phonePattern = new RegExp(`${codeLists.phoneNumbers.mobile}|${codeLists.phoneNumbers.landline}`);
// Overwrite, not transform: the same schema also checks responses, and a transform cannot be
// run backwards.
export const phone = z
  .string()
  .overwrite((value) => value.replace(/[\s.-]/g, ''))
  .regex(phonePattern, 'Số điện thoại không đúng định dạng Việt Nam.');
export const email = z.email('Email không hợp lệ.');

/** A school year such as "2026-2027": two consecutive years. */
export const schoolYear = z
  .string()
  .regex(/^\d{4}-\d{4}$/, 'Năm học phải có dạng 2026-2027.')
  .refine(
    (value) => Number(value.slice(5)) === Number(value.slice(0, 4)) + 1,
    'Năm học phải gồm hai năm liền nhau.',
  );

export const provinceCode = z.string().regex(/^\d{2}$/, 'Mã tỉnh gồm 2 chữ số.');
export const communeCode = z.string().regex(/^\d{5}$/, 'Mã xã gồm 5 chữ số.');

export const address = z.object({
  provinceCode,
  communeCode,
  street: text(300).optional(),
});

export const contactPerson = z.object({
  name: text(100).optional(),
  phone: phone.optional(),
});
