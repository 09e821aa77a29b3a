import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TierContext } from '../../context.ts';
import { userRequest } from '../../services.ts';
import type { ZodApp } from '../../zod-app.ts';
import {
  accountSchema,
  createAccountSchema,
  listAccountsQuery,
  passwordOnceSchema,
  updateAccountSchema,
} from './schemas.ts';
import {
  createAccount,
  getAccount,
  listAccounts,
  resetPassword,
  setAccountDisabled,
  updateAccount,
} from './service.ts';

const tags = ['Tài khoản & phân quyền'];
const idParams = z.object({ id: z.string().max(64) });

export function registerAccountRoutes(app: ZodApp, context: TierContext): void {
  const services = (request: FastifyRequest) => userRequest(context, request);

  app.get(
    '/api/accounts',
    {
      schema: {
        tags,
        summary: 'Danh sách tài khoản trong phạm vi đơn vị',
        querystring: listAccountsQuery,
        response: {
          200: z.object({
            items: z.array(accountSchema),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (request) => listAccounts(services(request), request.query),
  );

  app.post(
    '/api/accounts',
    {
      schema: {
        tags,
        summary: 'Tạo tài khoản; mật khẩu ban đầu hiện một lần',
        body: createAccountSchema,
        response: { 201: passwordOnceSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createAccount(services(request), request.body)),
  );

  app.get(
    '/api/accounts/:id',
    { schema: { tags, summary: 'Một tài khoản', params: idParams, response: { 200: accountSchema } } },
    async (request) => getAccount(services(request), request.params.id),
  );

  app.patch(
    '/api/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Sửa họ tên, vai trò hoặc quyền được cấp',
        params: idParams,
        body: updateAccountSchema,
        response: { 200: accountSchema },
      },
    },
    async (request) => updateAccount(services(request), request.params.id, request.body),
  );

  app.post(
    '/api/accounts/:id/disable',
    {
      schema: {
        tags,
        summary: 'Khoá tài khoản; mọi phiên làm việc kết thúc ngay',
        params: idParams,
        response: { 200: accountSchema },
      },
    },
    async (request) => setAccountDisabled(services(request), request.params.id, true),
  );

  app.post(
    '/api/accounts/:id/enable',
    { schema: { tags, summary: 'Mở khoá tài khoản', params: idParams, response: { 200: accountSchema } } },
    async (request) => setAccountDisabled(services(request), request.params.id, false),
  );

  app.post(
    '/api/accounts/:id/reset-password',
    {
      schema: {
        tags,
        summary: 'Cấp lại mật khẩu (hiện một lần, phải đổi khi đăng nhập)',
        params: idParams,
        response: { 200: passwordOnceSchema },
      },
    },
    async (request) => resetPassword(services(request), request.params.id),
  );
}
