import { normaliseText } from '#domain/text.ts';
import { isBlank, isCellError, type PlainValue } from './cell-value.ts';
import type { CellKind } from './columns.ts';
import { displayDate, isoFromDate, isoFromSerial, isoFromText } from './dates.ts';

export type ReadValue = string | number | boolean | null;
export type Conversion = { value: ReadValue; problem?: undefined } | { value: null; problem: string };

interface WorkbookContext {
  date1904: boolean;
}

const invalid = (problem: string): Conversion => ({ value: null, problem });

function asText(value: PlainValue): string | null {
  if (isBlank(value) || isCellError(value)) return null;
  if (value instanceof Date) {
    const iso = isoFromDate(value);
    return iso ? displayDate(iso) : null;
  }
  return normaliseText(String(value)) || null;
}

function toDate(value: PlainValue, context: WorkbookContext): Conversion {
  const iso =
    value instanceof Date
      ? isoFromDate(value)
      : typeof value === 'number'
        ? isoFromSerial(value, context.date1904)
        : isoFromText(asText(value) ?? '');
  return iso ? { value: iso } : invalid(`Ngày không hợp lệ: "${asText(value)}" (cần dạng dd/mm/yyyy).`);
}

const DECIMAL = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

// Vietnamese Excel writes "7,5"; an English one writes "7.5". A score has no thousands separator.
function toNumber(value: PlainValue): Conversion {
  if (typeof value === 'number') return { value };
  const text = asText(value)?.replace(/\s/g, '') ?? '';
  return typeof value === 'string' && DECIMAL.test(text)
    ? { value: Number(text.replace(',', '.')) }
    : invalid(`Số không hợp lệ: "${asText(value)}".`);
}

/** The number typed with separators, or null when the text is not such a number at all. */
function withoutSeparators(text: string, separators: RegExp, shape: RegExp): string | null {
  // A leading apostrophe is how a clerk forces Excel to keep a number as text.
  const compact = text.replace(/^'/, '').replace(separators, '');
  return shape.test(compact) ? compact : null;
}

// A 12-digit personal ID begins with a province code 001–096, so stored as a number it always
// loses its leading zero. Anything else is left for the caller's validation to judge.
function toPersonalId(value: PlainValue): Conversion {
  const text = asText(value);
  const digits = text && withoutSeparators(text, /[\s.]/g, /^\d+$/);
  if (digits === null) return { value: text };
  return { value: /^\d{11}$/.test(digits) ? `0${digits}` : digits };
}

// A mobile number is 0 + 9 digits and a landline 0 + 2 + 9 digits; stored as a number, both
// lose the 0. International forms (+84..., 84...) are kept.
function toPhone(value: PlainValue): Conversion {
  const text = asText(value);
  const digits = text && withoutSeparators(text, /[\s.\-()]/g, /^\+?\d+$/);
  if (digits === null) return { value: text };
  return { value: /^([1-9]\d{8}|2\d{9})$/.test(digits) ? `0${digits}` : digits };
}

const TRUE_WORDS = new Set(['x', 'co', 'yes', 'true', '1']);
const FALSE_WORDS = new Set(['', 'khong', 'no', 'false', '0']);

function toBoolean(value: PlainValue): Conversion {
  if (typeof value === 'boolean') return { value };
  const word = (asText(value) ?? '').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  if (TRUE_WORDS.has(word)) return { value: true };
  if (FALSE_WORDS.has(word)) return { value: false };
  return invalid(`Giá trị không hợp lệ: "${asText(value)}" (ghi "x" nếu có, để trống nếu không).`);
}

export function convertCell(kind: CellKind, value: PlainValue, context: WorkbookContext): Conversion {
  if (isCellError(value)) return invalid(`Ô bị lỗi công thức: ${value.error}.`);
  if (kind === 'boolean') return toBoolean(value);
  if (isBlank(value)) return { value: null };
  switch (kind) {
    case 'date':
      return toDate(value, context);
    case 'number':
      return toNumber(value);
    case 'personalId':
      return toPersonalId(value);
    case 'phone':
      return toPhone(value);
    default:
      return { value: asText(value) };
  }
}
