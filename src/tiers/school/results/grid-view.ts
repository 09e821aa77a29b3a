// The grid the results screen shows: a class's pupils, each with their result of the period.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { criteriaGroupOf } from '#domain/rules/primary-evaluation.ts';
import { type ClassScheme, gridOfPupils } from '#domain/rules/result-scheme.ts';
import type { gridQuery } from './schemas.ts';
import { loadClassGrid } from './service.ts';

type Db = Kysely<SchoolTierDatabase>;

const programmeOf = ({ subjects, topicSubjects, combination }: ClassScheme) => ({
  subjects,
  topicSubjects: topicSubjects ?? [],
  combination: combination ?? null,
});

/** The grid of one class for one period: its columns (one criteria group, for primary classes), a row per pupil. */
export async function classGridView(
  db: Db,
  schoolId: string,
  { classId, period, criteria }: z.infer<typeof gridQuery>,
) {
  const grid = await loadClassGrid(db, schoolId, classId, period);
  const columns = gridOfPupils(
    grid.scheme,
    grid.students.map((s) => s.scheme),
    period,
  );
  if (columns.competencies && columns.qualities && criteria !== 'all') {
    columns.competencies = columns.competencies.filter((name) => criteriaGroupOf(name) === criteria);
    columns.qualities = columns.qualities.filter((name) => criteriaGroupOf(name) === criteria);
  }
  const resultOf = new Map(grid.results.filter((r) => r.period === period).map((r) => [r.studentId, r]));
  return {
    class: { id: grid.cls.id, name: grid.cls.name, grade: grid.cls.grade },
    schoolYear: grid.cls.schoolYear,
    period,
    scheme: grid.scheme.scheme,
    grid: columns,
    rows: grid.students.map((student) => {
      const result = resultOf.get(student.id);
      return {
        studentId: student.id,
        fullName: student.fullName,
        birthDate: student.birthDate,
        // The pupil's own subjects: the grid's cells outside them stay closed.
        programme: programmeOf(student.scheme),
        result: result
          ? {
              id: result.id,
              version: result.version,
              syncState: result.syncState,
              syncError: result.syncError,
              entry: result.payload.entry,
              complete: result.payload.complete,
              outcome: result.payload.outcome ?? null,
            }
          : null,
      };
    }),
  };
}
