// A permanent address in a spreadsheet: the province and the commune by name (as the 2025 lists
// write them, or without "Tỉnh", "Xã"…, with or without diacritics) or by code, and the street.
// The Ministry's templates head them "Tỉnh" and "Xã"; a former province (before the 2025 merger)
// is read as the province it became part of.
import { communes, formerProvinces, provinces } from '#domain/reference/index.ts';
import { normaliseText } from '#domain/text.ts';
import { normaliseHeader as fold } from '#excel/columns.ts';

export const PROVINCE_HEADER = 'Tỉnh/TP thường trú';
export const COMMUNE_HEADER = 'Xã/Phường thường trú';

interface Problem {
  column: string;
  message: string;
}

const UNIT_WORDS = /^(tỉnh|thành phố|tp|xã|phường|đặc khu|thị trấn)(\s+|\.\s*)/u;
const UNIT_WORDS_FOLDED = /^(tinh|thanh pho|tp|xa|phuong|dac khu|thi tran)(\s+|\.\s*)/;
/** A name compared without case, spaces, hyphens or dots. */
const compact = (text: string) => text.replace(/[^\p{L}\p{N}]/gu, '');
/**
 * A place's keys, surest first: the whole name and the name without its kind ("Nghệ An" for
 * "Tỉnh Nghệ An") as written, then both without diacritics. Ten pairs of communes of a province
 * differ only by their diacritics or their kind ("Mỹ Tho", "Mỹ Thọ"): written in full, they are told apart.
 */
const placeKeys = (name: string) => {
  const lower = normaliseText(name).toLowerCase();
  const folded = fold(name);
  return [lower, lower.replace(UNIT_WORDS, ''), folded, folded.replace(UNIT_WORDS_FOLDED, '')].map(compact);
};

/** Adds each key of each name; a key two places share is kept as ambiguous (null). */
function index<T>(entries: { name: string; value: T; codes: string[] }[]): Map<string, T | null> {
  const byKey = new Map<string, T | null>();
  for (const { name, value, codes } of entries) {
    for (const key of [...placeKeys(name), ...codes]) {
      if (!key) continue;
      byKey.set(key, byKey.has(key) && byKey.get(key) !== value ? null : value);
    }
  }
  return byKey;
}

const currentProvinces = index(provinces.map((p) => ({ name: p.name, value: p.code, codes: [p.code] })));
const mergedProvinces = index(
  formerProvinces.map((p) => ({ name: p.name, value: p.mergedIntoCode, codes: [] })),
);
const communesByProvince = new Map(
  provinces.map((p) => [
    p.code,
    index(
      communes
        .filter((c) => c.provinceCode === p.code)
        .map((c) => ({ name: c.name, value: c.code, codes: [c.code] })),
    ),
  ]),
);

/** The first key that names one place; null when a key names several; undefined when none. */
function find(byKey: Map<string, string | null> | undefined, text: string): string | null | undefined {
  for (const key of placeKeys(text)) {
    const found = byKey?.get(key);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Reads the row's address columns into `data.permanentAddress`, or says what is wrong with them. */
export function readAddress(
  values: Record<string, unknown>,
  data: Record<string, unknown>,
  problems: Problem[],
): void {
  if (!('_province' in values) && !('_commune' in values)) return;
  const provinceText = values._province ? String(values._province) : '';
  const communeText = values._commune ? String(values._commune) : '';
  const street = values._street ? String(values._street) : undefined;
  if (!provinceText && !communeText) {
    data.permanentAddress = undefined;
    return;
  }
  if (!provinceText || !communeText) {
    problems.push({
      column: provinceText ? COMMUNE_HEADER : PROVINCE_HEADER,
      message: 'Địa chỉ thường trú cần cả tỉnh/thành phố và xã/phường: hãy ghi đủ, hoặc để trống cả hai.',
    });
    return;
  }
  const provinceCode = find(currentProvinces, provinceText) ?? find(mergedProvinces, provinceText);
  if (!provinceCode) {
    problems.push({
      column: PROVINCE_HEADER,
      message: `Không có tỉnh "${provinceText}" trong danh mục 34 tỉnh, thành phố.`,
    });
    return;
  }
  const communeCode = find(communesByProvince.get(provinceCode), communeText);
  if (!communeCode) {
    problems.push({
      column: COMMUNE_HEADER,
      message:
        communeCode === null
          ? `Tỉnh có nhiều xã/phường tên "${communeText}": hãy ghi rõ "Xã …" hay "Phường …", hoặc ghi mã.`
          : `Không có xã/phường "${communeText}" thuộc tỉnh đã ghi.`,
    });
    return;
  }
  data.permanentAddress = { provinceCode, communeCode, street };
}

/** The address columns of an exported row. */
export function addressCells(
  address: { provinceCode: string; communeCode: string; street?: string } | undefined,
) {
  return {
    _province: address ? (provinces.find((p) => p.code === address.provinceCode)?.name ?? '') : '',
    _commune: address ? (communes.find((c) => c.code === address.communeCode)?.name ?? '') : '',
    _street: address?.street ?? '',
  };
}
