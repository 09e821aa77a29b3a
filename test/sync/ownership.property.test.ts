// A model-based property of who may touch what (real receivers, real databases). Schools of two
// provinces, through their provinces' credentials, send random sequences of batches to the
// national tier — their own pupils, other units' record ids, other provinces' schools, stale
// versions, the same version again with the same or other content, tombstones, replays of a batch,
// and pupils moving between schools and provinces — and schools of one province send to their
// province. After every step the tier is checked against a model of what it must hold:
// - a record's owner is the unit that first had an item of it accepted, and never changes;
// - every answer is the one the model expects (code included), and a replay answers the same;
// - the status the tier shows for a record is its answer to the newest item of its owner;
// - one national identifier per personal ID, and the registry holds it;
// - the province never answers success itself: what it accepts is forwarded, version and all.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordKind } from '#domain/record-kinds.ts';
import { makePersonalId } from '#domain/rules/personal-id.ts';
import { basicAuthorization } from '#server/auth/machine-credentials.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { addFixtureUnits, createCredential } from '../helpers/access.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { propertyRuns } from '../helpers/property.ts';
import { classData, studentData } from '../helpers/school-records.ts';
import { item, schoolPayload, sendBatch } from '../helpers/sync-batches.ts';

const RUNS = propertyRuns(20);

interface Answer {
  status: string;
  decidedBy: string | null;
  error: { code: string } | null;
  nationalId: string | null;
}

function sender(app: ZodApp, credential: { clientId: string; secret: string }) {
  const authorization = basicAuthorization(credential.clientId, credential.secret);
  return async (
    kind: RecordKind,
    items: ReturnType<typeof item>[],
    batchId: string = crypto.randomUUID(),
  ) => {
    const response = await sendBatch(app, credential, { batchId, kind, items });
    expect(response.statusCode, response.body).toBe(202);
    const status = await app.inject({
      method: 'GET',
      url: `/api/sync/v1/batches/${batchId}`,
      headers: { authorization },
    });
    return { batchId, answer: status.json().items[0] as Answer };
  };
}

/** One step of a unit's history: which record, from which school, what version, what content. */
const step = fc.record({
  record: fc.nat({ max: 5 }),
  school: fc.nat({ max: 2 }),
  /** The sender: the school's own province, or (now and then) the other one. */
  foreignSender: fc.constantFrom(false, false, false, true),
  versionShift: fc.constantFrom(-1, 0, 1, 1, 2),
  deleted: fc.constantFrom(false, false, false, true),
  enrolled: fc.boolean(),
  /** Two contents for one version: the same version sent again with other content. */
  name: fc.constantFrom('An', 'Bình'),
  replay: fc.boolean(),
});

describe('ownership and identity at the national tier, against a model', () => {
  let database: TestDatabase<'national'>;
  let app: ZodApp;
  let send: Record<'40' | '01', ReturnType<typeof sender>>;
  const schools = [
    { code: '4000001', province: '40' as const, commune: '16681' },
    { code: '4000002', province: '40' as const, commune: '16681' },
    { code: '0100001', province: '01' as const, commune: '00004' },
  ];
  const classOf = new Map<string, string>();

  beforeAll(async () => {
    database = await createTestDatabase('national');
    app = await buildTestApp('national', database.db);
    send = {
      '40': sender(app, await createCredential(database.db, 'P40')),
      '01': sender(app, await createCredential(database.db, 'P01')),
    };
    for (const school of schools) {
      const own = send[school.province];
      const record = item(schoolPayload(school.code, school.commune, school.province), {
        schoolCode: school.code,
      });
      expect((await own('school', [record])).answer.status).toBe('success');
      const cls = item(classData({ name: '4A', grade: '4' }), { schoolCode: school.code });
      expect((await own('class', [cls])).answer.status).toBe('success');
      classOf.set(school.code, cls.id);
    }
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  let run = 0;
  it('keeps owners, answers and identifiers as the model says, in every random history', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        run += 1;
        // Fresh records and persons each run: runs do not see each other's.
        const ids: string[] = Array.from({ length: 6 }, () => crypto.randomUUID());
        // Records 0–1 and 2–3 are two persons each (moves, re-adds); 4 and 5 one each.
        const personOf = [0, 0, 1, 1, 2, 3];
        const personalIds = [0, 1, 2, 3].map((p) =>
          makePersonalId({ provinceCode: '40', birthYear: 2017, gender: 'female', serial: run * 10 + p }),
        );
        const model = {
          owner: new Map<string, (typeof schools)[number]>(),
          held: new Map<string, { version: number; hash: string; deleted: boolean; enrolled: boolean }>(),
          nationalIdOfPerson: new Map<number, string>(),
          nationalIdOfRecord: new Map<string, string>(),
          /** Per record and school: the newest item's version and the answer to it. */
          latest: new Map<string, { version: number; status: string }>(),
        };
        let last:
          | { batchId: string; province: '40' | '01'; body: ReturnType<typeof item>; answer: Answer }
          | undefined;

        for (const s of steps) {
          if (s.replay && last) {
            const again = await send[last.province]('student', [last.body], last.batchId);
            expect(again.answer).toEqual(last.answer);
            continue;
          }
          const id = ids[s.record]!;
          const school = schools[s.school]!;
          const province = s.foreignSender ? (school.province === '40' ? '01' : '40') : school.province;
          const person = personOf[s.record]!;
          const held = model.held.get(id);
          const version = Math.max(1, (held?.version ?? 0) + s.versionShift);
          const payload = studentData(classOf.get(school.code)!, {
            fullName: `Học Sinh ${person} ${s.name}`,
            birthDate: '2017-05-05',
            gender: 'female',
            personalId: personalIds[person],
            statusCode: s.enrolled ? '01' : '04',
          });
          const body = item(payload, { id, version, deleted: s.deleted, schoolCode: school.code });
          const { batchId, answer } = await send[province]('student', [body]);
          last = { batchId, province, body, answer };

          // What the model expects, in the order the tier decides.
          const owner = model.owner.get(id);
          const enrolledElsewhere = [...model.held].some(
            ([other, h]) =>
              other !== id &&
              !h.deleted &&
              h.enrolled &&
              personOf[ids.indexOf(other)] === person &&
              model.owner.get(other)!.code !== school.code,
          );
          const expected =
            (owner &&
              (owner.province !== province || owner.code !== school.code) &&
              'RECORD_OWNED_ELSEWHERE') ||
            (school.province !== province && 'REFERENCE_UNKNOWN') ||
            (!s.deleted && s.enrolled && enrolledElsewhere && 'STUDENT_ENROLLED_ELSEWHERE') ||
            (held && version < held.version && 'VERSION_SUPERSEDED') ||
            (held &&
              version === held.version &&
              (held.hash !== body.hash || held.deleted !== s.deleted) &&
              'RECORD_VERSION_CONFLICT') ||
            'success';
          if (expected === 'success') {
            expect(answer).toMatchObject({ status: 'success', decidedBy: 'national' });
            if (!owner) model.owner.set(id, school);
            if (!held || version > held.version)
              model.held.set(id, { version, hash: body.hash, deleted: s.deleted, enrolled: s.enrolled });
            // The record's identifier, else its person's, else a new one — tombstones alike.
            const given = model.nationalIdOfRecord.get(id) ?? model.nationalIdOfPerson.get(person);
            if (given) expect(answer.nationalId).toBe(given);
            else expect(answer.nationalId).toMatch(/^HS\d{10}$/);
            model.nationalIdOfRecord.set(id, answer.nationalId!);
            model.nationalIdOfPerson.set(person, answer.nationalId!);
          } else {
            expect(answer).toMatchObject({
              status: 'failed',
              decidedBy: 'national',
              error: { code: expected },
            });
          }
          const key = `${id}:${school.code}`;
          const before = model.latest.get(key);
          if (!before || version >= before.version) model.latest.set(key, { version, status: answer.status });

          await checkTier();
        }

        async function checkTier() {
          const rows = await database.db
            .selectFrom('sync_records')
            .select(['id', 'school_code', 'province_code', 'version', 'hash', 'national_id'])
            .where(sql<boolean>`id = ANY(${ids}::uuid[])`)
            .execute();
          // Each record held once, by its owner, at the version the model holds.
          expect(rows.map((r) => r.id).sort()).toEqual([...model.owner.keys()].sort());
          for (const row of rows) {
            const owner = model.owner.get(row.id)!;
            expect(row).toMatchObject({
              school_code: owner.code,
              province_code: owner.province,
              version: model.held.get(row.id)!.version,
              hash: model.held.get(row.id)!.hash,
            });
          }
          // The status shown for each record and school is the answer to its newest item.
          const { rows: latest } = await sql<{ record_id: string; school_code: string; status: string }>`
            SELECT record_id, school_code, status FROM sync_items
            WHERE latest AND record_id = ANY(${ids}::uuid[])`.execute(database.db);
          expect(
            Object.fromEntries(latest.map((l) => [`${l.record_id}:${l.school_code}`, l.status])),
          ).toEqual(Object.fromEntries([...model.latest].map(([key, l]) => [key, l.status])));
          // One identifier per person, in the records and in the registry.
          const { rows: persons } = await sql<{ personal_id: string; national_ids: string[] }>`
            SELECT personal_id, array_agg(DISTINCT national_id) AS national_ids FROM sync_records
            WHERE personal_id = ANY(${personalIds}::text[]) AND national_id IS NOT NULL GROUP BY personal_id`.execute(
            database.db,
          );
          const registry = await database.db
            .selectFrom('person_identities')
            .select(['personal_id', 'national_id'])
            .where('personal_id', 'in', personalIds)
            .execute();
          for (const p of persons) {
            expect(p.national_ids).toHaveLength(1);
            expect(registry).toContainEqual({ personal_id: p.personal_id, national_id: p.national_ids[0] });
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('ownership at the province, against a model', () => {
  let database: TestDatabase<'province'>;
  let app: ZodApp;
  const schoolCodes = ['7100001', '7100002', '7100003'];
  const senders: ReturnType<typeof sender>[] = [];
  const classOf: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('province');
    await addFixtureUnits('province', database.db);
    app = await buildTestApp('province', database.db);
    for (const code of schoolCodes) {
      const send = sender(app, await createCredential(database.db, `S${code}`));
      senders.push(send);
      await send('school', [item(schoolPayload(code))]);
      const cls = item(classData({ name: '1A', grade: '1' }));
      await send('class', [cls]);
      classOf.push(cls.id);
    }
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('binds each record to its first school, never answers success itself, forwards what it accepts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const ids: string[] = Array.from({ length: 6 }, () => crypto.randomUUID());
        const owner = new Map<string, number>();
        const held = new Map<string, { version: number; hash: string; deleted: boolean }>();
        for (const s of steps) {
          const id = ids[s.record]!;
          const before = held.get(id);
          const version = Math.max(1, (before?.version ?? 0) + s.versionShift);
          const payload = studentData(classOf[s.school]!, {
            birthDate: '2019-05-05',
            fullName: `Trần ${s.name}`,
          });
          const body = item(payload, { id, version, deleted: s.deleted });
          const { answer } = await senders[s.school]!('student', [body]);
          const expected =
            (owner.has(id) && owner.get(id) !== s.school && 'RECORD_OWNED_ELSEWHERE') ||
            (before && version < before.version && 'VERSION_SUPERSEDED') ||
            (before &&
              version === before.version &&
              (before.hash !== body.hash || before.deleted !== s.deleted) &&
              'RECORD_VERSION_CONFLICT') ||
            'pending';
          if (expected === 'pending') {
            expect(answer).toMatchObject({ status: 'pending', decidedBy: null });
            if (!owner.has(id)) owner.set(id, s.school);
            if (!before || version > before.version)
              held.set(id, { version, hash: body.hash, deleted: s.deleted });
            // Forwarded to the national tier: this very version is in the province's outbox.
            const { rows } = await sql<{ n: number }>`
              SELECT count(*)::int AS n FROM outbox_items WHERE record_id = ${id} AND version = ${version}`.execute(
              database.db,
            );
            expect(rows[0]!.n).toBeGreaterThan(0);
          } else {
            expect(answer).toMatchObject({
              status: 'failed',
              decidedBy: 'province',
              error: { code: expected },
            });
          }
        }
        const rows = await database.db
          .selectFrom('sync_records')
          .select(['id', 'school_code', 'version'])
          .where(sql<boolean>`id = ANY(${ids}::uuid[])`)
          .execute();
        expect(Object.fromEntries(rows.map((r) => [r.id, [r.school_code, r.version]]))).toEqual(
          Object.fromEntries(
            [...owner].map(([id, school]) => [id, [schoolCodes[school], held.get(id)!.version]]),
          ),
        );
      }),
      { numRuns: RUNS },
    );
  });
});
