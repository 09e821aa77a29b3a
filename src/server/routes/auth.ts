import { sql } from 'kysely';
import { z } from 'zod';
import { CATEGORIES, permissionsOf, ROLE_LABELS, ROLES, type Role } from '#domain/access/permissions.ts';
import { AppError, issue } from '#domain/errors.ts';
import { writeAudit } from '../audit.ts';
import { requireUser } from '../auth/caller.ts';
import { hashPassword, passwordProblems, verifyPassword } from '../auth/passwords.ts';
import {
  createSession,
  endSession,
  endSessionsOfUser,
  SESSION_ABSOLUTE_SECONDS,
  SESSION_COOKIE,
} from '../auth/sessions.ts';
import { clearFailures, countAttemptFromIp, countFailure, secondsLocked } from '../auth/throttle.ts';
import { accessDb, type TierContext } from '../context.ts';
import { findUnit } from '../units/units.ts';
import type { ZodApp } from '../zod-app.ts';

const meSchema = z.object({
  user: z.object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    roleLabel: z.string(),
    mustChangePassword: z.boolean(),
  }),
  unit: z.object({ key: z.string(), kind: z.string(), code: z.string(), name: z.string() }),
  permissions: z.array(z.string()).describe(`"<hạng mục>:<thao tác>", hạng mục: ${CATEGORIES.join(', ')}`),
});

const okSchema = z.object({ ok: z.literal(true) });

export function registerAuthRoutes(app: ZodApp, context: TierContext): void {
  const db = accessDb(context);

  async function me(userId: string) {
    const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    const unit = await findUnit(context, user.unit_key);
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

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['Đăng nhập'],
        summary: 'Đăng nhập; đặt cookie phiên làm việc',
        body: z.object({ username: z.string().trim().toLowerCase().max(100), password: z.string().max(200) }),
        response: { 200: meSchema },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const ipWait = await countAttemptFromIp(db, request.ip);
      if (ipWait > 0) {
        reply.header('retry-after', String(ipWait));
        throw new AppError('LOGIN_THROTTLED');
      }

      // Locked or not, counted or not: decided by the name as typed, never by whether an
      // account has it, so that no answer tells which names exist.
      const lockedFor = await secondsLocked(db, username);
      if (lockedFor > 0) {
        reply.header('retry-after', String(lockedFor));
        throw new AppError('LOGIN_THROTTLED', {
          message: `Tài khoản đã đăng nhập sai nhiều lần. Vui lòng chờ ${formatWait(lockedFor)} rồi thử lại.`,
        });
      }

      const user = await db
        .selectFrom('users')
        .select(['id', 'username', 'unit_key', 'password_hash', 'disabled_at'])
        .where('username', '=', username)
        .executeTakeFirst();
      // An unknown username is checked against a decoy hash at the same cost.
      const check = await verifyPassword(password, user?.password_hash);
      if (!user || !check.ok || user.disabled_at) {
        await countFailure(db, username);
        await writeAudit(db, request, {
          action: 'auth.login_failed',
          unitKey: user?.unit_key ?? null,
          actor: { kind: 'anonymous', name: username },
          details: { reason: !user ? 'unknown_username' : user.disabled_at ? 'disabled' : 'wrong_password' },
        });
        throw new AppError('INVALID_CREDENTIALS');
      }

      await clearFailures(db, username);
      if (check.needsRehash)
        await db
          .updateTable('users')
          .set({ password_hash: await hashPassword(password) })
          .where('id', '=', user.id)
          .execute();
      const token = await createSession(db, user.id, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        maxAge: SESSION_ABSOLUTE_SECONDS,
      });
      await writeAudit(db, request, {
        action: 'auth.login',
        unitKey: user.unit_key,
        actor: { kind: 'user', id: user.id, name: user.username },
      });
      return me(user.id);
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['Đăng nhập'], summary: 'Đăng xuất', response: { 200: okSchema } } },
    async (request, reply) => {
      const caller = requireUser(request.caller);
      await endSession(db, caller.sessionTokenHash);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      await writeAudit(db, request, { action: 'auth.logout' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['Đăng nhập'],
        summary: 'Người đang đăng nhập, đơn vị và quyền',
        response: { 200: meSchema },
      },
    },
    async (request) => me(requireUser(request.caller).id),
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['Đăng nhập'],
        summary: 'Đổi mật khẩu (bắt buộc ở lần đăng nhập đầu tiên)',
        body: z.object({ currentPassword: z.string().max(200), newPassword: z.string().max(200) }),
        response: { 200: okSchema },
      },
    },
    async (request) => {
      const caller = requireUser(request.caller);
      const { currentPassword, newPassword } = request.body;
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
      await writeAudit(db, request, {
        action: 'auth.password_changed',
        targetKind: 'user',
        targetId: caller.id,
      });
      return { ok: true as const };
    },
  );
}

function formatWait(seconds: number): string {
  return seconds < 90 ? `${seconds} giây` : `${Math.ceil(seconds / 60)} phút`;
}
