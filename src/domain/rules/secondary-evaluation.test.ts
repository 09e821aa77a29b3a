import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  type CommentLevel,
  checkScore,
  checkSecondaryEntry,
  computeSecondaryTerm,
  isCommentOnlySubject,
  learningResult,
  periodsPerYear,
  type ResultLevel,
  regularAssessmentCount,
  roundHalfUp,
  type SecondaryResultEntry,
  type SecondarySchoolLevel,
  type SubjectOutcome,
  termAverage,
  yearAverage,
  yearConductResult,
} from './secondary-evaluation.ts';

describe('roundHalfUp', () => {
  it.each([
    [6.45, 1, 6.5],
    [8.25, 1, 8.3],
    [6.449999, 1, 6.4],
    [6.44, 1, 6.4],
    [0.05, 1, 0.1],
    [4.35, 1, 4.4],
    [1.005, 2, 1.01],
    [(6 + 6 + 6.6 + 2 * 6 + 3 * 7) / 8, 1, 6.5],
    [0.1 * 3, 1, 0.3],
    [2.5, 0, 3],
    [7, 1, 7],
    [-6.45, 1, -6.5],
    [-0.01, 1, 0],
  ])('roundHalfUp(%d, %i) = %d', (value, decimals, expected) => {
    expect(roundHalfUp(value, decimals)).toBe(expected);
  });

  it('rounds to one decimal by default', () => {
    expect(roundHalfUp(7.55)).toBe(7.6);
  });

  it.each([
    [Number.NaN, 1],
    [Number.POSITIVE_INFINITY, 1],
    [6.45, -1],
    [6.45, 1.5],
  ])('rejects roundHalfUp(%d, %d)', (value, decimals) => {
    expect(() => roundHalfUp(value, decimals)).toThrow(RangeError);
  });
});

describe('subjects and their periods per year (Chương trình GDPT 2018)', () => {
  it.each([
    ['Giáo dục thể chất', true],
    ['Nghệ thuật', true],
    ['Âm nhạc', true],
    ['Hoạt động trải nghiệm, hướng nghiệp', true],
    ['Nội dung giáo dục của địa phương', true],
    ['Toán', false],
    ['Giáo dục quốc phòng và an ninh', false],
  ])('%s is assessed by comment only: %s', (name, expected) => {
    expect(isCommentOnlySubject(name)).toBe(expected);
  });

  it.each<[string, SecondarySchoolLevel, number, number | undefined]>([
    ['Ngữ văn', 'THCS', 6, 140],
    ['Ngoại ngữ 1', 'THCS', 9, 105],
    ['Giáo dục công dân', 'THCS', 7, 35],
    ['Công nghệ', 'THCS', 6, 35],
    ['Công nghệ', 'THCS', 7, 35],
    ['Công nghệ', 'THCS', 8, 52],
    ['Công nghệ', 'THCS', 9, 52],
    ['Nghệ thuật', 'THCS', 6, 70],
    ['Âm nhạc', 'THCS', 6, 35],
    ['Hoạt động trải nghiệm, hướng nghiệp', 'THCS', 8, 105],
    ['Vật lí', 'THCS', 8, undefined],
    ['Toán', 'THPT', 10, 105],
    ['Lịch sử', 'THPT', 11, 52],
    ['Giáo dục quốc phòng và an ninh', 'THPT', 12, 35],
    ['Công nghệ', 'THPT', 10, 70],
    ['Âm nhạc', 'THPT', 11, 70],
    ['Vật lí', 'THPT', 12, 70],
    ['Khoa học tự nhiên', 'THPT', 10, undefined],
  ])('%s in %s grade %i has %s periods a year', (subject, level, grade, expected) => {
    expect(periodsPerYear(subject, level, grade)).toBe(expected);
  });

  it.each<[SecondarySchoolLevel, number]>([
    ['THCS', 10],
    ['THCS', 5],
    ['THPT', 9],
  ])('refuses %s grade %i', (level, grade) => {
    expect(() => periodsPerYear('Toán', level, grade)).toThrow(RangeError);
  });

  it.each([
    [35, 2],
    [36, 3],
    [52, 3],
    [70, 3],
    [71, 4],
    [105, 4],
    [140, 4],
  ])('a subject of %i periods a year has %i regular assessments a term', (periods, expected) => {
    expect(regularAssessmentCount(periods)).toBe(expected);
  });
});

describe('averages', () => {
  it.each([
    // (7+8+6+9 + 2·7 + 3·8) / 9 = 68 / 9 = 7.56
    [[7, 8, 6, 9], 7, 8, 7.6],
    // (6+6+6.6 + 2·6 + 3·7) / 8 = 51.6 / 8 = 6.45 exactly
    [[6, 6, 6.6], 6, 7, 6.5],
    // 57.9 / 9 = 6.43
    [[6, 6, 6, 6], 6, 7.3, 6.4],
    [[8, 8, 8, 8], 8, 8, 8],
    // 43.5 / 7 = 6.21
    [[5, 6], 6.5, 6.5, 6.2],
    // 40 / 8 = 5.0 exactly, though adding the floats gives 4.949999…
    [[0.1, 6.1, 7.3], 2.4, 7.1, 5],
    // 35.6 / 8 = 4.45 exactly, though the floats give 4.449999…
    [[0.1, 6.1, 7.3], 0.4, 7.1, 4.5],
    [[0, 0], 0, 0, 0],
    [[10, 10, 10], 10, 10, 10],
  ])('termAverage(%j, %d, %d) = %d', (regular, midterm, final, expected) => {
    expect(termAverage(regular, midterm, final)).toBe(expected);
  });

  it.each([
    [[7, 8], 10.5, 8],
    [[7, 7.25], 8, 8],
    [[7, -1], 8, 8],
  ])('termAverage refuses a score outside the scale: %j, %d, %d', (regular, midterm, final) => {
    expect(() => termAverage(regular, midterm, final)).toThrow(RangeError);
  });

  it.each([
    // (6.3 + 2·6.6) / 3 = 6.5 exactly
    [6.3, 6.6, 6.5],
    // 19.4 / 3 = 6.47
    [7, 6.2, 6.5],
    // 18.4 / 3 = 6.13
    [6, 6.2, 6.1],
    // 24.5 / 3 = 8.17
    [8.1, 8.2, 8.2],
    [8, 8, 8],
    // the second term weighs twice: 9 and 5 → 6.3, 5 and 9 → 7.7
    [9, 5, 6.3],
    [5, 9, 7.7],
  ])('yearAverage(%d, %d) = %d', (firstTerm, secondTerm, expected) => {
    expect(yearAverage(firstTerm, secondTerm)).toBe(expected);
  });

  it.each([0, 10, 7.5, 0.1, 9.9])('checkScore accepts %d', (score) => {
    expect(checkScore(score, 'x')).toEqual([]);
  });

  it.each([-1, 10.1, 7.25, Number.NaN, '7', undefined])('checkScore rejects %s', (score) => {
    expect(checkScore(score, 'subjects.Toán.final')).toEqual([
      {
        field: 'subjects.Toán.final',
        code: 'RESULT_SCORE_INVALID',
        message: 'Điểm phải từ 0 đến 10 và có nhiều nhất một chữ số thập phân (ví dụ 7 hoặc 7,5).',
      },
    ]);
  });
});

/** Scored subjects with the given averages plus comment-only subjects with the given comments. */
function outcomes(averages: number[], comments: CommentLevel[] = ['Đ', 'Đ', 'Đ']): SubjectOutcome[] {
  return [
    ...averages.map((average, index) => ({ name: `Môn điểm ${index + 1}`, average })),
    ...comments.map((comment, index) => ({ name: `Môn nhận xét ${index + 1}`, comment })),
  ];
}

const repeat = (average: number, times: number) => Array.from({ length: times }, () => average);

describe('learningResult (Điều 9)', () => {
  it.each<[string, number[], CommentLevel[] | undefined, ResultLevel]>([
    ['six at exactly 8.0, the rest at exactly 6.5', [...repeat(8, 6), 6.5, 6.5], undefined, 'T'],
    ['only five at 8.0 or more', [...repeat(8, 5), 7.9, 7.9, 7.9], undefined, 'K'],
    ['six at 8.0 but one at 6.4: one step down, no adjustment', [...repeat(8, 6), 7, 6.4], undefined, 'K'],
    ['six at exactly 6.5, the rest at exactly 5.0', [...repeat(6.5, 6), 5, 5], undefined, 'K'],
    ['only five at 6.5 or more', [...repeat(6.5, 5), 6.4, 5, 5], undefined, 'Đ'],
    ['six at 5.0, the rest at exactly 3.5', [...repeat(5, 6), 3.5, 3.5], undefined, 'Đ'],
    ['one average 3.4, the others earning only Đạt', [...repeat(5, 7), 3.4], undefined, 'CĐ'],
    ['only five at 5.0 or more', [...repeat(5, 5), 4.9, 4.9, 4.9], undefined, 'CĐ'],
    ['one comment subject Chưa đạt, the others only Đạt', [...repeat(5, 8)], ['Đ', 'CĐ', 'Đ'], 'Đ'],
    ['two comment subjects Chưa đạt, the others Khá', [...repeat(7, 8)], ['CĐ', 'CĐ', 'Đ'], 'CĐ'],
  ])('%s → %s', (_case, averages, comments, expected) => {
    expect(learningResult(outcomes(averages, comments))).toBe(expected);
  });

  it.each<[string, number[], CommentLevel[] | undefined, ResultLevel]>([
    ['Tốt pulled to Đạt by one average of 4.0 → Khá', [...repeat(8, 6), 7, 4], undefined, 'K'],
    ['Tốt pulled to Chưa đạt by one average of 3.0 → Đạt', [...repeat(9, 6), 8, 3], undefined, 'Đ'],
    ['Khá pulled to Chưa đạt by one average of 3.0 → Đạt', [...repeat(7, 7), 3], undefined, 'Đ'],
    ['Tốt pulled to Đạt by one comment subject Chưa đạt → Khá', repeat(9, 8), ['Đ', 'CĐ', 'Đ'], 'K'],
  ])('adjusts: %s', (_case, averages, comments, expected) => {
    expect(learningResult(outcomes(averages, comments))).toBe(expected);
  });

  it.each<[string, number[], CommentLevel[] | undefined, ResultLevel]>([
    ['two averages of 4.0 pull Tốt to Đạt', [...repeat(8, 6), 4, 4], undefined, 'Đ'],
    ['an average of 4.0 and a comment Chưa đạt pull Tốt to Đạt', [...repeat(8, 7), 4], ['CĐ', 'Đ', 'Đ'], 'Đ'],
    ['two comments Chưa đạt pull Tốt to Chưa đạt', repeat(9, 8), ['CĐ', 'CĐ', 'Đ'], 'CĐ'],
    ['the others alone would only earn Đạt', [...repeat(5, 7), 3.4], undefined, 'CĐ'],
  ])('does not adjust: %s', (_case, averages, comments, expected) => {
    expect(learningResult(outcomes(averages, comments))).toBe(expected);
  });

  it.each([[{ name: 'Toán' }], [{ name: 'Toán', average: 7, comment: 'Đ' as const }]])(
    'needs exactly one of average or comment per subject: %j',
    (subject) => {
      expect(() => learningResult([...outcomes(repeat(8, 7)), subject])).toThrow(RangeError);
    },
  );
});

describe('yearConductResult (Điều 8 khoản 2)', () => {
  it.each<[ResultLevel, ResultLevel, ResultLevel]>([
    ['T', 'T', 'T'],
    ['K', 'T', 'T'],
    ['Đ', 'T', 'K'],
    ['CĐ', 'T', 'K'],
    ['T', 'K', 'K'],
    ['K', 'K', 'K'],
    ['Đ', 'K', 'K'],
    ['CĐ', 'K', 'Đ'],
    ['T', 'Đ', 'K'],
    ['K', 'Đ', 'Đ'],
    ['Đ', 'Đ', 'Đ'],
    ['CĐ', 'Đ', 'Đ'],
    ['T', 'CĐ', 'CĐ'],
    ['K', 'CĐ', 'CĐ'],
    ['Đ', 'CĐ', 'CĐ'],
    ['CĐ', 'CĐ', 'CĐ'],
  ])('HK1 %s, HK2 %s → cả năm %s', (firstTerm, secondTerm, expected) => {
    expect(yearConductResult(firstTerm, secondTerm)).toBe(expected);
  });

  it('refuses a level outside T/K/Đ/CĐ', () => {
    expect(() => yearConductResult('G' as ResultLevel, 'T')).toThrow(RangeError);
  });
});

const GRADE_8_SUBJECTS = [
  'Ngữ văn',
  'Toán',
  'Ngoại ngữ 1',
  'Giáo dục công dân',
  'Lịch sử và Địa lí',
  'Khoa học tự nhiên',
  'Công nghệ',
  'Tin học',
  'Giáo dục thể chất',
  'Âm nhạc',
  'Mĩ thuật',
  'Hoạt động trải nghiệm, hướng nghiệp',
  'Nội dung giáo dục của địa phương',
];

/** A complete grade-8 term: 4 regular scores for 105+ period subjects, 3 for Công nghệ (52), 2 for 35. */
function grade8Entry(): SecondaryResultEntry {
  return {
    subjects: {
      'Ngữ văn': { regular: [8, 7.5, 9, 8], midterm: 8, final: 8.5 },
      Toán: { regular: [9, 9, 8, 10], midterm: 9, final: 9.5 },
      'Ngoại ngữ 1': { regular: [7, 8, 8, 9], midterm: 8, final: 8 },
      'Giáo dục công dân': { regular: [9, 9], midterm: 8, final: 9 },
      'Lịch sử và Địa lí': { regular: [8, 8, 8, 8], midterm: 8, final: 8 },
      'Khoa học tự nhiên': { regular: [6, 7, 6.5, 7], midterm: 6, final: 7 },
      'Công nghệ': { regular: [8, 9, 9], midterm: 8.5, final: 9 },
      'Tin học': { regular: [7, 8], midterm: 7.5, final: 7 },
      'Giáo dục thể chất': { comment: 'Đ' },
      'Âm nhạc': { comment: 'Đ' },
      'Mĩ thuật': { comment: 'Đ' },
      'Hoạt động trải nghiệm, hướng nghiệp': { comment: 'Đ' },
      'Nội dung giáo dục của địa phương': { comment: 'Đ' },
    },
    conduct: 'T',
  };
}

const fieldsAndCodes = (issues: { field: string; code: string }[]) =>
  issues.map(({ field, code }) => ({ field, code }));

describe('checkSecondaryEntry', () => {
  it('accepts a complete grade 8 term', () => {
    expect(checkSecondaryEntry(grade8Entry(), GRADE_8_SUBJECTS, 'THCS', 8)).toEqual([]);
  });

  it.each([
    [6, 2, []],
    [7, 3, [{ field: 'subjects.Công nghệ.regular', code: 'RESULT_REGULAR_COUNT' }]],
    [8, 3, []],
    [8, 2, [{ field: 'subjects.Công nghệ.regular', code: 'RESULT_REGULAR_COUNT' }]],
  ])('Công nghệ in grade %i with %i regular scores: %j', (grade, count, expected) => {
    const entry = grade8Entry();
    entry.subjects['Công nghệ']!.regular = repeat(8, count);
    expect(fieldsAndCodes(checkSecondaryEntry(entry, GRADE_8_SUBJECTS, 'THCS', grade))).toEqual(expected);
  });

  it.each<[string, (entry: SecondaryResultEntry) => void, { field: string; code: string }[]]>([
    [
      'three regular scores for Toán (140 periods)',
      (e) => {
        e.subjects.Toán!.regular = [9, 9, 8];
      },
      [{ field: 'subjects.Toán.regular', code: 'RESULT_REGULAR_COUNT' }],
    ],
    [
      'a regular score of 7.25',
      (e) => {
        e.subjects.Toán!.regular = [9, 7.25, 8, 10];
      },
      [{ field: 'subjects.Toán.regular.1', code: 'RESULT_SCORE_INVALID' }],
    ],
    [
      'no mid-term score',
      (e) => delete e.subjects['Ngữ văn']!.midterm,
      [{ field: 'subjects.Ngữ văn.midterm', code: 'RESULT_SCORE_MISSING' }],
    ],
    [
      'an end-of-term score of 10.5',
      (e) => {
        e.subjects['Tin học']!.final = 10.5;
      },
      [{ field: 'subjects.Tin học.final', code: 'RESULT_SCORE_INVALID' }],
    ],
    [
      'a scored subject left out',
      (e) => delete e.subjects['Giáo dục công dân'],
      [
        { field: 'subjects.Giáo dục công dân.regular', code: 'RESULT_REGULAR_COUNT' },
        { field: 'subjects.Giáo dục công dân.midterm', code: 'RESULT_SCORE_MISSING' },
        { field: 'subjects.Giáo dục công dân.final', code: 'RESULT_SCORE_MISSING' },
      ],
    ],
    [
      'a comment subject without a comment',
      (e) => {
        e.subjects['Giáo dục thể chất'] = {};
      },
      [{ field: 'subjects.Giáo dục thể chất.comment', code: 'RESULT_COMMENT_MISSING' }],
    ],
    [
      'a comment outside Đ/CĐ',
      (e) => {
        e.subjects['Mĩ thuật'] = { comment: 'T' as CommentLevel };
      },
      [{ field: 'subjects.Mĩ thuật.comment', code: 'RESULT_COMMENT_INVALID' }],
    ],
    [
      'a score for a comment subject',
      (e) => {
        e.subjects['Âm nhạc'] = { comment: 'Đ', final: 8 };
      },
      [{ field: 'subjects.Âm nhạc.final', code: 'RESULT_SCORE_NOT_ALLOWED' }],
    ],
    [
      'a comment for a scored subject',
      (e) => {
        e.subjects.Toán!.comment = 'Đ';
      },
      [{ field: 'subjects.Toán.comment', code: 'RESULT_COMMENT_NOT_ALLOWED' }],
    ],
    [
      'a subject the class does not study',
      (e) => {
        e.subjects['Vật lí'] = { regular: [8, 8, 8], midterm: 8, final: 8 };
      },
      [{ field: 'subjects.Vật lí', code: 'RESULT_UNKNOWN_SUBJECT' }],
    ],
    [
      'a conduct level outside T/K/Đ/CĐ',
      (e) => {
        e.conduct = 'Giỏi' as ResultLevel;
      },
      [{ field: 'conduct', code: 'RESULT_LEVEL_INVALID' }],
    ],
  ])('reports %s', (_case, spoil, expected) => {
    const entry = grade8Entry();
    spoil(entry);
    expect(fieldsAndCodes(checkSecondaryEntry(entry, GRADE_8_SUBJECTS, 'THCS', 8))).toEqual(expected);
  });

  it('names a part of the wrong shape instead of failing on it', () => {
    expect(
      fieldsAndCodes(checkSecondaryEntry({ subjects: [] } as never, GRADE_8_SUBJECTS, 'THCS', 8)),
    ).toEqual([{ field: 'subjects', code: 'RESULT_ENTRY_FORMAT' }]);
    const entry = grade8Entry() as unknown as { subjects: Record<string, unknown> };
    entry.subjects.Toán = { regular: '9, 9', midterm: 9, final: 9 };
    entry.subjects['Tin học'] = 7;
    expect(fieldsAndCodes(checkSecondaryEntry(entry as never, GRADE_8_SUBJECTS, 'THCS', 8))).toEqual([
      { field: 'subjects.Toán.regular', code: 'RESULT_ENTRY_FORMAT' },
      { field: 'subjects.Tin học', code: 'RESULT_ENTRY_FORMAT' },
    ]);
  });

  it('reports a class subject that is not in the programme of the level', () => {
    const entry = grade8Entry();
    entry.subjects['Lịch sử'] = { regular: [8, 8, 8], midterm: 8, final: 8 };
    expect(checkSecondaryEntry(entry, [...GRADE_8_SUBJECTS, 'Lịch sử'], 'THCS', 8)).toEqual([
      {
        field: 'subjects.Lịch sử',
        code: 'RESULT_UNKNOWN_SUBJECT',
        message: '"Lịch sử" không phải môn học của chương trình THCS lớp 8.',
      },
    ]);
  });

  it('counts regular scores from the THPT timetable: 3 for Lịch sử (52) and electives (70)', () => {
    const entry: SecondaryResultEntry = {
      subjects: {
        'Lịch sử': { regular: [8, 8, 8, 8], midterm: 8, final: 8 },
        'Vật lí': { regular: [8, 8, 8], midterm: 8, final: 8 },
        'Giáo dục quốc phòng và an ninh': { regular: [8, 8], midterm: 8, final: 8 },
      },
    };
    expect(
      checkSecondaryEntry(entry, ['Lịch sử', 'Vật lí', 'Giáo dục quốc phòng và an ninh'], 'THPT', 11),
    ).toEqual([
      {
        field: 'subjects.Lịch sử.regular',
        code: 'RESULT_REGULAR_COUNT',
        message: 'Môn Lịch sử cần đúng 3 điểm đánh giá thường xuyên trong học kì; đang có 4.',
      },
    ]);
  });
});

describe('computeSecondaryTerm', () => {
  it('averages each scored subject and rates the term', () => {
    const result = computeSecondaryTerm(grade8Entry(), GRADE_8_SUBJECTS, 'THCS', 8);
    expect(result.subjects).toEqual([
      // (32.5 + 16 + 25.5) / 9 = 8.22
      { name: 'Ngữ văn', average: 8.2 },
      // (36 + 18 + 28.5) / 9 = 9.17
      { name: 'Toán', average: 9.2 },
      // (32 + 16 + 24) / 9 = 8
      { name: 'Ngoại ngữ 1', average: 8 },
      // (18 + 16 + 27) / 7 = 8.71
      { name: 'Giáo dục công dân', average: 8.7 },
      { name: 'Lịch sử và Địa lí', average: 8 },
      // (26.5 + 12 + 21) / 9 = 6.61
      { name: 'Khoa học tự nhiên', average: 6.6 },
      // (26 + 17 + 27) / 8 = 8.75
      { name: 'Công nghệ', average: 8.8 },
      // (15 + 15 + 21) / 7 = 7.29
      { name: 'Tin học', average: 7.3 },
      { name: 'Giáo dục thể chất', comment: 'Đ' },
      { name: 'Âm nhạc', comment: 'Đ' },
      { name: 'Mĩ thuật', comment: 'Đ' },
      { name: 'Hoạt động trải nghiệm, hướng nghiệp', comment: 'Đ' },
      { name: 'Nội dung giáo dục của địa phương', comment: 'Đ' },
    ]);
    // Six averages of 8.0 or more and none below 6.5.
    expect(result.learningResult).toBe('T');
  });

  it('drops to Khá when Khoa học tự nhiên falls below 6.5', () => {
    const entry = grade8Entry();
    // (24 + 12 + 18) / 9 = 6.0
    entry.subjects['Khoa học tự nhiên'] = { regular: [6, 6, 6, 6], midterm: 6, final: 6 };
    expect(computeSecondaryTerm(entry, GRADE_8_SUBJECTS, 'THCS', 8).learningResult).toBe('K');
  });

  it('refuses an incomplete entry with the issues found', () => {
    const entry = grade8Entry();
    delete entry.subjects.Toán!.final;
    try {
      computeSecondaryTerm(entry, GRADE_8_SUBJECTS, 'THCS', 8);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect(fieldsAndCodes((error as AppError).issues ?? [])).toEqual([
        { field: 'subjects.Toán.final', code: 'RESULT_SCORE_MISSING' },
      ]);
    }
  });
});
