// The table of what schools write besides dongbo's own headers and names (aliases.json): kept as
// data, so that a header or a spelling met in a real file is added without touching code.
import aliases from './aliases.json' with { type: 'json' };

type Section = keyof typeof aliases.headers;
type CodeListName = keyof typeof aliases.codes;

const headers: Record<Section, Record<string, string[]>> = aliases.headers;
const codes: Record<CodeListName, Record<string, string[]>> = aliases.codes;

/** Headers accepted for a column besides its own, from the sections that apply to the list. */
export function headerAliases(sections: Section[], key: string): string[] {
  return sections.flatMap((section) => headers[section][key] ?? []);
}

/** Other names of a code list's entries: code → names. */
export function codeAliases(list: CodeListName): Record<string, string[]> {
  return codes[list];
}

/** Every key the table names, to check that each is a real column or code. */
export const ALIAS_TABLE = { headers, codes };
