import { describe, expect, it } from 'vitest';
import { CATEGORIES, DATA_CATEGORIES } from './access/permissions.ts';
import { DEPENDENCY_ORDER, kindOfCategory, RECORD_KINDS, recordKind } from './record-kinds.ts';

describe('the registry of record kinds', () => {
  it('orders every kind after the school and after each kind it names', () => {
    expect([...DEPENDENCY_ORDER].sort()).toEqual([...RECORD_KINDS].sort());
    expect(DEPENDENCY_ORDER[0]).toBe('school');
    for (const kind of RECORD_KINDS)
      for (const reference of recordKind(kind).references)
        expect(DEPENDENCY_ORDER.indexOf(reference.kind)).toBeLessThan(DEPENDENCY_ORDER.indexOf(kind));
  });

  it('gives each kind its own permission category, and the categories back their kind', () => {
    expect(new Set(DATA_CATEGORIES).size).toBe(RECORD_KINDS.length);
    for (const kind of RECORD_KINDS) {
      expect(CATEGORIES).toContain(recordKind(kind).category);
      expect(kindOfCategory(recordKind(kind).category)).toBe(kind);
    }
    expect(kindOfCategory('audit')).toBeUndefined();
  });

  it('gives a national identifier to every kind that carries a person', () => {
    for (const kind of RECORD_KINDS)
      if (recordKind(kind).person) expect(recordKind(kind).nationalIdPrefix).toMatch(/^[A-Z]{2}$/);
  });
});
