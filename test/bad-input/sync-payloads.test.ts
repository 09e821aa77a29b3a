// Bad records inside a well-formed batch: whatever a sender puts in a payload's fields (wrong
// types, identifiers that are none, SQL, huge or nested values), the receiving tier takes the
// batch and decides each item — a failed item with its reason, never a 500 for the whole batch.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordKind } from '#domain/record-kinds.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { addFixtureUnits, createCredential } from '../helpers/access.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { propertyRuns } from '../helpers/property.ts';
import { classData, staffData, studentData } from '../helpers/school-records.ts';
import { item, schoolPayload, sendBatch } from '../helpers/sync-batches.ts';

const junk = fc.oneof(
  fc.string(),
  fc.constantFrom(
    'not-a-uuid',
    "' OR 1=1 --",
    '<script>x</script>',
    '',
    ' ',
    '00000000-0000-0000-0000-00000000000g',
  ),
  fc.uuid(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
  fc.string({ minLength: 5_000, maxLength: 6_000 }),
);

interface Tier {
  app: ZodApp;
  database: TestDatabase<'province' | 'national'>;
  credential: { clientId: string; secret: string };
  /** What a sender of this tier adds to each item (the national tier needs the school's code). */
  schoolCode?: string;
  classId: string;
}

/** A valid payload of each kind, for a class the tier already holds. */
function validPayload(kind: RecordKind, tier: Tier, schoolCode: string): Record<string, unknown> {
  switch (kind) {
    case 'school':
      return schoolPayload(schoolCode);
    case 'class':
      return classData({ name: '2A', grade: '2' });
    case 'staff':
      return staffData();
    default:
      return studentData(tier.classId);
  }
}

function decidesEveryItem(tier: () => Tier, schoolCode: string) {
  return fc.asyncProperty(
    fc.constantFrom<RecordKind>('school', 'class', 'staff', 'student'),
    // A field of the payload, or a reference (where the receiver looks records up), or a new one.
    fc.oneof(
      fc.nat().map((index) => ({ index })),
      fc.constantFrom('classId', 'homeroomStaffId', 'studentId').map((name) => ({ name })),
      fc.string({ maxLength: 20 }).map((name) => ({ name })),
    ),
    junk,
    async (kind, pick, value) => {
      const t = tier();
      const payload = validPayload(kind, t, schoolCode);
      const fields = Object.keys(payload);
      const field = 'name' in pick ? pick.name : fields[pick.index % fields.length]!;
      const bad = { ...payload, [field]: value };
      const response = await sendBatch(t.app, t.credential, {
        batchId: crypto.randomUUID(),
        kind,
        items: [item(bad, t.schoolCode ? { schoolCode: t.schoolCode } : {})],
      });
      // A body the JSON parser refuses as a whole (a "__proto__" key) is a 4xx problem; any
      // other is taken and its item decided.
      if (response.statusCode !== 202) {
        expect(response.statusCode, response.body).toBe(400);
        expect(response.json().code).toBe('MALFORMED_JSON');
        return;
      }
      const status = await t.app.inject({
        method: 'GET',
        url: `/api/sync/v1/batches/${response.json().batchId}`,
        headers: {
          authorization: `Basic ${Buffer.from(`${t.credential.clientId}:${t.credential.secret}`).toString('base64')}`,
        },
      });
      expect(status.statusCode, status.body).toBe(200);
      const [decision] = status.json().items;
      expect(['pending', 'success', 'failed']).toContain(decision.status);
      if (decision.status === 'failed') expect(decision.error.message).toMatch(/\S/);
    },
  );
}

describe('bad records in a well-formed batch', () => {
  let province: Tier;
  let national: Tier;

  beforeAll(async () => {
    const provinceDb = await createTestDatabase('province');
    await addFixtureUnits('province', provinceDb.db);
    const provinceApp = await buildTestApp('province', provinceDb.db);
    const school = await createCredential(provinceDb.db, 'S7100001');
    const provinceClass = item(classData({ name: '1A', grade: '1' }));
    for (const [kind, entry] of [
      ['school', item(schoolPayload('7100001'))],
      ['class', provinceClass],
    ] as const)
      expect(
        (await sendBatch(provinceApp, school, { batchId: crypto.randomUUID(), kind, items: [entry] }))
          .statusCode,
      ).toBe(202);
    province = { app: provinceApp, database: provinceDb, credential: school, classId: provinceClass.id };

    const nationalDb = await createTestDatabase('national');
    const nationalApp = await buildTestApp('national', nationalDb.db);
    const ngheAn = await createCredential(nationalDb.db, 'P40');
    const nationalClass = item(classData({ name: '1A', grade: '1' }), { schoolCode: '4000001' });
    for (const [kind, entry] of [
      ['school', item(schoolPayload('4000001'), { schoolCode: '4000001' })],
      ['class', nationalClass],
    ] as const)
      expect(
        (await sendBatch(nationalApp, ngheAn, { batchId: crypto.randomUUID(), kind, items: [entry] }))
          .statusCode,
      ).toBe(202);
    national = {
      app: nationalApp,
      database: nationalDb,
      credential: ngheAn,
      schoolCode: '4000001',
      classId: nationalClass.id,
    };
  });
  afterAll(async () => {
    for (const tier of [province, national]) {
      await tier?.app.close();
      await tier?.database.drop();
    }
  });

  it('at the province, decides each item whatever its fields hold', async () => {
    await fc.assert(
      decidesEveryItem(() => province, '7100001'),
      { numRuns: propertyRuns(60) },
    );
  });

  it('at the national tier, decides each item whatever its fields hold', async () => {
    await fc.assert(
      decidesEveryItem(() => national, '4000001'),
      { numRuns: propertyRuns(60) },
    );
  });
});
