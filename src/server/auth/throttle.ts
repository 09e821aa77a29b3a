// Login throttling. Failed logins are counted per username as typed, with a delay that doubles
// after the fifth (a whole school shares one public IP, so an IP is never locked out for one
// account's mistakes); each IP also has a generous ceiling against password spraying. A name
// no account has is counted and locked exactly like one that exists, so the answers never
// tell which names exist.
import { sql } from 'kysely';
import type { AnyTierDatabase } from '#db/schema.ts';

export const FREE_FAILURES = 5;
const FIRST_DELAY_SECONDS = 30;
const LONGEST_DELAY_SECONDS = 15 * 60;
export const IP_WINDOW_SECONDS = 10 * 60;
export const IP_MAX_ATTEMPTS = 300;
/** A name nobody has failed to log in with for this long starts afresh (and its row goes). */
const FORGET_AFTER = sql`interval '1 day'`;

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

/** Seconds `username` stays locked (0: not locked). */
export async function secondsLocked(db: AnyTierDatabase, username: string): Promise<number> {
  const row = await db
    .selectFrom('login_failures')
    .select(sql<number>`ceil(extract(epoch FROM locked_until - now()))`.as('left'))
    .where('username', '=', username)
    .executeTakeFirst();
  return row && Number(row.left) > 0 ? Number(row.left) : 0;
}

/** Counts one failed login with `username`, locking the name from the fifth in a row. */
export async function countFailure(db: AnyTierDatabase, username: string): Promise<void> {
  const { failures } = await db
    .insertInto('login_failures')
    .values({ username, failures: 1 })
    .onConflict((oc) =>
      oc.column('username').doUpdateSet({
        failures: sql`CASE WHEN login_failures.last_failed_at < now() - ${FORGET_AFTER} THEN 1 ELSE login_failures.failures + 1 END`,
        last_failed_at: sql`now()`,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  const wait = lockSeconds(failures);
  if (wait > 0)
    await db
      .updateTable('login_failures')
      .set({ locked_until: sql`now() + make_interval(secs => ${wait})` })
      .where('username', '=', username)
      .execute();
  // Names tried once and never again (a spray of made-up names) must not pile up.
  await db
    .deleteFrom('login_failures')
    .where('last_failed_at', '<', sql<Date>`now() - ${FORGET_AFTER}`)
    .execute();
}

/** A successful login, or an administrator's reset or (re-)enabling, clears the count. */
export async function clearFailures(db: AnyTierDatabase, username: string): Promise<void> {
  await db.deleteFrom('login_failures').where('username', '=', username).execute();
}

/** Failed logins in a row of each of `usernames` (absent: none). */
export async function failuresOf(db: AnyTierDatabase, usernames: string[]): Promise<Map<string, number>> {
  if (usernames.length === 0) return new Map();
  const rows = await db
    .selectFrom('login_failures')
    .select(['username', 'failures'])
    .where('username', 'in', usernames)
    .where('last_failed_at', '>=', sql<Date>`now() - ${FORGET_AFTER}`)
    .execute();
  return new Map(rows.map((row) => [row.username as string, row.failures as number]));
}
