// What GET /api/dashboard answers, as the oversight screens read it.
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

export type Kind = 'school' | 'class' | 'staff' | 'student' | 'result';
export const KIND_LABELS: Record<Kind, string> = {
  school: 'Trường',
  class: 'Lớp',
  staff: 'Giáo viên',
  student: 'Học sinh',
  result: 'Kết quả học tập',
};
