// The results grid's cell rules, without a browser: which keys a cell takes, and how a value
// lands in (and leaves) a student's entry.
import { describe, expect, it } from 'vitest';
import {
  acceptScoreText,
  cellText,
  choiceForKey,
  gridColumns,
  scoreOf,
  withCell,
} from '../../web/src/pages/school/results/gridColumns.ts';

describe('the results grid', () => {
  it('takes a level by its letter, D for Đ, and C for CĐ only where C alone is no level', () => {
    expect(choiceForKey('t', ['T', 'H', 'C'])).toBe('T');
    expect(choiceForKey('d', ['T', 'Đ', 'C'])).toBe('Đ');
    expect(choiceForKey('c', ['T', 'Đ', 'C'])).toBe('C');
    expect(choiceForKey('c', ['Đ', 'CĐ'])).toBe('CĐ');
    expect(choiceForKey('x', ['T', 'H', 'C'])).toBeUndefined();
    expect(choiceForKey('k', ['T', 'H', 'C'])).toBeUndefined();
  });

  it('takes digits with at most one decimal in a score, whole numbers only under Thông tư 27', () => {
    expect(acceptScoreText('7,5')).toBe('7,5');
    expect(acceptScoreText('10')).toBe('10');
    expect(acceptScoreText('7,55')).toBeUndefined();
    expect(acceptScoreText('a')).toBeUndefined();
    expect(acceptScoreText('7,', true)).toBeUndefined();
    expect(scoreOf('7,5')).toBe(7.5);
    expect(scoreOf('7,')).toBeUndefined();
  });

  it('sets and clears a cell without touching the entry it came from', () => {
    const empty = { subjects: {} };
    const one = withCell(empty, 'subjects.Toán.regular.0', 8);
    const two = withCell(one, 'subjects.Toán.regular.1', 6.5);
    expect(empty).toEqual({ subjects: {} });
    expect(two).toEqual({ subjects: { Toán: { regular: [8, 6.5] } } });
    expect(cellText(two, 'subjects.Toán.regular.1')).toBe('6,5');
    expect(withCell(two, 'subjects.Toán.regular.0', undefined)).toEqual({
      subjects: { Toán: { regular: [6.5] } },
    });
    expect(withCell(two, 'conduct', 'T')).toMatchObject({ conduct: 'T' });
  });

  it('lays out Thông tư 22 terms as regular, midterm and final scores per subject, and nothing to type at year end', () => {
    const grid = {
      subjects: ['Toán', 'Giáo dục thể chất'],
      commentOnlySubjects: ['Giáo dục thể chất'],
      regularCounts: { Toán: 4 },
    };
    const term = gridColumns({ scheme: 'TT22', period: 'HK1', grid });
    expect(term.map((c) => c.title)).toEqual(['TX1', 'TX2', 'TX3', 'TX4', 'GK', 'CK', 'Nhận xét', 'Mức']);
    expect(gridColumns({ scheme: 'TT22', period: 'CN', grid })).toEqual([]);
  });
});
