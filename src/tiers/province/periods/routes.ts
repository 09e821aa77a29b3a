// The province's reporting periods: its officers open them and answer unlock requests; its
// schools learn them and file requests over the sync protocol, the school named by the credential.
import { z } from 'zod';
import {
  answerUnlockSchema,
  fileUnlockRequestSchema,
  openPeriodSchema,
  periodKeySchema,
  periodSchema,
  SYNC_PERIODS_PATH,
  SYNC_UNLOCK_REQUESTS_PATH,
  schoolPeriodsSchema,
  unlockRequestSchema,
} from '#domain/api/periods.ts';
import { writeAudit } from '#server/audit.ts';
import { requireMachine, requireUser } from '#server/auth/caller.ts';
import { provinceDb, type TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import {
  answerRequest,
  fileRequest,
  listPeriods,
  listRequests,
  periodsOfSchool,
  savePeriod,
} from './service.ts';

const tags = ['Kỳ báo cáo'];

export function registerPeriodRoutes(app: ZodApp, context: TierContext): void {
  const db = provinceDb(context);

  app.get(
    '/api/periods',
    {
      schema: {
        tags,
        summary: 'Các kỳ báo cáo đã mở và hạn nộp',
        response: { 200: z.object({ items: z.array(periodSchema) }) },
      },
    },
    async () => ({ items: await listPeriods(db) }),
  );

  app.put(
    '/api/periods/:schoolYear/:period',
    {
      schema: {
        tags,
        summary: 'Mở hoặc sửa một kỳ báo cáo: ngày mở và hạn nộp theo loại dữ liệu',
        params: periodKeySchema,
        body: openPeriodSchema,
        response: { 200: z.object({ created: z.boolean() }) },
      },
    },
    async (request) => {
      const user = requireUser(request.caller);
      const saved = await savePeriod(db, request.params, request.body, user.username);
      await writeAudit(db, request, {
        action: saved.created ? 'period.opened' : 'period.changed',
        targetKind: 'reporting_period',
        targetId: `${request.params.schoolYear}/${request.params.period}`,
        details: { ...request.body },
      });
      return saved;
    },
  );

  app.get(
    '/api/unlock-requests',
    {
      schema: {
        tags,
        summary: 'Yêu cầu mở khóa của các trường thuộc đơn vị',
        response: { 200: z.object({ items: z.array(unlockRequestSchema) }) },
      },
    },
    async (request) => ({
      items: await listRequests(db, { unitPath: requireUser(request.caller).unitPath }),
    }),
  );

  app.post(
    '/api/unlock-requests/:id/answer',
    {
      schema: {
        tags,
        summary: 'Cấp mở khóa (đến một thời điểm) hoặc từ chối yêu cầu mở khóa',
        params: z.object({ id: z.uuid() }),
        body: answerUnlockSchema,
        response: { 200: unlockRequestSchema },
      },
    },
    async (request) => {
      const user = requireUser(request.caller);
      const answered = await answerRequest(db, request.params.id, user.unitPath, request.body, user.username);
      await writeAudit(db, request, {
        action: request.body.grant ? 'period.unlock_granted' : 'period.unlock_refused',
        targetKind: 'unlock_request',
        targetId: answered.id,
        details: { schoolCode: answered.schoolCode, ...request.body },
      });
      return answered;
    },
  );

  app.get(
    SYNC_PERIODS_PATH,
    {
      schema: {
        tags,
        summary: 'Kỳ báo cáo, mở khóa đang có hiệu lực và yêu cầu mở khóa của trường gửi',
        response: { 200: schoolPeriodsSchema },
      },
    },
    async (request) => periodsOfSchool(db, requireMachine(request.caller).unitKey.slice(1)),
  );

  app.post(
    SYNC_UNLOCK_REQUESTS_PATH,
    {
      schema: {
        tags,
        summary: 'Trường gửi yêu cầu mở khóa một kỳ báo cáo',
        body: fileUnlockRequestSchema,
        response: { 201: unlockRequestSchema },
      },
    },
    async (request, reply) => {
      const schoolCode = requireMachine(request.caller).unitKey.slice(1);
      const filed = await fileRequest(db, schoolCode, request.body);
      await writeAudit(db, request, {
        action: 'period.unlock_requested',
        targetKind: 'unlock_request',
        targetId: filed.id,
        details: { ...request.body },
      });
      return reply.status(201).send(filed);
    },
  );
}
