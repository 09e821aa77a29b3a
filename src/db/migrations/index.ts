// Each tier's migrations, in order. Names are permanent: the migrator records them in the
// tier's database. A new migration is a new file added at the end of its tier's list.
import type { TierName } from '#domain/tiers.ts';
import type { TierMigration } from './context.ts';
import * as personIdentities from './national/0018_person_identities.ts';
import * as transferRequests from './national/0019_transfer_requests.ts';
import * as reportingPeriods from './province/0023_reporting_periods.ts';
import * as periodSubmissions from './province/0027_period_submissions.ts';
import * as schoolRecords from './school/0002_school_records.ts';
import * as recordKeeping from './school/0007_record_keeping.ts';
import * as syncRuns from './school/0010_sync_runs.ts';
import * as syncErrors from './school/0011_sync_errors.ts';
import * as listsInNameOrder from './school/0015_lists_in_name_order.ts';
import * as schoolYearClosures from './school/0026_school_year_closures.ts';
import * as appMeta from './shared/0001_app_meta.ts';
import * as orgUnits from './shared/0002_org_units.ts';
import * as access from './shared/0003_access.ts';
import * as syncCredentials from './shared/0004_sync_credentials.ts';
import * as upstreamCredentials from './shared/0005_upstream_credentials.ts';
import * as userSettings from './shared/0006_user_settings.ts';
import { syncReceiving } from './shared/0008_sync_receiving.ts';
import * as outbox from './shared/0009_outbox.ts';
import * as outboxRequestBody from './shared/0012_outbox_request_body.ts';
import { roomForStatusUpdates } from './shared/0013_room_for_status_updates.ts';
import * as schoolSyncSummary from './shared/0014_school_sync_summary.ts';
import { noStatisticsOnPayloads } from './shared/0016_no_statistics_on_payloads.ts';
import { fewerIndexWrites } from './shared/0017_fewer_index_writes.ts';
import * as loginFailuresByUsername from './shared/0020_login_failures_by_username.ts';
import { upstreamSecretsSealed } from './shared/0021_upstream_secrets_sealed.ts';
import { searchWithoutDiacritics } from './shared/0022_search_without_diacritics.ts';

export const migrationsByTier: Record<TierName, Record<string, TierMigration>> = {
  school: {
    '0001_app_meta': appMeta,
    '0002_school_records': schoolRecords,
    '0003_access': access,
    '0005_upstream_credentials': upstreamCredentials,
    '0006_user_settings': userSettings,
    '0007_record_keeping': recordKeeping,
    '0009_outbox': outbox,
    '0010_sync_runs': syncRuns,
    '0011_sync_errors': syncErrors,
    '0012_outbox_request_body': outboxRequestBody,
    '0013_room_for_status_updates': { up: roomForStatusUpdates('school') },
    '0015_lists_in_name_order': listsInNameOrder,
    '0016_no_statistics_on_payloads': { up: noStatisticsOnPayloads('school') },
    '0017_fewer_index_writes': { up: fewerIndexWrites('school') },
    '0020_login_failures_by_username': loginFailuresByUsername,
    '0021_upstream_secrets_sealed': upstreamSecretsSealed,
    '0022_search_without_diacritics': { up: searchWithoutDiacritics('school') },
    '0026_school_year_closures': schoolYearClosures,
  },
  province: {
    '0001_app_meta': appMeta,
    '0002_org_units': orgUnits,
    '0003_access': access,
    '0004_sync_credentials': syncCredentials,
    '0005_upstream_credentials': upstreamCredentials,
    '0006_user_settings': userSettings,
    '0008_sync_receiving': { up: syncReceiving(false) },
    '0009_outbox': outbox,
    '0012_outbox_request_body': outboxRequestBody,
    '0013_room_for_status_updates': { up: roomForStatusUpdates('province') },
    '0014_school_sync_summary': schoolSyncSummary,
    '0016_no_statistics_on_payloads': { up: noStatisticsOnPayloads('province') },
    '0017_fewer_index_writes': { up: fewerIndexWrites('province') },
    '0020_login_failures_by_username': loginFailuresByUsername,
    '0021_upstream_secrets_sealed': upstreamSecretsSealed,
    '0022_search_without_diacritics': { up: searchWithoutDiacritics('province') },
    '0023_reporting_periods': reportingPeriods,
    '0027_period_submissions': periodSubmissions,
  },
  national: {
    '0001_app_meta': appMeta,
    '0002_org_units': orgUnits,
    '0003_access': access,
    '0004_sync_credentials': syncCredentials,
    '0006_user_settings': userSettings,
    '0008_sync_receiving': { up: syncReceiving(true) },
    '0013_room_for_status_updates': { up: roomForStatusUpdates('national') },
    '0014_school_sync_summary': schoolSyncSummary,
    '0016_no_statistics_on_payloads': { up: noStatisticsOnPayloads('national') },
    '0017_fewer_index_writes': { up: fewerIndexWrites('national') },
    '0018_person_identities': personIdentities,
    '0019_transfer_requests': transferRequests,
    '0020_login_failures_by_username': loginFailuresByUsername,
    '0022_search_without_diacritics': { up: searchWithoutDiacritics('national') },
  },
};
