// The table of aliases is data: a key mistyped there would silently accept nothing, so every key
// must name a real column or code, and every alias must read as the code it is listed under.
import { describe, expect, it } from 'vitest';
import { codeLists, ethnicGroups } from '#domain/reference/index.ts';
import { acceptedHeaders, normaliseHeader } from '#excel/columns.ts';
import { ALIAS_TABLE } from './aliases.ts';
import { CODE_LISTS } from './code-names.ts';
import { LISTS } from './lists.ts';

describe('the table of Excel aliases', () => {
  const sections = {
    people: ['staff', 'students'],
    classes: ['classes'],
    staff: ['staff'],
    students: ['students'],
  } as const;

  it('names only real columns, and each alias finds its column in every list it is for', () => {
    for (const [section, keys] of Object.entries(ALIAS_TABLE.headers)) {
      for (const [key, aliases] of Object.entries(keys)) {
        for (const list of sections[section as keyof typeof sections]) {
          const column = LISTS[list].columns.find((c) => c.key === key);
          expect(column, `${section}.${key}`).toBeDefined();
          for (const alias of aliases)
            expect(acceptedHeaders(column!).has(normaliseHeader(alias)), alias).toBe(true);
        }
      }
    }
  });

  it('gives no header to two columns of one list', () => {
    for (const list of Object.values(LISTS)) {
      const seen = new Map<string, string>();
      for (const column of list.columns)
        for (const text of acceptedHeaders(column)) {
          expect(seen.get(text) ?? column.key, `"${text}" in ${list.list}`).toBe(column.key);
          seen.set(text, column.key);
        }
    }
  });

  it('lists other names only of codes that exist, each read as its code', () => {
    const lists = { ethnicity: ethnicGroups.map((g) => g.code), religion: codeLists.religions };
    for (const [name, byCode] of Object.entries(ALIAS_TABLE.codes)) {
      for (const [code, aliases] of Object.entries(byCode)) {
        expect(lists[name as keyof typeof lists], `${name} ${code}`).toContain(code);
        for (const alias of aliases)
          expect(CODE_LISTS[name as 'ethnicity' | 'religion'].read(alias), alias).toBe(code);
      }
    }
  });

  it('reads a listed name the way people shorten or respell it', () => {
    const read = (text: string) => CODE_LISTS.ethnicity.read(text);
    expect(read('Ê-đê')).toBe('11');
    expect(read('Bru Vân Kiều')).toBe('24');
    expect(read('Khmer')).toBe('05');
    expect(read('Khơ me')).toBe('05');
    expect(read("H'mông")).toBe('08');
    expect(read('Sao Hỏa')).toBeUndefined();
  });
});
