// Login throttling. Failed logins are counted per account, with a delay that doubles after
// the fifth (a whole school shares one public IP, so an IP is never locked out for one
// account's mistakes); each IP also has a generous ceiling against password spraying.
import { sql } from 'kysely';
import type { AnyTierDatabase } from '../../db/schema.ts';

export const FREE_FAILURES = 5;
const FIRST_DELAY_SECONDS = 30;
const LONGEST_DELAY_SECONDS = 15 * 60;
export const IP_WINDOW_SECONDS = 10 * 60;
export const IP_MAX_ATTEMPTS = 300;

/** Seconds an account stays locked after its `failures`-th failure in a row (0: not locked). */
export function lockSeconds(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(FIRST_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES), LONGEST_DELAY_SECONDS);
}

/** Counts one login attempt from `ip`; returns the seconds to wait when over the ceiling. */
export async function countAttemptFromIp(db: AnyTierDatabase, ip: string): Promise<number> {
  const row = await db
    .insertInto('login_throttle')
    .values({ ip, window_start: sql`now()`, attempts: 1 })
    .onConflict((oc) =>
      oc.column('ip').doUpdateSet({
        attempts: sql`CASE WHEN login_throttle.window_start < now() - make_interval(secs => ${IP_WINDOW_SECONDS}) THEN 1 ELSE login_throttle.attempts + 1 END`,
        window_start: sql`CASE WHEN login_throttle.window_start < now() - make_interval(secs => ${IP_WINDOW_SECONDS}) THEN now() ELSE login_throttle.window_start END`,
      }),
    )
    .returning([
      'attempts',
      sql<number>`ceil(extract(epoch FROM window_start + make_interval(secs => ${IP_WINDOW_SECONDS}) - now()))`.as(
        'left',
      ),
    ])
    .executeTakeFirstOrThrow();
  return row.attempts > IP_MAX_ATTEMPTS ? Math.max(1, Number(row.left)) : 0;
}
