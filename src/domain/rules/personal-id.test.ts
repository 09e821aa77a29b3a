import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formerProvinces } from '../reference/index.ts';
import { checkPersonalId, type Gender, makePersonalId } from './personal-id.ts';

const person = fc.record({
  provinceCode: fc.constantFrom(...formerProvinces.map((p) => p.code)),
  birthYear: fc.integer({ min: 1900, max: 2399 }),
  gender: fc.constantFrom<Gender>('male', 'female'),
  serial: fc.integer({ min: 0, max: 999_999 }),
  monthDay: fc.constantFrom('01-01', '06-15', '12-31'),
});

describe('personal ID (số định danh cá nhân)', () => {
  it('made from a person passes the consistency rule for that person', () => {
    fc.assert(
      fc.property(person, (p) => {
        const personalId = makePersonalId(p);
        expect(personalId).toMatch(/^\d{12}$/);
        expect(
          checkPersonalId({ personalId, birthDate: `${p.birthYear}-${p.monthDay}`, gender: p.gender }),
        ).toEqual([]);
      }),
    );
  });

  it('fails with the matching code when gender, birth year or century contradict it', () => {
    fc.assert(
      fc.property(person, fc.integer({ min: 1, max: 99 }), (p, yearShift) => {
        const personalId = makePersonalId(p);
        const birthDate = `${p.birthYear}-${p.monthDay}`;
        const otherGender: Gender = p.gender === 'male' ? 'female' : 'male';
        expect(checkPersonalId({ personalId, birthDate, gender: otherGender }).map((i) => i.code)).toEqual([
          'PERSONAL_ID_GENDER_MISMATCH',
        ]);
        const sameCentury = Math.floor(p.birthYear / 100) * 100 + (((p.birthYear % 100) + yearShift) % 100);
        expect(
          checkPersonalId({ personalId, birthDate: `${sameCentury}-${p.monthDay}`, gender: p.gender }).map(
            (i) => i.code,
          ),
        ).toEqual(['PERSONAL_ID_BIRTH_YEAR_MISMATCH']);
      }),
    );
    // Same two year digits, another century: only the century digit gives it away.
    const id = makePersonalId({ provinceCode: '40', birthYear: 2012, gender: 'female', serial: 1 });
    expect(id).toBe('040312000001');
    expect(
      checkPersonalId({ personalId: id, birthDate: '1912-03-04', gender: 'female' }).map((i) => i.code),
    ).toEqual(['PERSONAL_ID_CENTURY_MISMATCH']);
  });

  it('rejects an unknown province prefix and a wrong length', () => {
    expect(
      checkPersonalId({ personalId: '099212000001', birthDate: '2012-01-01', gender: 'male' }).map(
        (i) => i.code,
      ),
    ).toEqual(['PERSONAL_ID_PROVINCE_UNKNOWN']);
    expect(
      checkPersonalId({ personalId: '04021200001', birthDate: '2012-01-01', gender: 'male' }).map(
        (i) => i.code,
      ),
    ).toEqual(['PERSONAL_ID_FORMAT']);
  });

  it('explains the problem in Vietnamese, naming the digits', () => {
    const [problem] = checkPersonalId({
      personalId: '040212000001',
      birthDate: '2013-05-05',
      gender: 'male',
    });
    expect(problem).toEqual({
      field: 'personalId',
      code: 'PERSONAL_ID_BIRTH_YEAR_MISMATCH',
      message: 'Chữ số thứ 5–6 (12) không khớp với năm sinh 2013.',
    });
  });
});
