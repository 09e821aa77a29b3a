import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  checkPrimaryEntry,
  criteriaGroupOf,
  generalCompetencies,
  type PrimaryPeriod,
  type PrimaryResultEntry,
  type PrimarySubjectResult,
  proposeYearEndRating,
  qualities,
  scoredSubjects,
  specificCompetencies,
  subjectsOfGrade,
} from './primary-evaluation.ts';

const TESTED_AT_CK1_AND_CN_GRADES_4_5 = [
  'Tiếng Việt',
  'Toán',
  'Ngoại ngữ 1',
  'Lịch sử và Địa lí',
  'Khoa học',
  'Tin học và Công nghệ',
];

/** An entry with every subject at T, every competency and quality at T, and score 10 wherever one is due. */
function completeEntry(grade: number, period: PrimaryPeriod): PrimaryResultEntry {
  const tested = scoredSubjects(grade, period);
  return {
    subjects: Object.fromEntries(
      subjectsOfGrade(grade).map((name): [string, PrimarySubjectResult] => [
        name,
        tested.includes(name) ? { level: 'T', score: 10 } : { level: 'T' },
      ]),
    ),
    competencies: Object.fromEntries(
      [...generalCompetencies(), ...specificCompetencies(grade)].map((name) => [name, 'T' as const]),
    ),
    qualities: Object.fromEntries(qualities().map((name) => [name, 'T' as const])),
  };
}

const fieldsAndCodes = (issues: { field: string; code: string }[]) =>
  issues.map(({ field, code }) => ({ field, code }));

describe('subjects and periodic tests of a grade (Thông tư 27/2020)', () => {
  it.each([
    [1, 8, 'Tự nhiên và Xã hội', 'Ngoại ngữ 1'],
    [2, 8, 'Tự nhiên và Xã hội', 'Tin học và Công nghệ'],
    [3, 10, 'Tin học và Công nghệ', 'Khoa học'],
    [4, 11, 'Lịch sử và Địa lí', 'Tự nhiên và Xã hội'],
    [5, 11, 'Khoa học', 'Tự nhiên và Xã hội'],
  ])('grade %i has %i subjects, including %s but not %s', (grade, count, included, excluded) => {
    const subjects = subjectsOfGrade(grade);
    expect(subjects).toHaveLength(count);
    expect(subjects).toContain(included);
    expect(subjects).not.toContain(excluded);
  });

  it.each([0, 6, 2.5])('rejects grade %s as not a primary grade', (grade) => {
    expect(() => subjectsOfGrade(grade)).toThrow(RangeError);
  });

  it.each<[number, PrimaryPeriod, string[]]>([
    [4, 'GK1', ['Tiếng Việt', 'Toán']],
    [5, 'GK2', ['Tiếng Việt', 'Toán']],
    [3, 'GK1', []],
    [1, 'GK2', []],
    [1, 'CK1', ['Tiếng Việt', 'Toán']],
    [2, 'CN', ['Tiếng Việt', 'Toán']],
    [3, 'CN', ['Tiếng Việt', 'Toán', 'Ngoại ngữ 1', 'Tin học và Công nghệ']],
    [4, 'CK1', TESTED_AT_CK1_AND_CN_GRADES_4_5],
    [5, 'CN', TESTED_AT_CK1_AND_CN_GRADES_4_5],
  ])('grade %i at %s needs a test score in %j', (grade, period, expected) => {
    expect(scoredSubjects(grade, period)).toEqual(expected);
  });
});

describe('competencies and qualities', () => {
  it('has 3 general competencies and 5 qualities', () => {
    expect(generalCompetencies()).toEqual([
      'Tự chủ và tự học',
      'Giao tiếp và hợp tác',
      'Giải quyết vấn đề và sáng tạo',
    ]);
    expect(qualities()).toEqual(['Yêu nước', 'Nhân ái', 'Chăm chỉ', 'Trung thực', 'Trách nhiệm']);
  });

  it.each([
    [1, ['Ngôn ngữ', 'Tính toán', 'Khoa học', 'Thẩm mĩ', 'Thể chất']],
    [2, ['Ngôn ngữ', 'Tính toán', 'Khoa học', 'Thẩm mĩ', 'Thể chất']],
    [3, ['Ngôn ngữ', 'Tính toán', 'Khoa học', 'Công nghệ', 'Tin học', 'Thẩm mĩ', 'Thể chất']],
    [5, ['Ngôn ngữ', 'Tính toán', 'Khoa học', 'Công nghệ', 'Tin học', 'Thẩm mĩ', 'Thể chất']],
  ])('grade %i evaluates the specific competencies %j', (grade, expected) => {
    expect(specificCompetencies(grade)).toEqual(expected);
  });

  it.each([
    ['Giao tiếp và hợp tác', 'NLC'],
    ['Tin học', 'NLDT'],
    ['Thể chất', 'NLDT'],
    ['Trung thực', 'PC'],
    ['Toán', undefined],
  ])('puts %s in criteria group %s', (name, group) => {
    expect(criteriaGroupOf(name)).toBe(group);
  });
});

describe('checkPrimaryEntry', () => {
  it.each<[number, PrimaryPeriod]>([
    [1, 'GK1'],
    [2, 'CN'],
    [3, 'GK2'],
    [4, 'GK1'],
    [5, 'CK1'],
  ])('accepts a complete entry for grade %i at %s', (grade, period) => {
    expect(checkPrimaryEntry(completeEntry(grade, period), grade, period)).toEqual([]);
  });

  it.each<
    [string, number, PrimaryPeriod, (entry: PrimaryResultEntry) => void, { field: string; code: string }[]]
  >([
    [
      'grade 4 Toán without a mid-term score',
      4,
      'GK1',
      (e) => delete e.subjects.Toán!.score,
      [{ field: 'subjects.Toán.score', code: 'RESULT_SCORE_MISSING' }],
    ],
    [
      'grade 3 Toán with a mid-term score',
      3,
      'GK1',
      (e) => {
        e.subjects.Toán!.score = 8;
      },
      [{ field: 'subjects.Toán.score', code: 'RESULT_SCORE_NOT_ALLOWED' }],
    ],
    [
      'a score for Đạo đức, which has no periodic test',
      5,
      'CN',
      (e) => {
        e.subjects['Đạo đức']!.score = 9;
      },
      [{ field: 'subjects.Đạo đức.score', code: 'RESULT_SCORE_NOT_ALLOWED' }],
    ],
    [
      'score 0',
      5,
      'CK1',
      (e) => {
        e.subjects['Khoa học']!.score = 0;
      },
      [{ field: 'subjects.Khoa học.score', code: 'RESULT_SCORE_INVALID' }],
    ],
    [
      'score 7.5',
      4,
      'GK2',
      (e) => {
        e.subjects['Tiếng Việt']!.score = 7.5;
      },
      [{ field: 'subjects.Tiếng Việt.score', code: 'RESULT_SCORE_INVALID' }],
    ],
    [
      'score 11',
      2,
      'CN',
      (e) => {
        e.subjects.Toán!.score = 11;
      },
      [{ field: 'subjects.Toán.score', code: 'RESULT_SCORE_INVALID' }],
    ],
    [
      'a subject left out',
      3,
      'CK1',
      (e) => delete e.subjects['Âm nhạc'],
      [{ field: 'subjects.Âm nhạc.level', code: 'RESULT_LEVEL_MISSING' }],
    ],
    [
      'a tested subject left out',
      3,
      'CN',
      (e) => delete e.subjects['Ngoại ngữ 1'],
      [
        { field: 'subjects.Ngoại ngữ 1.level', code: 'RESULT_LEVEL_MISSING' },
        { field: 'subjects.Ngoại ngữ 1.score', code: 'RESULT_SCORE_MISSING' },
      ],
    ],
    [
      'a level outside T/H/C',
      1,
      'GK1',
      (e) => {
        e.subjects.Toán = { level: 'Đ' as never };
      },
      [{ field: 'subjects.Toán.level', code: 'RESULT_LEVEL_INVALID' }],
    ],
    [
      'Ngoại ngữ 1 in grade 1',
      1,
      'GK1',
      (e) => {
        e.subjects['Ngoại ngữ 1'] = { level: 'T' };
      },
      [{ field: 'subjects.Ngoại ngữ 1', code: 'RESULT_UNKNOWN_SUBJECT' }],
    ],
    [
      'the Tin học competency in grade 2',
      2,
      'CK1',
      (e) => {
        e.competencies['Tin học'] = 'T';
      },
      [{ field: 'competencies.Tin học', code: 'RESULT_UNKNOWN_COMPETENCY' }],
    ],
    [
      'no Tin học competency in grade 3',
      3,
      'CK1',
      (e) => delete e.competencies['Tin học'],
      [{ field: 'competencies.Tin học', code: 'RESULT_LEVEL_MISSING' }],
    ],
    [
      'a quality left out and one made up',
      4,
      'GK1',
      (e) => {
        delete e.qualities['Trung thực'];
        e.qualities['Dũng cảm'] = 'T';
      },
      [
        { field: 'qualities.Dũng cảm', code: 'RESULT_UNKNOWN_QUALITY' },
        { field: 'qualities.Trung thực', code: 'RESULT_LEVEL_MISSING' },
      ],
    ],
    [
      'a year-end rating in the first term',
      4,
      'CK1',
      (e) => {
        e.yearEndRating = 'HTT';
        e.promoted = true;
      },
      [
        { field: 'yearEndRating', code: 'RESULT_YEAR_END_NOT_ALLOWED' },
        { field: 'promoted', code: 'RESULT_YEAR_END_NOT_ALLOWED' },
      ],
    ],
  ])('reports %s', (_case, grade, period, spoil, expected) => {
    const entry = completeEntry(grade, period);
    spoil(entry);
    expect(fieldsAndCodes(checkPrimaryEntry(entry, grade, period))).toEqual(expected);
  });

  it('accepts the year-end fields at CN', () => {
    const entry = { ...completeEntry(5, 'CN'), yearEndRating: 'HTXS' as const, completedProgram: true };
    expect(checkPrimaryEntry(entry, 5, 'CN')).toEqual([]);
  });

  it('tells the clerk in Vietnamese what is wrong with the score', () => {
    const entry = completeEntry(4, 'GK1');
    entry.subjects.Toán!.score = 0;
    expect(checkPrimaryEntry(entry, 4, 'GK1')).toEqual([
      {
        field: 'subjects.Toán.score',
        code: 'RESULT_SCORE_INVALID',
        message:
          'Điểm bài kiểm tra định kì môn Toán phải là số nguyên từ 1 đến 10 (không cho điểm 0, không dùng điểm thập phân).',
      },
    ]);
  });

  it('throws for a grade the primary rules do not cover', () => {
    expect(() => checkPrimaryEntry(completeEntry(5, 'CN'), 6, 'CN')).toThrow(RangeError);
  });

  it('counts a group left out as not entered yet, and names a part of the wrong shape', () => {
    const codes = checkPrimaryEntry({} as PrimaryResultEntry, 1, 'GK1').map((i) => i.code);
    expect(new Set(codes)).toEqual(new Set(['RESULT_LEVEL_MISSING']));
    const spoilt = { ...completeEntry(1, 'GK1'), qualities: 'Tốt', subjects: { Toán: 'T' } } as never;
    expect(fieldsAndCodes(checkPrimaryEntry(spoilt, 1, 'GK1'))).toEqual([
      { field: 'qualities', code: 'RESULT_ENTRY_FORMAT' },
      { field: 'subjects.Toán', code: 'RESULT_ENTRY_FORMAT' },
    ]);
  });
});

describe('proposeYearEndRating', () => {
  type Change = (entry: PrimaryResultEntry) => void;
  const scores =
    (byName: Record<string, number>): Change =>
    (entry) => {
      for (const [name, score] of Object.entries(byName)) entry.subjects[name]!.score = score;
    };
  const subjectLevel =
    (name: string, level: 'T' | 'H' | 'C'): Change =>
    (entry) => {
      entry.subjects[name]!.level = level;
    };

  it.each<[string, number, Change[], string]>([
    ['all T, every score 10', 5, [], 'HTXS'],
    ['all T, lowest score exactly 9', 5, [scores({ 'Khoa học': 9 })], 'HTXS'],
    ['all T, one score 8', 5, [scores({ 'Khoa học': 8 })], 'HTT'],
    ['all T, lowest score exactly 7', 4, [scores({ Toán: 7, 'Tiếng Việt': 8 })], 'HTT'],
    ['all T, one score 6', 4, [scores({ Toán: 6 })], 'HT'],
    ['one subject H, scores 10', 5, [subjectLevel('Âm nhạc', 'H')], 'HT'],
    [
      'one competency Đ, scores 10',
      3,
      [
        (e) => {
          e.competencies['Giao tiếp và hợp tác'] = 'Đ';
        },
      ],
      'HT',
    ],
    [
      'one quality Đ, scores 9',
      2,
      [
        scores({ Toán: 9, 'Tiếng Việt': 9 }),
        (e) => {
          e.qualities['Nhân ái'] = 'Đ';
        },
      ],
      'HT',
    ],
    ['subjects H, lowest score exactly 5', 4, [subjectLevel('Toán', 'H'), scores({ Toán: 5 })], 'HT'],
    ['all T, one score 4', 4, [scores({ 'Lịch sử và Địa lí': 4 })], 'CHT'],
    ['one subject C, scores 10', 1, [subjectLevel('Đạo đức', 'C')], 'CHT'],
    [
      'one quality C, scores 10',
      5,
      [
        (e) => {
          e.qualities['Trách nhiệm'] = 'C';
        },
      ],
      'CHT',
    ],
    ['grade 3: the Tin học và Công nghệ test counts', 3, [scores({ 'Tin học và Công nghệ': 8 })], 'HTT'],
  ])('%s (grade %i) → %s', (_case, grade, changes, expected) => {
    const entry = completeEntry(grade, 'CN');
    for (const change of changes) change(entry);
    expect(proposeYearEndRating(entry, grade)).toBe(expected);
  });

  it('refuses an incomplete entry, naming what is missing', () => {
    const entry = completeEntry(5, 'CN');
    delete entry.subjects.Toán!.score;
    try {
      proposeYearEndRating(entry, 5);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('VALIDATION_FAILED');
      expect(fieldsAndCodes((error as AppError).issues ?? [])).toEqual([
        { field: 'subjects.Toán.score', code: 'RESULT_SCORE_MISSING' },
      ]);
    }
  });
});
