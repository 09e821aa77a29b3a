// The reporting periods of a school year (kỳ báo cáo), as the Sở and the Bộ collect figures from
// schools: Đầu năm, Giữa kỳ I, Cuối kỳ I, Giữa kỳ II, Cuối năm. Shared by the tiers and the web
// app, so a period is named and ordered the same everywhere.
import type { RecordKind } from './record-kinds.ts';

export const REPORTING_PERIODS = ['DN', 'GK1', 'CK1', 'GK2', 'CN'] as const;
export type ReportingPeriod = (typeof REPORTING_PERIODS)[number];

export const REPORTING_PERIOD_LABELS: Record<ReportingPeriod, string> = {
  DN: 'Đầu năm',
  GK1: 'Giữa kỳ I',
  CK1: 'Cuối kỳ I',
  GK2: 'Giữa kỳ II',
  CN: 'Cuối năm',
};

/**
 * The reporting period a learning result's period belongs to. Thông tư 22 names its terms HK1
 * and HK2; they are reported at Cuối kỳ I and Cuối năm like Thông tư 27's CK1 and CN.
 */
export const REPORTING_PERIOD_OF_RESULT: Record<
  'GK1' | 'CK1' | 'GK2' | 'CN' | 'HK1' | 'HK2',
  ReportingPeriod
> = {
  GK1: 'GK1',
  CK1: 'CK1',
  HK1: 'CK1',
  GK2: 'GK2',
  CN: 'CN',
  HK2: 'CN',
};

/** The kinds of record a period's deadlines are set for (one deadline each). */
export type DeadlineKind = RecordKind;

/** The school year after `year`: "2026-2027" → "2027-2028". */
export function nextSchoolYear(year: string): string {
  const start = Number(year.slice(0, 4)) + 1;
  return `${start}-${start + 1}`;
}

/** The school year before `year`: "2026-2027" → "2025-2026". */
export function previousSchoolYear(year: string): string {
  const start = Number(year.slice(0, 4)) - 1;
  return `${start}-${start + 1}`;
}
