// What GET /api/dashboard answers, as the oversight screens read it.
import { RECORD_KIND_DEFINITIONS, RECORD_KINDS, type RecordKind } from '#domain/record-kinds.ts';
export interface Counts {
  held: number;
  pending: number;
  success: number;
  failed: number;
}

export interface UnitRow {
  key: string;
  name: string;
  kind: string;
  schools: number;
  totals: Counts;
}

export interface SchoolRow {
  key: string;
  code: string;
  name: string;
  levelCode: string | null;
  totals: Counts;
  byKind: Partial<Record<Kind, Counts>>;
  topFailures: { code: string; count: number }[];
  lastSuccessAt: string | null;
  lastActivityAt: string | null;
}

export interface Dashboard {
  unit: { key: string; name: string; kind: string };
  totals: Counts & { schools: number; schoolsWithFailures: number };
  children: UnitRow[];
  schools: SchoolRow[];
}

export type Kind = RecordKind;
export const KIND_LABELS = Object.fromEntries(
  RECORD_KINDS.map((kind) => [kind, RECORD_KIND_DEFINITIONS[kind].shortLabel]),
) as Record<Kind, string>;
