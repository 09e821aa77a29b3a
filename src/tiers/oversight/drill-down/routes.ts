// Drilling into one school from the dashboard. The school must lie in the caller's subtree
// (otherwise 404, like a missing one); reading a school's students or staff is audited.
import type { FastifyRequest } from 'fastify';
import { AppError } from '#domain/errors.ts';
import { recordKind } from '#domain/record-kinds.ts';
import { writeAudit } from '#server/audit.ts';
import { type TierContext, upperTierDb } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { unitOfRequest } from '../dashboard/unit-of-request.ts';
import { failureSchema, failuresQuery, recordSchema, schoolPage, schoolQuery } from './schemas.ts';
import { schoolFailures, schoolRecords } from './service.ts';

const tags = ['Theo dõi đồng bộ'];

export function registerSchoolDrillDownRoutes(app: ZodApp, context: TierContext): void {
  const db = upperTierDb(context);

  async function schoolOf(request: FastifyRequest, schoolKey: string) {
    const unit = await unitOfRequest(context, request, schoolKey);
    if (unit.kind !== 'school') throw new AppError('NOT_FOUND');
    return unit;
  }

  app.get(
    '/api/dashboard/school-records',
    {
      schema: {
        tags,
        summary: 'Bản ghi của một trường mà tầng này đang giữ, với trạng thái đồng bộ gần nhất',
        querystring: schoolQuery,
        response: { 200: schoolPage(recordSchema) },
      },
    },
    async (request) => {
      const school = await schoolOf(request, request.query.schoolKey);
      const records = await schoolRecords(db, school, request.query);
      const { kind } = request.query;
      if (recordKind(kind).person)
        await writeAudit(context.db, request, {
          action: 'personal_data.read',
          targetKind: 'school',
          targetId: school.key,
          details: { kind, listed: records.items.length },
        });
      return records;
    },
  );

  app.get(
    '/api/dashboard/school-failures',
    {
      schema: {
        tags,
        summary: 'Các bản ghi của một trường đồng bộ thất bại lần gần nhất, với lý do',
        querystring: failuresQuery,
        response: { 200: schoolPage(failureSchema) },
      },
    },
    async (request) => {
      const school = await schoolOf(request, request.query.schoolKey);
      return schoolFailures(db, school, request.query);
    },
  );
}
