// Chuyển trường at the school: "Tiếp nhận học sinh chuyển đến" looks a pupil up in the national
// registry (through the province, with the school's sync credential) to fill the new record, and
// asks the school still holding the pupil to let them go; "Yêu cầu chuyển đi" lists what other
// schools ask of this one, and agreeing marks the pupil "Chuyển đi" and syncs that at once, so
// the national tier releases them and the new school's record is accepted with the same
// identifier. Either school may sync first: the new school's record waits as "Thất bại" until
// the release arrives, and "Đồng bộ lại" then succeeds.
import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import type { SchoolTierDatabase } from '#db/schema.ts';
import type { UserCaller } from '#server/auth/caller.ts';
import type { TierContext } from '#server/context.ts';
import type { Upstream } from '#sync/send/client.ts';
import { upstreamOf } from '#sync/send/upstream.ts';
import {
  PERSONS_PATH,
  TRANSFERS_PATH,
  type TransferPerson,
  type TransferRequest,
} from '#sync/transfers/protocol.ts';
import { callUpstream } from '#sync/transfers/relay.ts';
import { lockRecord, updateRecord } from '../records.ts';
import { type CallerSchool, schoolDb } from '../school-of-caller.ts';
import { startSyncRun } from '../sync/runs.ts';
import type { answerBody, fileBody, incomingSchema, TRANSFER_OUT_CODES } from './schemas.ts';

type Db = Kysely<SchoolTierDatabase>;

/** The "Chuyển đi" code of a date: kỳ 1 from September, kỳ 2 from January, hè from June. */
export function transferOutCodeOf(date: string): (typeof TRANSFER_OUT_CODES)[number] {
  const month = Number(date.slice(5, 7));
  if (month >= 9) return '04';
  return month <= 5 ? '08' : '11';
}

/** Today's date where the schools are (UTC+7, no daylight saving). */
const todayInVietnam = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

/** The school's desk: its calls go to the province with the school's sync credential. */
export function schoolTransfers(context: TierContext) {
  const db = schoolDb(context);
  const province = async (school: CallerSchool): Promise<Upstream | undefined> =>
    context.secretKeys ? upstreamOf(db, context.secretKeys, `S${school.code}`) : undefined;
  return {
    findPupil: async (school: CallerSchool, q: string) =>
      callUpstream<TransferPerson>(
        await province(school),
        'GET',
        `${PERSONS_PATH}?${new URLSearchParams({ q })}`,
      ),

    file: async (school: CallerSchool, body: z.infer<typeof fileBody>) =>
      callUpstream<TransferRequest>(await province(school), 'POST', TRANSFERS_PATH, body),

    /** What other schools ask of this one (with this school's record of each pupil), and what it asked. */
    async list(
      school: CallerSchool,
    ): Promise<{ incoming: z.infer<typeof incomingSchema>[]; outgoing: TransferRequest[] }> {
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

    /** Answers a request; agreeing marks the pupil "Chuyển đi" and syncs that at once. */
    async answer(caller: UserCaller, school: CallerSchool, id: string, body: z.infer<typeof answerBody>) {
      const { accept, reason, statusDate = todayInVietnam(), statusCode } = body;
      const answered = await callUpstream<TransferRequest>(
        await province(school),
        'POST',
        `${TRANSFERS_PATH}/${id}/answer`,
        { accept, reason },
      );
      const studentId = (await studentsByNationalId(db, school.id, [answered.nationalId])).get(
        answered.nationalId,
      );
      let syncRunId: string | null = null;
      if (accept && studentId) {
        await db.transaction().execute(async (trx) => {
          const current = await lockRecord(trx, 'students', school.id, studentId);
          await updateRecord(
            trx,
            'students',
            current,
            { ...current.payload, statusCode: statusCode ?? transferOutCodeOf(statusDate), statusDate },
            caller.id,
          );
        });
        syncRunId = (await startSyncRun(context, caller, school, 'student', [studentId])).runId;
      }
      return { ...answered, studentId: studentId ?? null, syncRunId };
    },
  };
}

/** This school's live records of pupils with these national identifiers. */
async function studentsByNationalId(
  db: Db,
  schoolId: string,
  nationalIds: string[],
): Promise<Map<string, string>> {
  if (nationalIds.length === 0) return new Map();
  const { rows } = await sql<{ id: string; national_id: string }>`
    SELECT id, national_id FROM students
    WHERE school_id = ${schoolId} AND NOT deleted AND national_id = ANY(${nationalIds}::text[])`.execute(db);
  return new Map(rows.map((r) => [r.national_id, r.id]));
}
