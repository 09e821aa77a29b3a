// Nộp và duyệt at the province: a school's tier submits a period over the sync protocol (the
// school named by the credential); officers review the submissions of the schools under their unit.
import { z } from 'zod';
import { periodKeySchema } from '#domain/api/periods.ts';
import {
  reviewListSchema,
  reviewSchema,
  SYNC_SUBMISSIONS_PATH,
  submissionDetailSchema,
  submissionSchema,
  submitSchema,
} from '#domain/api/submissions.ts';
import { writeAudit } from '#server/audit.ts';
import { requireMachine, requireUser } from '#server/auth/caller.ts';
import { provinceDb, type TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { reviewList, reviewSubmission, submissionDetail, submitPeriod } from './service.ts';

const tags = ['Nộp và duyệt'];

export function registerSubmissionRoutes(app: ZodApp, context: TierContext): void {
  const db = provinceDb(context);

  app.post(
    SYNC_SUBMISSIONS_PATH,
    {
      schema: {
        tags,
        summary: 'Trường nộp một kỳ báo cáo (số liệu là số liệu CSDL Tỉnh đang giữ)',
        body: submitSchema,
        response: { 201: submissionSchema },
      },
    },
    async (request, reply) => {
      const schoolCode = requireMachine(request.caller).unitKey.slice(1);
      const submitted = await submitPeriod(db, schoolCode, request.body);
      await writeAudit(db, request, {
        action: 'period.submitted',
        targetKind: 'period_submission',
        targetId: submitted.id,
        details: { schoolYear: submitted.schoolYear, period: submitted.period },
      });
      return reply.status(201).send(submitted);
    },
  );

  app.get(
    '/api/submissions',
    {
      schema: {
        tags,
        summary: 'Các trường thuộc đơn vị và tình trạng nộp, duyệt một kỳ báo cáo',
        querystring: periodKeySchema,
        response: { 200: reviewListSchema },
      },
    },
    async (request) => reviewList(db, requireUser(request.caller).unitPath, request.query),
  );

  app.get(
    '/api/submissions/:id',
    {
      schema: {
        tags,
        summary: 'Một bài nộp: số liệu, thay đổi so với lần nộp trước, các lỗi đang có',
        params: z.object({ id: z.uuid() }),
        response: { 200: submissionDetailSchema },
      },
    },
    async (request) => submissionDetail(db, requireUser(request.caller).unitPath, request.params.id),
  );

  app.post(
    '/api/submissions/:id/review',
    {
      schema: {
        tags,
        summary: 'Duyệt hoặc trả lại một bài nộp (trả lại mở lại cho trường sửa đến thời hạn đã chọn)',
        params: z.object({ id: z.uuid() }),
        body: reviewSchema,
        response: { 200: submissionSchema },
      },
    },
    async (request) => {
      const user = requireUser(request.caller);
      const reviewed = await reviewSubmission(
        db,
        user.unitPath,
        request.params.id,
        request.body,
        user.username,
      );
      await writeAudit(db, request, {
        action: request.body.decision === 'approve' ? 'period.approved' : 'period.returned',
        targetKind: 'period_submission',
        targetId: reviewed.id,
        details: { schoolCode: reviewed.schoolCode, ...request.body },
      });
      return reviewed;
    },
  );
}
