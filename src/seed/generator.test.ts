import { describe, expect, it } from 'vitest';
import { classSchema, schoolSchema, staffSchema, studentSchema } from '#domain/entities/index.ts';
import { communeByCode, formerProvincesOf } from '#domain/reference/index.ts';
import { checkPersonalId } from '#domain/rules/personal-id.ts';
import { generateProvince, type ProvinceOptions } from './generator.ts';

const options: ProvinceOptions = {
  provinceCode: '40',
  schools: 12,
  studentsPerSchool: 300,
  schoolYearStart: 2026,
  seed: 7,
};
const bundles = [...generateProvince(options)];
const students = bundles.flatMap((b) => b.students);
const staff = bundles.flatMap((b) => b.staff);

describe('synthetic province generator', () => {
  it('makes the schools asked for, of real communes of the province', () => {
    expect(bundles).toHaveLength(12);
    expect(new Set(bundles.map((b) => b.school.payload.code)).size).toBe(12);
    for (const { school } of bundles) {
      expect(schoolSchema.parse(school.payload)).toBeTruthy();
      expect(communeByCode.get(school.payload.address.communeCode)?.provinceCode).toBe('40');
    }
    expect(students).toHaveLength(12 * 300);
  });

  it('makes records that pass the entity schemas', () => {
    for (const bundle of bundles) {
      for (const c of bundle.classes) expect(classSchema.safeParse(c.payload).error).toBeUndefined();
      for (const s of bundle.staff) expect(staffSchema.safeParse(s.payload).error).toBeUndefined();
      for (const s of bundle.students) expect(studentSchema.safeParse(s.payload).error).toBeUndefined();
    }
  });

  it('gives every person a unique personal ID consistent with birth year, century, gender and a former-province prefix', () => {
    const people = [...students, ...staff].map((p) => p.payload).filter((p) => p.personalId);
    expect(people.length).toBeGreaterThan(students.length * 0.9);
    expect(new Set(people.map((p) => p.personalId)).size).toBe(people.length);
    const prefixes = new Set(formerProvincesOf('40').map((p) => `0${p.code}`));
    for (const person of people) {
      expect(
        checkPersonalId({
          personalId: person.personalId!,
          birthDate: person.birthDate,
          gender: person.gender,
        }),
      ).toEqual([]);
      expect(prefixes.has(person.personalId!.slice(0, 3))).toBe(true);
    }
  });

  it('gives students a birth year that fits their grade, and a class of their school', () => {
    for (const bundle of bundles) {
      const gradeOf = new Map(bundle.classes.map((c) => [c.id, Number(c.payload.grade)]));
      for (const { payload } of bundle.students) {
        const grade = gradeOf.get(payload.classId);
        expect(grade).toBeDefined();
        const age = options.schoolYearStart - Number(payload.birthDate.slice(0, 4));
        expect(age - grade!).toBeGreaterThanOrEqual(5);
        expect(age - grade!).toBeLessThanOrEqual(6);
      }
      const staffIds = new Set(bundle.staff.map((s) => s.id));
      expect(bundle.classes.every((c) => staffIds.has(c.payload.homeroomStaffId!))).toBe(true);
    }
  });

  it('writes Vietnamese names with a family, middle and given name', () => {
    for (const { payload } of students.slice(0, 200)) {
      expect(payload.fullName.split(' ').length).toBeGreaterThanOrEqual(3);
      expect(payload.fullName).toBe(payload.fullName.normalize('NFC'));
    }
  });

  it('makes the same province from the same seed, and another from another seed', () => {
    const again = [...generateProvince(options)];
    expect(again.map((b) => b.students.map((s) => s.payload))).toEqual(
      bundles.map((b) => b.students.map((s) => s.payload)),
    );
    const other = [...generateProvince({ ...options, seed: 8 })];
    expect(other[0]!.students[0]!.payload.fullName).not.toBe(bundles[0]!.students[0]!.payload.fullName);
  });

  it('streams: a school is made only when asked for', () => {
    const iterator = generateProvince({ ...options, schools: 1_000_000 });
    const first = iterator.next();
    expect(first.done).toBe(false);
    expect(first.value!.students).toHaveLength(300);
  });
});
