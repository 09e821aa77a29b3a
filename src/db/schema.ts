// Table types for Kysely, one interface per tier database. Keep them in step with migrations/.
import type { ColumnType, Generated, GeneratedAlways, JSONColumnType, Kysely } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AppMetaTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: Generated<Timestamp>;
}

export interface OrgUnitTable {
  key: string;
  kind: 'nation' | 'province' | 'commune' | 'school';
  code: string;
  name: string;
  parent_key: string | null;
  path: string;
  created_at: Generated<Timestamp>;
}

/** The sync envelope every school record carries. */
interface RecordColumns<Payload extends object> {
  id: string;
  version: Generated<number>;
  deleted: Generated<boolean>;
  payload: JSONColumnType<Payload>;
  hash: string;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface SchoolTable extends RecordColumns<Record<string, unknown>> {
  code: string;
  name: GeneratedAlways<string>;
  province_code: GeneratedAlways<string>;
}

export interface ClassTable extends RecordColumns<Record<string, unknown>> {
  school_id: string;
  school_year: GeneratedAlways<string>;
  name: GeneratedAlways<string>;
  grade: GeneratedAlways<string>;
  status: GeneratedAlways<string>;
}

export interface StaffTable extends RecordColumns<Record<string, unknown>> {
  school_id: string;
  full_name: GeneratedAlways<string>;
  personal_id: GeneratedAlways<string | null>;
  status_code: GeneratedAlways<string>;
}

export interface StudentTable extends RecordColumns<Record<string, unknown>> {
  school_id: string;
  school_year: GeneratedAlways<string>;
  full_name: GeneratedAlways<string>;
  personal_id: GeneratedAlways<string | null>;
  class_id: GeneratedAlways<string>;
  status_code: GeneratedAlways<string>;
}

export interface SchoolTierDatabase {
  app_meta: AppMetaTable;
  schools: SchoolTable;
  classes: ClassTable;
  staff: StaffTable;
  students: StudentTable;
}

export interface ProvinceTierDatabase {
  app_meta: AppMetaTable;
  org_units: OrgUnitTable;
}

export interface NationalTierDatabase {
  app_meta: AppMetaTable;
  org_units: OrgUnitTable;
}

export type TierDatabase = SchoolTierDatabase | ProvinceTierDatabase | NationalTierDatabase;

/** A handle on any tier's database, where code serves every tier; tier code narrows it. */
// biome-ignore lint/suspicious/noExplicitAny: Kysely handles of different schemas share no common supertype.
export type AnyTierDatabase = Kysely<any>;
