// The transfer routes of the sync API at the receiving tiers, each served by the tier's desk:
// the national tier answers them for the school a province names (tiers/national/transfer-desk.ts);
// the province relays its schools' calls to the national tier (tiers/province/transfer-desk.ts).
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { writeAudit } from '#server/audit.ts';
import { requireMachine } from '#server/auth/caller.ts';
import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import {
  answerTransferSchema,
  fileTransferSchema,
  listTransfersSchema,
  PERSONS_PATH,
  personQuerySchema,
  TRANSFERS_PATH,
  type TransferPerson,
  type TransferRequest,
  transferListSchema,
  transferPersonSchema,
  transferRequestSchema,
} from './protocol.ts';

const tags = ['Chuyển trường'];

/** How each tier serves a transfer call: the national tier itself, the province by relaying. */
export interface TransferDesk {
  findPupil(request: FastifyRequest, q: string, schoolCode?: string): Promise<TransferPerson>;
  file(request: FastifyRequest, q: string, note?: string, schoolCode?: string): Promise<TransferRequest>;
  list(request: FastifyRequest, schoolCode?: string): Promise<z.infer<typeof transferListSchema>>;
  answer(
    request: FastifyRequest,
    id: string,
    accept: boolean,
    reason?: string,
    schoolCode?: string,
  ): Promise<TransferRequest>;
}

/** The transfer routes of a receiving tier, served by its desk. */
export function registerTransferRoutes(app: ZodApp, context: TierContext, desk: TransferDesk): void {
  app.get(
    PERSONS_PATH,
    {
      schema: {
        tags,
        summary: 'Tìm học sinh để tiếp nhận chuyển đến: thông tin cơ bản và trường đang học',
        querystring: personQuerySchema,
        response: { 200: transferPersonSchema },
      },
    },
    async (request) => {
      const { q, schoolCode } = request.query;
      const person = await desk.findPupil(request, q, schoolCode);
      await writeAudit(context.db, request, {
        action: 'personal_data.read',
        targetKind: 'transfer_lookup',
        details: { query: q, forSchool: schoolCode ?? requireMachine(request.caller).unitKey },
      });
      return person;
    },
  );

  app.post(
    TRANSFERS_PATH,
    {
      schema: {
        tags,
        summary: 'Gửi yêu cầu chuyển trường tới trường đang giữ học sinh',
        body: fileTransferSchema,
        response: { 201: transferRequestSchema },
      },
    },
    async (request, reply) => {
      const { q, note, schoolCode } = request.body;
      const filed = await desk.file(request, q, note, schoolCode);
      await writeAudit(context.db, request, {
        action: 'transfer.requested',
        targetKind: 'transfer',
        targetId: filed.id,
      });
      return reply.code(201).send(filed);
    },
  );

  app.get(
    TRANSFERS_PATH,
    {
      schema: {
        tags,
        summary: 'Các yêu cầu chuyển trường gửi tới trường và do trường gửi',
        querystring: listTransfersSchema,
        response: { 200: transferListSchema },
      },
    },
    async (request) => desk.list(request, request.query.schoolCode),
  );

  app.post(
    `${TRANSFERS_PATH}/:id/answer`,
    {
      schema: {
        tags,
        summary: 'Trường đang giữ học sinh đồng ý hoặc từ chối yêu cầu chuyển trường',
        params: z.object({ id: z.uuid() }),
        body: answerTransferSchema,
        response: { 200: transferRequestSchema },
      },
    },
    async (request) => {
      const { accept, reason, schoolCode } = request.body;
      const answered = await desk.answer(request, request.params.id, accept, reason, schoolCode);
      await writeAudit(context.db, request, {
        action: accept ? 'transfer.accepted' : 'transfer.refused',
        targetKind: 'transfer',
        targetId: answered.id,
      });
      return answered;
    },
  );
}
