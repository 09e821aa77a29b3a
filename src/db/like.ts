// Text a user typed, made safe inside a LIKE / ILIKE pattern (PostgreSQL's default escape is \).

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A pattern matching any text that contains `text`. */
export const containsPattern = (text: string) => `%${escapeLike(text)}%`;
