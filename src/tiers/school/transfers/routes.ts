// Chuyển trường at the school: the routes (service.ts says what they do).
import { z } from 'zod';
import { writeAudit } from '#server/audit.ts';
import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { transferPersonSchema, transferRequestSchema } from '#sync/transfers/protocol.ts';
import { schoolRequest } from '../school-of-caller.ts';
import { answerBody, answeredSchema, fileBody, lookupQuery, transfersAnswer } from './schemas.ts';
import { schoolTransfers } from './service.ts';

const tags = ['Chuyển trường'];

export function registerTransferRoutes(app: ZodApp, context: TierContext): void {
  const transfers = schoolTransfers(context);

  app.get(
    '/api/transfers/lookup',
    {
      schema: {
        tags,
        summary: 'Tìm học sinh chuyển đến theo số định danh cá nhân hoặc mã định danh, trên CSDL Quốc gia',
        querystring: lookupQuery,
        response: { 200: transferPersonSchema },
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      const person = await transfers.findPupil(school, request.query.q);
      await writeAudit(context.db, request, {
        action: 'personal_data.read',
        targetKind: 'transfer_lookup',
        details: { query: request.query.q },
      });
      return person;
    },
  );

  app.post(
    '/api/transfers',
    {
      schema: {
        tags,
        summary: 'Gửi yêu cầu chuyển trường tới trường đang giữ học sinh',
        body: fileBody,
        response: { 201: transferRequestSchema },
      },
    },
    async (request, reply) => {
      const { school } = await schoolRequest(context, request);
      const filed = await transfers.file(school, request.body);
      await writeAudit(context.db, request, {
        action: 'transfer.requested',
        targetKind: 'transfer',
        targetId: filed.id,
      });
      return reply.code(201).send(filed);
    },
  );

  app.get(
    '/api/transfers',
    {
      schema: {
        tags,
        summary: 'Yêu cầu chuyển trường: trường khác xin nhận học sinh của trường, và trường đã xin',
        response: { 200: transfersAnswer },
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      return transfers.list(school);
    },
  );

  app.post(
    '/api/transfers/:id/answer',
    {
      schema: {
        tags,
        summary:
          'Trả lời yêu cầu chuyển trường; đồng ý thì học sinh chuyển sang "Chuyển đi" và được đồng bộ ngay',
        params: z.object({ id: z.uuid() }),
        body: answerBody,
        response: { 200: answeredSchema },
      },
    },
    async (request) => {
      const { caller, school } = await schoolRequest(context, request);
      const answered = await transfers.answer(caller, school, request.params.id, request.body);
      await writeAudit(context.db, request, {
        action: request.body.accept ? 'transfer.accepted' : 'transfer.refused',
        targetKind: 'transfer',
        targetId: answered.id,
        details: { studentId: answered.studentId },
      });
      return answered;
    },
  );
}
