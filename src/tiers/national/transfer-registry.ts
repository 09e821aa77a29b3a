// The national side of transfers: finding a pupil for the school taking them in, and the
// requests one school makes of another. A school is known here by its code and its province's
// credential; every school named must lie in the calling province's tree.
import { type Kysely, sql } from 'kysely';
import type { NationalTierDatabase } from '#db/schema.ts';
import { AppError } from '#domain/errors.ts';
import { enrolledStatusCodes, provinceByCode } from '#domain/reference/index.ts';
import type { TransferPerson, TransferRequest } from '#sync/transfers/protocol.ts';

type Db = Kysely<NationalTierDatabase>;

export interface SchoolOfProvince {
  code: string;
  provinceCode: string;
}

const provinceName = (code: string) => provinceByCode.get(code)?.name ?? code;

/** The school a province names, if it is one of that province's schools; otherwise a 404. */
export async function schoolOfProvince(
  db: Db,
  provinceCode: string,
  code: string | undefined,
): Promise<SchoolOfProvince> {
  const unit = code
    ? await db
        .selectFrom('org_units')
        .select('code')
        .where('key', '=', `S${code}`)
        .where('path', 'like', `VN.P${provinceCode}.%`)
        .executeTakeFirst()
    : undefined;
  // The national tier learns of a school from its first synced school record.
  if (!unit) throw new AppError('SCHOOL_NOT_SYNCED');
  return { code: unit.code!, provinceCode };
}

interface PupilRow {
  national_id: string;
  payload: Record<string, unknown>;
  personal_id: string | null;
  status_code: string | null;
  deleted: boolean;
  school_code: string;
  province_code: string;
  school_name: string | null;
}

/** Every record of the pupil a personal ID or identifier names, live ones first, newest first. */
async function recordsOfPupil(db: Db, q: string): Promise<PupilRow[]> {
  const { rows } = await sql<PupilRow>`
    SELECT r.national_id, r.payload, r.personal_id, r.status_code, r.deleted, r.school_code, r.province_code,
           o.name AS school_name
    FROM sync_records r LEFT JOIN org_units o ON o.key = 'S' || r.school_code
    WHERE r.kind = 'student' AND r.national_id IS NOT NULL
      AND (r.personal_id = ${q} OR r.national_id = ${q}
           OR r.national_id IN (SELECT national_id FROM person_identities WHERE kind = 'student' AND personal_id = ${q}))
    ORDER BY r.deleted, r.updated_at DESC
    LIMIT 50`.execute(db);
  // One person only: the identifier of the newest record names them.
  return rows.filter((r) => r.national_id === rows[0]?.national_id);
}

export async function findPupil(db: Db, q: string): Promise<TransferPerson> {
  const records = await recordsOfPupil(db, q);
  const current = records[0];
  if (!current)
    throw new AppError('NOT_FOUND', { message: 'Không tìm thấy học sinh này trên CSDL Quốc gia.' });
  const enrolled = records.find((r) => !r.deleted && enrolledStatusCodes.includes(r.status_code ?? ''));
  const p = current.payload;
  return {
    nationalId: current.national_id,
    fullName: String(p.fullName ?? ''),
    birthDate: String(p.birthDate ?? ''),
    gender: p.gender === 'female' ? 'female' : 'male',
    ethnicityCode: String(p.ethnicityCode ?? ''),
    personalId: current.personal_id,
    enrolledAt: enrolled
      ? {
          schoolCode: enrolled.school_code,
          schoolName: enrolled.school_name ?? enrolled.school_code,
          province: provinceName(enrolled.province_code),
          statusCode: enrolled.status_code ?? '',
        }
      : null,
  };
}

interface RequestRow {
  id: string;
  national_id: string;
  pupil_name: string;
  birth_date: string;
  from_school_code: string;
  from_province_code: string;
  to_school_code: string;
  to_province_code: string;
  status: TransferRequest['status'];
  note: string | null;
  answer_reason: string | null;
  created_at: Date;
  answered_at: Date | null;
  from_name: string | null;
  to_name: string | null;
}

const REQUEST_COLUMNS = sql`t.*, f.name AS from_name, d.name AS to_name
  FROM transfer_requests t
  LEFT JOIN org_units f ON f.key = 'S' || t.from_school_code
  LEFT JOIN org_units d ON d.key = 'S' || t.to_school_code`;

function toRequest(row: RequestRow): TransferRequest {
  return {
    id: row.id,
    nationalId: row.national_id,
    pupilName: row.pupil_name,
    birthDate: row.birth_date,
    fromSchool: {
      code: row.from_school_code,
      name: row.from_name ?? row.from_school_code,
      province: provinceName(row.from_province_code),
    },
    toSchool: {
      code: row.to_school_code,
      name: row.to_name ?? row.to_school_code,
      province: provinceName(row.to_province_code),
    },
    status: row.status,
    note: row.note,
    answerReason: row.answer_reason,
    createdAt: new Date(row.created_at).toISOString(),
    answeredAt: row.answered_at ? new Date(row.answered_at).toISOString() : null,
  };
}

async function requestById(db: Db, id: string): Promise<TransferRequest> {
  const { rows } = await sql<RequestRow>`SELECT ${REQUEST_COLUMNS} WHERE t.id = ${id}`.execute(db);
  return toRequest(rows[0]!);
}

/**
 * Asks the school holding the pupil to let them go to `school`. Asking again while a request is
 * open answers that request. A pupil enrolled nowhere (or at the asking school) needs no request.
 */
export async function fileTransfer(
  db: Db,
  school: SchoolOfProvince,
  q: string,
  note?: string,
): Promise<TransferRequest> {
  const pupil = await findPupil(db, q);
  const holder = pupil.enrolledAt;
  if (!holder || holder.schoolCode === school.code) throw new AppError('TRANSFER_NOT_NEEDED');
  const holderProvince = await db
    .selectFrom('sync_records')
    .select('province_code')
    .where('kind', '=', 'school')
    .where('school_code', '=', holder.schoolCode)
    .executeTakeFirstOrThrow();
  const { rows } = await sql<{ id: string }>`
    INSERT INTO transfer_requests (id, national_id, pupil_name, birth_date, from_school_code, from_province_code,
                                   to_school_code, to_province_code, note)
    VALUES (${crypto.randomUUID()}, ${pupil.nationalId}, ${pupil.fullName}, ${pupil.birthDate}, ${holder.schoolCode},
            ${holderProvince.province_code}, ${school.code}, ${school.provinceCode}, ${note ?? null})
    ON CONFLICT (national_id, to_school_code) WHERE status = 'open' DO UPDATE SET note = coalesce(excluded.note, transfer_requests.note)
    RETURNING id`.execute(db);
  return requestById(db, rows[0]!.id);
}

/** The requests made of a school and by it, newest first. */
export async function transfersOf(db: Db, school: SchoolOfProvince) {
  const { rows } = await sql<RequestRow>`
    SELECT ${REQUEST_COLUMNS}
    WHERE t.from_school_code = ${school.code} OR t.to_school_code = ${school.code}
    ORDER BY t.created_at DESC LIMIT 400`.execute(db);
  const requests = rows.map(toRequest);
  return {
    incoming: requests.filter((r) => r.fromSchool.code === school.code),
    outgoing: requests.filter((r) => r.toSchool.code === school.code),
  };
}

/** The holding school agrees or refuses; a request to another school is not found. */
export async function answerTransfer(
  db: Db,
  school: SchoolOfProvince,
  id: string,
  accept: boolean,
  reason?: string,
): Promise<TransferRequest> {
  const { rows } = await sql<{ status: string }>`
    SELECT status FROM transfer_requests WHERE id = ${id} AND from_school_code = ${school.code} FOR UPDATE`.execute(
    db,
  );
  if (!rows[0]) throw new AppError('NOT_FOUND');
  if (rows[0].status !== 'open') throw new AppError('TRANSFER_ALREADY_ANSWERED');
  await sql`
    UPDATE transfer_requests SET status = ${accept ? 'accepted' : 'refused'}, answer_reason = ${reason ?? null},
      answered_at = now()
    WHERE id = ${id}`.execute(db);
  return requestById(db, id);
}
