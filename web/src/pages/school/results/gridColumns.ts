// What the results grid of a class and period asks for, as columns of cells: where each value
// sits in a student's entry, which values a cell accepts, and the field name the shared checks
// (src/domain/rules) use for it, so their messages land on the right cell.
import { criteriaGroupOf } from '#domain/rules/primary-evaluation.ts';

export type Entry = Record<string, unknown> & {
  subjects?: Record<string, Record<string, unknown>>;
  competencies?: Record<string, string>;
  qualities?: Record<string, string>;
  conduct?: string;
};

export interface GridDefinition {
  scheme: 'TT27' | 'TT22';
  period: string;
  grid: {
    subjects: string[];
    scoredSubjects?: string[];
    competencies?: string[];
    qualities?: string[];
    commentOnlySubjects?: string[];
    regularCounts?: Record<string, number>;
  };
}

export interface GridColumn {
  /** The field name the shared checks use, e.g. "subjects.Toán.score"; unique per column. */
  field: string;
  /** The header above it: a subject, "Năng lực", "Phẩm chất", "Rèn luyện". */
  group: string;
  title: string;
  /** Choice cells take one of `choices` by a key press; score cells take a typed number. */
  kind: 'choice' | 'score';
  choices?: string[];
  /** Thông tư 27 test scores are whole numbers from 1 to 10. */
  wholeNumber?: boolean;
}

export type Criteria = 'all' | 'subjects' | 'NLC' | 'NLDT' | 'PC';

export const CRITERIA_OPTIONS: { value: Criteria; label: string }[] = [
  { value: 'all', label: 'Tất cả' },
  { value: 'subjects', label: 'Môn học và hoạt động giáo dục' },
  { value: 'NLC', label: 'Năng lực chung' },
  { value: 'NLDT', label: 'Năng lực đặc thù' },
  { value: 'PC', label: 'Phẩm chất chủ yếu' },
];

export const CHOICE_LABELS: Record<string, string> = {
  T: 'Hoàn thành tốt / Tốt',
  H: 'Hoàn thành',
  C: 'Chưa hoàn thành / Cần cố gắng',
  Đ: 'Đạt',
  CĐ: 'Chưa đạt',
  K: 'Khá',
};

/** The input columns of the grid, in the order of the record book. */
export function gridColumns(definition: GridDefinition, criteria: Criteria = 'all'): GridColumn[] {
  const { grid, period, scheme } = definition;
  if (scheme === 'TT27') {
    const scored = new Set(grid.scoredSubjects ?? []);
    const subjects =
      criteria === 'all' || criteria === 'subjects'
        ? grid.subjects.flatMap((name): GridColumn[] => [
            {
              field: `subjects.${name}.level`,
              group: name,
              title: 'Mức',
              kind: 'choice',
              choices: ['T', 'H', 'C'],
            },
            ...(scored.has(name)
              ? [
                  {
                    field: `subjects.${name}.score`,
                    group: name,
                    title: 'Điểm',
                    kind: 'score',
                    wholeNumber: true,
                  } as const,
                ]
              : []),
          ])
        : [];
    const levels = (kind: 'competencies' | 'qualities', group: string, names: string[] = []) =>
      names
        .filter((name) => criteria === 'all' || criteriaGroupOf(name) === criteria)
        .map(
          (name): GridColumn => ({
            field: `${kind}.${name}`,
            group,
            title: name,
            kind: 'choice',
            choices: ['T', 'Đ', 'C'],
          }),
        );
    return [
      ...subjects,
      ...levels('competencies', 'Năng lực', grid.competencies),
      ...levels('qualities', 'Phẩm chất', grid.qualities),
    ];
  }
  // Thông tư 22: the year (CN) is computed from the two terms; nothing is typed in.
  if (period === 'CN') return [];
  const commentOnly = new Set(grid.commentOnlySubjects ?? []);
  return [
    ...grid.subjects.flatMap((name): GridColumn[] => {
      if (commentOnly.has(name))
        return [
          {
            field: `subjects.${name}.comment`,
            group: name,
            title: 'Nhận xét',
            kind: 'choice',
            choices: ['Đ', 'CĐ'],
          },
        ];
      const regular = Array.from(
        { length: grid.regularCounts?.[name] ?? 0 },
        (_, i): GridColumn => ({
          field: `subjects.${name}.regular.${i}`,
          group: name,
          title: `TX${i + 1}`,
          kind: 'score',
        }),
      );
      return [
        ...regular,
        { field: `subjects.${name}.midterm`, group: name, title: 'GK', kind: 'score' },
        { field: `subjects.${name}.final`, group: name, title: 'CK', kind: 'score' },
      ];
    }),
    { field: 'conduct', group: 'Rèn luyện', title: 'Mức', kind: 'choice', choices: ['T', 'K', 'Đ', 'CĐ'] },
  ];
}

/** The value of a cell, as text. Subject and criterion names never contain a dot. */
export function cellText(entry: Entry, field: string): string {
  let value: unknown = entry;
  for (const part of field.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  return value === undefined || value === null ? '' : String(value).replace('.', ',');
}

/** The entry with one cell set (a value) or cleared (undefined); the entry itself is not changed. */
export function withCell(entry: Entry, field: string, value: string | number | undefined): Entry {
  return setPath(entry, field.split('.'), value) as Entry;
}

// Regular assessments (TX1, TX2, …) are an array kept without gaps, in the order given: a score
// typed after an empty cell moves up, and clearing one closes the gap.
function setPath(target: unknown, [head, ...rest]: string[], value: unknown): unknown {
  const isList = Array.isArray(target) || /^\d+$/.test(head ?? '');
  const copy: Record<string, unknown> | unknown[] = isList
    ? [...((target as unknown[]) ?? [])]
    : { ...((target as object) ?? {}) };
  const key = head ?? '';
  const next = rest.length ? setPath((copy as Record<string, unknown>)[key], rest, value) : value;
  if (next !== undefined) (copy as Record<string, unknown>)[key] = next;
  else if (Array.isArray(copy)) copy.splice(Number(key), 1);
  else delete copy[key];
  return Array.isArray(copy) ? copy.filter((v) => v !== undefined) : copy;
}

/** The choice a key press means in a cell: its letter, or the one choice starting with it. */
export function choiceForKey(key: string, choices: readonly string[]): string | undefined {
  const letter = key.toUpperCase() === 'D' ? 'Đ' : key.toUpperCase();
  if (choices.includes(letter)) return letter;
  const starting = choices.filter((c) => c.startsWith(letter));
  return starting.length === 1 ? starting[0] : undefined;
}

/**
 * What a score cell keeps of what is typed: digits with at most one decimal (comma or point),
 * or nothing for a whole-number cell; `undefined` refuses the keystroke.
 */
export function acceptScoreText(text: string, wholeNumber = false): string | undefined {
  const pattern = wholeNumber ? /^\d{0,2}$/ : /^\d{0,2}([.,]\d?)?$/;
  return pattern.test(text) ? text : undefined;
}

/** The number a finished score text stands for (undefined while empty or unfinished). */
export function scoreOf(text: string): number | undefined {
  if (!/^\d{1,2}([.,]\d)?$/.test(text)) return undefined;
  return Number(text.replace(',', '.'));
}
