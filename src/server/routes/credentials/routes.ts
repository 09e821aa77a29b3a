import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { credentialSchema } from '#domain/api/credentials.ts';
import { requireMachine } from '../../auth/caller.ts';
import type { TierContext } from '../../context.ts';
import { userRequest } from '../../services.ts';
import { findUnit } from '../../units/units.ts';
import type { ZodApp } from '../../zod-app.ts';
import { issueCredential, listCredentials, revokeCredential } from './service.ts';

const tags = ['Mã kết nối đồng bộ'];

/** Province and national tiers: the credentials they issue, and the check a holder can make. */
export function registerCredentialRoutes(app: ZodApp, context: TierContext): void {
  const services = (request: FastifyRequest) => userRequest(context, request);

  app.get(
    '/api/credentials',
    {
      schema: {
        tags,
        summary: 'Các mã kết nối đồng bộ đã cấp (không kèm chuỗi bí mật)',
        querystring: z.object({ unitKey: z.string().max(20).optional() }),
        response: { 200: z.array(credentialSchema) },
      },
    },
    async (request) => listCredentials(services(request), request.query.unitKey),
  );

  app.post(
    '/api/credentials',
    {
      schema: {
        tags,
        summary:
          'Cấp mã kết nối đồng bộ cho một trường (tầng tỉnh) hoặc một tỉnh (tầng quốc gia); chuỗi bí mật (secret) hiện một lần',
        body: z.object({
          unitKey: z.string().max(20),
          overlapDays: z
            .number()
            .int()
            .min(0)
            .max(90)
            .default(7)
            .describe('số ngày mã cũ còn dùng được khi đổi'),
        }),
        response: { 201: z.object({ credential: credentialSchema, secret: z.string() }) },
      },
    },
    async (request, reply) => reply.code(201).send(await issueCredential(services(request), request.body)),
  );

  app.post(
    '/api/credentials/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Thu hồi ngay một mã kết nối đồng bộ',
        params: z.object({ id: z.string().max(64) }),
        response: { 200: credentialSchema },
      },
    },
    async (request) => revokeCredential(services(request), request.params.id),
  );

  app.get(
    '/api/sync/v1/whoami',
    {
      schema: {
        tags: ['Đồng bộ'],
        summary: 'Đơn vị mà mã kết nối đồng bộ (HTTP Basic) đại diện',
        response: {
          200: z.object({
            clientId: z.string(),
            unit: z.object({ key: z.string(), kind: z.string(), code: z.string(), name: z.string() }),
          }),
        },
      },
    },
    async (request) => {
      const machine = requireMachine(request.caller);
      const unit = (await findUnit(context, machine.unitKey))!;
      return {
        clientId: machine.clientId,
        unit: { key: unit.key, kind: unit.kind, code: unit.code, name: unit.name },
      };
    },
  );
}
