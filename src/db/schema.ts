// Table types for Kysely, one interface per tier database. Keep them in step with migrations/.
import type { ColumnType, Generated, GeneratedAlways, JSONColumnType, Kysely } from 'kysely';
import type { School, SchoolClass, Staff, Student } from '#domain/entities/index.ts';
import type { ResultRecord } from '#domain/entities/result.ts';

// Insert may leave a timestamp to its column default.
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AppMetaTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: Timestamp;
}

export interface OrgUnitTable {
  key: string;
  kind: 'nation' | 'province' | 'commune' | 'school';
  code: string;
  name: string;
  parent_key: string | null;
  path: string;
  created_at: Timestamp;
}

export type SyncState = 'unsynced' | 'pending' | 'success' | 'failed';

/** The sync envelope every school record carries, and its local bookkeeping. */
interface RecordColumns<Payload extends object> {
  id: string;
  version: Generated<number>;
  deleted: Generated<boolean>;
  payload: JSONColumnType<Payload>;
  hash: string;
  sync_state: Generated<SyncState>;
  /** Why the last sync failed (the upstream's message), shown beside "Thất bại". */
  sync_error: Generated<string | null>;
  national_id: Generated<string | null>;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SchoolTable extends RecordColumns<School> {
  code: string;
  current_school_year: string | null;
  name: GeneratedAlways<string>;
  province_code: GeneratedAlways<string>;
}

export interface ClassTable extends RecordColumns<SchoolClass> {
  school_id: string;
  school_year: GeneratedAlways<string>;
  name: GeneratedAlways<string>;
  grade: GeneratedAlways<string>;
  status: GeneratedAlways<string>;
  had_students: Generated<boolean>;
}

export interface ResultTable {
  id: string;
  school_id: string;
  student_id: string;
  school_year: string;
  period: string;
  class_id: GeneratedAlways<string>;
  version: Generated<number>;
  deleted: Generated<boolean>;
  payload: JSONColumnType<ResultRecord>;
  hash: string;
  sync_state: Generated<SyncState>;
  sync_error: Generated<string | null>;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserListSettingsTable {
  user_id: string;
  list: string;
  columns: JSONColumnType<string[]>;
  updated_at: Timestamp;
}

export interface StaffTable extends RecordColumns<Staff> {
  school_id: string;
  full_name: GeneratedAlways<string>;
  personal_id: GeneratedAlways<string | null>;
  status_code: GeneratedAlways<string>;
}

export interface StudentTable extends RecordColumns<Student> {
  school_id: string;
  school_year: GeneratedAlways<string>;
  full_name: GeneratedAlways<string>;
  personal_id: GeneratedAlways<string | null>;
  class_id: GeneratedAlways<string>;
  status_code: GeneratedAlways<string>;
}

export interface UserTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  role: string;
  unit_key: string;
  grants: ColumnType<string[], string[] | undefined, string[]>;
  password_hash: string;
  must_change_password: Generated<boolean>;
  disabled_at: Timestamp | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

/** Failed logins in a row per username as typed, whether or not an account has that name. */
export interface LoginFailureTable {
  username: string;
  failures: number;
  locked_until: Timestamp | null;
  last_failed_at: Generated<Timestamp>;
}

export interface LoginThrottleTable {
  ip: string;
  window_start: Timestamp;
  attempts: number;
}

export interface AuditLogTable {
  id: GeneratedAlways<number>;
  at: Timestamp;
  actor_kind: 'user' | 'credential' | 'anonymous' | 'system';
  actor_id: string | null;
  actor_name: string | null;
  unit_key: string | null;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  ip: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface SyncCredentialTable {
  id: Generated<string>;
  client_id: string;
  unit_key: string;
  secret_hash: string;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface UpstreamCredentialTable {
  unit_key: string;
  upstream_url: string;
  client_id: string;
  /** The secret, sealed under the tier's key (src/server/auth/secret-box.ts). */
  client_secret_sealed: string;
  updated_at: Timestamp;
}

/** Tables every tier has. */
export interface AccessTables {
  app_meta: AppMetaTable;
  users: UserTable;
  sessions: SessionTable;
  login_throttle: LoginThrottleTable;
  login_failures: LoginFailureTable;
  audit_log: AuditLogTable;
  user_list_settings: UserListSettingsTable;
}

export interface SchoolTierDatabase extends AccessTables, SendingTables {
  sync_runs: SyncRunTable;
  schools: SchoolTable;
  classes: ClassTable;
  staff: StaffTable;
  students: StudentTable;
  results: ResultTable;
  school_year_closures: SchoolYearClosureTable;
}

/** A school year the school has closed: its records are read-only from then on. */
export interface SchoolYearClosureTable {
  school_id: string;
  school_year: string;
  closed_by: string | null;
  closed_at: Timestamp;
}

export interface SyncBatchTable {
  id: string;
  sender_unit: string;
  kind: string;
  body_hash: string;
  item_count: number;
  received_at: Timestamp;
}

export interface SyncItemTable {
  batch_id: string;
  idx: number;
  record_id: string;
  version: number;
  school_code: string;
  status: 'pending' | 'success' | 'failed';
  decided_by: 'province' | 'national' | null;
  error_code: string | null;
  error_field: string | null;
  error_message: string | null;
  national_id: string | null;
  updated_at: Timestamp;
  latest: Generated<boolean>;
}

export interface SchoolSyncSummaryTable {
  school_code: string;
  kind: string;
  held: number;
  pending: number;
  success: number;
  failed: number;
  last_success_at: Timestamp | null;
  last_activity_at: Timestamp | null;
}

export interface SyncRecordTable {
  province_code: string;
  id: string;
  kind: string;
  school_code: string;
  version: number;
  deleted: Generated<boolean>;
  payload: JSONColumnType<Record<string, unknown>>;
  hash: string;
  national_id: string | null;
  personal_id: GeneratedAlways<string | null>;
  status_code: GeneratedAlways<string | null>;
  received_at: Timestamp;
  updated_at: Timestamp;
}

export interface OutboxBatchTable {
  id: string;
  seq: GeneratedAlways<number>;
  unit_key: string;
  run_id: string | null;
  kind: string;
  /** Batches written before the request body was kept; null since. */
  items: JSONColumnType<unknown[] | null, string | null, string | null>;
  /** The request body, gzip-compressed JSON. */
  body: Buffer | null;
  status: Generated<'queued' | 'sent' | 'done' | 'rejected'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  done_at: Timestamp | null;
}

export interface OutboxItemTable {
  batch_id: string;
  idx: number;
  record_id: string;
  version: number;
  status: Generated<'pending' | 'success' | 'failed'>;
  decided_by: string | null;
  error_code: string | null;
  error_field: string | null;
  error_message: string | null;
  national_id: string | null;
  updated_at: Timestamp;
}

export interface SyncRunTable {
  id: string;
  school_id: string;
  kind: string;
  requested_by: string | null;
  requested_by_name: string | null;
  record_count: number;
  created_at: Timestamp;
}

/** Tables of a tier that sends sync batches upstream. */
export interface SendingTables {
  outbox_batches: OutboxBatchTable;
  outbox_items: OutboxItemTable;
  upstream_credentials: UpstreamCredentialTable;
}

/** Tables of a tier that receives sync batches. */
export interface ReceivingTables {
  sync_batches: SyncBatchTable;
  sync_items: SyncItemTable;
  sync_records: SyncRecordTable;
  school_sync_summary: SchoolSyncSummaryTable;
}

/** Tables of the tiers above the schools: they receive batches and hold the org tree. */
export interface UpperTierTables extends AccessTables, ReceivingTables {
  org_units: OrgUnitTable;
  sync_credentials: SyncCredentialTable;
}

export interface ProvinceTierDatabase extends UpperTierTables, SendingTables {
  reporting_periods: ReportingPeriodTable;
  period_unlocks: PeriodUnlockTable;
  unlock_requests: UnlockRequestTable;
  period_submissions: PeriodSubmissionTable;
}

/** A school's submission (nộp) of a reporting period, with the figures held when it came, and its review. */
export interface PeriodSubmissionTable {
  id: Generated<string>;
  school_code: string;
  school_year: string;
  period: string;
  status: Generated<'submitted' | 'approved' | 'returned'>;
  figures: JSONColumnType<Record<string, { held: number; failed: number }>>;
  note: string | null;
  submitted_at: Generated<Date>;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  comment: string | null;
}

/** A reporting period the Sở opened: its deadlines by record kind, as dates ("YYYY-MM-DD"). */
export interface ReportingPeriodTable {
  school_year: string;
  period: string;
  opens_on: string;
  deadlines: Record<string, string>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

/** Editing a period's data reopened for one school until a time (kinds null: every kind). */
export interface PeriodUnlockTable {
  id: Generated<string>;
  school_code: string;
  school_year: string;
  period: string;
  kinds: string[] | null;
  until: Date;
  reason: string;
  granted_by: string | null;
  source: 'request' | 'returned';
  created_at: Generated<Date>;
}

/** A school's request (yêu cầu mở khóa) to edit a period's data past its deadline. */
export interface UnlockRequestTable {
  id: Generated<string>;
  school_code: string;
  school_year: string;
  period: string;
  kinds: string[] | null;
  reason: string;
  status: Generated<'open' | 'granted' | 'refused'>;
  until: Date | null;
  answer_reason: string | null;
  answered_by: string | null;
  created_at: Generated<Date>;
  answered_at: Date | null;
}

/** One person (by personal ID), one national identifier. */
export interface PersonIdentityTable {
  kind: string;
  personal_id: string;
  national_id: string;
  updated_at: Generated<Date>;
}

export interface NationalTierDatabase extends UpperTierTables {
  person_identities: PersonIdentityTable;
}

export type TierDatabase = SchoolTierDatabase | ProvinceTierDatabase | NationalTierDatabase;

/** A handle on any tier's database, where code serves every tier; tier code narrows it. */
// biome-ignore lint/suspicious/noExplicitAny: Kysely handles of different schemas share no common supertype.
export type AnyTierDatabase = Kysely<any>;
