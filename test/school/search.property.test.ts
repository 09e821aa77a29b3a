// Property: any Vietnamese name, typed in NFC or NFD, in capitals or small letters, with or without
// its diacritics, finds its record; and the database folds stored names exactly as the server
// folds what is typed.
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldForSearch, normaliseText } from '#domain/text.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { insertRecord } from '#tiers/school/records.ts';
import { addFixtureUnits, createUser, sessionCookie } from '../helpers/access.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { propertyRuns } from '../helpers/property.ts';
import { schoolApi } from '../helpers/school-api.ts';
import { classData, SCHOOL_YEAR, schoolIdOf, studentData } from '../helpers/school-records.ts';

const INITIALS = [
  '',
  'b',
  'c',
  'ch',
  'd',
  'đ',
  'g',
  'gi',
  'h',
  'k',
  'kh',
  'l',
  'm',
  'n',
  'ng',
  'nh',
  'ph',
  'qu',
  'r',
  's',
  't',
  'th',
  'tr',
  'v',
  'x',
];
const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y', 'oa', 'uy', 'ươ', 'iê', 'uô'];
const TONES = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
const FINALS = ['', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't', 'i', 'o', 'u'];

const syllable = fc
  .tuple(
    fc.constantFrom(...INITIALS),
    fc.constantFrom(...VOWELS),
    fc.constantFrom(...TONES),
    fc.constantFrom(...FINALS),
  )
  .map(([initial, vowel, tone, final]) => {
    const word = `${initial}${vowel[0]}${tone}${vowel.slice(1)}${final}`.normalize('NFC');
    return word[0]!.toUpperCase() + word.slice(1);
  });
const vietnameseName = fc.array(syllable, { minLength: 2, maxLength: 4 }).map((words) => words.join(' '));

/** The name as a person might type it, written without any code of ours. */
const typings = {
  NFC: (name: string) => name.normalize('NFC'),
  NFD: (name: string) => name.normalize('NFD'),
  capitals: (name: string) => name.toUpperCase(),
  'small letters, decomposed': (name: string) => name.toLowerCase().normalize('NFD'),
  'without diacritics': (name: string) =>
    name.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D'),
  'without diacritics, in capitals': (name: string) =>
    name.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'D').toUpperCase(),
};

describe('searching by name, as a property', () => {
  let database: TestDatabase<'school'>;
  let app: ZodApp;
  let call: ReturnType<typeof schoolApi>;
  let schoolId: string;
  let classId: string;
  let userId: string;

  beforeAll(async () => {
    database = await createTestDatabase('school');
    await addFixtureUnits('school', database.db);
    app = await buildTestApp('school', database.db);
    const admin = await createUser(database.db, 'school_admin', 'S7000001');
    userId = admin.id;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    call = schoolApi(url, await sessionCookie(database.db, admin.id));
    expect((await call('PUT', '/api/school/current-year', { schoolYear: SCHOOL_YEAR })).status).toBe(200);
    schoolId = await schoolIdOf(database.db, '7000001');
    classId = (await insertRecord(database.db, 'classes', schoolId, classData(), userId)).id;
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('finds any name however it is typed', async () => {
    await fc.assert(
      fc.asyncProperty(vietnameseName, fc.constantFrom(...Object.keys(typings)), async (name, how) => {
        const { id } = await insertRecord(
          database.db,
          'students',
          schoolId,
          studentData(classId, { fullName: name }),
          userId,
        );
        const typed = typings[how as keyof typeof typings](name);
        const answer = await call('GET', `/api/students?pageSize=500&q=${encodeURIComponent(typed)}`);
        expect(answer.status).toBe(200);
        expect(answer.body.items.map((item: { id: string }) => item.id)).toContain(id);
      }),
      { numRuns: propertyRuns(60) },
    );
  });

  it('folds in the database exactly as on the server, for any text a name may hold', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 30 }), { minLength: 1, maxLength: 50 }),
        async (texts) => {
          const stored = texts.map(normaliseText);
          const { rows } = await sql<{ folded: string }>`
          SELECT fold_for_search(t) AS folded FROM unnest(${stored}::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n`.execute(
            database.db,
          );
          expect(rows.map((row) => row.folded)).toEqual(stored.map(foldForSearch));
        },
      ),
      { numRuns: propertyRuns(100) },
    );
  });
});
