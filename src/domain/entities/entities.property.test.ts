// Properties of the entity schemas every tier validates with: any value at all gets a verdict,
// never an exception; a valid record is accepted and comes back with its text in NFC, trimmed,
// single-spaced and its defaults filled in; dates and school years agree with the calendar.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeLists, ethnicGroupCodes, staffStatusCodes, studentStatusCodes } from '../reference/index.ts';
import { isoDate, schoolYear } from './common.ts';
import { campusSchema, classSchema, schoolSchema, staffSchema, studentSchema } from './index.ts';
import { resultSyncSchema } from './result.ts';

const SCHEMAS = {
  school: schoolSchema,
  campus: campusSchema,
  class: classSchema,
  staff: staffSchema,
  student: studentSchema,
  result: resultSyncSchema,
};

/** Text as every tier stores it: Unicode NFC, words separated by one space, nothing around them. */
const normalised = (text: string) => text.normalize('NFC').split(/\s+/).filter(Boolean).join(' ');

/** A real calendar date, years 0000–9999. */
function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const twoDigits = (n: number) => String(n).padStart(2, '0');
const dateLike = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 39 }))
  .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${twoDigits(m)}-${twoDigits(d)}`);
const validDate = fc
  .date({ min: new Date('1950-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** Vietnamese names as people type them: decomposed or composed, with stray spaces. */
const spacing = fc.constantFrom(' ', '  ', '\t', ' \u00a0');
const vietnameseName = fc
  .array(fc.constantFrom('Nguyễn', 'Thị', 'Hoàng', 'Đặng', 'Ngọc', 'Ánh', 'Lưu', 'Quỳnh', 'Vũ', 'Ê'), {
    minLength: 2,
    maxLength: 4,
  })
  .chain((words) =>
    fc
      .tuple(
        fc.constantFrom<'NFC' | 'NFD'>('NFC', 'NFD'),
        fc.array(spacing, { minLength: words.length + 1, maxLength: words.length + 1 }),
      )
      .map(([form, gaps]) =>
        gaps
          .map((gap, i) => gap + (words[i] ?? ''))
          .join('')
          .normalize(form),
      ),
  );

const student = fc.record(
  {
    schoolYear: fc.integer({ min: 2000, max: 2098 }).map((y) => `${y}-${y + 1}`),
    fullName: vietnameseName,
    birthDate: validDate,
    gender: fc.constantFrom('male', 'female'),
    personalId: fc.stringMatching(/^\d{12}$/),
    ethnicityCode: fc.constantFrom(...ethnicGroupCodes),
    religion: fc.constantFrom(...codeLists.religions),
    classId: fc.uuid(),
    statusCode: fc.constantFrom(...studentStatusCodes),
    statusDate: validDate,
    policyBeneficiary: fc.boolean(),
  },
  {
    requiredKeys: [
      'schoolYear',
      'fullName',
      'birthDate',
      'gender',
      'ethnicityCode',
      'classId',
      'statusCode',
      'statusDate',
    ],
  },
);

const staff = fc.record(
  {
    fullName: vietnameseName,
    birthDate: validDate,
    gender: fc.constantFrom('male', 'female'),
    ethnicityCode: fc.constantFrom(...ethnicGroupCodes),
    statusCode: fc.constantFrom(...staffStatusCodes),
    statusDate: validDate,
    subjects: fc.array(vietnameseName, { maxLength: 5 }),
  },
  { requiredKeys: ['fullName', 'birthDate', 'gender', 'ethnicityCode', 'statusCode', 'statusDate'] },
);

/** An object with some of the schema's own keys (so every field's check runs) holding anything. */
function anyValueFor(keys: string[]) {
  return fc.oneof(
    fc.anything(),
    fc.dictionary(fc.constantFrom(...keys), fc.anything()),
    fc.dictionary(
      fc.constantFrom(...keys),
      fc.oneof(fc.string({ unit: 'binary' }), fc.double(), fc.constant(null)),
    ),
  );
}

describe('entity schemas, properties', () => {
  it.each(Object.entries(SCHEMAS))(
    'the %s schema answers any value with a verdict, never an exception',
    (_, schema) => {
      const keys = Object.keys((schema as { shape: object }).shape);
      fc.assert(
        fc.property(anyValueFor(keys), (value) => {
          const verdict = schema.safeParse(value);
          if (!verdict.success) expect(verdict.error.issues.length).toBeGreaterThan(0);
        }),
      );
    },
  );

  it('accepts a valid student, with its text normalised and its defaults filled in', () => {
    fc.assert(
      fc.property(student, (input) => {
        const parsed = studentSchema.parse(input);
        expect(parsed).toEqual({
          ...input,
          fullName: normalised(input.fullName),
          religion: input.religion ?? 'Không',
          nationality: 'Việt Nam',
          policyBeneficiary: input.policyBeneficiary ?? false,
        });
      }),
    );
  });

  it('accepts a valid staff member, with every name and subject normalised', () => {
    fc.assert(
      fc.property(staff, (input) => {
        expect(staffSchema.parse(input)).toEqual({
          ...input,
          fullName: normalised(input.fullName),
          religion: 'Không',
          subjects: (input.subjects ?? []).map(normalised),
        });
      }),
    );
  });

  it('takes exactly the dates of the calendar', () => {
    fc.assert(
      fc.property(fc.oneof(dateLike, validDate), (text) => {
        expect(isoDate.safeParse(text).success).toBe(isCalendarDate(text));
      }),
    );
  });

  it('takes exactly the school years made of two consecutive years', () => {
    const yearPair = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: -2, max: 2 }))
      .map(([y, gap]) => `${String(y).padStart(4, '0')}-${String(Math.max(0, y + gap)).padStart(4, '0')}`);
    fc.assert(
      fc.property(fc.oneof(yearPair, fc.string()), (text) => {
        const match = /^(\d{4})-(\d{4})$/.exec(text);
        const consecutive = match !== null && Number(match[2]) === Number(match[1]) + 1;
        expect(schoolYear.safeParse(text).success).toBe(consecutive);
      }),
    );
  });
});
