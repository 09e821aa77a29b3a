// The error catalogue's messages in English, for the web app's English switch. The API itself
// answers in Vietnamese; the app shows a code's English message in place of the catalogue's own
// Vietnamese one. Every code must have one (the type says so).
import type { ErrorCode } from './errors.ts';

export const englishErrorMessages: Record<ErrorCode, string> = {
  NOT_FOUND: 'The page or record asked for was not found.',
  VALIDATION_FAILED: 'Some of the data sent is not valid. Please check the fields shown.',
  MALFORMED_JSON: 'What was sent is not valid JSON.',
  EMPTY_BODY: 'This request needs content, but none was sent.',
  INVALID_TEXT:
    'The data sent has invalid characters (not UTF-8 text, a NUL character or broken Unicode). Please retype what was just pasted.',
  JSON_TOO_DEEP: 'The data sent is nested too deeply.',
  MALFORMED_URL: 'The address of the request is not valid (a wrong character or parameter).',
  UNSUPPORTED_MEDIA_TYPE: 'This content type is not supported. Please send JSON.',
  PAYLOAD_TOO_LARGE: 'The data sent is too large.',
  BODY_TOO_SLOW:
    'The data sent arrived too slowly, so the connection was cut. Please check the network and send it again.',
  METHOD_NOT_ALLOWED: 'This method is not supported at this address.',
  RATE_LIMITED: 'Too many requests. Please try again in a few minutes.',
  UNAUTHENTICATED: 'Please sign in to do this.',
  FORBIDDEN: 'Your account is not allowed to do this.',
  INVALID_CREDENTIALS: 'Wrong username or password (or the account is locked). Please try again.',
  SESSION_EXPIRED: 'Your session has expired. Please sign in again.',
  LOGIN_THROTTLED: 'Too many failed sign-ins. Please wait, then try again.',
  PASSWORD_CHANGE_REQUIRED: 'Please change the password you were given before going on.',
  CSRF_REJECTED:
    'The request was refused as it did not come from a page of this system. Reload the page and try again.',
  MACHINE_CREDENTIAL_INVALID: 'The sync connection code (client id / secret) is wrong, revoked or expired.',
  USERNAME_TAKEN: 'This username is already taken.',
  CANNOT_CHANGE_OWN_ACCOUNT:
    'You cannot lock your own account or change your own role; ask another administrator.',
  UNIT_NOT_ALLOWED: 'This unit is outside what you manage, or does not fit the role.',
  ROLE_NOT_ALLOWED: 'You may not create an account with this role.',
  GRANT_UNKNOWN: "Unknown permission: only viewing, editing and syncing a school's data can be granted.",
  PASSWORD_TOO_SHORT: 'The password needs at least 10 characters.',
  PASSWORD_TOO_LONG: 'The password may be at most 128 characters long.',
  PASSWORD_TOO_COMMON: 'This password is too common and easy to guess. Please choose another.',
  PASSWORD_CONTAINS_USERNAME: 'The password must not contain the username.',
  PASSWORD_WRONG: 'The current password is wrong.',
  PASSWORD_REUSED: 'The new password must differ from the current one.',
  VERSION_CONFLICT:
    'Someone else has just changed this record. Reload to see the newest version, then edit again.',
  CLASS_HAS_STUDENTS: 'The class still has students, so it cannot be dissolved yet.',
  CLASS_HAS_HISTORY: 'The class has had students, so it cannot be deleted; dissolve it instead.',
  CLASS_NOT_ACTIVE: 'The class is dissolved; no more students can be placed in it.',
  CLASS_GRADE_NOT_IN_LEVEL: "This grade is not taught at the school's level.",
  COMBINATION_NOT_UPPER_SECONDARY:
    'Subject combinations are only for grades 10, 11 and 12 (upper secondary).',
  SCHOOL_YEAR_MISMATCH: "The school year does not match the class's school year.",
  SCHOOL_YEAR_CLOSED: 'The school year is closed (rolled over): its records can be read, not changed.',
  SCHOOL_YEAR_NOT_CLOSED: 'Close the school year before rolling over to the next one.',
  STAFF_IS_HOMEROOM: 'This staff member is a homeroom teacher; change the homeroom teacher before deleting.',
  REFERENCE_UNKNOWN: 'The record referred to does not exist in the school.',
  PERSONAL_ID_DUPLICATE: 'This personal ID is already on another record of the school.',
  RESULT_INVALID: 'The learning results are not valid.',
  EXCEL_INVALID: 'The Excel file could not be read.',
  EXCEL_TOO_LARGE: 'The Excel file is too large.',
  EXCEL_HAS_ERRORS: 'The Excel file has rows with errors; no row was imported.',
  EXCEL_BUSY: 'The server is reading many Excel files at once; send the file again in a few seconds.',
  IDEMPOTENCY_KEY_MISMATCH: "The Idempotency-Key must equal the batch's batchId.",
  IDEMPOTENCY_KEY_REUSED: 'This batch id was already used for a batch with other content.',
  BATCH_IN_FLIGHT: 'This batch is being taken right now; ask for its status again in a few seconds.',
  SYNC_BUSY:
    'Many sync batches are being taken at once; the batch will be sent again in a few seconds (see Retry-After).',
  HASH_MISMATCH: "The hash does not match the record's content.",
  SCHOOL_CODE_MISMATCH: 'The record does not belong to the sending unit.',
  AGE_IMPLAUSIBLE_FOR_GRADE: "The student's age does not fit the grade.",
  RESULT_SCHEME_MISMATCH: "The learning results do not follow the grade's evaluation circular.",
  RESULT_INCOMPLETE: 'The learning results are not complete for the evaluation period.',
  STUDENT_ENROLLED_ELSEWHERE: 'The student is enrolled at another school.',
  STAFF_ACTIVE_ELSEWHERE: 'The staff member is working at another school.',
  TRANSFER_NOT_NEEDED:
    'The pupil is not enrolled at another school, so no transfer request is needed: take them in and sync at once.',
  SCHOOL_NOT_SYNCED:
    "The national database does not know the school yet. Sync the school's information first, then try again.",
  TRANSFER_ALREADY_ANSWERED: 'This transfer request has already been answered.',
  PERIOD_LOCKED:
    "The reporting period's deadline for this data has passed; send an unlock request to the province.",
  PERIOD_NOT_OPENED: 'There is no such reporting period.',
  UNLOCK_REQUEST_ANSWERED: 'This unlock request has already been answered.',
  SUBMISSION_UNDER_REVIEW:
    'This period has been submitted and awaits review; submit again only once returned.',
  SUBMISSION_APPROVED: 'This period has been approved; it cannot be submitted again.',
  SUBMISSION_REVIEWED: 'This submission has already been approved or returned.',
  SUBMISSION_NOT_SYNCED: 'Some records have not finished syncing; sync them, then submit.',
  UPSTREAM_UNAVAILABLE:
    'The tier above (province or national database) cannot be reached. Please try again in a few minutes.',
  RECORD_OWNED_ELSEWHERE: 'This record belongs to another unit; the sender may not change or delete it.',
  VERSION_SUPERSEDED: 'The tier above holds a newer version of this record; the version sent was not stored.',
  RECORD_VERSION_CONFLICT:
    'This version of the record was received before with other content; edit the record and sync it again.',
  PERSONAL_ID_IDENTITY_CONFLICT:
    "This personal ID belongs to another person's national identifier; check the personal ID or ask the province to merge the records.",
  REFERENCE_LIST_UNKNOWN: 'There is no shared code list with this name.',
  DATABASE_UNAVAILABLE: 'The database cannot be reached. Please try again later or tell an administrator.',
  INTERNAL_ERROR:
    'The system met an unexpected error. Please try again; if it happens again, tell an administrator with the request id.',
  REQUIRED: 'This field is required.',
  INVALID_FORMAT: 'The value is not in the right format.',
  CODE_UNKNOWN: 'The code is not in the code list.',
  PERSONAL_ID_FORMAT: 'A personal ID has exactly 12 digits.',
  PERSONAL_ID_PROVINCE_UNKNOWN: 'The first three digits of the personal ID match no province code.',
  PERSONAL_ID_CENTURY_MISMATCH: "The 4th digit of the personal ID does not match the birth year's century.",
  PERSONAL_ID_GENDER_MISMATCH: 'The 4th digit of the personal ID does not match the gender.',
  PERSONAL_ID_BIRTH_YEAR_MISMATCH: 'The 5th and 6th digits of the personal ID do not match the birth year.',
};
