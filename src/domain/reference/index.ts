// The reference lists dongbo ships with (sources in data/README.md). Plain JSON imports, so the
// server and the web app read the very same files.
import codeLists from './data/code-lists.json' with { type: 'json' };
import communes from './data/communes.json' with { type: 'json' };
import ethnicGroups from './data/ethnic-groups.json' with { type: 'json' };
import formerProvinces from './data/former-provinces.json' with { type: 'json' };
import ngheAnPrimarySchools from './data/nghe-an-primary-schools.json' with { type: 'json' };
import provinces from './data/provinces.json' with { type: 'json' };

export type Province = (typeof provinces)[number];
export type Commune = (typeof communes)[number];
export type FormerProvince = (typeof formerProvinces)[number];
export type SchoolLevel = (typeof codeLists.schoolLevels)[number];

export { codeLists, communes, ethnicGroups, formerProvinces, ngheAnPrimarySchools, provinces };

const codesOf = (list: readonly { code: string }[]) => list.map((item) => item.code) as [string, ...string[]];

export const provinceCodes = codesOf(provinces);
export const ethnicGroupCodes = codesOf(ethnicGroups);
export const schoolLevelCodes = codesOf(codeLists.schoolLevels);
export const schoolOwnershipCodes = codesOf(codeLists.schoolOwnership);
export const schoolAreaCodes = codesOf(codeLists.schoolAreas);
export const studentStatusCodes = codesOf(codeLists.studentStatuses);
export const staffStatusCodes = codesOf(codeLists.staffStatuses);
export const staffContractTypeCodes = codesOf(codeLists.staffContractTypes);
export const disabilityTypeCodes = codesOf(codeLists.disabilityTypes);
export const foreignLanguageCodes = codesOf(codeLists.foreignLanguages);

/** Student statuses that count as enrolled (Đang học, Chuyển đến…, Nghỉ học xin học lại…). */
export const enrolledStatusCodes = codeLists.studentStatuses.filter((s) => s.enrolled).map((s) => s.code);

export const provinceByCode = new Map(provinces.map((p) => [p.code, p]));
export const communeByCode = new Map(communes.map((c) => [c.code, c]));
export const schoolLevelByCode = new Map(codeLists.schoolLevels.map((l) => [l.code, l]));

/** Communes of one province, in the order of the official list. */
export function communesOf(provinceCode: string): Commune[] {
  return communes.filter((c) => c.provinceCode === provinceCode);
}

/**
 * Two-digit codes a personal ID may start with (after its leading 0): the 63 former provinces,
 * which place-of-birth registration still uses, and the 34 current ones.
 */
export const personalIdProvinceCodes: ReadonlySet<string> = new Set([
  ...formerProvinces.map((p) => p.code),
  ...provinceCodes,
]);

/** The former provinces that merged into a current one (Nghệ An 40 ← 40; Tuyên Quang 08 ← 02, 08). */
export function formerProvincesOf(provinceCode: string): FormerProvince[] {
  return formerProvinces.filter((p) => p.mergedIntoCode === provinceCode);
}
