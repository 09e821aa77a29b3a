// Chuyển trường at the school: "Tiếp nhận học sinh chuyển đến" looks a pupil up in the national
// registry (through the province, with the school's sync credential) to fill the new record, and
// asks the school still holding the pupil to let them go; "Yêu cầu chuyển đi" lists what other
// schools ask of this one, and agreeing marks the pupil "Chuyển đi" and syncs that at once, so
// the national tier releases them and the new school's record is accepted with the same
// identifier. Either school may sync first: the new school's record waits as "Thất bại" until
// the release arrives, and "Đồng bộ lại" then succeeds.
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { isoDate } from '#domain/entities/common.ts';
import { writeAudit } from '#server/audit.ts';
import type { TierContext } from '#server/context.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { upstreamOf } from '#sync/send/upstream.ts';
import {
  PERSONS_PATH,
  pupilQuery,
  TRANSFERS_PATH,
  type TransferPerson,
  type TransferRequest,
  transferPersonSchema,
  transferRequestSchema,
} from '#sync/transfers/protocol.ts';
import { callUpstream } from '#sync/transfers/relay.ts';
import { lockRecord, updateRecord } from '../records.ts';
import type { CallerSchool } from '../school-of-caller.ts';
import { schoolDb, schoolRequest } from '../school-of-caller.ts';
import { startSyncRun } from '../sync/runs.ts';

const tags = ['Chuyển trường'];

/** Chuyển đi kỳ 1, kỳ 2, trong hè. */
const TRANSFER_OUT_CODES = ['04', '08', '11'] as const;

/** The "Chuyển đi" code of a date: kỳ 1 from September, kỳ 2 from January, hè from June. */
export function transferOutCodeOf(date: string): (typeof TRANSFER_OUT_CODES)[number] {
  const month = Number(date.slice(5, 7));
  if (month >= 9) return '04';
  return month <= 5 ? '08' : '11';
}

const incomingSchema = transferRequestSchema.extend({
  /** This school's record of the pupil, when it has one. */
  studentId: z.uuid().nullable(),
});

export function registerTransferRoutes(app: ZodApp, context: TierContext): void {
  const db = schoolDb(context);
  const province = async (school: CallerSchool) =>
    context.secretKeys ? upstreamOf(db, context.secretKeys, `S${school.code}`) : undefined;

  app.get(
    '/api/transfers/lookup',
    {
      schema: {
        tags,
        summary: 'Tìm học sinh chuyển đến theo số định danh cá nhân hoặc mã định danh, trên CSDL Quốc gia',
        querystring: z.object({ q: pupilQuery }),
        response: { 200: transferPersonSchema },
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      const person = await callUpstream<TransferPerson>(
        await province(school),
        'GET',
        `${PERSONS_PATH}?${new URLSearchParams({ q: request.query.q })}`,
      );
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
        body: z.strictObject({ q: pupilQuery, note: z.string().trim().max(500).optional() }),
        response: { 201: transferRequestSchema },
      },
    },
    async (request, reply) => {
      const { school } = await schoolRequest(context, request);
      const filed = await callUpstream<TransferRequest>(
        await province(school),
        'POST',
        TRANSFERS_PATH,
        request.body,
      );
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
        response: {
          200: z.object({ incoming: z.array(incomingSchema), outgoing: z.array(transferRequestSchema) }),
        },
      },
    },
    async (request) => {
      const { school } = await schoolRequest(context, request);
      const list = await callUpstream<{ incoming: TransferRequest[]; outgoing: TransferRequest[] }>(
        await province(school),
        'GET',
        TRANSFERS_PATH,
      );
      const local = await studentsByNationalId(
        db,
        school.id,
        list.incoming.map((r) => r.nationalId),
      );
      return {
        incoming: list.incoming.map((r) => ({ ...r, studentId: local.get(r.nationalId) ?? null })),
        outgoing: list.outgoing,
      };
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
        body: z.strictObject({
          accept: z.boolean(),
          reason: z.string().trim().max(500).optional(),
          statusDate: isoDate.optional(),
          statusCode: z.enum(TRANSFER_OUT_CODES).optional(),
        }),
        response: { 200: incomingSchema.extend({ syncRunId: z.uuid().nullable() }) },
      },
    },
    async (request) => {
      const { caller, school } = await schoolRequest(context, request);
      const { accept, reason, statusDate = todayInVietnam(), statusCode } = request.body;
      const answered = await callUpstream<TransferRequest>(
        await province(school),
        'POST',
        `${TRANSFERS_PATH}/${request.params.id}/answer`,
        { accept, reason },
      );
      const studentId = (await studentsByNationalId(db, school.id, [answered.nationalId])).get(
        answered.nationalId,
      );
      let syncRunId: string | null = null;
      if (accept && studentId) {
        await db.transaction().execute(async (trx) => {
          const current = await lockRecord(trx, 'students', school.id, studentId);
          const payload = current.payload;
          await updateRecord(
            trx,
            'students',
            current,
            { ...payload, statusCode: statusCode ?? transferOutCodeOf(statusDate), statusDate },
            caller.id,
          );
        });
        syncRunId = (await startSyncRun(context, caller, school, 'student', [studentId])).runId;
      }
      await writeAudit(context.db, request, {
        action: accept ? 'transfer.accepted' : 'transfer.refused',
        targetKind: 'transfer',
        targetId: answered.id,
        details: { studentId: studentId ?? null },
      });
      return { ...answered, studentId: studentId ?? null, syncRunId };
    },
  );
}

/** Today's date where the schools are (UTC+7, no daylight saving). */
const todayInVietnam = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

/** This school's live records of pupils with these national identifiers. */
async function studentsByNationalId(
  db: Kysely<SchoolTierDatabase>,
  schoolId: string,
  nationalIds: string[],
): Promise<Map<string, string>> {
  if (nationalIds.length === 0) return new Map();
  const { rows } = await sql<{ id: string; national_id: string }>`
    SELECT id, national_id FROM students
    WHERE school_id = ${schoolId} AND NOT deleted AND national_id = ANY(${nationalIds}::text[])`.execute(db);
  return new Map(rows.map((r) => [r.national_id, r.id]));
}
