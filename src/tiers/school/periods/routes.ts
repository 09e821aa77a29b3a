// Kỳ báo cáo at the school: the periods with their deadlines and what is locked now, and
// "Gửi yêu cầu mở khóa" (service.ts says where they come from).
import { z } from 'zod';
import { fileUnlockRequestSchema, schoolPeriodsSchema, unlockRequestSchema } from '#domain/api/periods.ts';
import { ownReportSchema } from '#domain/api/reports.ts';
import { submissionSchema, submitSchema } from '#domain/api/submissions.ts';
import { schoolYear } from '#domain/entities/common.ts';
import { RECORD_KINDS } from '#domain/record-kinds.ts';
import { REPORTING_PERIODS } from '#domain/reporting-periods.ts';
import { lockMessage } from '#domain/rules/period-locks.ts';
import { writeAudit } from '#server/audit.ts';
import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { schoolDb, schoolRequest } from '../school-of-caller.ts';
import { ownReport } from './own-report.ts';
import { fileUnlockRequest, lockNow, refreshPeriods, submitToProvince } from './service.ts';

const tags = ['Kỳ báo cáo'];

const schoolPeriodsAnswer = schoolPeriodsSchema.extend({
  /** Read from the province just now; false: the copy kept from the last time. */
  fresh: z.boolean(),
  /** What is locked now: a line per period and kind past its deadline and not unlocked. */
  locks: z.array(
    z.object({
      schoolYear: z.string(),
      period: z.enum(REPORTING_PERIODS),
      kind: z.enum(RECORD_KINDS),
      deadline: z.string(),
      message: z.string(),
    }),
  ),
});

export function registerSchoolPeriodRoutes(app: ZodApp, context: TierContext): void {
  const db = schoolDb(context);

  app.get(
    '/api/reporting-periods',
    {
      schema: {
        tags,
        summary: 'Kỳ báo cáo của Sở, hạn nộp, dữ liệu đang khóa và yêu cầu mở khóa của trường',
        response: { 200: schoolPeriodsAnswer },
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      const periods = await refreshPeriods(context, db, school.code);
      const locks = periods.periods.flatMap((period) =>
        RECORD_KINDS.flatMap((kind) => {
          const lock = lockNow(periods, {
            kind,
            schoolYear: period.schoolYear,
            ...(kind === 'result'
              ? { resultPeriod: period.period === 'DN' ? undefined : period.period }
              : {}),
          });
          return lock && lock.period === period.period ? [{ ...lock, message: lockMessage(lock) }] : [];
        }),
      );
      return { ...periods, locks };
    },
  );

  app.post(
    '/api/reporting-periods/unlock-requests',
    {
      schema: {
        tags,
        summary: 'Gửi yêu cầu mở khóa tới Sở GD&ĐT',
        body: fileUnlockRequestSchema,
        response: { 201: unlockRequestSchema },
      },
    },
    async (request, reply) => {
      const { school } = await schoolRequest(context, request);
      const filed = await fileUnlockRequest(context, db, school.code, request.body);
      await writeAudit(context.db, request, {
        action: 'period.unlock_requested',
        targetKind: 'unlock_request',
        targetId: filed.id,
        details: { ...request.body },
      });
      return reply.status(201).send(filed);
    },
  );

  app.post(
    '/api/reporting-periods/submit',
    {
      schema: {
        tags,
        summary: 'Nộp kỳ báo cáo cho Sở GD&ĐT (khi mọi bản ghi đã đồng bộ xong)',
        body: submitSchema,
        response: { 201: submissionSchema },
      },
    },
    async (request, reply) => {
      const { school } = await schoolRequest(context, request);
      const submitted = await submitToProvince(context, db, school, request.body);
      await writeAudit(context.db, request, {
        action: 'period.submitted',
        targetKind: 'period_submission',
        targetId: submitted.id,
        details: { schoolYear: submitted.schoolYear, period: submitted.period },
      });
      return reply.status(201).send(submitted);
    },
  );

  app.get(
    '/api/reporting-periods/own-report',
    {
      schema: {
        tags,
        summary: 'Số liệu báo cáo của trường theo hồ sơ hiện có, để xem trước khi nộp',
        querystring: z.object({ schoolYear: schoolYear.optional() }),
        response: { 200: ownReportSchema },
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      return ownReport(db, school.id, request.query.schoolYear ?? school.currentSchoolYear);
    },
  );
}
