// The user guide's whole flow in a real browser: the IT officer creates a teacher's account; the
// teacher changes her password, edits the school, adds a class, a teacher and two pupils (one
// with a personal ID that contradicts the birth year), enters their results by keyboard, syncs;
// the history shows Thành công with the national identifier for the good pupil and Thất bại
// with the reason for the other; she fixes it and syncs again. Then the province looks.
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionLabel } from '#domain/access/permissions.ts';
import { errorCatalogue } from '#domain/errors.ts';
import { hashPassword } from '#server/auth/passwords.ts';
import { createUser } from '../helpers/access.ts';
import {
  browserAvailable,
  closeDropDowns,
  launchBrowser,
  pick,
  signIn,
  textNow,
  typeDate,
} from '../helpers/browser.ts';
import { startThreeTiers, type ThreeTiers } from '../helpers/three-tiers.ts';

const ADMIN_PASSWORD = 'quan-tri-truong-2026';
const TEACHER_PASSWORD = 'phuong-vi-do-he-2026';
const SHOTS = 'test-results/screens';
const GOOD = { name: 'Hà Văn Khánh', personalId: '040219987651' };
const BAD = { name: 'Vi Văn Mạnh', personalId: '040218987652', fixed: '040219987652' };

describe.runIf(browserAvailable)('the guide’s flow in a browser', () => {
  let tiers: ThreeTiers;
  let browser: Browser;
  let admin: string;
  let officer: string;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    tiers = await startThreeTiers({ students: 20, seed: 31 });
    admin = (
      await createUser(tiers.school.db, 'school_admin', `S${tiers.schoolCode}`, {
        passwordHash: await hashPassword(ADMIN_PASSWORD),
      })
    ).username;
    officer = (
      await createUser(tiers.province.db, 'province_officer', 'P40', {
        passwordHash: await hashPassword(ADMIN_PASSWORD),
      })
    ).username;
    browser = await launchBrowser();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await tiers?.stop();
  });

  const newPage = () => browser.newPage({ viewport: { width: 1366, height: 768 } });
  const menu = (page: Page, name: string) => page.getByRole('menuitem', { name }).click();
  // A list page's "Thêm mới", taken only once that page is on screen: the router renders the next
  // page in a transition, so the page before stays clickable for a moment after the menu click.
  const addNew = async (page: Page, title: string) => {
    const card = page
      .locator('.ant-card')
      .filter({ has: page.locator('.ant-card-head-title', { hasText: title }) });
    await card.getByRole('button', { name: 'Thêm mới', exact: true }).click();
  };

  it('runs from the new teacher account to Thành công, through a failure fixed', async () => {
    // The IT officer creates the teacher's account with sync rights for students and results.
    const it = await newPage();
    await signIn(it, tiers.links.school, admin, ADMIN_PASSWORD);
    await menu(it, 'Tài khoản & phân quyền');
    await it.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const create = it.getByRole('dialog');
    await create.getByLabel('Tên đăng nhập').fill('co.lan');
    await create.getByLabel('Họ tên').fill('Nguyễn Thị Lan');
    for (const grant of [
      'school_info:edit',
      'classes:edit',
      'staff:edit',
      'students:edit',
      'students:sync',
      'results:edit',
      'results:sync',
      'sync_history:view',
    ])
      await create.getByLabel(permissionLabel(grant), { exact: true }).check();
    await create.getByRole('button', { name: 'Tạo' }).click();
    const given = (await it.getByTestId('one-time-password').textContent())!.trim();
    await it.close();

    // The teacher signs in and changes the given password.
    const page = await newPage();
    await signIn(page, tiers.links.school, 'co.lan', given);
    await page.getByLabel('Mật khẩu hiện tại').fill(given);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(TEACHER_PASSWORD);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(TEACHER_PASSWORD);
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await expect.poll(() => page.getByRole('menuitem', { name: 'Kết quả học tập' }).count()).toBe(1);
    expect(await page.getByRole('menuitem', { name: 'Tài khoản & phân quyền' }).count()).toBe(0);

    // Thông tin trường: the phone, and a satellite site.
    await menu(page, 'Thông tin trường');
    await expect.poll(() => page.getByLabel('Mã trường').inputValue()).toBe(tiers.schoolCode);
    await page.getByRole('button', { name: 'Thêm mới điểm trường' }).click();
    await page.getByRole('dialog').getByLabel('Tên điểm trường').fill('Điểm trường Huồi Tụ');
    await page.getByRole('dialog').getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.getByText('Đã lưu thông tin trường.').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/thong-tin-truong.png`, fullPage: true });

    // Thông tin lớp → Thêm mới.
    await menu(page, 'Thông tin lớp');
    await addNew(page, 'Thông tin lớp');
    // Each drawer by its title: the one before may still be closing beside it.
    const drawerOf = (title: string) => page.getByRole('dialog').filter({ hasText: title });
    let drawer = drawerOf('Thêm mới lớp');
    await drawer.getByLabel('Tên lớp').fill('1Đ');
    await pick(page, drawer.getByLabel('Khối'), 'Khối 1');
    await drawer.getByTestId('class-save').click();
    await expect.poll(() => page.getByRole('cell', { name: '1Đ', exact: true }).count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/thong-tin-lop.png` });

    // Thông tin giáo viên → Thêm mới.
    await menu(page, 'Thông tin giáo viên');
    await addNew(page, 'Thông tin giáo viên');
    drawer = drawerOf('Thêm mới giáo viên');
    await drawer.getByLabel('Họ và tên').fill('Lò Thị Hương');
    await typeDate(drawer.getByLabel('Ngày sinh'), '15/03/1990');
    await drawer.getByTestId('staff-save').click();
    await expect.poll(() => page.getByRole('cell', { name: 'Lò Thị Hương' }).count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/thong-tin-giao-vien.png` });

    // Thông tin học sinh → two pupils; the second's personal ID says born in 2018, not 2019.
    await menu(page, 'Thông tin học sinh');
    for (const pupil of [GOOD, BAD]) {
      await addNew(page, 'Thông tin học sinh');
      drawer = drawerOf('Thêm mới học sinh');
      await drawer.getByLabel('Họ và tên').fill(pupil.name);
      await typeDate(drawer.getByLabel('Ngày sinh'), '02/04/2019');
      await drawer.getByLabel('Số định danh cá nhân').fill(pupil.personalId);
      await typeDate(drawer.getByLabel('Ngày trạng thái'), '05/09/2026');
      await pick(page, drawer.getByLabel('Lớp'), /^1Đ$/);
      await drawer.getByTestId('student-save').click();
      if (pupil === BAD) {
        await expect.poll(() => textNow(drawer)).toContain('không khớp với năm sinh 2019');
        await page.screenshot({ path: `${SHOTS}/hoc-sinh-canh-bao.png` });
        await drawer.locator('.ant-drawer-extra').getByRole('button', { name: 'Đóng' }).click();
      }
      await expect.poll(() => page.getByText(`${pupil === GOOD ? 21 : 22} bản ghi`).count()).toBe(1);
    }
    const classFilter = page.locator('.ant-select').filter({ hasText: 'Lớp' });
    await pick(page, classFilter, /^1Đ$/);
    await expect.poll(() => page.getByText('2 bản ghi').count()).toBe(1);
    await closeDropDowns(page);
    await page.screenshot({ path: `${SHOTS}/thong-tin-hoc-sinh.png` });

    // Kết quả học tập: the whole class by keyboard, T in every cell, then Lưu.
    await menu(page, 'Kết quả học tập');
    await pick(page, page.getByTestId('results-class'), /^1Đ$/);
    await pick(page, page.getByTestId('results-period'), 'Giữa học kì I');
    const rows = page.locator('.result-grid tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const cellsPerRow = await rows.first().locator('input.cell').count();
    expect(cellsPerRow).toBeGreaterThan(10);
    await rows.first().locator('input.cell').first().click();
    const focused = () => page.evaluate<string>("document.activeElement?.getAttribute('aria-label') ?? ''");
    // A wrong key is refused on the spot; the cell stays empty. ↓ and ↑ move along the column.
    await page.keyboard.type('x');
    expect(await rows.first().locator('input.cell').first().inputValue()).toBe('');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toMatch(new RegExp(`^${BAD.name} · `));
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toMatch(new RegExp(`^${GOOD.name} · `));
    // Tab walks the row, then the next row.
    for (let i = 0; i < cellsPerRow * 2; i++) {
      await page.keyboard.type((await focused()).endsWith('Điểm') ? '9' : 't');
      await page.keyboard.press('Tab');
    }
    await expect.poll(() => page.getByTestId('result-outcome').allTextContents()).toEqual(['Đủ', 'Đủ']);
    await page.getByTestId('results-save').click();
    await expect.poll(() => page.getByText('Đã lưu kết quả của 2 học sinh.').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/ket-qua-hoc-tap.png` });

    // Thông tin học sinh: the class's two pupils, ticked and synced; their class, the new
    // teacher's record and the school go along.
    await menu(page, 'Thông tin học sinh');
    await pick(page, classFilter, /^1Đ$/);
    await expect.poll(() => page.getByText('2 bản ghi').count()).toBe(1);
    const ticks = page.locator('tbody tr.ant-table-row .ant-checkbox-input');
    await ticks.nth(0).check({ force: true });
    await ticks.nth(1).check({ force: true });
    await page.getByTestId('sync-selected').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Đồng bộ' }).click();
    await expect.poll(() => page.getByText(/Đã gửi 2 bản ghi, kèm .*1 lớp/).count()).toBe(1);

    // Lịch sử đồng bộ: the pupils' run shows the identifier for one and the reason for the other.
    await menu(page, 'Lịch sử đồng bộ');
    await page.getByRole('cell', { name: 'Thông tin học sinh' }).first().click();
    const history = page.getByRole('dialog');
    const goodRow = history.getByRole('row').filter({ hasText: GOOD.name });
    const badRow = history.getByRole('row').filter({ hasText: BAD.name });
    await expect.poll(() => goodRow.textContent(), { timeout: 60_000 }).toMatch(/Thành công.*HS\d{10}/);
    await expect
      .poll(() => badRow.textContent(), { timeout: 60_000 })
      .toMatch(/Thất bại.*không khớp với năm sinh/);
    await page.screenshot({ path: `${SHOTS}/lich-su-dong-bo.png` });
    await history.locator('.ant-drawer-close').click();

    // The province officer sees the school's new figures and the failure with its reason.
    const province = await newPage();
    await signIn(province, tiers.links.province, officer, ADMIN_PASSWORD);
    await menu(province, 'Theo dõi đồng bộ');
    const schoolRow = province.getByRole('row').filter({ hasText: tiers.schoolCode });
    await expect
      .poll(() => schoolRow.textContent())
      .toContain(`${errorCatalogue.PERSONAL_ID_BIRTH_YEAR_MISMATCH.message} (1)`);
    await expect.poll(() => province.getByTestId('dashboard-charts').count()).toBe(1);
    await province.screenshot({ path: `${SHOTS}/theo-doi-dong-bo.png`, fullPage: true });
    await schoolRow.click();
    await province.getByRole('tab', { name: /Thất bại/ }).click();
    await expect
      .poll(() => province.getByRole('dialog').getByRole('row').filter({ hasText: BAD.name }).textContent())
      .toContain('không khớp với năm sinh 2019');
    await province.screenshot({ path: `${SHOTS}/truong-that-bai.png` });
    await province.close();

    // She fixes the personal ID and syncs again from the history.
    await menu(page, 'Thông tin học sinh');
    await pick(page, classFilter, /^1Đ$/);
    await page
      .getByRole('row')
      .filter({ hasText: BAD.name })
      .getByRole('button', { name: 'Chỉnh sửa' })
      .click();
    drawer = drawerOf('Chỉnh sửa học sinh');
    await expect.poll(() => drawer.getByLabel('Số định danh cá nhân').inputValue()).toBe(BAD.personalId);
    await drawer.getByLabel('Số định danh cá nhân').fill(BAD.fixed);
    await drawer.getByTestId('student-save').click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await menu(page, 'Lịch sử đồng bộ');
    await page.getByRole('cell', { name: 'Thông tin học sinh' }).first().click();
    // The history's own rows (the drawer over it lists records, also "Thông tin học sinh").
    const runs = page.locator('.ant-card').getByRole('cell', { name: 'Thông tin học sinh' });
    const before = await runs.count();
    await page.getByTestId('retry-failed').click();
    // The retry is a sync of its own, listed first.
    await expect.poll(() => runs.count()).toBe(before + 1);
    await runs.first().click();
    await expect
      .poll(() => page.getByRole('dialog').getByRole('row').filter({ hasText: BAD.name }).textContent(), {
        timeout: 60_000,
      })
      .toMatch(/Thành công.*HS\d{10}/);
    await page.getByRole('dialog').locator('.ant-drawer-close').click();

    // Back in Kết quả học tập: tick the class's results and sync them too.
    await menu(page, 'Kết quả học tập');
    await pick(page, page.getByTestId('results-class'), /^1Đ$/);
    await pick(page, page.getByTestId('results-period'), 'Giữa học kì I');
    await page.getByRole('checkbox', { name: 'Chọn tất cả' }).check();
    await page.getByTestId('results-sync').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Đồng bộ' }).click();
    await expect
      .poll(() => page.locator('.result-grid tbody').getByText('Thành công').count(), { timeout: 60_000 })
      .toBe(2);
    await page.screenshot({ path: `${SHOTS}/ket-qua-da-dong-bo.png` });
    await page.close();
  }, 480_000);
});
