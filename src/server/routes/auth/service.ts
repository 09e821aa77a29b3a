// Login, the caller's own account, and changing a password: what the routes do, in SQL.
import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import type { AccessTables } from '#db/schema.ts';
import { permissionsOf, ROLE_LABELS, type Role } from '#domain/access/permissions.ts';
import { AppError, issue } from '#domain/errors.ts';
import { hashPassword, passwordProblems, verifyPassword } from '../../auth/passwords.ts';
import { endSessionsOfUser } from '../../auth/sessions.ts';
import { clearFailures, countFailure } from '../../auth/throttle.ts';
import type { TierDb } from '../../context.ts';
import { findUnit } from '../../units/units.ts';
import type { meSchema, passwordBody } from './schemas.ts';

type Db = Kysely<AccessTables>;

/** The signed-in user, their unit and their permissions. */
export async function meOf(db: Db, tier: TierDb, userId: string): Promise<z.infer<typeof meSchema>> {
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  const unit = await findUnit(tier, user.unit_key);
  return {
    user: {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      role: user.role as Role,
      roleLabel: ROLE_LABELS[user.role as Role],
      mustChangePassword: user.must_change_password,
    },
    unit: {
      key: user.unit_key,
      kind: unit?.kind ?? 'school',
      code: unit?.code ?? '',
      name: unit?.name ?? user.unit_key,
    },
    permissions: permissionsOf(user.role as Role, user.grants),
  };
}

export type LoginCheck =
  | { ok: true; user: { id: string; username: string; unit_key: string } }
  | { ok: false; unitKey: string | null; reason: 'unknown_username' | 'disabled' | 'wrong_password' };

/**
 * Checks a username and password. An unknown username is checked against a decoy hash at the
 * same cost; a failure is counted against the name as typed, whether an account has it or not.
 */
export async function checkLogin(db: Db, username: string, password: string): Promise<LoginCheck> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'username', 'unit_key', 'password_hash', 'disabled_at'])
    .where('username', '=', username)
    .executeTakeFirst();
  const check = await verifyPassword(password, user?.password_hash);
  if (!user || !check.ok || user.disabled_at) {
    await countFailure(db, username);
    const reason = !user ? 'unknown_username' : user.disabled_at ? 'disabled' : 'wrong_password';
    return { ok: false, unitKey: user?.unit_key ?? null, reason };
  }
  await clearFailures(db, username);
  if (check.needsRehash)
    await db
      .updateTable('users')
      .set({ password_hash: await hashPassword(password) })
      .where('id', '=', user.id)
      .execute();
  return { ok: true, user };
}

/** A new password for the caller; every other session of theirs ends. */
export async function changePassword(
  db: Db,
  caller: { id: string; username: string; sessionTokenHash: string },
  { currentPassword, newPassword }: z.infer<typeof passwordBody>,
): Promise<void> {
  const user = await db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', caller.id)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(currentPassword, user.password_hash)).ok) {
    throw new AppError('VALIDATION_FAILED', { issues: [issue('currentPassword', 'PASSWORD_WRONG')] });
  }
  const problems = await passwordProblems(newPassword, caller.username);
  if (newPassword === currentPassword) problems.push(issue('newPassword', 'PASSWORD_REUSED'));
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { issues: problems });
  await db
    .updateTable('users')
    .set({
      password_hash: await hashPassword(newPassword),
      must_change_password: false,
      updated_at: sql`now()`,
    })
    .where('id', '=', caller.id)
    .execute();
  await endSessionsOfUser(db, caller.id, caller.sessionTokenHash);
}
