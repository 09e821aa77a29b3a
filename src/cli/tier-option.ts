import { TIER_NAMES, type TierName } from '#domain/tiers.ts';
import { UsageError } from './args.ts';

/** `--tier x` narrows a command to one tier; without it the command covers all three. */
export function tiersArg(value: string | undefined): TierName[] {
  if (value === undefined) return [...TIER_NAMES];
  if (!TIER_NAMES.includes(value as TierName)) {
    throw new UsageError(`--tier phải là school, province hoặc national, nhận được "${value}".`);
  }
  return [value as TierName];
}
