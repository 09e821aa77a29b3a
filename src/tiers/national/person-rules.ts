// Persons nationwide, what only the national tier can check: personal ID consistency, one
// school at a time for a pupil, one active staff record for a teacher.
import { type Kysely, sql } from 'kysely';
import type { ProvinceTierDatabase } from '#db/schema.ts';
import type { FieldIssue } from '#domain/errors.ts';
import { codeLists, enrolledStatusCodes, provinceByCode } from '#domain/reference/index.ts';
import { checkPersonalId } from '#domain/rules/personal-id.ts';
import { checkedPayload, fail, type RuleInput } from '#sync/receive/rules.ts';

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
  const person = checkedPayload(kind, item);
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

/** The names of the schools holding persons, for a refusal that says where the person is. */
export async function schoolNamesOf(
  db: Kysely<ProvinceTierDatabase>,
  codes: string[],
): Promise<Map<string, { name: string; provinceCode: string }>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('sync_records')
    .select(['school_code', 'province_code', 'payload'])
    .where('kind', '=', 'school')
    .where(sql<boolean>`school_code = ANY(${codes}::text[])`)
    .execute();
  return new Map(
    rows.map((r) => [r.school_code, { name: String(r.payload.name), provinceCode: r.province_code }]),
  );
}
