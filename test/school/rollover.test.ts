// Kết chuyển năm học through the API: the preview, the moves each result makes, the closed year
// read-only, the write, and a second run that changes nothing.
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeLists } from '#domain/reference/index.ts';
import { isCommentOnlySubject } from '#domain/rules/secondary-evaluation.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { addFixtureUnits, createUser, type FixtureUser, requestAs } from '../helpers/access.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { fingerprintReader } from '../helpers/db-fingerprint.ts';
import { classData, primaryEntry, SCHOOL_YEAR, studentData } from '../helpers/school-records.ts';

const NEXT_YEAR = '2027-2028';

describe('year rollover (Kết chuyển năm học)', () => {
  let database: TestDatabase<'school'>;
  let app: ZodApp;
  let admin: FixtureUser;
  const as = (request: InjectOptions) => requestAs(app, database.db, admin, request);
  const ids: Record<string, string> = {};
  const addClass = async (name: string, grade: string) => {
    const { schoolYear: _, ...data } = classData({ name, grade });
    ids[name] = (await as({ method: 'POST', url: '/api/classes', payload: data })).json().id;
  };
  const addPupil = async (className: string, fullName: string) => {
    const { schoolYear: _, ...data } = studentData(ids[className]!, { fullName, birthDate: '2016-03-03' });
    ids[fullName] = (await as({ method: 'POST', url: '/api/students', payload: data })).json().id;
  };
  /** A year-end (CN) result for each named pupil: promoted or not. */
  const yearEnd = async (className: string, grade: number, pupils: Record<string, boolean>) => {
    const entries = Object.entries(pupils).map(([name, promoted]) => ({
      studentId: ids[name]!,
      entry: { ...primaryEntry(grade, 'CN', promoted ? 8 : 3), promoted, completedProgram: promoted },
    }));
    return as({
      method: 'PUT',
      url: '/api/results',
      payload: { classId: ids[className], period: 'CN', entries },
    });
  };
  const preview = async () =>
    (await as({ method: 'GET', url: `/api/school/rollover?fromYear=${SCHOOL_YEAR}` })).json();
  const moveOf = (plan: { pupils: { fullName: string }[] }, name: string) =>
    plan.pupils.find((p) => p.fullName === name);

  beforeAll(async () => {
    database = await createTestDatabase('school');
    await addFixtureUnits('school', database.db);
    app = await buildTestApp('school', database.db);
    admin = await createUser(database.db, 'school_admin', 'S7000001');
    await as({ method: 'PUT', url: '/api/school/current-year', payload: { schoolYear: SCHOOL_YEAR } });
    await addClass('1A', '1');
    await addClass('4A', '4');
    await addClass('5A', '5');
    for (const [cls, name] of [
      ['1A', 'Hà Văn An'],
      ['1A', 'Vi Thị Bình'],
      ['1A', 'Lò Văn Cường'],
      ['4A', 'Lục Thị Giang'],
      ['5A', 'Đinh Văn Dũng'],
      ['5A', 'Sầm Thị Em'],
    ])
      await addPupil(cls!, name!);
    expect((await yearEnd('1A', 1, { 'Hà Văn An': true, 'Vi Thị Bình': false })).statusCode).toBe(200);
    expect((await yearEnd('4A', 4, { 'Lục Thị Giang': true })).statusCode).toBe(200);
    expect((await yearEnd('5A', 5, { 'Đinh Văn Dũng': true })).statusCode).toBe(200);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('previews each class in the next grade with a proposed name, and each pupil moved by their result', async () => {
    const plan = await preview();
    expect(plan).toMatchObject({
      fromYear: SCHOOL_YEAR,
      toYear: NEXT_YEAR,
      closed: false,
      alreadyWritten: 0,
    });
    const carried = plan.classes.map((c: { sourceName: string; name: string; targetGrade: string }) => [
      c.sourceName,
      c.name,
      c.targetGrade,
    ]);
    // 5A is the last grade of a primary school: its pupils leave or stay, it is not carried.
    // Bình stays in grade 1, which no class is carried into: a 1A is kept for her.
    expect(carried).toEqual([
      ['1A', '2A', '2'],
      ['4A', '5A', '5'],
      ['1A', '1A', '1'],
    ]);
    expect(moveOf(plan, 'Hà Văn An')).toMatchObject({ move: 'up', decided: true, targetClassName: '2A' });
    expect(moveOf(plan, 'Vi Thị Bình')).toMatchObject({ move: 'stay', decided: true, targetClassName: '1A' });
    expect(moveOf(plan, 'Lò Văn Cường')).toMatchObject({ move: 'up', decided: false, targetClassName: '2A' });
    expect(moveOf(plan, 'Lục Thị Giang')).toMatchObject({ move: 'up', targetClassName: '5A' });
    expect(moveOf(plan, 'Đinh Văn Dũng')).toMatchObject({
      move: 'graduate',
      decided: true,
      targetClassName: null,
    });
    // No result in the last grade: kept on the rolls (with the new 5A) until the school decides.
    expect(moveOf(plan, 'Sầm Thị Em')).toMatchObject({ move: 'stay', decided: false, targetClassName: '5A' });
  });

  it('writes nothing before the year is closed; a closed year is read-only with the year named', async () => {
    const early = await as({
      method: 'POST',
      url: '/api/school/rollover',
      payload: { fromYear: SCHOOL_YEAR },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('SCHOOL_YEAR_NOT_CLOSED');

    const closed = await as({
      method: 'POST',
      url: '/api/school/close-year',
      payload: { schoolYear: SCHOOL_YEAR },
    });
    expect(closed.statusCode).toBe(200);
    const { schoolYear: _, ...data } = classData({ name: '1B', grade: '1' });
    const edits = [
      await as({ method: 'POST', url: '/api/classes', payload: data }),
      await as({ method: 'PUT', url: `/api/classes/${ids['1A']}`, payload: { ...data, name: '1C' } }),
      await as({ method: 'DELETE', url: `/api/students/${ids['Hà Văn An']}` }),
      await yearEnd('1A', 1, { 'Lò Văn Cường': true }),
    ];
    for (const edit of edits) {
      expect(edit.statusCode).toBe(409);
      expect(edit.json()).toMatchObject({ code: 'SCHOOL_YEAR_CLOSED' });
      expect(edit.json().message).toContain(SCHOOL_YEAR);
    }
    const audit = await database.db.selectFrom('audit_log').select('action').execute();
    expect(audit.map((a) => a.action)).toContain('school.year_closed');
  });

  it('writes the next year as previewed, with the names and decisions the user chose', async () => {
    const clash = await as({
      method: 'POST',
      url: '/api/school/rollover',
      payload: { fromYear: SCHOOL_YEAR, classNames: { [ids['1A']!]: '5B', [ids['4A']!]: '5B' } },
    });
    expect(clash.statusCode).toBe(400);
    expect(clash.json().errors).toEqual([
      expect.objectContaining({
        field: `classNames.${ids['4A']}`,
        message: `Năm học ${NEXT_YEAR} đã có lớp 5B.`,
      }),
    ]);
    expect((await preview()).alreadyWritten).toBe(0);
    const body = {
      fromYear: SCHOOL_YEAR,
      classNames: { [ids['4A']!]: '5B' },
      moves: { [ids['Lò Văn Cường']!]: 'stay' },
    };
    const written = await as({ method: 'POST', url: '/api/school/rollover', payload: body });
    expect(written.statusCode).toBe(200);
    expect(written.json()).toMatchObject({ classesWritten: 3, pupilsWritten: 5 });

    const next = (await as({ method: 'GET', url: '/api/classes?pageSize=50' })).json();
    const names = next.items.map((c: { data: { name: string; schoolYear: string } }) => [
      c.data.name,
      c.data.schoolYear,
    ]);
    expect(names.sort()).toEqual([
      ['1A', NEXT_YEAR],
      ['2A', NEXT_YEAR],
      ['5B', NEXT_YEAR],
    ]);
    const pupils = (await as({ method: 'GET', url: '/api/students?pageSize=50' })).json();
    const placed = Object.fromEntries(
      pupils.items.map((p: { fullName: string; className: string; statusCode: string }) => [
        p.fullName,
        [p.className, p.statusCode],
      ]),
    );
    expect(placed).toEqual({
      'Hà Văn An': ['2A', '01'],
      'Vi Thị Bình': ['1A', '01'],
      'Lò Văn Cường': ['1A', '01'],
      'Lục Thị Giang': ['5B', '01'],
      'Sầm Thị Em': ['5B', '01'],
    });
    // The closed year stays readable as it was.
    const old = (
      await as({ method: 'GET', url: `/api/classes?schoolYear=${SCHOOL_YEAR}&pageSize=50` })
    ).json();
    expect(old.items.map((c: { data: { name: string } }) => c.data.name).sort()).toEqual(['1A', '4A', '5A']);
    const oldPupils = (
      await as({ method: 'GET', url: `/api/students?schoolYear=${SCHOOL_YEAR}&pageSize=50` })
    ).json();
    expect(oldPupils.total).toBe(6);
    expect((await as({ method: 'GET', url: '/api/school' })).json().currentSchoolYear).toBe(NEXT_YEAR);
  });

  it('run again, it changes nothing and duplicates nothing', async () => {
    const reader = await fingerprintReader(database.url, ['audit_log', 'sessions']);
    try {
      const before = await reader.read();
      const again = await as({
        method: 'POST',
        url: '/api/school/rollover',
        payload: { fromYear: SCHOOL_YEAR, classNames: { [ids['1A']!]: 'Khác' } },
      });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ classesWritten: 0, pupilsWritten: 0 });
      expect(await reader.read()).toEqual(before);
      expect((await preview()).alreadyWritten).toBe(8);
    } finally {
      await reader.close();
    }
  });
  describe('Thông tư 22: the year learning result and conduct decide', () => {
    const subjects = codeLists.secondaryEvaluation_TT22_2021.subjectsByLevel.THCS;
    const term = (score: number, conduct: string, counts: Record<string, number>) => ({
      conduct,
      subjects: Object.fromEntries(
        subjects.map((s) => [
          s,
          isCommentOnlySubject(s)
            ? { comment: 'Đ' }
            : { regular: Array(counts[s]).fill(score), midterm: score, final: score },
        ]),
      ),
    });
    /** Both terms and the year of one pupil, at one score and conduct. */
    const wholeYear = async (className: string, name: string, score: number, conduct: string) => {
      const grid = (
        await as({ method: 'GET', url: `/api/results?classId=${ids[className]}&period=HK1` })
      ).json();
      for (const [period, entry] of [
        ['HK1', term(score, conduct, grid.grid.regularCounts)],
        ['HK2', term(score, conduct, grid.grid.regularCounts)],
        ['CN', {}],
      ] as const) {
        const saved = await as({
          method: 'PUT',
          url: '/api/results',
          payload: { classId: ids[className], period, entries: [{ studentId: ids[name], entry }] },
        });
        expect(saved.json()).toMatchObject({ saved: 1, incomplete: 0 });
      }
    };

    beforeAll(async () => {
      await sql`UPDATE schools SET payload = jsonb_set(payload, '{levelCode}', '"THCS"') WHERE code = '7000002'`.execute(
        database.db,
      );
      admin = await createUser(database.db, 'school_admin', 'S7000002');
      await as({ method: 'PUT', url: '/api/school/current-year', payload: { schoolYear: SCHOOL_YEAR } });
      await addClass('6A1', '6');
      await addClass('9A1', '9');
      await addPupil('6A1', 'Quán Thị Hoa');
      await addPupil('6A1', 'Lương Văn Khải');
      await addPupil('9A1', 'Hà Thị Lan');
      await wholeYear('6A1', 'Quán Thị Hoa', 8, 'T');
      await wholeYear('6A1', 'Lương Văn Khải', 2, 'Đ');
      await wholeYear('9A1', 'Hà Thị Lan', 7, 'K');
    });

    it('moves up on Đạt or better, keeps a Chưa đạt in the grade, sees the last grade off', async () => {
      const plan = await preview();
      expect(plan.classes.map((c: { name: string }) => c.name)).toEqual(['7A1', '6A1']);
      expect(moveOf(plan, 'Quán Thị Hoa')).toMatchObject({
        move: 'up',
        decided: true,
        targetClassName: '7A1',
      });
      expect(moveOf(plan, 'Lương Văn Khải')).toMatchObject({
        move: 'stay',
        decided: true,
        targetClassName: '6A1',
      });
      expect(moveOf(plan, 'Hà Thị Lan')).toMatchObject({
        move: 'graduate',
        decided: true,
        targetClassName: null,
      });
    });
  });
});
