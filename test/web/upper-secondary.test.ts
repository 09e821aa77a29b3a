// A THPT school in a real browser: the class form offers Khối 10–12 only and sets the class's tổ
// hợp môn, the student form gives a pupil their own, and the results grid shows each pupil's own
// subjects (the others closed) at 1366×800 and, scrolling sideways with the names kept, at 390 px.
import { mkdirSync } from 'node:fs';
import { sql } from 'kysely';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridOf, schemeOfGrade } from '#domain/rules/result-scheme.ts';
import { isCommentOnlySubject } from '#domain/rules/secondary-evaluation.ts';
import type { SubjectCombination } from '#domain/rules/upper-secondary.ts';
import { createUser, sessionCookie } from '../helpers/access.ts';
import { browserAvailable, closeDropDowns, launchBrowser, pick, textNow } from '../helpers/browser.ts';
import { type Answer, schoolApi } from '../helpers/school-api.ts';
import { studentData } from '../helpers/school-records.ts';
import { startThreeTiers, type ThreeTiers } from '../helpers/three-tiers.ts';

const SHOTS = 'test-results/upper-secondary';
const LAPTOP = { width: 1366, height: 800 };
const PHONE = { width: 390, height: 844 };
const KHXH: SubjectCombination = {
  name: 'KHXH1',
  electives: ['Địa lí', 'Giáo dục kinh tế và pháp luật', 'Công nghệ', 'Âm nhạc'],
  topicSubjects: ['Ngữ văn', 'Lịch sử', 'Địa lí'],
  optionalSubjects: [],
};

interface Box {
  scrollLeft: number;
  scrollWidth: number;
  clientWidth: number;
}

describe.runIf(browserAvailable)('a THPT school: combinations and the results grid', () => {
  let tiers: ThreeTiers;
  let browser: Browser;
  let cookie: string;
  let api: (method: string, path: string, body?: unknown) => Promise<Answer>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    tiers = await startThreeTiers({ students: 5, seed: 44 });
    await sql`UPDATE schools SET payload = jsonb_set(payload, '{levelCode}', '"THPT"')`.execute(
      tiers.school.db,
    );
    const user = await createUser(tiers.school.db, 'school_admin', `S${tiers.schoolCode}`);
    cookie = await sessionCookie(tiers.school.db, user.id);
    api = schoolApi(tiers.links.school, cookie);
    browser = await launchBrowser();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await tiers?.stop();
  });

  async function open(viewport: { width: number; height: number }, path: string): Promise<Page> {
    const context = await browser.newContext({ viewport });
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: tiers.links.school }]);
    const page = await context.newPage();
    await page.goto(`${tiers.links.school}${path}`);
    return page;
  }

  /** The options an Ant Design select offers, read from its open drop-down. */
  async function optionsOf(page: Page, select: Locator): Promise<string[]> {
    await select.click();
    const list = page.locator('.ant-select-dropdown:visible').last();
    await list.locator('.ant-select-item-option').first().waitFor();
    const texts = await list.locator('.ant-select-item-option').allTextContents();
    await closeDropDowns(page);
    return texts;
  }

  /** Ticks several options of a multiple select, then closes it. */
  async function pickMany(page: Page, select: Locator, options: string[]): Promise<void> {
    await select.click();
    const list = page.locator('.ant-select-dropdown:visible').last();
    for (const option of options)
      await list.locator('.ant-select-item-option').filter({ hasText: option }).first().click();
    await closeDropDowns(page);
  }

  it('adds a grade-10 class with its combination; Khối offers only 10, 11 and 12', async () => {
    const page = await open(LAPTOP, '/lop');
    await page.getByRole('button', { name: 'Thêm mới' }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: 'Thêm mới lớp' });
    await drawer.getByLabel('Tên lớp').fill('10A1');
    expect(await optionsOf(page, drawer.getByLabel('Khối'))).toEqual(['Khối 10', 'Khối 11', 'Khối 12']);
    await pick(page, drawer.getByLabel('Khối'), 'Khối 10');
    await drawer.getByLabel('Tên tổ hợp').fill('KHTN1');
    await pickMany(page, drawer.getByLabel('Môn học lựa chọn (4)'), [
      'Vật lí',
      'Hóa học',
      'Sinh học',
      'Tin học',
    ]);
    // Chuyên đề only of subjects the class studies: Địa lí is not offered.
    expect(await optionsOf(page, drawer.getByLabel('Chuyên đề học tập của môn (3)'))).not.toContain('Địa lí');
    await pickMany(page, drawer.getByLabel('Chuyên đề học tập của môn (3)'), ['Toán', 'Vật lí', 'Hóa học']);
    await page.screenshot({ path: `${SHOTS}/class-form.png` });
    await drawer.getByTestId('class-save').click();
    await expect.poll(() => page.getByText('Đã lưu lớp.').count()).toBe(1);
    const saved = await tiers.school.db
      .selectFrom('classes')
      .select('payload')
      .where('name', '=', '10A1')
      .executeTakeFirstOrThrow();
    expect(saved.payload.combination).toEqual({
      name: 'KHTN1',
      electives: ['Vật lí', 'Hóa học', 'Sinh học', 'Tin học'],
      topicSubjects: ['Toán', 'Vật lí', 'Hóa học'],
      optionalSubjects: [],
    });
  });

  it('shows the class form with its combination whole at 390 px', async () => {
    const page = await open(PHONE, '/lop');
    await page.getByText('10A1').first().click();
    const drawer = page.getByRole('dialog').filter({ hasText: 'Chỉnh sửa lớp' });
    await expect.poll(() => drawer.getByLabel('Tên tổ hợp').inputValue()).toBe('KHTN1');
    await drawer.getByLabel('Tên tổ hợp').scrollIntoViewIfNeeded();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: `${SHOTS}/class-form-390.png` });
  });

  it('gives a pupil the combination of another class in the student form', async () => {
    const classes = await api('GET', '/api/classes?pageSize=100');
    const tenA1 = classes.body.items.find((c: { data: { name: string } }) => c.data.name === '10A1').id;
    const { schoolYear: _, ...khxhClass } = { schoolYear: '', name: '10A2', grade: '10', combination: KHXH };
    expect((await api('POST', '/api/classes', khxhClass)).status).toBe(201);
    for (const fullName of ['Lê Văn An', 'Trần Thị Bình', 'Đỗ Minh Châu']) {
      const { schoolYear: __, ...pupil } = studentData(tenA1, { fullName, birthDate: '2010-05-05' });
      expect((await api('POST', '/api/students', pupil)).status).toBe(201);
    }
    const page = await open(LAPTOP, '/hoc-sinh');
    await page.getByText('Trần Thị Bình').first().click();
    const drawer = page.getByRole('dialog').filter({ hasText: 'Chỉnh sửa học sinh' });
    await expect.poll(() => textNow(drawer.getByText(/Để trống: theo tổ hợp của lớp/))).toContain('KHTN1');
    await pick(page, drawer.getByLabel('Tổ hợp môn riêng'), /^KHXH1/);
    await closeDropDowns(page);
    await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' });
    await drawer.getByLabel('Tổ hợp môn riêng').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/student-form.png` });
    await drawer.getByTestId('student-save').click();
    await expect
      .poll(async () => {
        const row = await tiers.school.db
          .selectFrom('students')
          .select('payload')
          .where('full_name', '=', 'Trần Thị Bình')
          .executeTakeFirst();
        return row?.payload.combination?.name;
      })
      .toBe('KHXH1');
  }, 60_000);

  /** The results grid of 10A1 for Học kì I, once on screen. */
  async function grid(page: Page): Promise<Locator> {
    await pick(page, page.getByTestId('results-grade'), 'Khối 10');
    await pick(page, page.getByTestId('results-class'), '10A1');
    await pick(page, page.getByTestId('results-period'), 'Học kì I');
    const table = page.locator('.result-grid');
    await table.waitFor();
    await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' });
    return table;
  }

  it('shows each pupil their own subjects in the results grid; all 10s in the combination are Tốt', async () => {
    const rows = await tiers.school.db
      .selectFrom('students')
      .innerJoin('classes', 'classes.id', 'students.class_id')
      .select(['students.id', 'students.full_name', 'students.class_id', 'classes.payload as cls'])
      .where('classes.name', '=', '10A1')
      .execute();
    const an = rows.find((r) => r.full_name === 'Lê Văn An')!;
    const scheme = schemeOfGrade('10', an.cls.combination)!;
    const counts = gridOf(scheme, 'HK1').regularCounts ?? {};
    const entry = {
      conduct: 'T',
      subjects: Object.fromEntries(
        scheme.subjects.map((s) => [
          s,
          isCommentOnlySubject(s)
            ? { comment: 'Đ' }
            : { regular: Array(counts[s]).fill(10), midterm: 10, final: 10 },
        ]),
      ),
    };
    const saved = await api('PUT', '/api/results', {
      classId: an.class_id,
      period: 'HK1',
      entries: [{ studentId: an.id, entry }],
    });
    expect(saved.body).toMatchObject({ saved: 1, incomplete: 0 });

    const page = await open(LAPTOP, '/ket-qua-hoc-tap');
    const table = await grid(page);
    await page.screenshot({ path: `${SHOTS}/results-1366.png` });
    const anRow = table.locator('tbody tr').filter({ hasText: 'Lê Văn An' });
    expect(await anRow.getByTestId('result-outcome').textContent()).toBe('T');
    // Bình follows KHXH1: Địa lí is hers to fill in, Vật lí is closed.
    expect(await page.getByLabel('Trần Thị Bình · Địa lí · GK').count()).toBe(1);
    expect(await page.getByLabel('Trần Thị Bình · Vật lí · GK').count()).toBe(0);
    expect(await page.getByLabel('Lê Văn An · Vật lí · TX4').count()).toBe(1);
    expect(
      await table.locator('tbody tr').filter({ hasText: 'Trần Thị Bình' }).locator('td.closed').count(),
    ).toBeGreaterThan(0);
    expect(
      await textNow(table.locator('tbody tr').filter({ hasText: 'Trần Thị Bình' }).locator('.combination')),
    ).toBe('KHXH1');
    // The keys pass over closed cells: across to Bình's next subject, down to the next pupil of Vật lí.
    await page.getByLabel('Trần Thị Bình · Giáo dục kinh tế và pháp luật · CK').focus();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.evaluate('document.activeElement.ariaLabel'))
      .toBe('Trần Thị Bình · Công nghệ · TX1');
    await page.getByLabel('Lê Văn An · Vật lí · GK').focus();
    await page.keyboard.press('ArrowDown');
    await expect
      .poll(() => page.evaluate('document.activeElement.ariaLabel'))
      .toBe('Đỗ Minh Châu · Vật lí · GK');
    await page.getByLabel('Trần Thị Bình · Địa lí · GK').fill('8,5');
    expect(await page.getByTestId('results-save').textContent()).toContain('(1)');
    await page.screenshot({ path: `${SHOTS}/results-1366-typed.png` });
  });

  it('leaves a primary class grid as it was: every cell open, Thông tư 27', async () => {
    const page = await open(LAPTOP, '/ket-qua-hoc-tap');
    await pick(page, page.getByTestId('results-grade'), 'Khối 4');
    await pick(page, page.getByTestId('results-class'), '4A');
    await pick(page, page.getByTestId('results-period'), 'Giữa học kì I');
    const table = page.locator('.result-grid');
    await table.waitFor();
    expect(await page.getByText('Thông tư 27/2020').count()).toBe(1);
    expect(await table.locator('td.closed').count()).toBe(0);
    expect(await table.locator('input.cell').count()).toBeGreaterThan(0);
  });

  it('at 390 px scrolls the grid sideways with the pupils’ names kept in view', async () => {
    const page = await open(PHONE, '/ket-qua-hoc-tap');
    const table = await grid(page);
    const box = (await table.evaluate((el: Box) => ({
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
    })))!;
    expect(box.scrollWidth).toBeGreaterThan(box.clientWidth);
    // The page itself does not scroll sideways: only the grid does.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    const name = table.locator('tbody td.name').first();
    const firstScore = page.getByLabel('Lê Văn An · Ngữ văn · TX1');
    const before = { name: (await name.boundingBox())!.x, score: (await firstScore.boundingBox())!.x };
    await table.evaluate((el: Box) => {
      el.scrollLeft = 600;
    });
    await expect.poll(async () => (await firstScore.boundingBox())?.x ?? 0).toBeLessThan(before.score - 500);
    expect((await name.boundingBox())!.x).toBe(before.name);
    expect(await name.isVisible()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/results-390.png` });
  });
});
