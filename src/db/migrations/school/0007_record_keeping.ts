import { type Kysely, sql } from 'kysely';

// What the school's daily record keeping needs on top of the records themselves:
// - sync_state: 'unsynced' after any change ("chưa đồng bộ"), then pending / success / failed;
// - national_id: the identifier (mã định danh) the national tier assigns, shown on the record;
// - classes.had_students: a class that ever had a student can be dissolved but never deleted;
// - the school's current school year;
// - learning results, one per student × school year × period;
// - no two live students (or staff) of a school share a personal ID.

const RECORD_TABLES = ['schools', 'classes', 'staff', 'students'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of RECORD_TABLES) {
    await db.schema
      .alterTable(table)
      .addColumn('sync_state', 'text', (col) =>
        col
          .notNull()
          .defaultTo('unsynced')
          .check(sql`sync_state IN ('unsynced', 'pending', 'success', 'failed')`),
      )
      .addColumn('national_id', 'text')
      .addColumn('updated_by', 'uuid')
      .execute();
  }
  await db.schema.alterTable('schools').addColumn('current_school_year', 'text').execute();
  await db.schema
    .alterTable('classes')
    .addColumn('had_students', 'boolean', (col) => col.notNull().defaultTo(false))
    .execute();
  await sql`UPDATE classes c SET had_students = true WHERE EXISTS (SELECT 1 FROM students s WHERE s.class_id = c.id)`.execute(
    db,
  );

  await db.schema
    .createTable('results')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('student_id', 'uuid', (col) => col.notNull().references('students.id'))
    .addColumn('school_year', 'text', (col) => col.notNull())
    .addColumn('period', 'text', (col) => col.notNull())
    .addColumn('class_id', 'uuid', (col) => col.generatedAlwaysAs(sql`(payload->>'classId')::uuid`).stored())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('deleted', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('payload', 'jsonb', (col) => col.notNull())
    .addColumn('hash', 'text', (col) => col.notNull())
    .addColumn('sync_state', 'text', (col) => col.notNull().defaultTo('unsynced'))
    .addColumn('updated_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('results_student_period')
    .on('results')
    .columns(['student_id', 'school_year', 'period'])
    .unique()
    .execute();
  await db.schema
    .createIndex('results_class_period')
    .on('results')
    .columns(['school_id', 'class_id', 'period'])
    .execute();

  for (const table of ['students', 'staff']) {
    await sql`CREATE UNIQUE INDEX ${sql.raw(`${table}_school_personal_id`)} ON ${sql.table(table)} (school_id, personal_id)
      WHERE NOT deleted AND personal_id IS NOT NULL`.execute(db);
  }
}
