// The rules a receiving tier applies beyond shape. Both tiers check references (a record
// naming another the tier has never received fails, naming it); the province checks what a
// province knows (grade and school level, age and grade, complete results); the national tier
// checks persons nationwide (personal ID, one school at a time, one active staff record).
import { type Kysely, sql } from 'kysely';
import type { ProvinceTierDatabase } from '../../db/schema.ts';
import type { SchoolClass, Staff, Student } from '../../domain/entities/index.ts';
import { errorCatalogue, type FieldIssue } from '../../domain/errors.ts';
import { type RecordKind, recordKind } from '../../domain/record-kinds.ts';
import {
  codeLists,
  enrolledStatusCodes,
  provinceByCode,
  schoolLevelByCode,
} from '../../domain/reference/index.ts';
import { checkPersonalId } from '../../domain/rules/personal-id.ts';
import type { BatchItem } from '../protocol.ts';

export interface StoredRecord {
  id: string;
  kind: string;
  school_code: string;
  province_code: string;
  version: number;
  deleted: boolean;
  payload: Record<string, unknown>;
  national_id: string | null;
}

export interface RuleInput {
  kind: RecordKind;
  item: BatchItem & { schoolCode: string };
  /** Records this tier already holds that the batch's items name, by id. */
  known: Map<string, StoredRecord>;
  /** Each school's own record at this tier, by code. */
  schools: Map<string, StoredRecord>;
}

const fail = (
  field: string,
  code: keyof typeof errorCatalogue,
  message: string = errorCatalogue[code].message,
): FieldIssue => ({
  field,
  code,
  message,
});

const isLive = (record: StoredRecord | undefined): record is StoredRecord =>
  record !== undefined && !record.deleted;

const isOwnLive = (record: StoredRecord | undefined, schoolCode: string): boolean =>
  isLive(record) && record.school_code === schoolCode;

/** References, at every receiving tier: what an item names must have arrived before it. */
export function referenceProblem({ kind, item, known, schools }: RuleInput): FieldIssue | undefined {
  if (item.deleted || kind === 'school') return undefined;
  if (!isLive(schools.get(item.schoolCode))) {
    return fail(
      'schoolCode',
      'REFERENCE_UNKNOWN',
      `Thông tin trường ${item.schoolCode} chưa được đồng bộ lên; hãy đồng bộ thông tin trường trước.`,
    );
  }
  // Only the sending school's own records can be named: another school's is unknown to it.
  const named = (id: unknown, what: string, field: string) =>
    typeof id === 'string' && !isOwnLive(known.get(id), item.schoolCode)
      ? fail(field, 'REFERENCE_UNKNOWN', `${what} (mã ${id}) chưa được đồng bộ lên.`)
      : undefined;
  for (const reference of recordKind(kind).references) {
    const problem = named(item.payload[reference.field], reference.label, reference.field);
    if (problem) return problem;
  }
  return undefined;
}

/** What a province knows to check: grades of the school level, age for the grade, complete results. */
export function provinceProblem({ kind, item, known, schools }: RuleInput): FieldIssue | undefined {
  if (item.deleted) return undefined;
  const p = item.payload;
  if (kind === 'class') {
    const level = (schools.get(item.schoolCode)!.payload as { levelCode: string }).levelCode;
    const grades = schoolLevelByCode.get(level)?.grades ?? [];
    const { grade } = p as SchoolClass;
    if (!grades.includes(grade))
      return fail(
        'grade',
        'CLASS_GRADE_NOT_IN_LEVEL',
        `Khối ${grade} không thuộc cấp học ${level} của trường.`,
      );
  }
  if (kind === 'student') {
    const student = p as Student;
    const cls = known.get(student.classId)!.payload as SchoolClass;
    const grade = Number(cls.grade);
    const age = Number(student.schoolYear.slice(0, 4)) - Number(student.birthDate.slice(0, 4));
    // Pupils start grade 1 in the year they turn 6; a few start late or repeat a year or two.
    if (Number.isInteger(grade) && (age < grade + 4 || age > grade + 10)) {
      return fail(
        'birthDate',
        'AGE_IMPLAUSIBLE_FOR_GRADE',
        `Học sinh ${age} tuổi không phù hợp với khối ${grade}.`,
      );
    }
  }
  if (kind === 'result') {
    if (p.complete !== true) return fail('entry', 'RESULT_INCOMPLETE');
    // Primary grades are assessed under Thông tư 27, grades 6–12 under Thông tư 22.
    const grade = Number((known.get(p.classId as string)!.payload as SchoolClass).grade);
    const expected = grade <= 5 ? 'TT27' : 'TT22';
    if (p.scheme !== expected) {
      return fail(
        'scheme',
        'RESULT_SCHEME_MISMATCH',
        `Lớp khối ${grade} đánh giá theo ${expected === 'TT27' ? 'Thông tư 27/2020' : 'Thông tư 22/2021'}, không theo ${String(p.scheme)}.`,
      );
    }
  }
  return undefined;
}

export interface PersonHolder {
  id: string;
  school_code: string;
  province_code: string;
  status_code: string | null;
  national_id: string | null;
  personal_id: string;
  kind: string;
}

const activeStaffCodes = codeLists.staffStatuses.filter((s) => s.active).map((s) => s.code);

/** Who holds each personal ID: a batch looks up each of its persons among a few, not all. */
export type HoldersByPersonalId = Map<string, PersonHolder[]>;

export function addHolder(holders: HoldersByPersonalId, holder: PersonHolder): void {
  const list = holders.get(holder.personal_id);
  if (list) list.push(holder);
  else holders.set(holder.personal_id, [holder]);
}

/** Persons nationwide: personal ID consistency, one school at a time, one active staff record. */
export function nationalProblem(
  { kind, item }: RuleInput,
  holders: HoldersByPersonalId,
  schoolNames: Map<string, { name: string; provinceCode: string }>,
): FieldIssue | undefined {
  if (item.deleted || (kind !== 'student' && kind !== 'staff')) return undefined;
  const person = item.payload as Student | Staff;
  if (person.personalId) {
    const [idProblem] = checkPersonalId({
      personalId: person.personalId,
      birthDate: person.birthDate,
      gender: person.gender,
    });
    if (idProblem) return idProblem;
  }
  const holding = kind === 'student' ? enrolledStatusCodes : activeStaffCodes;
  if (!person.personalId || !holding.includes(person.statusCode)) return undefined;
  const other = holders
    .get(person.personalId)
    ?.find(
      (h) =>
        h.kind === kind &&
        h.id !== item.id &&
        h.school_code !== item.schoolCode &&
        holding.includes(h.status_code ?? ''),
    );
  if (!other) return undefined;
  const school = schoolNames.get(other.school_code);
  const where = `${school?.name ?? `trường ${other.school_code}`} (${provinceByCode.get(school?.provinceCode ?? other.province_code)?.name ?? other.province_code})`;
  return kind === 'student'
    ? fail(
        'personalId',
        'STUDENT_ENROLLED_ELSEWHERE',
        `Học sinh đang học tại ${where}. Trường đó cần cập nhật trạng thái chuyển đi trước.`,
      )
    : fail('personalId', 'STAFF_ACTIVE_ELSEWHERE', `Cán bộ đang làm việc tại ${where}.`);
}

/** Persons nationwide holding any of these personal IDs (one query). */
export async function holdersOf(
  db: Kysely<ProvinceTierDatabase>,
  personalIds: string[],
): Promise<HoldersByPersonalId> {
  const holders: HoldersByPersonalId = new Map();
  if (personalIds.length === 0) return holders;
  const rows = (await db
    .selectFrom('sync_records')
    .select(['id', 'school_code', 'province_code', 'status_code', 'national_id', 'personal_id', 'kind'])
    .where(sql<boolean>`personal_id = ANY(${personalIds}::text[])`)
    .where('deleted', '=', false)
    .where(sql<boolean>`kind IN ('student', 'staff')`)
    .execute()) as PersonHolder[];
  for (const row of rows) addHolder(holders, row);
  return holders;
}
