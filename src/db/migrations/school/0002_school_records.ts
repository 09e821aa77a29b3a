import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';

// School records keep the whole validated entity in `payload` (the same JSON that syncs
// upstream) and copy out, as generated columns, the few fields the lists filter and sort on.
// Every record carries the sync envelope: a UUID born here, a version bumped on each change,
// a tombstone flag, and the SHA-256 of the canonical payload.

const fromPayload = (expression: string) => (col: ColumnDefinitionBuilder) =>
  col.generatedAlwaysAs(sql.raw(expression)).stored();

function recordTable(db: Kysely<unknown>, name: string) {
  return db.schema
    .createTable(name)
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('deleted', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('payload', 'jsonb', (col) => col.notNull())
    .addColumn('hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`));
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('schools')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('code', 'text', (col) => col.notNull().unique())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('deleted', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('payload', 'jsonb', (col) => col.notNull())
    .addColumn('hash', 'text', (col) => col.notNull())
    .addColumn('name', 'text', fromPayload(`payload->>'name'`))
    .addColumn('province_code', 'text', fromPayload(`payload#>>'{address,provinceCode}'`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await recordTable(db, 'classes')
    .addColumn('school_year', 'text', fromPayload(`payload->>'schoolYear'`))
    .addColumn('name', 'text', fromPayload(`payload->>'name'`))
    .addColumn('grade', 'text', fromPayload(`payload->>'grade'`))
    .addColumn('status', 'text', fromPayload(`payload->>'status'`))
    .execute();
  await db.schema
    .createIndex('classes_school_year_grade')
    .on('classes')
    .columns(['school_id', 'school_year', 'grade', 'name'])
    .execute();

  await recordTable(db, 'staff')
    .addColumn('full_name', 'text', fromPayload(`payload->>'fullName'`))
    .addColumn('personal_id', 'text', fromPayload(`payload->>'personalId'`))
    .addColumn('status_code', 'text', fromPayload(`payload->>'statusCode'`))
    .execute();
  await db.schema.createIndex('staff_school_name').on('staff').columns(['school_id', 'full_name']).execute();
  await db.schema.createIndex('staff_personal_id').on('staff').column('personal_id').execute();

  await recordTable(db, 'students')
    .addColumn('school_year', 'text', fromPayload(`payload->>'schoolYear'`))
    .addColumn('full_name', 'text', fromPayload(`payload->>'fullName'`))
    .addColumn('personal_id', 'text', fromPayload(`payload->>'personalId'`))
    .addColumn('class_id', 'uuid', fromPayload(`(payload->>'classId')::uuid`))
    .addColumn('status_code', 'text', fromPayload(`payload->>'statusCode'`))
    .execute();
  await db.schema
    .createIndex('students_school_year_class')
    .on('students')
    .columns(['school_id', 'school_year', 'class_id'])
    .execute();
  await db.schema
    .createIndex('students_school_name')
    .on('students')
    .columns(['school_id', 'full_name'])
    .execute();
  await db.schema.createIndex('students_personal_id').on('students').column('personal_id').execute();
}
