// Đăng nhập, đăng xuất, the caller's own account and password. Login refuses too many attempts
// from one address or against one name with 429 and Retry-After, the same whether or not an
// account has that name, so that no answer tells which names exist.
import { AppError } from '#domain/errors.ts';
import { writeAudit } from '../../audit.ts';
import { requireUser } from '../../auth/caller.ts';
import { createSession, endSession, SESSION_ABSOLUTE_SECONDS, SESSION_COOKIE } from '../../auth/sessions.ts';
import { countAttemptFromIp, secondsLocked } from '../../auth/throttle.ts';
import { accessDb, type TierContext } from '../../context.ts';
import type { ZodApp } from '../../zod-app.ts';
import { loginBody, meSchema, okSchema, passwordBody } from './schemas.ts';
import { changePassword, checkLogin, meOf } from './service.ts';

const tags = ['Đăng nhập'];

export function registerAuthRoutes(app: ZodApp, context: TierContext): void {
  const db = accessDb(context);

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags,
        summary: 'Đăng nhập; đặt cookie phiên làm việc',
        body: loginBody,
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

      const login = await checkLogin(db, username, password);
      if (!login.ok) {
        await writeAudit(db, request, {
          action: 'auth.login_failed',
          unitKey: login.unitKey,
          actor: { kind: 'anonymous', name: username },
          details: { reason: login.reason },
        });
        throw new AppError('INVALID_CREDENTIALS');
      }
      const { user } = login;
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
      return meOf(db, context, user.id);
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags, summary: 'Đăng xuất', response: { 200: okSchema } } },
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
    { schema: { tags, summary: 'Người đang đăng nhập, đơn vị và quyền', response: { 200: meSchema } } },
    async (request) => meOf(db, context, requireUser(request.caller).id),
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags,
        summary: 'Đổi mật khẩu (bắt buộc ở lần đăng nhập đầu tiên)',
        body: passwordBody,
        response: { 200: okSchema },
      },
    },
    async (request) => {
      const caller = requireUser(request.caller);
      await changePassword(db, caller, request.body);
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
