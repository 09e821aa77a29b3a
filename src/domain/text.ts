/**
 * Vietnamese text typed on some systems arrives decomposed (a base letter followed by combining
 * marks); stored as is, "Nguyễn" would not equal "Nguyễn". Every tier normalises to NFC on entry
 * and trims the surrounding spaces.
 */
export function normaliseText(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/g, ' ');
}

// Search folding. People type names without diacritics ("tran van binh"), with "d" for "đ", in
// any case, and some keyboards send decomposed letters. A name is searched by its folded form:
// decomposed, its combining marks (the accents, the horn of ư/ơ, the breve of ă) dropped, đ → d,
// Latin capitals lowered. The database folds the stored names with the same rules, written out
// here once: the migration that creates its function (fold_for_search) builds it from these
// constants. Lowering is by an explicit table, not by locale, so that the embedded PostgreSQL
// (locale C) and Node agree on every character; after the marks are gone a Vietnamese name is
// plain Latin letters and đ.

/** The combining diacritical marks, as a character-class range (regex and PostgreSQL alike). */
export const FOLD_MARKS_RANGE = '\u0300-\u036f';
/** Letters replaced one by one after the marks are dropped: each of FROM by the same place in TO. */
export const FOLD_LETTERS_FROM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZĐđ';
export const FOLD_LETTERS_TO = 'abcdefghijklmnopqrstuvwxyzdd';

const MARKS = new RegExp(`[${FOLD_MARKS_RANGE}]`, 'g');
const LETTERS = new Map([...FOLD_LETTERS_FROM].map((letter, i) => [letter, FOLD_LETTERS_TO[i]!]));

/**
 * A name as it is compared in a search: "Trần Văn Bình", "TRAN VAN BINH" and a decomposed
 * "Trần" all fold to "tran van binh". The database's fold_for_search gives the same for stored
 * (already normalised) text.
 */
export function foldForSearch(value: string): string {
  const bare = normaliseText(value).normalize('NFD').replace(MARKS, '');
  let folded = '';
  for (const char of bare) folded += LETTERS.get(char) ?? char;
  return folded;
}
