const MAX_LENGTH = 31;

/**
 * Excel refuses sheet names longer than 31 characters, with any of * ? : \ / [ ], starting or
 * ending with an apostrophe, or equal (ignoring case) to another sheet's; a class called
 * "6/1" must still get its sheet.
 */
export function safeSheetName(wanted: string, taken: Set<string>, position: number): string {
  const cleaned =
    wanted
      .normalize('NFC')
      .replace(/[*?:\\/[\]]/g, '-')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^'+|'+$/g, '')
      .slice(0, MAX_LENGTH)
      .trim() || `Trang ${position}`;
  // "History" is reserved by Excel for change tracking.
  let name = cleaned.toLowerCase() === 'history' ? `${cleaned} (1)` : cleaned;
  for (let copy = 2; taken.has(name.toLowerCase()); copy++) {
    const suffix = ` (${copy})`;
    name = cleaned.slice(0, MAX_LENGTH - suffix.length) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}
