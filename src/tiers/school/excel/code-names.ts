// Code lists in spreadsheets: clerks type the name ("Kinh", "Đang học", "Nữ"), other systems
// export the code ("01"). Both are read; names are written.

import { codeLists, ethnicGroups } from '#domain/reference/index.ts';
import { normaliseHeader as fold } from '#excel/columns.ts';

export interface CodeList {
  /** A code from a cell holding the code or the name; undefined when neither matches. */
  read(cell: unknown): string | undefined;
  name(code: string | undefined): string;
  label: string;
}

function codeList(label: string, entries: readonly { code: string; name: string }[]): CodeList {
  const byText = new Map<string, string>();
  for (const { code, name } of entries) {
    byText.set(fold(name), code);
    byText.set(fold(code), code);
  }
  const nameOf = new Map(entries.map((e) => [e.code, e.name]));
  return {
    label,
    read: (cell) =>
      cell === null || cell === undefined || cell === '' ? undefined : byText.get(fold(String(cell))),
    name: (code) => (code === undefined ? '' : (nameOf.get(code) ?? code)),
  };
}

export const CODE_LISTS = {
  gender: codeList('giới tính (Nam / Nữ)', [
    { code: 'male', name: 'Nam' },
    { code: 'female', name: 'Nữ' },
  ]),
  ethnicity: codeList('dân tộc', ethnicGroups),
  religion: codeList(
    'tôn giáo',
    codeLists.religions.map((name) => ({ code: name, name })),
  ),
  studentStatus: codeList('trạng thái học sinh', codeLists.studentStatuses),
  staffStatus: codeList('trạng thái cán bộ', codeLists.staffStatuses),
  contractType: codeList('hình thức hợp đồng', codeLists.staffContractTypes),
  disability: codeList('loại khuyết tật', codeLists.disabilityTypes),
  foreignLanguage: codeList('ngoại ngữ', codeLists.foreignLanguages),
};
