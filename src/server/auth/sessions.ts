// Cookie sessions. The cookie holds a 256-bit random token; the database holds its SHA-256
// only, so a stolen database dump opens no session.
import { sql } from 'kysely';
import type { AnyTierDatabase } from '#db/schema.ts';
import { permissionsOf, type Role } from '#domain/access/permissions.ts';
import type { TierName } from '#domain/tiers.ts';
import type { UserCaller } from './caller.ts';
import { randomToken, sha256 } from './secrets.ts';

export const SESSION_COOKIE = 'dongbo_session';
/** A session unused this long ends (a clerk away from the desk). */
export const SESSION_IDLE_SECONDS = 2 * 60 * 60;
/** No session outlives a working day. */
export const SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60;
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_EVERY_SECONDS = 60;

export async function createSession(
  db: AnyTierDatabase,
  userId: string,
  client: { ip: string; userAgent: string | undefined },
): Promise<string> {
  const token = randomToken();
  await db
    .insertInto('sessions')
    .values({
      token_hash: sha256(token),
      user_id: userId,
      ip: client.ip,
      user_agent: client.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return token;
}

/** The signed-in user of a session token, if the session is alive and the account enabled. */
export async function userOfSession(
  db: AnyTierDatabase,
  tier: TierName,
  token: string,
): Promise<UserCaller | undefined> {
  const tokenHash = sha256(token);
  let query = db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.unit_key',
      'u.grants',
      'u.must_change_password',
      sql<boolean>`s.last_seen_at < now() - make_interval(secs => ${TOUCH_EVERY_SECONDS})`.as('stale'),
    ])
    .where('s.token_hash', '=', tokenHash)
    .where('u.disabled_at', 'is', null)
    .where(sql<boolean>`s.last_seen_at > now() - make_interval(secs => ${SESSION_IDLE_SECONDS})`)
    .where(sql<boolean>`s.created_at > now() - make_interval(secs => ${SESSION_ABSOLUTE_SECONDS})`);
  if (tier !== 'school') query = query.innerJoin('org_units as o', 'o.key', 'u.unit_key').select('o.path');
  const row = (await query.executeTakeFirst()) as
    | {
        id: string;
        username: string;
        display_name: string;
        role: Role;
        unit_key: string;
        grants: string[];
        must_change_password: boolean;
        stale: boolean;
        path?: string;
      }
    | undefined;
  if (!row) return undefined;
  if (row.stale)
    await db
      .updateTable('sessions')
      .set({ last_seen_at: sql`now()` })
      .where('token_hash', '=', tokenHash)
      .execute();
  return {
    kind: 'user',
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    unitKey: row.unit_key,
    unitPath: row.path ?? `${row.unit_key}.`,
    permissions: new Set(permissionsOf(row.role, row.grants)),
    mustChangePassword: row.must_change_password,
    sessionTokenHash: tokenHash,
  };
}

export async function endSession(db: AnyTierDatabase, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of a user (disabled, password reset), or every other one (password changed). */
export async function endSessionsOfUser(
  db: AnyTierDatabase,
  userId: string,
  keepTokenHash?: string,
): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepTokenHash) query = query.where('token_hash', '!=', keepTokenHash);
  await query.execute();
}
