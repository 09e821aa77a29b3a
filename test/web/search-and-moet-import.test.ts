// In a browser: the student list found by a name typed in capitals without diacritics, and the
// Ministry's template imported with the columns it does not use reported before anything is written.

import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '#server/auth/passwords.ts';
import { createUser } from '../helpers/access.ts';
import { browserAvailable, launchBrowser, signIn, textNow } from '../helpers/browser.ts';
import { startThreeTiers, type ThreeTiers } from '../helpers/three-tiers.ts';

const PASSWORD = 'mat-khau-thu-tim-kiem-1';

/** The name as a clerk types it in a hurry: capitals, no diacritics, "D" for "Đ". */
const hurried = (name: string) =>
  name.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'D').toUpperCase();

async function moetFile(className: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Danh sách');
  sheet.addRow(['DANH SÁCH HỌC SINH']);
  sheet.addRow([
    'STT',
    'Mã lớp',
    'Họ và tên',
    'Ngày sinh',
    'Giới tính',
    'Dân tộc',
    'Tỉnh',
    'Huyện',
    'Xã',
    'Số ĐDCN',
    'Năm sinh mẹ',
  ]);
  sheet.addRow([
    1,
    className,
    'Hà Thị Ê',
    '03/04/2019',
    'Nữ',
    'Ê-đê',
    'Tỉnh Nghệ An',
    'Thành phố Vinh',
    'Phường Thành Vinh',
    '040319000444',
    1990,
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe.runIf(browserAvailable)('searching and importing as schools do, in a browser', () => {
  let tiers: ThreeTiers;
  let browser: Browser;
  let username: string;

  beforeAll(async () => {
    tiers = await startThreeTiers({ students: 40, seed: 33 });
    username = (
      await createUser(tiers.school.db, 'school_admin', `S${tiers.schoolCode}`, {
        passwordHash: await hashPassword(PASSWORD),
      })
    ).username;
    browser = await launchBrowser();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await tiers?.stop();
  });

  async function studentsPage(width: number, height: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    await signIn(page, tiers.links.school, username, PASSWORD);
    await page.getByRole('menuitem', { name: 'Thông tin học sinh' }).click();
    await expect.poll(() => page.getByText('40 bản ghi').count(), { timeout: 20_000 }).toBe(1);
    return page;
  }

  it('finds a pupil by a name typed in capitals without diacritics', async () => {
    const { full_name: name } = await tiers.school.db
      .selectFrom('students')
      .select('full_name')
      .where('full_name', '~', '[^A-Za-z ]')
      .orderBy('full_name')
      .executeTakeFirstOrThrow();
    const page = await studentsPage(1366, 800);
    await page.getByPlaceholder('Họ tên hoặc số định danh').fill(hurried(name));
    await page.getByPlaceholder('Họ tên hoặc số định danh').press('Enter');
    await expect.poll(() => textNow(page.locator('tbody tr.ant-table-row'))).toContain(name);
    expect(await page.getByText('40 bản ghi').count()).toBe(0);
    await page.screenshot({ path: 'test-results/search-without-diacritics.png' });
    await page.close();
  });

  it("reports the template's unused columns before importing, at 1366 px and at 390 px", async () => {
    const { name: className } = await tiers.school.db
      .selectFrom('classes')
      .select('name')
      .where('status', '=', 'active')
      .orderBy('name')
      .executeTakeFirstOrThrow();
    const page = await studentsPage(1366, 800);
    await page.locator('input[type=file]').setInputFiles({
      name: 'mau-bo-gddt.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await moetFile(className),
    });
    const dialog = page.getByRole('dialog');
    await expect
      .poll(() => textNow(dialog.getByText(/cột của tệp không được nhập/)))
      .toBe('3 cột của tệp không được nhập');
    const text = await dialog.textContent();
    expect(text).toContain('1 thêm mới');
    expect(text).toContain('0 dòng lỗi');
    for (const header of ['"STT"', '"Huyện"', '"Năm sinh mẹ"']) expect(text).toContain(header);
    // The picture shows the dialog once it has zoomed into place.
    const settled = () =>
      page
        .locator('.ant-modal')
        .evaluate((modal) =>
          Promise.all(
            modal
              .getAnimations({ subtree: true })
              .map((animation: { finished: Promise<unknown> }) => animation.finished),
          ),
        );
    await settled();
    await page.screenshot({ path: 'test-results/moet-import.png' });
    await page.setViewportSize({ width: 390, height: 844 });
    const buttons = await dialog
      .getByRole('button')
      .evaluateAll((all) => all.map((button) => button.getBoundingClientRect().right));
    expect(Math.max(...buttons)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: 'test-results/moet-import-390.png' });
    await page.close();
  });
});
