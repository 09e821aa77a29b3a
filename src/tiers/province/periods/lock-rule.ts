// The province's authoritative check of reporting-period locks: a record changed after its
// period's deadline for its kind fails, naming the period and the deadline, unless an unlock of
// the school covers it.
import type { Kysely } from 'kysely';
import type { ProvinceTierDatabase } from '#db/schema.ts';
import type { FieldIssue } from '#domain/errors.ts';
import { lockedRecordRef, lockMessage, lockOf } from '#domain/rules/period-locks.ts';
import { fail, type RuleInput } from '#sync/receive/rules.ts';
import { activeUnlocks, openedPeriods } from './unlocks.ts';

/** Reads once what a batch of one school's items needs; the check then runs per item. */
export async function periodLockProblem(
  db: Kysely<ProvinceTierDatabase>,
  schoolCodes: readonly string[],
  now = new Date(),
): Promise<(input: RuleInput) => FieldIssue | undefined> {
  const periods = await openedPeriods(db);
  if (periods.length === 0) return () => undefined;
  const unlocks = new Map(
    await Promise.all(
      [...new Set(schoolCodes)].map(async (code) => [code, await activeUnlocks(db, code, now)] as const),
    ),
  );
  return ({ kind, item, known }) => {
    const payload = Object.keys(item.payload).length > 0 ? item.payload : known.get(item.id)?.payload;
    const lock = lockOf(lockedRecordRef(kind, payload), periods, unlocks.get(item.schoolCode) ?? [], now);
    return lock ? fail('period', 'PERIOD_LOCKED', lockMessage(lock)) : undefined;
  };
}
