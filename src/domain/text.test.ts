import { describe, expect, it } from 'vitest';
import { studentSchema } from './entities/index.ts';
import { foldForSearch, normaliseText } from './text.ts';

describe('Vietnamese text on entry', () => {
  const decomposed = 'Nguye\u0302\u0303n Thi\u0323  Thu   Ha\u0300 '; // as typed on some systems

  it('is normalised to NFC and its spaces tidied', () => {
    expect(decomposed).not.toBe('Nguyễn Thị Thu Hà');
    expect(normaliseText(decomposed)).toBe('Nguyễn Thị Thu Hà');
  });

  it('is normalised by the entity schemas, so stored names compare equal', () => {
    const student = studentSchema.parse({
      schoolYear: '2026-2027',
      fullName: decomposed,
      birthDate: '2019-04-02',
      gender: 'female',
      ethnicityCode: '01',
      classId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
      statusCode: '01',
      statusDate: '2026-09-05',
    });
    expect(student.fullName).toBe('Nguyễn Thị Thu Hà');
  });
});

describe('a name as a search compares it', () => {
  it('drops diacritics, reads đ as d and ignores case, in either Unicode form', () => {
    for (const typed of [
      'Trần Văn Bình',
      'TRẦN VĂN BÌNH',
      'Trần Văn Bình'.normalize('NFD'),
      ' tran  van binh ',
    ])
      expect(foldForSearch(typed)).toBe('tran van binh');
    expect(foldForSearch('Đỗ Thị Ánh Dương')).toBe('do thi anh duong');
    expect(foldForSearch('Ngô Thị Thương')).toBe('ngo thi thuong');
  });
});
