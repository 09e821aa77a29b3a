// The transfer routes of the sync API at the receiving tiers. The national tier answers them
// for the school a province names (one of that province's own); the province relays its
// schools' calls to the national tier, naming the school its credential speaks for.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { readMeta } from '#db/meta.ts';
import { AppError, issue } from '#domain/errors.ts';
import { writeAudit } from '#server/audit.ts';
import { requireMachine } from '#server/auth/caller.ts';
import { nationalDb, provinceDb, type TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { upstreamOf } from '../send/upstream.ts';
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
import { answerTransfer, fileTransfer, findPupil, schoolOfProvince, transfersOf } from './registry.ts';
import { callUpstream } from './relay.ts';

const tags = ['Chuyển trường'];

/** How each tier serves a transfer call: the national tier itself, the province by relaying. */
interface TransferDesk {
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

function nationalDesk(context: TierContext): TransferDesk {
  const db = nationalDb(context);
  const school = (request: FastifyRequest, code?: string) =>
    schoolOfProvince(db, requireMachine(request.caller).unitKey.slice(1), code);
  return {
    findPupil: async (request, q, code) => {
      await school(request, code);
      return findPupil(db, q);
    },
    file: async (request, q, note, code) => fileTransfer(db, await school(request, code), q, note),
    list: async (request, code) => transfersOf(db, await school(request, code)),
    answer: async (request, id, accept, reason, code) =>
      answerTransfer(db, await school(request, code), id, accept, reason),
  };
}

function provinceDesk(context: TierContext): TransferDesk {
  const db = provinceDb(context);
  const national = async () =>
    context.secretKeys
      ? upstreamOf(db, context.secretKeys, `P${await readMeta<string>(db, 'province_code')}`)
      : undefined;
  const schoolOf = (request: FastifyRequest, named?: string) => {
    // The province knows the school from its credential; a school naming one is refused.
    if (named !== undefined)
      throw new AppError('VALIDATION_FAILED', {
        issues: [
          issue(
            'schoolCode',
            'INVALID_FORMAT',
            'Trường không ghi mã trường: CSDL Tỉnh biết trường gửi từ khoá đồng bộ.',
          ),
        ],
      });
    return requireMachine(request.caller).unitKey.slice(1);
  };
  return {
    findPupil: async (request, q, named) =>
      callUpstream(
        await national(),
        'GET',
        `${PERSONS_PATH}?${new URLSearchParams({ q, schoolCode: schoolOf(request, named) })}`,
      ),
    file: async (request, q, note, named) =>
      callUpstream(await national(), 'POST', TRANSFERS_PATH, {
        q,
        note,
        schoolCode: schoolOf(request, named),
      }),
    list: async (request, named) =>
      callUpstream(
        await national(),
        'GET',
        `${TRANSFERS_PATH}?${new URLSearchParams({ schoolCode: schoolOf(request, named) })}`,
      ),
    answer: async (request, id, accept, reason, named) =>
      callUpstream(await national(), 'POST', `${TRANSFERS_PATH}/${id}/answer`, {
        accept,
        reason,
        schoolCode: schoolOf(request, named),
      }),
  };
}

export function registerTransferRoutes(app: ZodApp, context: TierContext): void {
  const desk = context.tier === 'national' ? nationalDesk(context) : provinceDesk(context);

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
