// The shape check every receiving tier makes of an item: its hash, and its payload against the
// entity's zod schema (the same one the school saved it with).
import type { FieldIssue } from '#domain/errors.ts';
import { errorCatalogue } from '#domain/errors.ts';
import type { RecordKind } from '#domain/record-kinds.ts';
import { RECORD_SCHEMAS } from '#domain/record-schemas.ts';
import { zodFieldIssues } from '#domain/validation.ts';
import type { BatchItem } from '../protocol.ts';

/**
 * The first problem of an item's shape, or undefined when it is well formed. `payloadHash` is
 * recordHash(item.payload), computed once by the caller, which needs it too.
 */
export function shapeProblem(kind: RecordKind, item: BatchItem, payloadHash: string): FieldIssue | undefined {
  if (payloadHash !== item.hash) {
    return { field: 'hash', code: 'HASH_MISMATCH', message: errorCatalogue.HASH_MISMATCH.message };
  }
  if (item.deleted) return undefined;
  const parsed = RECORD_SCHEMAS[kind].safeParse(item.payload);
  if (!parsed.success) return zodFieldIssues(parsed.error)[0];
  return undefined;
}
