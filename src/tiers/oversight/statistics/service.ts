// The figures behind the dashboard's charts, for a unit's subtree: sync decisions per day, the
// failures by code, and the students held by grade, gender and ethnic group. Aggregates only,
// no person, so nothing here is personal data.
import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import { escapeLike } from '#db/like.ts';
import type { UpperTierTables } from '#db/schema.ts';
import { ethnicGroups } from '#domain/reference/index.ts';
import type { Unit } from '#server/units/units.ts';
import type { statisticsSchema } from './schemas.ts';

const DAYS_SHOWN = 30;
const ETHNIC_GROUPS_SHOWN = 8;
const ethnicName = new Map(ethnicGroups.map((g) => [g.code, g.name]));

export async function statisticsOf(
  db: Kysely<UpperTierTables>,
  unit: Unit,
): Promise<z.infer<typeof statisticsSchema>> {
  const schools = sql`(SELECT code FROM org_units WHERE kind = 'school' AND path LIKE ${`${escapeLike(unit.path)}%`})`;

  const [progress, failures, grades, genders, ethnicities] = await Promise.all([
    sql<{ day: string; success: number; failed: number }>`
      SELECT to_char(date_trunc('day', updated_at), 'YYYY-MM-DD') AS day,
             count(*) FILTER (WHERE status = 'success')::int AS success,
             count(*) FILTER (WHERE status = 'failed')::int AS failed
      FROM sync_items
      WHERE school_code IN ${schools} AND status <> 'pending' AND updated_at > now() - make_interval(days => ${DAYS_SHOWN})
      GROUP BY 1 ORDER BY 1`.execute(db),
    sql<{ code: string; message: string; count: number }>`
      SELECT coalesce(error_code, 'UNKNOWN') AS code, min(error_message) AS message, count(*)::int AS count
      FROM sync_items WHERE latest AND status = 'failed' AND school_code IN ${schools}
      GROUP BY 1 ORDER BY 3 DESC LIMIT 20`.execute(db),
    sql<{ key: string; count: number }>`
      SELECT coalesce(c.payload->>'grade', '?') AS key, count(*)::int AS count
      FROM sync_records s
      LEFT JOIN sync_records c ON c.province_code = s.province_code AND c.kind = 'class'
                               AND c.id = (s.payload->>'classId')::uuid
      WHERE s.kind = 'student' AND NOT s.deleted AND s.school_code IN ${schools}
      GROUP BY 1`.execute(db),
    sql<{ key: string; count: number }>`
      SELECT s.payload->>'gender' AS key, count(*)::int AS count FROM sync_records s
      WHERE s.kind = 'student' AND NOT s.deleted AND s.school_code IN ${schools} GROUP BY 1`.execute(db),
    sql<{ key: string; count: number }>`
      SELECT s.payload->>'ethnicityCode' AS key, count(*)::int AS count FROM sync_records s
      WHERE s.kind = 'student' AND NOT s.deleted AND s.school_code IN ${schools}
      GROUP BY 1 ORDER BY 2 DESC`.execute(db),
  ]);

  const gradeOrder = (key: string) => (/^\d+$/.test(key) ? Number(key) : key === 'MG' ? -1 : -2);
  const shownEthnicities = ethnicities.rows.slice(0, ETHNIC_GROUPS_SHOWN);
  const otherEthnicities = ethnicities.rows.slice(ETHNIC_GROUPS_SHOWN).reduce((sum, r) => sum + r.count, 0);
  return {
    progress: progress.rows,
    failuresByCode: failures.rows.map((r) => ({ ...r, message: r.message ?? '' })),
    studentsByGrade: grades.rows
      .sort((a, b) => gradeOrder(a.key) - gradeOrder(b.key))
      .map((r) => ({ ...r, label: /^\d+$/.test(r.key) ? `Khối ${r.key}` : r.key })),
    studentsByGender: genders.rows.map((r) => ({
      ...r,
      label: r.key === 'male' ? 'Nam' : r.key === 'female' ? 'Nữ' : r.key,
    })),
    studentsByEthnicity: [
      ...shownEthnicities.map((r) => ({ ...r, label: ethnicName.get(r.key) ?? r.key })),
      ...(otherEthnicities ? [{ key: 'other', label: 'Dân tộc khác', count: otherEthnicities }] : []),
    ],
  };
}
