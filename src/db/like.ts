// Text a user typed, made safe inside a LIKE / ILIKE pattern (PostgreSQL's default escape is \).
import { type RawBuilder, sql } from 'kysely';
import { foldForSearch } from '#domain/text.ts';

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A pattern matching any text that contains `text`. */
export const containsPattern = (text: string) => `%${escapeLike(text)}%`;

/**
 * Whether a folded name contains what the user typed, folded alike: "tran van binh", "TRẦN"
 * and a decomposed "Bình" all find "Trần Văn Bình". `folded` is a name_search column (indexed,
 * migration 0022) or fold_for_search(…) of a name.
 */
export function foldedNameContains(folded: RawBuilder<unknown>, typed: string): RawBuilder<boolean> {
  return sql<boolean>`${folded} LIKE ${containsPattern(foldForSearch(typed))}`;
}
