/**
 * Vietnamese text typed on some systems arrives decomposed (a base letter followed by combining
 * marks); stored as is, "Nguyễn" would not equal "Nguyễn". Every tier normalises to NFC on entry
 * and trims the surrounding spaces.
 */
export function normaliseText(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/g, ' ');
}
