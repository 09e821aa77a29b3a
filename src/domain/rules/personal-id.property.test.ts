// Properties of the personal-ID check: it never throws, whatever text it is given, and on
// well-formed input it finds exactly the problems a plain reading of Thông tư 59/2021 finds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formerProvinces, provinces } from '../reference/index.ts';
import { checkPersonalId, type Gender } from './personal-id.ts';

/** Thông tư 59/2021, read digit by digit: the codes of every rule the number breaks. */
function referenceProblems(personalId: string, birthDate: string, gender: Gender): string[] {
  if (!/^[0-9]{12}$/.test(personalId)) return ['PERSONAL_ID_FORMAT'];
  const knownPrefixes = [...formerProvinces, ...provinces].map((p) => `0${p.code}`);
  const problems: string[] = [];
  if (!knownPrefixes.includes(personalId.slice(0, 3))) problems.push('PERSONAL_ID_PROVINCE_UNKNOWN');
  const birthYear = Number(birthDate.slice(0, 4));
  const digit = Number(personalId[3]);
  // 0/1: born 1900–1999, 2/3: 2000–2099, …; even for men, odd for women.
  const firstYearOfCentury = 1900 + 100 * Math.floor(digit / 2);
  if (birthYear < firstYearOfCentury || birthYear > firstYearOfCentury + 99)
    problems.push('PERSONAL_ID_CENTURY_MISMATCH');
  if ((digit % 2 === 1 ? 'female' : 'male') !== gender) problems.push('PERSONAL_ID_GENDER_MISMATCH');
  if (Number(personalId.slice(4, 6)) !== birthYear % 100) problems.push('PERSONAL_ID_BIRTH_YEAR_MISMATCH');
  return problems;
}

const digits = (length: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((d) => d.join(''));

/** Numbers near the valid ones: a known or unknown prefix, any century digit, any year digits. */
const plausibleId = fc.oneof(
  fc
    .tuple(
      fc.oneof(
        fc.constantFrom(...formerProvinces.map((p) => `0${p.code}`)),
        digits(3), // mostly unknown prefixes
      ),
      digits(1),
      digits(2),
      digits(6),
    )
    .map((parts) => parts.join('')),
  digits(12),
);

const isoBirthDate = fc
  .tuple(
    fc.integer({ min: 1900, max: 2399 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
  )
  .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

const gender = fc.constantFrom<Gender>('male', 'female');

describe('personal ID check, properties', () => {
  it('never throws, whatever text the number, the birth date and the gender hold', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), plausibleId),
        fc.oneof(fc.string({ unit: 'binary' }), isoBirthDate),
        fc.string(),
        (personalId, birthDate, anyGender) => {
          const issues = checkPersonalId({ personalId, birthDate, gender: anyGender as Gender });
          expect(Array.isArray(issues)).toBe(true);
          for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
        },
      ),
    );
  });

  it('finds exactly the problems the digit-by-digit reading finds', () => {
    fc.assert(
      fc.property(plausibleId, isoBirthDate, gender, (personalId, birthDate, g) => {
        const found = checkPersonalId({ personalId, birthDate, gender: g }).map((i) => i.code);
        expect(found.sort()).toEqual(referenceProblems(personalId, birthDate, g).sort());
      }),
    );
  });
});
