// The web app's side of the API: JSON over fetch, same origin, the session cookie, and one
// error type carrying the server's stable code, message (in English when the app is) and field
// issues.
import { type ErrorCode, errorCatalogue } from '#domain/errors.ts';
import { englishErrorMessages } from '#domain/errors-en.ts';
import type { TierName } from '#domain/tiers.ts';
import { storedLanguage } from './i18n.tsx';

export type { TierName };

export interface TierInfo {
  tier: TierName;
  label: string;
  version: string;
  links: Partial<Record<TierName, string>>;
}

export interface Health {
  tier: TierName;
  status: 'ok' | 'unavailable';
  database: 'ok' | 'unavailable';
  version: string;
  reason?: string;
}

export interface FieldIssue {
  field: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: FieldIssue[];

  constructor(status: number, code: string, message: string, issues: FieldIssue[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

export async function request<T>(
  method: string,
  url: string,
  body?: unknown,
  acceptStatuses: number[] = [],
): Promise<T> {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const data = await response.json().catch(() => undefined);
  if (!response.ok && !acceptStatuses.includes(response.status)) {
    throw new ApiError(
      response.status,
      data?.code ?? `HTTP_${response.status}`,
      data?.message ? inAppLanguage(data.code, data.message) : `Máy chủ trả lời ${response.status}`,
      data?.errors?.map((issue: FieldIssue) => ({
        ...issue,
        message: inAppLanguage(issue.code, issue.message),
      })),
    );
  }
  return data as T;
}

/**
 * The server's message, or in English the code's English message where the server sent the
 * catalogue's own; a message written for one case (naming a record or a row) stays as it came.
 */
function inAppLanguage(code: string, message: string): string {
  if (storedLanguage() !== 'en' || !Object.hasOwn(errorCatalogue, code)) return message;
  const known = code as ErrorCode;
  return errorCatalogue[known].message === message ? englishErrorMessages[known] : message;
}

export const getJson = <T>(url: string, acceptStatuses: number[] = []) =>
  request<T>('GET', url, undefined, acceptStatuses);
export const postJson = <T>(url: string, body?: unknown) => request<T>('POST', url, body ?? {});
export const putJson = <T>(url: string, body: unknown) => request<T>('PUT', url, body);

export interface Me {
  user: {
    id: string;
    username: string;
    displayName: string;
    role: string;
    roleLabel: string;
    mustChangePassword: boolean;
  };
  unit: { key: string; kind: string; code: string; name: string };
  permissions: string[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type SyncState = 'unsynced' | 'pending' | 'success' | 'failed';
