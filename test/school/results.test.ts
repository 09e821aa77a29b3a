// Kết quả học tập through the API: the grid of a class, bulk saving, the computed columns.
import ExcelJS from 'exceljs';
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeLists } from '#domain/reference/index.ts';
import { qualities } from '#domain/rules/primary-evaluation.ts';
import { isCommentOnlySubject } from '#domain/rules/secondary-evaluation.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { XLSX_TYPE } from '#tiers/school/excel/routes.ts';
import { addFixtureUnits, createUser, type FixtureUser, requestAs } from '../helpers/access.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { classData, primaryEntry, SCHOOL_YEAR, studentData } from '../helpers/school-records.ts';

describe('learning results', () => {
  let database: TestDatabase<'school'>;
  let app: ZodApp;
  let admin: FixtureUser;
  const as = (request: InjectOptions) => requestAs(app, database.db, admin, request);
  const addClass = async (name: string, grade: string) => {
    const { schoolYear: _, ...data } = classData({ name, grade });
    return (await as({ method: 'POST', url: '/api/classes', payload: data })).json().id as string;
  };
  const addStudent = async (classId: string, fullName: string) => {
    const { schoolYear: _, ...data } = studentData(classId, { fullName, birthDate: '2016-03-03' });
    return (await as({ method: 'POST', url: '/api/students', payload: data })).json().id as string;
  };
  const save = (classId: string, period: string, entries: { studentId: string; entry: object }[]) =>
    as({ method: 'PUT', url: '/api/results', payload: { classId, period, entries } });

  beforeAll(async () => {
    database = await createTestDatabase('school');
    await addFixtureUnits('school', database.db);
    app = await buildTestApp('school', database.db);
    admin = await createUser(database.db, 'school_admin', 'S7000001');
    await as({ method: 'PUT', url: '/api/school/current-year', payload: { schoolYear: SCHOOL_YEAR } });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  describe('primary, Thông tư 27', () => {
    let classId: string;
    let students: string[];
    beforeAll(async () => {
      classId = await addClass('4A', '4');
      students = [
        await addStudent(classId, 'Hà Văn An'),
        await addStudent(classId, 'Vi Thị Bình'),
        await addStudent(classId, 'Lò Văn Cầm'),
      ];
    });

    it('shows the grid of the class: tested subjects at GK1 in grade 4, competencies by criteria group', async () => {
      const grid = (await as({ method: 'GET', url: `/api/results?classId=${classId}&period=GK1` })).json();
      expect(grid).toMatchObject({
        scheme: 'TT27',
        period: 'GK1',
        schoolYear: SCHOOL_YEAR,
        class: { name: '4A', grade: '4' },
      });
      expect(grid.grid.scoredSubjects).toEqual(['Tiếng Việt', 'Toán']);
      expect(grid.grid.competencies).toHaveLength(10);
      expect(grid.rows.map((r: { fullName: string }) => r.fullName)).toEqual([
        'Hà Văn An',
        'Vi Thị Bình',
        'Lò Văn Cầm',
      ]);
      const onlyQualities = (
        await as({ method: 'GET', url: `/api/results?classId=${classId}&period=GK1&criteria=PC` })
      ).json();
      expect(onlyQualities.grid).toMatchObject({ competencies: [], qualities: qualities() });
    });

    it('saves the whole class at once, keeps an incomplete entry, refuses invalid values naming the cell', async () => {
      const [a, b, c] = students as [string, string, string];
      const invalid = await save(classId, 'GK1', [
        { studentId: a, entry: primaryEntry(4, 'GK1', 8) },
        { studentId: c, entry: primaryEntry(4, 'GK1', 0) },
      ]);
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json().errors.map((e: { field: string }) => e.field)).toEqual([
        'entries.1.subjects.Tiếng Việt.score',
        'entries.1.subjects.Toán.score',
      ]);
      expect(await database.db.selectFrom('results').selectAll().execute()).toEqual([]);

      const partial = { ...primaryEntry(4, 'GK1', 7), qualities: {} };
      const saved = await save(classId, 'GK1', [
        { studentId: a, entry: primaryEntry(4, 'GK1', 8) },
        { studentId: b, entry: partial },
      ]);
      expect(saved.json()).toEqual({ saved: 2, unchanged: 0, incomplete: 1 });
      expect(
        (await save(classId, 'GK1', [{ studentId: a, entry: primaryEntry(4, 'GK1', 8) }])).json(),
      ).toMatchObject({ saved: 0, unchanged: 1 });

      const rows = (await as({ method: 'GET', url: `/api/results?classId=${classId}&period=GK1` })).json()
        .rows;
      expect(rows[0].result).toMatchObject({ version: 1, syncState: 'unsynced', complete: true });
      expect(rows[1].result.complete).toBe(false);
      expect(rows[2].result).toBeNull();
    });

    it('proposes the year-end rating at CN from the entries (HTXS needs every test score ≥ 9)', async () => {
      const [a, b] = students as [string, string];
      const response = await save(classId, 'CN', [
        { studentId: a, entry: primaryEntry(4, 'CN', 9) },
        { studentId: b, entry: primaryEntry(4, 'CN', 8) },
      ]);
      expect(response.json()).toMatchObject({ saved: 2, incomplete: 0 });
      const rows = (await as({ method: 'GET', url: `/api/results?classId=${classId}&period=CN` })).json()
        .rows;
      expect(rows[0].result.outcome.yearEndRating).toBe('HTXS');
      expect(rows[0].result.entry).toMatchObject({
        yearEndRating: 'HTXS',
        completedProgram: true,
        promoted: true,
      });
      expect(rows[1].result.outcome.yearEndRating).toBe('HTT');
    });

    it('round-trips the class grid through Excel: template, import with a dry run, export', async () => {
      const template = await as({
        method: 'GET',
        url: `/api/results/template.xlsx?classId=${classId}&period=GK2`,
      });
      expect(template.headers['content-type']).toBe(XLSX_TYPE);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(template.rawPayload as never);
      const sheet = workbook.worksheets[0]!;
      const headers = (sheet.getRow(2).values as string[]).slice(1);
      expect(headers.slice(0, 3)).toEqual(['Họ và tên', 'Ngày sinh', 'Tiếng Việt']);
      expect(headers).toContain('Toán - Điểm KTĐK');
      // The teacher fills every cell of every student: levels T, scores 8, one mistake.
      for (let row = 3; row <= sheet.rowCount; row++) {
        headers.forEach((header, index) => {
          if (index < 2) return;
          sheet.getCell(row, index + 1).value = header.endsWith('Điểm KTĐK') ? 8 : 'T';
        });
      }
      sheet.getCell(4, 3).value = 'X';
      const filled = Buffer.from(await workbook.xlsx.writeBuffer());
      const upload = (mode: string) =>
        as({
          method: 'POST',
          url: `/api/results/import?classId=${classId}&period=GK2&mode=${mode}`,
          headers: { 'content-type': XLSX_TYPE },
          payload: filled,
        });

      const dryRun = (await upload('dry-run')).json();
      expect(dryRun).toMatchObject({ applied: false, rows: 3, invalid: 1 });
      expect(dryRun.errors).toEqual([
        { row: 4, column: 'Tiếng Việt', message: '"X" không hợp lệ; chọn một trong T, H, C.' },
      ]);
      expect((await upload('all-or-nothing')).json()).toMatchObject({ applied: false });
      expect((await upload('valid-only')).json()).toMatchObject({ applied: true, updated: 2 });
      expect((await upload('valid-only')).json()).toMatchObject({ applied: true, updated: 0, unchanged: 2 });

      const saved = (await as({ method: 'GET', url: `/api/results?classId=${classId}&period=GK2` })).json()
        .rows;
      expect(saved.filter((r: { result: unknown }) => r.result).length).toBe(2);
      expect(saved[0].result.entry.subjects.Toán).toEqual({ level: 'T', score: 8 });
      const exported = await as({
        method: 'GET',
        url: `/api/results/export.xlsx?classId=${classId}&period=GK2`,
      });
      const back = new ExcelJS.Workbook();
      await back.xlsx.load(exported.rawPayload as never);
      expect(back.worksheets[0]!.getCell(3, 3).value).toBe('T');
    });

    it('keeps an entry with a group left out as incomplete, and refuses a part of the wrong shape, naming it', async () => {
      const [a, b] = students as [string, string];
      const gap = await save(classId, 'GK2', [{ studentId: a, entry: { subjects: {} } }]);
      expect(gap.json()).toEqual({ saved: 1, unchanged: 0, incomplete: 1 });
      const spoilt = await save(classId, 'GK2', [
        { studentId: b, entry: { subjects: { Toán: 'T' }, qualities: [] } },
      ]);
      expect(spoilt.statusCode).toBe(400);
      expect(spoilt.json().code).toBe('RESULT_INVALID');
      expect(spoilt.json().errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
        ['entries.0.qualities', 'RESULT_ENTRY_FORMAT'],
        ['entries.0.subjects.Toán', 'RESULT_ENTRY_FORMAT'],
      ]);
    });

    it('refuses a period of the other scheme and a student of another class', async () => {
      const wrongPeriod = await as({ method: 'GET', url: `/api/results?classId=${classId}&period=HK1` });
      expect(wrongPeriod.json().errors[0]).toMatchObject({ field: 'period', code: 'CODE_UNKNOWN' });
      const otherClass = await addClass('4B', '4');
      const stranger = await addStudent(otherClass, 'Sầm Văn Dũng');
      const response = await save(classId, 'GK1', [
        { studentId: stranger, entry: primaryEntry(4, 'GK1', 8) },
      ]);
      expect(response.json().errors[0]).toMatchObject({
        field: 'entries.0.studentId',
        code: 'REFERENCE_UNKNOWN',
      });
    });
  });

  describe('secondary, Thông tư 22', () => {
    let classId: string;
    let studentId: string;
    const subjects = codeLists.secondaryEvaluation_TT22_2021.subjectsByLevel.THCS;

    beforeAll(async () => {
      // The same test school, now a lower-secondary one.
      await sql`UPDATE schools SET payload = jsonb_set(payload, '{levelCode}', '"THCS"') WHERE code = '7000002'`.execute(
        database.db,
      );
      admin = await createUser(database.db, 'school_admin', 'S7000002');
      await as({ method: 'PUT', url: '/api/school/current-year', payload: { schoolYear: SCHOOL_YEAR } });
      classId = await addClass('6A1', '6');
      studentId = await addStudent(classId, 'Quán Thị Hoa');
    });

    function term(score: number, conduct: string, regularCounts: Record<string, number>) {
      return {
        conduct,
        subjects: Object.fromEntries(
          subjects.map((s) => [
            s,
            isCommentOnlySubject(s)
              ? { comment: 'Đ' }
              : { regular: Array(regularCounts[s]).fill(score), midterm: score, final: score },
          ]),
        ),
      };
    }

    it('computes term averages and results, then the year from both terms', async () => {
      const grid = (await as({ method: 'GET', url: `/api/results?classId=${classId}&period=HK1` })).json();
      expect(grid.scheme).toBe('TT22');
      expect(grid.grid.regularCounts.Toán).toBe(4); // 140 periods a year
      expect(grid.grid.regularCounts['Giáo dục công dân']).toBe(2); // 35 periods a year
      const counts = grid.grid.regularCounts as Record<string, number>;

      expect(
        (await save(classId, 'HK1', [{ studentId, entry: term(6.5, 'K', counts) }])).json(),
      ).toMatchObject({ saved: 1, incomplete: 0 });
      expect((await save(classId, 'HK2', [{ studentId, entry: term(8, 'T', counts) }])).json()).toMatchObject(
        { saved: 1 },
      );
      const hk1 = (await as({ method: 'GET', url: `/api/results?classId=${classId}&period=HK1` })).json()
        .rows[0].result.outcome;
      expect(hk1.averages.Toán).toBe(6.5);
      expect(hk1.learningResult).toBe('K');

      expect((await save(classId, 'CN', [{ studentId, entry: {} }])).json()).toMatchObject({
        saved: 1,
        incomplete: 0,
      });
      const year = (await as({ method: 'GET', url: `/api/results?classId=${classId}&period=CN` })).json()
        .rows[0].result.outcome;
      expect(year.averages.Toán).toBe(7.5); // (6.5 + 2 × 8) / 3
      expect(year.learningResult).toBe('K');
      expect(year.conduct).toBe('T'); // HK2 Tốt and HK1 Khá
    });

    it('refuses a wrong number of regular scores being final, but keeps too few as incomplete', async () => {
      const counts = (await as({ method: 'GET', url: `/api/results?classId=${classId}&period=HK1` })).json()
        .grid.regularCounts;
      const entry = term(7, 'Đ', counts);
      entry.subjects.Toán = { regular: [7], midterm: 7, final: 7 };
      expect((await save(classId, 'HK1', [{ studentId, entry }])).json()).toMatchObject({
        saved: 1,
        incomplete: 1,
      });
      entry.subjects.Toán = { regular: [7, 7, 7, 7], midterm: 11, final: 7 };
      const invalid = await save(classId, 'HK1', [{ studentId, entry }]);
      expect(invalid.json().errors[0].field).toBe('entries.0.subjects.Toán.midterm');
    });
  });
});
