// Synthetic but realistic school data for the demo and the benchmarks: schools of a real
// province in its real communes, classes per grade, teachers, and students with Vietnamese
// names, birth dates fitting their grade and personal IDs consistent with birth year, century
// and gender. Schools come one at a time, so a province of a million students never sits in
// memory at once.
import type {
  School,
  SchoolClass,
  Staff,
  Student,
  SubjectCombinationRecord,
} from '#domain/entities/index.ts';
import {
  type Commune,
  communesOf,
  ethnicGroups,
  formerProvincesOf,
  ngheAnPrimarySchools,
  provinceByCode,
  schoolLevelByCode,
} from '#domain/reference/index.ts';
import { type Gender, makePersonalId } from '#domain/rules/personal-id.ts';
import { Random } from './random.ts';
import { familyName, fullName } from './vietnamese-names.ts';

export type GeneratedLevel = 'TH' | 'THCS' | 'THPT';

export interface GeneratedRecord<Payload> {
  id: string;
  payload: Payload;
}

export interface SchoolBundle {
  school: GeneratedRecord<School>;
  classes: GeneratedRecord<SchoolClass>[];
  staff: GeneratedRecord<Staff>[];
  students: GeneratedRecord<Student>[];
}

export interface ProvinceOptions {
  provinceCode: string;
  schools: number;
  studentsPerSchool: number;
  /** First year of the school year, e.g. 2026 for 2026-2027. */
  schoolYearStart: number;
  seed: number;
  /** Numbering of school codes starts here, so a second run adds schools instead of clashing. */
  firstSchoolNumber?: number;
  /** The level of each school in turn; by default roughly the national mix. */
  levels?: GeneratedLevel[];
}

const CLASS_SIZE: Record<GeneratedLevel, number> = { TH: 30, THCS: 38, THPT: 40 };
const LEVEL_DIGIT: Record<GeneratedLevel, number> = { TH: 1, THCS: 2, THPT: 3 };
const SCHOOL_PREFIX: Record<GeneratedLevel, string> = {
  TH: 'Trường Tiểu học',
  THCS: 'Trường THCS',
  THPT: 'Trường THPT',
};
const SUBJECTS: Record<GeneratedLevel, string[]> = {
  TH: [
    'Tiếng Việt',
    'Toán',
    'Ngoại ngữ 1',
    'Âm nhạc',
    'Mĩ thuật',
    'Giáo dục thể chất',
    'Tin học và Công nghệ',
  ],
  THCS: [
    'Ngữ văn',
    'Toán',
    'Ngoại ngữ 1',
    'Khoa học tự nhiên',
    'Lịch sử và Địa lí',
    'Giáo dục công dân',
    'Tin học',
  ],
  THPT: ['Ngữ văn', 'Toán', 'Ngoại ngữ 1', 'Lịch sử', 'Vật lí', 'Hóa học', 'Sinh học', 'Địa lí', 'Tin học'],
};

/** Yields the schools of a province one by one, each with its classes, staff and students. */
export function* generateProvince(options: ProvinceOptions): Generator<SchoolBundle> {
  const province = provinceByCode.get(options.provinceCode);
  if (!province) throw new RangeError(`Mã tỉnh không có trong danh mục: ${options.provinceCode}`);
  const first = options.firstSchoolNumber ?? 1;
  // A later run (schools numbered further on) draws other ids and personal IDs than an earlier
  // one with the same seed.
  const runSeed = (options.seed ^ Math.imul(first, 0x9e3779b1)) >>> 0;
  const random = new Random(runSeed);
  const communes = communesOf(province.code);
  const personalIds = new PersonalIdSequence(province.code, runSeed);
  const namesUsed = new Map<string, number>();

  for (let index = 0; index < options.schools; index++) {
    const level =
      options.levels?.[index] ??
      random.weighted<GeneratedLevel>([
        ['TH', 45],
        ['THCS', 35],
        ['THPT', 20],
      ]);
    const number = first + index;
    const school = makeSchool(random, level, province.code, number, communes, namesUsed);
    yield makeSchoolRecords(random, school, level, options, personalIds);
  }
}

function makeSchool(
  random: Random,
  level: GeneratedLevel,
  provinceCode: string,
  number: number,
  communes: Commune[],
  namesUsed: Map<string, number>,
): GeneratedRecord<School> {
  // Nghệ An's primary schools are real ones from the Sở's directory.
  const real =
    provinceCode === '40' && level === 'TH'
      ? ngheAnPrimarySchools[(number - 1) % ngheAnPrimarySchools.length]
      : undefined;
  const commune = (real && communes.find((c) => c.code === real.communeCode)) ?? random.pick(communes);
  const place = commune.name.replace(/^(Xã|Phường|Đặc khu)\s+/, '');
  const baseName = real?.name ?? `${SCHOOL_PREFIX[level]} ${place}`;
  const seen = (namesUsed.get(baseName) ?? 0) + 1;
  namesUsed.set(baseName, seen);
  const underCommune = level !== 'THPT';
  return {
    id: random.uuid(),
    payload: {
      code: `${provinceCode}${LEVEL_DIGIT[level]}${String(number).padStart(5, '0')}`,
      name: seen === 1 ? baseName : `${baseName} số ${seen}`,
      ownershipCode: random.chance(0.95) ? '1' : '2',
      levelCode: level,
      areaCode: commune.type === 'Phường' ? '02' : random.pick(['03', '04']),
      supervisingUnit: underCommune
        ? `UBND ${commune.name}`
        : `Sở GD&ĐT ${provinceByCode.get(provinceCode)!.name.replace(/^(Tỉnh|Thành phố)\s+/, '')}`,
      foundedOn: random.date('1960-01-01', '2010-12-31'),
      address: { provinceCode, communeCode: commune.code, street: `Thôn ${random.int(1, 12)}` },
      phone: `02${random.int(0, 9)}${String(random.int(0, 99_999_999)).padStart(8, '0')}`,
      email: `c${number}.${level.toLowerCase()}@example.edu.vn`,
      attributes: { internet: true, cleanWater: random.chance(0.9), semiBoardingPupils: random.chance(0.4) },
      campuses: [],
    },
  };
}

/** The combinations a generated THPT school offers; its classes take them in turn. */
const COMBINATIONS: Omit<SubjectCombinationRecord, 'optionalSubjects'>[] = [
  {
    name: 'KHTN1',
    electives: ['Vật lí', 'Hóa học', 'Sinh học', 'Tin học'],
    topicSubjects: ['Toán', 'Vật lí', 'Hóa học'],
  },
  {
    name: 'KHTN2',
    electives: ['Vật lí', 'Hóa học', 'Tin học', 'Công nghệ'],
    topicSubjects: ['Toán', 'Vật lí', 'Tin học'],
  },
  {
    name: 'KHXH1',
    electives: ['Địa lí', 'Giáo dục kinh tế và pháp luật', 'Tin học', 'Công nghệ'],
    topicSubjects: ['Ngữ văn', 'Lịch sử', 'Địa lí'],
  },
  {
    name: 'KHXH2',
    electives: ['Địa lí', 'Giáo dục kinh tế và pháp luật', 'Sinh học', 'Mĩ thuật'],
    topicSubjects: ['Ngữ văn', 'Lịch sử', 'Giáo dục kinh tế và pháp luật'],
  },
];
/** Every so many pupils of a THPT class follows the next combination rather than the class's. */
const OWN_COMBINATION_EVERY = 10;

function makeSchoolRecords(
  random: Random,
  school: GeneratedRecord<School>,
  level: GeneratedLevel,
  options: ProvinceOptions,
  personalIds: PersonalIdSequence,
): SchoolBundle {
  const schoolYear = `${options.schoolYearStart}-${options.schoolYearStart + 1}`;
  const grades = schoolLevelByCode.get(level)!.grades;
  const staff: GeneratedRecord<Staff>[] = [];
  const classes: GeneratedRecord<SchoolClass>[] = [];
  const students: GeneratedRecord<Student>[] = [];
  const hireTeacher = (subjects: string[], positionGroup = 'Giáo viên') => {
    const member = makeStaff(random, subjects, positionGroup, options.schoolYearStart, personalIds);
    staff.push(member);
    return member;
  };
  hireTeacher([], 'Cán bộ quản lý');
  hireTeacher([], 'Cán bộ quản lý');
  hireTeacher([], 'Nhân viên');

  for (const [gradeIndex, grade] of grades.entries()) {
    const inGrade =
      Math.floor(options.studentsPerSchool / grades.length) +
      (gradeIndex < options.studentsPerSchool % grades.length ? 1 : 0);
    if (inGrade === 0) continue;
    const classCount = Math.ceil(inGrade / CLASS_SIZE[level]);
    for (let c = 0; c < classCount; c++) {
      const homeroom = hireTeacher([random.pick(SUBJECTS[level])]);
      const schoolClass: GeneratedRecord<SchoolClass> = {
        id: random.uuid(),
        payload: {
          schoolYear,
          name: level === 'TH' ? `${grade}${String.fromCharCode(65 + c)}` : `${grade}A${c + 1}`,
          grade,
          homeroomStaffId: homeroom.id,
          sessionsPerDay: level === 'TH' ? 2 : 1,
          foreignLanguageCode: '1',
          combined: false,
          semiBoarding: false,
          status: 'active',
          ...(level === 'THPT'
            ? { combination: { ...COMBINATIONS[c % COMBINATIONS.length]!, optionalSubjects: [] } }
            : {}),
        },
      };
      classes.push(schoolClass);
      const size = Math.floor(inGrade / classCount) + (c < inGrade % classCount ? 1 : 0);
      for (let s = 0; s < size; s++) {
        const student = makeStudent(
          random,
          schoolClass,
          Number(grade),
          school.payload,
          options.schoolYearStart,
          personalIds,
        );
        // Chosen without the random source, so the rest of a seeded province stays as it was.
        if (level === 'THPT' && s % OWN_COMBINATION_EVERY === OWN_COMBINATION_EVERY - 1)
          student.payload.combination = {
            ...COMBINATIONS[(c + 1) % COMBINATIONS.length]!,
            optionalSubjects: [],
          };
        students.push(student);
      }
    }
    // Subject teachers beyond the homeroom teachers.
    const extra = level === 'TH' ? Math.ceil(classCount / 3) : classCount;
    for (let t = 0; t < extra; t++) hireTeacher([random.pick(SUBJECTS[level])]);
  }
  return { school, classes, staff, students };
}

function makeStaff(
  random: Random,
  subjects: string[],
  positionGroup: string,
  yearStart: number,
  personalIds: PersonalIdSequence,
): GeneratedRecord<Staff> {
  const gender: Gender = random.chance(0.7) ? 'female' : 'male';
  const birthDate = random.date('1968-01-01', '2001-12-31');
  return {
    id: random.uuid(),
    payload: {
      fullName: fullName(random, gender),
      birthDate,
      gender,
      personalId: personalIds.next(random, Number(birthDate.slice(0, 4)), gender),
      ethnicityCode: ethnicity(random),
      religion: 'Không',
      phone: mobilePhone(random),
      statusCode: '01',
      statusDate: `${yearStart}-08-15`,
      positionGroup,
      contractTypeCode: random.chance(0.85) ? '01' : '02',
      subjects,
      qualification: random.chance(0.8) ? 'Đại học' : 'Thạc sĩ',
      recruitedOn: random.date(`${Number(birthDate.slice(0, 4)) + 22}-08-01`, `${yearStart - 1}-08-01`),
    },
  };
}

function makeStudent(
  random: Random,
  schoolClass: GeneratedRecord<SchoolClass>,
  grade: number,
  school: School,
  yearStart: number,
  personalIds: PersonalIdSequence,
): GeneratedRecord<Student> {
  const gender: Gender = random.chance(0.51) ? 'male' : 'female';
  // A pupil starts grade 1 in the year of turning 6; a few start a year late.
  const birthYear = yearStart - 5 - grade - (random.chance(0.03) ? 1 : 0);
  const birthDate = random.date(`${birthYear}-01-01`, `${birthYear}-12-31`);
  const family = familyName(random);
  const fatherPhone = mobilePhone(random);
  return {
    id: random.uuid(),
    payload: {
      schoolYear: schoolClass.payload.schoolYear,
      fullName: fullName(random, gender, family),
      birthDate,
      gender,
      personalId: random.chance(0.97) ? personalIds.next(random, birthYear, gender) : undefined,
      ethnicityCode: ethnicity(random),
      religion: 'Không',
      nationality: 'Việt Nam',
      birthplace: `${school.address.provinceCode === '40' ? 'Nghệ An' : provinceByCode.get(school.address.provinceCode)!.name}`,
      permanentAddress: { ...school.address, street: `Thôn ${random.int(1, 12)}` },
      classId: schoolClass.id,
      statusCode: '01',
      statusDate: `${yearStart}-09-05`,
      policyBeneficiary: random.chance(0.08),
      father: { name: fullName(random, 'male', family), phone: fatherPhone },
      mother: { name: fullName(random, 'female') },
    },
  };
}

function ethnicity(random: Random): string {
  return random.chance(0.88) ? '01' : random.pick(ethnicGroups).code;
}

function mobilePhone(random: Random): string {
  return `${random.pick(['09', '03', '08', '07'])}${random.pick(['6', '7', '8', '9'])}${String(random.int(0, 9_999_999)).padStart(7, '0')}`;
}

/**
 * Unique personal IDs for one generated province. The six serial digits walk a permutation of
 * 0..999999 per (prefix, century-gender, year) bucket, so no two people share an ID.
 */
class PersonalIdSequence {
  private readonly counters = new Map<string, number>();
  private readonly birthProvinceCodes: string[];
  private readonly offset: number;

  constructor(provinceCode: string, seed: number) {
    const former = formerProvincesOf(provinceCode).map((p) => p.code);
    this.birthProvinceCodes = former.length > 0 ? former : [provinceCode];
    this.offset = Math.abs(seed) % 1_000_000;
  }

  next(random: Random, birthYear: number, gender: Gender): string {
    const provinceCode = random.pick(this.birthProvinceCodes);
    const bucket = `${provinceCode}${birthYear}${gender}`;
    const n = this.counters.get(bucket) ?? 0;
    this.counters.set(bucket, n + 1);
    // 7919 is prime and coprime with 10^6, so n ↦ n·7919 + offset (mod 10^6) never repeats.
    const serial = (n * 7919 + this.offset) % 1_000_000;
    return makePersonalId({ provinceCode, birthYear, gender, serial });
  }
}
