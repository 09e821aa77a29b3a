// Writing school records. Every change bumps the version, recomputes the hash of the canonical
// payload and marks the record "chưa đồng bộ" (unsynced); a delete is a tombstone. A change
// that leaves the payload as it was changes nothing at all.
import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { SchoolTierDatabase, StaffTable } from '#db/schema.ts';
import type { SchoolClass, Staff, Student } from '#domain/entities/index.ts';
import { AppError } from '#domain/errors.ts';
import { recordHash } from '#domain/record-hash.ts';
import { assertPeriodOpen } from './periods/service.ts';
import { assertYearOpen } from './school-year-closure.ts';

/** Each record table with the payload it keeps (db/schema.ts types the columns the same way). */
interface PayloadOfTable {
  classes: SchoolClass;
  staff: Staff;
  students: Student;
}
export type RecordTable = keyof PayloadOfTable;
const KIND_OF_TABLE = { classes: 'class', staff: 'staff', students: 'student' } as const;
// A transaction is a Kysely handle too: the same functions run inside one or on their own.
type Db = Kysely<SchoolTierDatabase>;

/** The columns every record table shares, with the payload of the table the row is from. */
export type RecordRow<T extends RecordTable = RecordTable> = Pick<
  Selectable<StaffTable>,
  | 'id'
  | 'school_id'
  | 'version'
  | 'deleted'
  | 'hash'
  | 'sync_state'
  | 'sync_error'
  | 'national_id'
  | 'updated_at'
> & { payload: PayloadOfTable[T] };

const COLUMNS = [
  'id',
  'school_id',
  'version',
  'deleted',
  'payload',
  'hash',
  'sync_state',
  'sync_error',
  'national_id',
  'updated_at',
] as const;

export interface RecordView<Payload> {
  id: string;
  version: number;
  syncState: RecordRow['sync_state'];
  syncError: string | null;
  nationalId: string | null;
  updatedAt: string;
  data: Payload;
}

export function toView<T extends RecordTable>(row: RecordRow<T>): RecordView<PayloadOfTable[T]> {
  return {
    id: row.id,
    version: row.version,
    syncState: row.sync_state,
    syncError: row.sync_error,
    nationalId: row.national_id,
    updatedAt: new Date(row.updated_at).toISOString(),
    data: row.payload,
  };
}

// Kysely cannot follow a table chosen by a type parameter to its columns: the queries below
// name the table as one of the three, and their rows are typed by the table asked for, here.
export async function insertRecord<T extends RecordTable>(
  db: Db,
  table: T,
  schoolId: string,
  payload: PayloadOfTable[T],
  userId: string,
): Promise<RecordRow<T>> {
  await assertYearOpen(db, schoolId, yearOf(payload));
  await assertPeriodOpen(db, schoolId, KIND_OF_TABLE[table], payload);
  return db
    .insertInto(table as RecordTable)
    .values({
      id: crypto.randomUUID(),
      school_id: schoolId,
      payload: JSON.stringify(payload),
      hash: recordHash(payload),
      updated_by: userId,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow() as Promise<RecordRow<T>>;
}

/** A live record of the school, locked for the change about to be made; 404 otherwise. */
export async function lockRecord<T extends RecordTable>(
  db: Db,
  table: T,
  schoolId: string,
  id: string,
): Promise<RecordRow<T>> {
  const row = await db
    .selectFrom(table as RecordTable)
    .select(COLUMNS)
    .where('id', '=', id)
    .where('school_id', '=', schoolId)
    .where('deleted', '=', false)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  return row as RecordRow<T>;
}

/**
 * Stores a new payload for a locked record. `expectedVersion`, when the client sends it,
 * refuses to overwrite a change made meanwhile by someone else.
 */
export async function updateRecord<T extends RecordTable>(
  db: Db,
  table: T,
  current: RecordRow<T>,
  payload: PayloadOfTable[T],
  userId: string,
  expectedVersion?: number,
): Promise<RecordRow<T>> {
  if (expectedVersion !== undefined && expectedVersion !== current.version)
    throw new AppError('VERSION_CONFLICT');
  const hash = recordHash(payload);
  if (hash === current.hash) return current;
  await assertYearOpen(db, current.school_id, yearOf(current.payload), yearOf(payload));
  await assertPeriodOpen(db, current.school_id, KIND_OF_TABLE[table], current.payload, payload);
  return db
    .updateTable(table as RecordTable)
    .set({
      payload: JSON.stringify(payload),
      hash,
      version: sql`version + 1`,
      sync_state: 'unsynced',
      updated_by: userId,
      updated_at: sql`now()`,
    })
    .where('id', '=', current.id)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow() as Promise<RecordRow<T>>;
}

/** Deletes as a tombstone: a new version marked deleted, kept so the deletion can sync upstream. */
export async function tombstoneRecord(
  db: Db,
  table: RecordTable,
  current: RecordRow,
  userId: string,
): Promise<void> {
  await assertYearOpen(db, current.school_id, yearOf(current.payload));
  await assertPeriodOpen(db, current.school_id, KIND_OF_TABLE[table], current.payload);
  await db
    .updateTable(table)
    .set({
      deleted: true,
      version: sql`version + 1`,
      sync_state: 'unsynced',
      updated_by: userId,
      updated_at: sql`now()`,
    })
    .where('id', '=', current.id)
    .execute();
}

/** The school year a record belongs to (staff belong to none). */
function yearOf(payload: object): string | undefined {
  return 'schoolYear' in payload ? (payload.schoolYear as string) : undefined;
}

/** The field names whose values differ, for the audit log (values themselves are not logged). */
export function changedFields(before: object, after: object): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter(
      (key) =>
        JSON.stringify((before as Record<string, unknown>)[key]) !==
        JSON.stringify((after as Record<string, unknown>)[key]),
    )
    .sort();
}

/** Stores new payloads for many records in one statement (a class move, an import). */
export async function updateManyPayloads(
  db: Db,
  table: RecordTable,
  changes: { id: string; payload: object }[],
  userId: string,
): Promise<void> {
  if (changes.length === 0) return;
  if (table !== 'staff') {
    const { rows } = await sql<{ school_id: string; school_year: string }>`
      SELECT DISTINCT school_id, school_year FROM ${sql.table(table)}
      WHERE id = ANY(${changes.map((c) => c.id)}::uuid[])`.execute(db);
    for (const row of rows) await assertYearOpen(db, row.school_id, row.school_year);
  }
  await sql`
    UPDATE ${sql.table(table)} AS t
    SET payload = c.payload, hash = c.hash, version = t.version + 1, sync_state = 'unsynced',
        updated_by = ${userId}, updated_at = now()
    FROM unnest(${changes.map((c) => c.id)}::uuid[], ${changes.map((c) => JSON.stringify(c.payload))}::jsonb[],
                ${changes.map((c) => recordHash(c.payload))}::text[]) AS c(id, payload, hash)
    WHERE t.id = c.id AND t.hash <> c.hash`.execute(db);
}

/** A live (not deleted) class of the school, with its id, or undefined. */
export async function findLiveClass(
  db: Db,
  schoolId: string,
  classId: string,
): Promise<(SchoolClass & { id: string }) | undefined> {
  const row = await db
    .selectFrom('classes')
    .select(['id', 'payload'])
    .where('id', '=', classId)
    .where('school_id', '=', schoolId)
    .where('deleted', '=', false)
    .executeTakeFirst();
  return row && { id: row.id, ...row.payload };
}
