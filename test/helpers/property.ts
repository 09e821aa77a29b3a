/**
 * How many runs a property that sets its own count makes: `ci` by default (slow properties, such
 * as those on a real database, keep it small), or FC_RUNS when given (see test/setup/fast-check.ts).
 */
export function propertyRuns(ci: number): number {
  const given = Number(process.env.FC_RUNS);
  return given > 0 ? given : ci;
}
