// What GET /api/dashboard answers, as the oversight screens read it.
import { RECORD_KIND_DEFINITIONS, RECORD_KINDS, type RecordKind } from '#domain/record-kinds.ts';

export type { Counts, Dashboard, SchoolRow, UnitRow } from '#domain/api/dashboard.ts';

export type Kind = RecordKind;
export const KIND_LABELS = Object.fromEntries(
  RECORD_KINDS.map((kind) => [kind, RECORD_KIND_DEFINITIONS[kind].shortLabel]),
) as Record<Kind, string>;
