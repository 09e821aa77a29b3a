// Code lists in spreadsheets: clerks type the name ("Kinh", "Đang học", "Nữ"), other systems
// export the code ("01"). Both are read; names are written. Names are read as people write them:
// "Ê-đê" for "Ê Đê", "Bru Vân Kiều" for "Bru-Vân Kiều", "Khmer" or "Khơ-me" for
// "Khmer (Khơ-me)", and the other names of aliases.json.

import { codeLists, ethnicGroups } from '#domain/reference/index.ts';
import { normaliseHeader as fold } from '#excel/columns.ts';
import { codeAliases } from './aliases.ts';

export interface CodeList {
  /** A code from a cell holding the code or the name; undefined when neither matches. */
  read(cell: unknown): string | undefined;
  name(code: string | undefined): string;
  label: string;
}

interface Options {
  /** Other names, code → names (aliases.json). */
  aliases?: Record<string, string[]>;
  /** Words a clerk may write before the name, as in "Dân tộc Kinh". */
  prefix?: string;
}

/** A name compared without case, diacritics, spaces, hyphens, apostrophes or brackets. */
const compact = (text: string) => fold(text).replace(/[^\p{L}\p{N}]/gu, '');

/** "Mông (H'Mông)" is also written "Mông" and "H'Mông". */
function spellings(name: string): string[] {
  const bracketed = [...name.matchAll(/\(([^)]*)\)/g)].map((m) => m[1]!);
  const bare = name.replace(/\([^)]*\)/g, ' ');
  return [name, bare, ...bracketed];
}

function codeList(
  label: string,
  entries: readonly { code: string; name: string }[],
  options: Options = {},
): CodeList {
  const byText = new Map<string, string>();
  const add = (text: string, code: string) => {
    const key = compact(text);
    if (!key) return;
    const taken = byText.get(key);
    // Two entries read alike would make a cell's code a guess: the table must not allow it.
    if (taken !== undefined && taken !== code)
      throw new Error(`"${text}" reads as both ${taken} and ${code} in the list of ${label}`);
    byText.set(key, code);
  };
  for (const { code, name } of entries) {
    add(code, code);
    for (const spelling of spellings(name)) add(spelling, code);
    for (const alias of options.aliases?.[code] ?? []) add(alias, code);
  }
  const prefix = options.prefix ? compact(options.prefix) : '';
  const nameOf = new Map(entries.map((e) => [e.code, e.name]));
  return {
    label,
    read(cell) {
      if (cell === null || cell === undefined || cell === '') return undefined;
      const key = compact(String(cell));
      return (
        byText.get(key) ??
        (prefix && key.startsWith(prefix) ? byText.get(key.slice(prefix.length)) : undefined)
      );
    },
    name: (code) => (code === undefined ? '' : (nameOf.get(code) ?? code)),
  };
}

export const CODE_LISTS = {
  gender: codeList('giới tính (Nam / Nữ)', [
    { code: 'male', name: 'Nam' },
    { code: 'female', name: 'Nữ' },
  ]),
  ethnicity: codeList('dân tộc', ethnicGroups, { aliases: codeAliases('ethnicity'), prefix: 'Dân tộc' }),
  religion: codeList(
    'tôn giáo',
    codeLists.religions.map((name) => ({ code: name, name })),
    { aliases: codeAliases('religion'), prefix: 'Đạo' },
  ),
  studentStatus: codeList('trạng thái học sinh', codeLists.studentStatuses),
  staffStatus: codeList('trạng thái cán bộ', codeLists.staffStatuses),
  contractType: codeList('hình thức hợp đồng', codeLists.staffContractTypes),
  disability: codeList('loại khuyết tật', codeLists.disabilityTypes),
  foreignLanguage: codeList('ngoại ngữ', codeLists.foreignLanguages),
};
