// THPT through the API: classes and pupils carry a tổ hợp môn, results are taken for each pupil's
// own subjects (with the regular scores their chuyên đề add), and Khối follows the school's level.
import ExcelJS from 'exceljs';
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridOf, schemeOfGrade } from '#domain/rules/result-scheme.ts';
import { isCommentOnlySubject } from '#domain/rules/secondary-evaluation.ts';
import type { SubjectCombination } from '#domain/rules/upper-secondary.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { addFixtureUnits, createUser, type FixtureUser, requestAs } from '../helpers/access.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { classData, SCHOOL_YEAR, studentData } from '../helpers/school-records.ts';

const KHTN: SubjectCombination = {
  name: 'KHTN1',
  electives: ['Vật lí', 'Hóa học', 'Sinh học', 'Tin học'],
  topicSubjects: ['Toán', 'Vật lí', 'Hóa học'],
};
const KHXH: SubjectCombination = {
  name: 'KHXH1',
  electives: ['Địa lí', 'Giáo dục kinh tế và pháp luật', 'Công nghệ', 'Âm nhạc'],
  topicSubjects: ['Ngữ văn', 'Lịch sử', 'Địa lí'],
  optionalSubjects: ['Ngoại ngữ 2'],
};

/** A term's entry with every subject of the combination at `score` (comment subjects Đạt). */
function termEntry(combination: SubjectCombination, score: number) {
  const scheme = schemeOfGrade('10', combination)!;
  const counts = gridOf(scheme, 'HK1').regularCounts ?? {};
  return {
    conduct: 'T',
    subjects: Object.fromEntries(
      scheme.subjects.map((s) => [
        s,
        isCommentOnlySubject(s)
          ? { comment: 'Đ' }
          : { regular: Array(counts[s]).fill(score), midterm: score, final: score },
      ]),
    ),
  };
}

describe('upper secondary (THPT): combinations and results per pupil', () => {
  let database: TestDatabase<'school'>;
  let app: ZodApp;
  let admin: FixtureUser;
  const as = (request: InjectOptions) => requestAs(app, database.db, admin, request);
  const addClass = async (name: string, grade: string, extra: object = {}) => {
    const { schoolYear: _, ...data } = classData({ name, grade, ...extra });
    return as({ method: 'POST', url: '/api/classes', payload: data });
  };
  const addStudent = async (classId: string, fullName: string, extra: object = {}) => {
    const { schoolYear: _, ...data } = studentData(classId, { fullName, birthDate: '2010-03-03', ...extra });
    return as({ method: 'POST', url: '/api/students', payload: data });
  };
  const save = (classId: string, period: string, entries: { studentId: string; entry: object }[]) =>
    as({ method: 'PUT', url: '/api/results', payload: { classId, period, entries } });
  const grid = async (classId: string, period: string) =>
    (await as({ method: 'GET', url: `/api/results?classId=${classId}&period=${period}` })).json();

  let classId: string;
  let an: string;
  let binh: string;

  beforeAll(async () => {
    database = await createTestDatabase('school');
    await addFixtureUnits('school', database.db);
    app = await buildTestApp('school', database.db);
    await sql`UPDATE schools SET payload = jsonb_set(payload, '{levelCode}', '"THPT"') WHERE code = '7000001'`.execute(
      database.db,
    );
    admin = await createUser(database.db, 'school_admin', 'S7000001');
    await as({ method: 'PUT', url: '/api/school/current-year', payload: { schoolYear: SCHOOL_YEAR } });
    classId = (await addClass('10A1', '10', { combination: KHTN })).json().id;
    an = (await addStudent(classId, 'Lê Văn An')).json().id;
    // Bình follows KHXH1 though the class follows KHTN1.
    binh = (await addStudent(classId, 'Trần Thị Bình', { combination: KHXH })).json().id;
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('a grade-10 pupil with all 10s in the subjects of their combination is Tốt', async () => {
    const response = await save(classId, 'HK1', [{ studentId: an, entry: termEntry(KHTN, 10) }]);
    expect(response.json()).toMatchObject({ saved: 1, incomplete: 0 });
    const row = (await grid(classId, 'HK1')).rows.find((r: { studentId: string }) => r.studentId === an);
    expect(row.result.outcome.learningResult).toBe('T');
    expect(row.result.outcome.averages['Vật lí']).toBe(10);
    expect(row.programme).toMatchObject({ combination: expect.stringContaining('KHTN1') });
  });

  it('counts the chuyên đề of a subject among its regular scores: Vật lí 4 with chuyên đề, Sinh học 3 without', async () => {
    const view = await grid(classId, 'HK1');
    expect(view.grid.regularCounts['Vật lí']).toBe(4);
    expect(view.grid.regularCounts['Sinh học']).toBe(3);
    const entry = termEntry(KHTN, 9);
    entry.subjects['Vật lí'] = { regular: [9, 9, 9], midterm: 9, final: 9 };
    expect((await save(classId, 'HK2', [{ studentId: an, entry }])).json()).toMatchObject({ incomplete: 1 });
  });

  it('refuses an elective not in the pupil combination, naming the pupil and the subject', async () => {
    const entry = termEntry(KHTN, 8);
    // Bình follows KHXH1: Vật lí is the class's subject, not hers.
    const response = await save(classId, 'HK1', [{ studentId: binh, entry }]);
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('RESULT_INVALID');
    const vatLi = response
      .json()
      .errors.find((e: { field: string }) => e.field === 'entries.0.subjects.Vật lí');
    expect(vatLi).toMatchObject({ code: 'RESULT_UNKNOWN_SUBJECT' });
    expect(vatLi.message).toContain('Vật lí');
    expect(vatLi.message).toContain('Trần Thị Bình');
    expect(
      await database.db.selectFrom('results').where('student_id', '=', binh).selectAll().execute(),
    ).toEqual([]);
  });

  it('takes the pupil own combination over the class one, optional subject included', async () => {
    const response = await save(classId, 'HK1', [{ studentId: binh, entry: termEntry(KHXH, 10) }]);
    expect(response.json()).toMatchObject({ saved: 1, incomplete: 0 });
    const view = await grid(classId, 'HK1');
    const row = view.rows.find((r: { studentId: string }) => r.studentId === binh);
    expect(row.programme.subjects).toContain('Ngoại ngữ 2');
    expect(row.programme.subjects).not.toContain('Vật lí');
    expect(row.result.outcome.learningResult).toBe('T');
    expect(row.result.outcome.averages['Ngoại ngữ 2']).toBe(10);
    // The grid holds the subjects of both pupils.
    expect(view.grid.subjects).toEqual(expect.arrayContaining(['Vật lí', 'Địa lí', 'Ngoại ngữ 2']));
  });

  it('leaves a pupil without any combination incomplete rather than Chưa đạt', async () => {
    const bare = (await addClass('10A9', '10')).json().id;
    const pupil = (await addStudent(bare, 'Hồ Văn Cường')).json().id;
    const response = await save(bare, 'HK1', [
      { studentId: pupil, entry: termEntry({ ...KHTN, electives: [] }, 10) },
    ]);
    expect(response.json()).toMatchObject({ saved: 1, incomplete: 1 });
    const row = (await grid(bare, 'HK1')).rows[0];
    expect(row.result.outcome).toBeNull();
  });

  it('gives each pupil their own columns in the Excel template; the others are greyed out', async () => {
    const template = await as({
      method: 'GET',
      url: `/api/results/template.xlsx?classId=${classId}&period=HK1`,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.rawPayload as never);
    const sheet = workbook.worksheets[0]!;
    const headers = (sheet.getRow(2).values as string[]).slice(1);
    expect(headers.slice(0, 3)).toEqual(['Họ và tên', 'Ngày sinh', 'Tổ hợp môn']);
    expect(headers).toEqual(expect.arrayContaining(['Vật lí - TX4', 'Địa lí - GK', 'Ngoại ngữ 2 - CK']));
    const rowOf = (name: string) => {
      for (let r = 3; r <= sheet.rowCount; r++) if (sheet.getCell(r, 1).value === name) return r;
      throw new Error(name);
    };
    const greyed = (name: string, header: string) =>
      (sheet.getCell(rowOf(name), headers.indexOf(header) + 1).fill as { fgColor?: { argb?: string } })
        ?.fgColor?.argb === 'FFD9D9D9';
    expect(sheet.getCell(rowOf('Trần Thị Bình'), 3).value).toContain('KHXH1');
    expect(greyed('Trần Thị Bình', 'Vật lí - GK')).toBe(true);
    expect(greyed('Trần Thị Bình', 'Địa lí - GK')).toBe(false);
    expect(greyed('Lê Văn An', 'Vật lí - GK')).toBe(false);
    expect(greyed('Lê Văn An', 'Ngoại ngữ 2 - GK')).toBe(true);

    // A score typed in a greyed cell is refused on import, naming the pupil.
    sheet.getCell(rowOf('Trần Thị Bình'), headers.indexOf('Vật lí - GK') + 1).value = 7;
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());
    const report = (
      await as({
        method: 'POST',
        url: `/api/results/import?classId=${classId}&period=HK1&mode=dry-run`,
        headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
        payload: filled,
      })
    ).json();
    expect(report.errors).toContainEqual(
      expect.objectContaining({ message: expect.stringMatching(/Vật lí.*Trần Thị Bình/) }),
    );
  });

  it('refuses a combination that breaks the programme, and one on a class below grade 10', async () => {
    const three = await addClass('10A2', '10', {
      combination: { ...KHTN, electives: ['Vật lí', 'Hóa học', 'Tin học'] },
    });
    expect(three.statusCode).toBe(400);
    expect(three.json().errors[0]).toMatchObject({ field: 'combination.electives' });
    const topicElsewhere = await addClass('10A3', '10', {
      combination: { ...KHTN, topicSubjects: ['Toán', 'Vật lí', 'Địa lí'] },
    });
    expect(topicElsewhere.json().errors[0].message).toContain('Địa lí');
    // An old payload without a combination stays valid.
    expect((await addClass('11A1', '11')).statusCode).toBe(201);
  });

  it('offers only the grades of the school level: a THPT school has no Khối 6', async () => {
    const response = await addClass('6A', '6');
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ field: 'grade', code: 'CLASS_GRADE_NOT_IN_LEVEL' });
    expect(response.json().errors[0].message).toBe(
      'Trường thuộc cấp Trung học phổ thông nên chỉ có Khối 10, Khối 11, Khối 12; không có Khối 6.',
    );
  });
});

describe('a combination below grade 10', () => {
  it('is refused on a lower-secondary class with its own code', async () => {
    const database = await createTestDatabase('school');
    await addFixtureUnits('school', database.db);
    const app = await buildTestApp('school', database.db);
    try {
      await sql`UPDATE schools SET payload = jsonb_set(payload, '{levelCode}', '"THCS_THPT"') WHERE code = '7000001'`.execute(
        database.db,
      );
      const admin = await createUser(database.db, 'school_admin', 'S7000001');
      const { schoolYear: _, ...data } = classData({ name: '9A', grade: '9', combination: KHTN } as never);
      const response = await requestAs(app, database.db, admin, {
        method: 'POST',
        url: '/api/classes',
        payload: data,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0]).toMatchObject({
        field: 'combination',
        code: 'COMBINATION_NOT_UPPER_SECONDARY',
      });
      // A pupil moved from grade 10 down to grade 9 leaves their own combination behind.
      const as = (request: InjectOptions) => requestAs(app, database.db, admin, request);
      const nine = (
        await as({ method: 'POST', url: '/api/classes', payload: { ...data, combination: undefined } })
      ).json().id;
      const { schoolYear: __, ...ten } = classData({ name: '10A', grade: '10' });
      const tenId = (await as({ method: 'POST', url: '/api/classes', payload: ten })).json().id;
      const { schoolYear: ___, ...pupil } = studentData(tenId, {
        fullName: 'Vi Văn Dũng',
        combination: KHTN,
      } as never);
      const pupilId = (await as({ method: 'POST', url: '/api/students', payload: pupil })).json().id;
      const moved = await as({
        method: 'POST',
        url: '/api/students/move',
        payload: { studentIds: [pupilId], toClassId: nine },
      });
      expect(moved.statusCode).toBeLessThan(300);
      const after = (await as({ method: 'GET', url: `/api/students/${pupilId}` })).json();
      expect(after.data.classId).toBe(nine);
      expect(after.data.combination).toBeUndefined();
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
