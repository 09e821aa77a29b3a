const DAY_MS = 86_400_000;
const LAST_EXCEL_SERIAL = 2_958_465; // 31/12/9999, the last day Excel can show

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `yyyy-mm-dd` for a real calendar day, or null (31/02, month 13, ...). */
export function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC quietly rolls 31/02 over to 03/03; a day that does not survive the trip is invalid.
  const exists =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return exists ? `${pad(year, 4)}-${pad(month)}-${pad(day)}` : null;
}

/** exceljs turns date-formatted cells into Dates at UTC midnight, so the UTC fields are the day shown. */
export function isoFromDate(date: Date): string | null {
  if (Number.isNaN(date.getTime())) return null;
  return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** A day count as Excel stores it; any time of day is dropped. */
export function isoFromSerial(serial: number, date1904: boolean): string | null {
  const days = Math.floor(serial);
  // A bare 1900–2100 in a date column is a year of birth typed alone, not a day in 1905.
  if (Number.isInteger(serial) && serial >= 1900 && serial <= 2100) return null;
  if (!Number.isFinite(days) || days > LAST_EXCEL_SERIAL) return null;
  if (date1904) return days < 0 ? null : isoFromDate(new Date(Date.UTC(1904, 0, 1) + days * DAY_MS));
  if (days < 1) return null;
  // Excel keeps Lotus 1-2-3's phantom 29/02/1900 as day 60, so later days are counted one too many.
  if (days === 60) return null;
  const epoch = days < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return isoFromDate(new Date(epoch + days * DAY_MS));
}

// An export may append a time of day ("01/09/2024 00:00:00"); the date part is what counts.
const TIME_SUFFIX = String.raw`(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?`;
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})${TIME_SUFFIX}$`);
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME_SUFFIX}$`);

/** dd/mm/yyyy (also with '-' or '.', one-digit day or month) or yyyy-mm-dd. */
export function isoFromText(text: string): string | null {
  const dayFirst = DAY_FIRST.exec(text);
  if (dayFirst) return isoDate(Number(dayFirst[4]), Number(dayFirst[3]), Number(dayFirst[1]));
  const yearFirst = YEAR_FIRST.exec(text);
  if (yearFirst) return isoDate(Number(yearFirst[1]), Number(yearFirst[2]), Number(yearFirst[3]));
  return null;
}

/** dd/mm/yyyy, the form every Vietnamese clerk reads, whatever the Excel locale. */
export function displayDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : iso;
}
