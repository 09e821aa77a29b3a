// Look-up of a person in the registry this tier holds, by personal ID or national identifier:
// which schools hold them, at which status; a province officer finds only the schools of their
// subtree.
import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import type { UpperTierTables } from '#db/schema.ts';
import { provinceByCode } from '#domain/reference/index.ts';
import type { TierName } from '#domain/tiers.ts';
import { unitInScope } from '#server/access/scope.ts';
import type { UserCaller } from '#server/auth/caller.ts';
import { ethnicGroupName, genderName, statusName } from './names.ts';
import type { personSchema } from './schemas.ts';

interface Row {
  kind: string;
  id: string;
  national_id: string | null;
  payload: Record<string, unknown>;
  personal_id: string | null;
  status_code: string | null;
  deleted: boolean;
  school_code: string;
  province_code: string;
  school_name: string | null;
  class_name: string | null;
  updated_at: Date;
}

/** Records of one person (one identifier) make one person, newest record first. */
function groupByPerson(rows: Row[]): z.infer<typeof personSchema>[] {
  const persons = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${row.kind}:${row.national_id ?? row.id}`;
    persons.set(key, [...(persons.get(key) ?? []), row]);
  }
  return [...persons.values()].map((records) => {
    const current = records.find((r) => !r.deleted) ?? records[0]!;
    return {
      kind: current.kind,
      nationalId: current.national_id,
      fullName: String(current.payload.fullName ?? ''),
      birthDate: String(current.payload.birthDate ?? ''),
      gender: String(current.payload.gender ?? ''),
      genderName: genderName(current.payload.gender),
      ethnicGroup: ethnicGroupName(current.payload.ethnicityCode),
      personalId: current.personal_id,
      enrolments: records.map((r) => ({
        id: r.id,
        statusCode: r.status_code,
        statusName: statusName(r.kind, r.status_code),
        className: r.class_name,
        statusDate: typeof r.payload.statusDate === 'string' ? r.payload.statusDate : null,
        deleted: r.deleted,
        updatedAt: new Date(r.updated_at).toISOString(),
        school: {
          code: r.school_code,
          name: r.school_name ?? r.school_code,
          province: provinceByCode.get(r.province_code)?.name ?? r.province_code,
        },
      })),
    };
  });
}

/** Every person the caller may see with this personal ID or national identifier. */
export async function lookUp(
  db: Kysely<UpperTierTables>,
  tier: TierName,
  caller: UserCaller,
  q: string,
): Promise<z.infer<typeof personSchema>[]> {
  // At the national tier a personal ID names a person even where a record's own number was
  // later corrected: the person's identifier finds every record of them.
  const byIdentity =
    tier === 'national'
      ? sql`OR r.national_id IN (SELECT national_id FROM person_identities WHERE personal_id = ${q})`
      : sql``;
  const { rows } = await sql<Row>`
    SELECT r.kind, r.id, r.national_id, r.payload, r.personal_id, r.status_code, r.deleted, r.school_code,
           r.province_code, o.name AS school_name, r.updated_at,
           (SELECT c.payload->>'name' FROM sync_records c -- the pupil's class there, as this tier holds it
            WHERE c.province_code = r.province_code AND c.id = (r.payload->>'classId')::uuid) AS class_name
    FROM sync_records r
    JOIN org_units o ON o.key = 'S' || r.school_code
    WHERE r.kind IN ('student', 'staff') AND (r.personal_id = ${q} OR r.national_id = ${q} ${byIdentity})
      AND ${unitInScope(tier, caller, 'o.key')}
    ORDER BY r.updated_at DESC
    LIMIT 50`.execute(db);
  return groupByPerson(rows);
}
