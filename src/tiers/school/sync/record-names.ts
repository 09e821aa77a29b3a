// How the sync history names a school's records to a clerk: a class by its name, a person by
// their full name, a learning result by its kind, period, pupil and class — and a refusal that
// quotes a record's id quotes its name instead, where the school holds that record.
import { type Kysely, sql } from 'kysely';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { RECORD_KINDS, type RecordKind, recordKind } from '#domain/record-kinds.ts';
import { codeLists } from '#domain/reference/index.ts';
import { RECORD_TABLE } from './tables.ts';

type Db = Kysely<SchoolTierDatabase>;

const PERIOD_NAMES = new Map(
  [...codeLists.primaryEvaluation_TT27_2020.periods, ...codeLists.secondaryEvaluation_TT22_2021.periods].map(
    (p) => [p.code, p.name],
  ),
);
// TT27 and TT22 both have a CN; its name differs only in words ("Cuối năm học" / "Cả năm").
PERIOD_NAMES.set('CN', 'Cuối năm học');

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** A name for each of the school's records among `ids`, whatever their kind. */
export async function recordNames(
  db: Db,
  schoolId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return names;
  for (const kind of RECORD_KINDS) {
    const { rows } = await namesOf(kind, schoolId, wanted).execute(db);
    for (const row of rows) names.set(row.id, kind === 'result' ? readablePeriod(row.label) : row.label);
  }
  return names;
}

function namesOf(kind: RecordKind, schoolId: string, ids: string[]) {
  const ownRecords = kind === 'school' ? sql`t.id = ${schoolId}` : sql`t.school_id = ${schoolId}`;
  if (kind === 'result') {
    // "Kết quả học tập · Cuối học kỳ I · Vi Thị Mây (1A)": a period alone names nothing.
    return sql<{ id: string; label: string }>`
      SELECT t.id::text, concat_ws(' · ', ${recordKind('result').label}::text, t.payload->>'period',
        s.payload->>'fullName' || coalesce(' (' || (c.payload->>'name') || ')', '')) AS label
      FROM results t
      LEFT JOIN students s ON s.id = t.student_id
      LEFT JOIN classes c ON c.id = t.class_id
      WHERE t.id = ANY(${ids}::uuid[]) AND ${ownRecords}`;
  }
  const name = sql`t.payload->>${recordKind(kind).nameField}`;
  const label = kind === 'student' ? sql`${name} || coalesce(' (' || (c.payload->>'name') || ')', '')` : name;
  const classOf =
    kind === 'student' ? sql`LEFT JOIN classes c ON c.id = (t.payload->>'classId')::uuid` : sql``;
  return sql<{ id: string; label: string }>`
    SELECT t.id::text, ${label} AS label FROM ${sql.table(RECORD_TABLE[kind])} t ${classOf}
    WHERE t.id = ANY(${ids}::uuid[]) AND ${ownRecords}`;
}

/** The period's name in place of its code in a result's label. */
function readablePeriod(label: string): string {
  const [kind, period, ...rest] = label.split(' · ');
  if (kind !== recordKind('result').label || period === undefined) return label;
  return [kind, PERIOD_NAMES.get(period) ?? period, ...rest].join(' · ');
}

/** The record ids a message quotes. */
export const idsIn = (message: string | null): string[] => message?.match(UUID) ?? [];

/** A message with each record id it quotes replaced by the record's name, where known. */
export function withNames(message: string, names: ReadonlyMap<string, string>): string {
  return message
    .replace(new RegExp(`\\(mã (${UUID.source})\\)`, 'gi'), (whole, id: string) => {
      const name = names.get(id.toLowerCase());
      return name ? name : whole;
    })
    .replace(UUID, (id) => names.get(id.toLowerCase()) ?? id);
}
