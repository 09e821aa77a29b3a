// Số định danh cá nhân (the 12-digit number on the CCCD card), Thông tư 59/2021/TT-BCA:
//   digits 1-3  '0' + province code of the birth registration (former 63-province codes;
//               the current 34 codes are accepted too, see reference/data/README.md)
//   digit 4     century and gender: 0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s ...
//   digits 5-6  last two digits of the birth year
//   digits 7-12 a serial number; there is no check digit.

import { type FieldIssue, issue } from '../errors.ts';
import { personalIdProvinceCodes } from '../reference/index.ts';

export type Gender = 'male' | 'female';

export interface PersonalIdFacts {
  personalId: string;
  /** ISO date, yyyy-mm-dd */
  birthDate: string;
  gender: Gender;
}

export const PERSONAL_ID_PATTERN = /^\d{12}$/;

/** The century-and-gender digit for a birth year (1900–2399) and gender. */
export function centuryGenderDigit(birthYear: number, gender: Gender): string {
  const century = Math.floor(birthYear / 100) - 19;
  if (century < 0 || century > 4) throw new RangeError(`năm sinh ngoài khoảng hỗ trợ: ${birthYear}`);
  return String(century * 2 + (gender === 'female' ? 1 : 0));
}

/** Builds a personal ID from its parts; `serial` is 0..999999. */
export function makePersonalId(parts: {
  provinceCode: string;
  birthYear: number;
  gender: Gender;
  serial: number;
}): string {
  const yy = String(parts.birthYear % 100).padStart(2, '0');
  const serial = String(parts.serial).padStart(6, '0');
  return `0${parts.provinceCode}${centuryGenderDigit(parts.birthYear, parts.gender)}${yy}${serial}`;
}

/** Checks a personal ID against the person's birth date and gender; returns every problem found. */
export function checkPersonalId(facts: PersonalIdFacts, field = 'personalId'): FieldIssue[] {
  const { personalId } = facts;
  if (!PERSONAL_ID_PATTERN.test(personalId)) return [issue(field, 'PERSONAL_ID_FORMAT')];

  const problems: FieldIssue[] = [];
  if (personalId[0] !== '0' || !personalIdProvinceCodes.has(personalId.slice(1, 3))) {
    problems.push(issue(field, 'PERSONAL_ID_PROVINCE_UNKNOWN'));
  }
  const birthYear = Number(facts.birthDate.slice(0, 4));
  const digit = Number(personalId[3]);
  const century = Math.floor(digit / 2) + 19;
  if (century !== Math.floor(birthYear / 100)) {
    problems.push(
      issue(
        field,
        'PERSONAL_ID_CENTURY_MISMATCH',
        `Chữ số thứ 4 (${digit}) ứng với người sinh năm ${century}xx, nhưng năm sinh là ${birthYear}.`,
      ),
    );
  }
  const genderOfDigit: Gender = digit % 2 === 1 ? 'female' : 'male';
  if (genderOfDigit !== facts.gender) {
    problems.push(
      issue(
        field,
        'PERSONAL_ID_GENDER_MISMATCH',
        `Chữ số thứ 4 (${digit}) ứng với giới tính ${genderOfDigit === 'female' ? 'nữ' : 'nam'}, khác với giới tính đã khai.`,
      ),
    );
  }
  const yy = personalId.slice(4, 6);
  if (yy !== String(birthYear % 100).padStart(2, '0')) {
    problems.push(
      issue(
        field,
        'PERSONAL_ID_BIRTH_YEAR_MISMATCH',
        `Chữ số thứ 5–6 (${yy}) không khớp với năm sinh ${birthYear}.`,
      ),
    );
  }
  return problems;
}
