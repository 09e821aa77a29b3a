import type { z } from 'zod';
import type { FieldIssue } from './errors.ts';

/** The message zod gives a missing required field (set in entities/common.ts). */
export const REQUIRED_MESSAGE = 'Trường này là bắt buộc.';

interface IssueLike {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  params?: Record<string, unknown>;
}

/** A zod issue as dongbo reports it: a dotted field path, a stable code, a Vietnamese message. */
export function toFieldIssue(issue: IssueLike, prefix = ''): FieldIssue {
  const path = issue.path.map(String).join('.');
  return {
    field: prefix && path ? `${prefix}.${path}` : prefix || path,
    code: codeOf(issue),
    message: issue.message,
  };
}

function codeOf(issue: IssueLike): string {
  if (typeof issue.params?.code === 'string') return issue.params.code;
  if (issue.message === REQUIRED_MESSAGE) return 'REQUIRED';
  switch (issue.code) {
    case 'invalid_value':
      return 'CODE_UNKNOWN';
    default:
      return 'INVALID_FORMAT';
  }
}

export function zodFieldIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((issue) => toFieldIssue(issue as IssueLike, prefix));
}
