// Uploads that unpack to far more than they weigh: refused by every import with 413
// EXCEL_TOO_LARGE naming the limit, while the tier goes on answering everyone else.
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodApp } from '#server/zod-app.ts';
import { XLSX_TYPE } from '#tiers/school/excel/routes.ts';
import { addFixtureUnits, createUser, type FixtureUser, requestAs } from '../helpers/access.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { filledRows, inlineStringBomb, sheetWorkbook, textCell } from '../helpers/handmade-xlsx.ts';
import { classData, SCHOOL_YEAR } from '../helpers/school-records.ts';

describe('Excel import limits', () => {
  let database: TestDatabase<'school'>;
  let app: ZodApp;
  let admin: FixtureUser;
  let classId: string;
  const as = (request: InjectOptions) => requestAs(app, database.db, admin, request);
  const upload = (url: string, file: Buffer) =>
    as({ method: 'POST', url, headers: { 'content-type': XLSX_TYPE }, payload: file });
  const refusal = async (url: string, file: Buffer) => {
    const response = await upload(url, file);
    return { status: response.statusCode, code: response.json().code, message: response.json().message };
  };

  beforeAll(async () => {
    database = await createTestDatabase('school');
    await addFixtureUnits('school', database.db);
    app = await buildTestApp('school', database.db);
    admin = await createUser(database.db, 'school_admin', 'S7000001');
    await as({ method: 'PUT', url: '/api/school/current-year', payload: { schoolYear: SCHOOL_YEAR } });
    const { schoolYear: _, ...data } = classData({ name: '4A', grade: '4' });
    classId = (await as({ method: 'POST', url: '/api/classes', payload: data })).json().id;
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('refuses two 409 KB files whose sheets inflate to 400 MB, answering /api/health meanwhile', async () => {
    let settled = false;
    const uploads = Promise.all([
      refusal('/api/students/import?mode=dry-run', inlineStringBomb(400)),
      // The zip's headers say the sheet is 1,000 bytes: only inflating tells.
      refusal(`/api/results/import?classId=${classId}&period=GK1`, inlineStringBomb(400, 1000)),
    ]).finally(() => {
      settled = true;
    });
    const healthMeanwhile: number[] = [];
    while (!settled) {
      const health = await app.inject({ method: 'GET', url: '/api/health' });
      if (!settled) healthMeanwhile.push(health.statusCode);
    }

    const tooLarge = {
      status: 413,
      code: 'EXCEL_TOO_LARGE',
      message: 'Một phần của tệp Excel khi giải nén quá lớn: tối đa 32 MB mỗi phần.',
    };
    expect(await uploads).toEqual([tooLarge, tooLarge]);
    expect(healthMeanwhile.length).toBeGreaterThan(0);
    expect(new Set(healthMeanwhile)).toEqual(new Set([200]));
  });

  it('refuses a sheet of more cells than allowed though its rows are within the limit', async () => {
    // 9,000 rows of 40 columns: 360,000 cells in 800 KB.
    const file = sheetWorkbook(filledRows(9_000, 40));
    expect(await refusal('/api/students/import?mode=dry-run', file)).toEqual({
      status: 413,
      code: 'EXCEL_TOO_LARGE',
      message: 'Tệp có quá nhiều ô: tối đa 300.000 ô.',
    });
  });

  it('refuses a sheet of more rows than allowed, though they are blank', async () => {
    const blank = Array.from({ length: 50_000 }, (_, index) => `<row r="${index + 2}"/>`).join('');
    const file = sheetWorkbook(`<row r="1">${textCell('A1', 'Họ và tên')}</row>${blank}`);
    expect(await refusal('/api/staff/import?mode=dry-run', file)).toEqual({
      status: 413,
      code: 'EXCEL_TOO_LARGE',
      message: 'Tệp có quá nhiều dòng (kể cả dòng trống và các trang tính khác): tối đa 50.000 dòng.',
    });
  });
});
