// The guide's flow in a real browser: a teacher signs in with the password given to her,
// changes it, ticks students, syncs them, watches them turn Thành công and reads the history;
// the commune officer then sees the school in the province's view.

import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionLabel } from '#domain/access/permissions.ts';
import { readWorkbook } from '#excel/read.ts';
import { writeWorkbook } from '#excel/write.ts';
import { hashPassword } from '#server/auth/passwords.ts';
import { studentList } from '#tiers/school/excel/lists.ts';
import { createUser } from '../helpers/access.ts';
import { browserAvailable, launchBrowser, pick, signIn, textNow, typeDate } from '../helpers/browser.ts';
import { communesOf, startThreeTiers, type ThreeTiers } from '../helpers/three-tiers.ts';

const GIVEN = 'mat-khau-duoc-cap-1';
const OWN = 'hoa-sua-no-muon-2026';

describe.runIf(browserAvailable)('the school flow in a browser', () => {
  let tiers: ThreeTiers;
  let browser: Browser;
  let username: string;
  let officer: string;
  let otherOfficer: string;

  beforeAll(async () => {
    tiers = await startThreeTiers({ students: 40, seed: 21 });
    const hash = await hashPassword(GIVEN);
    username = (
      await createUser(tiers.school.db, 'school_admin', `S${tiers.schoolCode}`, {
        passwordHash: hash,
        mustChangePassword: true,
      })
    ).username;
    const { own: commune, other } = await communesOf(tiers.province, tiers.schoolCode);
    officer = (await createUser(tiers.province.db, 'commune_officer', commune, { passwordHash: hash }))
      .username;
    otherOfficer = (
      await createUser(tiers.province.db, 'commune_officer', other, {
        passwordHash: hash,
      })
    ).username;
    browser = await launchBrowser();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await tiers?.stop();
  });

  it('signs in, changes the given password, syncs ticked students and follows them to Thành công', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, tiers.links.school, username, 'sai-mat-khau-roi');
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toContain('Tên đăng nhập hoặc mật khẩu không đúng');

    await signIn(page, tiers.links.school, username, GIVEN);
    await page.getByLabel('Mật khẩu hiện tại').fill(GIVEN);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(OWN);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(OWN);
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();

    // Thông tin trường: add a satellite site, save, and sync the school.
    await page.getByRole('menuitem', { name: 'Thông tin trường' }).click();
    await expect.poll(() => page.getByLabel('Mã trường').inputValue()).toBe(tiers.schoolCode);
    await page.getByRole('button', { name: 'Thêm mới điểm trường' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tên điểm trường').fill('Điểm trường Bản Khe');
    await dialog.getByLabel('Khoảng cách đến điểm trường chính (km)').fill('7.5');
    await dialog.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.getByText('Đã lưu thông tin trường.').count()).toBe(1);
    const saved = await tiers.school.db.selectFrom('schools').select('payload').executeTakeFirstOrThrow();
    expect((saved.payload as { campuses: { name: string; distanceKm: number }[] }).campuses).toEqual([
      expect.objectContaining({ name: 'Điểm trường Bản Khe', distanceKm: 7.5 }),
    ]);
    await page.screenshot({ path: 'test-results/school-info.png', fullPage: true });

    await page.getByRole('menuitem', { name: 'Thông tin học sinh' }).click();
    await expect.poll(() => page.getByText('40 bản ghi').count()).toBe(1);
    expect(await page.getByTestId('unit-name').textContent()).toMatch(/^Trường Tiểu học/);
    // The tick boxes sit in a fixed column whose neighbour overlaps them; tick them directly.
    const checkboxes = page.locator('tbody tr.ant-table-row .ant-checkbox-input');
    await checkboxes.nth(0).check({ force: true });
    await checkboxes.nth(1).check({ force: true });
    await page.getByTestId('sync-selected').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Đồng bộ' }).click();
    // The note of what went (or, if the sync was refused, its reason: a failed wait prints it).
    await expect
      .poll(() => textNow(page.locator('.ant-message')))
      .toMatch(/Đã gửi 2 bản ghi, kèm .*thông tin trường/);
    await expect
      .poll(() => page.locator('tbody').getByText('Thành công').count(), { timeout: 60_000 })
      .toBe(2);
    await page.screenshot({ path: 'test-results/school-students.png' });

    // Thêm mới: a pupil whose personal ID contradicts the birth year is saved with a warning.
    await page.getByRole('button', { name: 'Thêm mới' }).click();
    // The drawer by its title: the sync confirmation may still be fading out beside it.
    const drawer = page.getByRole('dialog').filter({ hasText: 'Thêm mới học sinh' });
    await drawer.getByLabel('Họ và tên').fill('Vi Thị Mây');
    await typeDate(drawer.getByLabel('Ngày sinh'), '02/04/2019');
    await drawer.getByLabel('Số định danh cá nhân').fill('040218000777');
    await typeDate(drawer.getByLabel('Ngày trạng thái'), '05/09/2026');
    await pick(page, drawer.getByLabel('Lớp'), /\S/);
    await drawer.getByTestId('student-save').click();
    await expect.poll(() => textNow(drawer)).toContain('không khớp với năm sinh 2019');
    await drawer.locator('.ant-drawer-extra').getByRole('button', { name: 'Đóng' }).click();
    await expect.poll(() => page.getByText('41 bản ghi').count()).toBe(1);

    // The gear icon hides a column; the choice survives a reload.
    await page.getByTestId('column-settings').click();
    const stored = page.waitForResponse(
      (r) => r.url().endsWith('/api/settings/columns/students') && r.request().method() === 'PUT',
    );
    await page.locator('.ant-popover').getByRole('checkbox', { name: 'Giới tính' }).click();
    await stored;
    await expect.poll(() => page.getByRole('columnheader', { name: 'Giới tính' }).count()).toBe(0);
    await page.reload();
    await expect.poll(() => page.getByText('41 bản ghi').count()).toBe(1);
    await expect.poll(() => page.getByRole('columnheader', { name: 'Giới tính' }).count()).toBe(0);
    expect(await page.getByRole('columnheader', { name: 'Ngày sinh' }).count()).toBe(1);
    // …and a new sign-in.
    await page.getByTestId('user-menu').hover();
    await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
    // Signed out once the login form is back; going to the page sooner could cut the logout short.
    await page.getByLabel('Tên đăng nhập').waitFor();
    await signIn(page, tiers.links.school, username, OWN);
    await page.getByRole('menuitem', { name: 'Thông tin học sinh' }).click();
    await expect.poll(() => page.getByText('41 bản ghi').count()).toBe(1);
    expect(await page.getByRole('columnheader', { name: 'Giới tính' }).count()).toBe(0);

    // The trash icon deletes a record once confirmed: a cancelled confirmation deletes nothing.
    const search = page.getByPlaceholder('Họ tên hoặc số định danh');
    await search.fill('Vi Thị Mây');
    await search.press('Enter');
    await expect.poll(() => page.getByText('1 bản ghi').count()).toBe(1);
    const pupilRow = page.locator('tbody tr.ant-table-row').filter({ hasText: 'Vi Thị Mây' });
    await pupilRow.getByTestId('row-delete').click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: 'Huỷ' }).click();
    await expect.poll(() => page.locator('.ant-popconfirm:visible').count()).toBe(0);
    expect(await pupilRow.count()).toBe(1);
    await pupilRow.getByTestId('row-delete').click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: 'Xoá' }).click();
    await expect.poll(() => pupilRow.count()).toBe(0);
    await search.fill('');
    await search.press('Enter');
    await expect.poll(() => page.getByText('40 bản ghi').count()).toBe(1);

    // Xuất Excel downloads a file that opens; Nhập từ Excel shows a bad row before importing.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Xuất Excel' }).click(),
    ]);
    const exported = await readWorkbook(await readFile((await download.path())!), studentList.columns);
    expect(exported.rows).toHaveLength(40);
    const bad = await writeWorkbook([
      {
        name: 'Học sinh',
        columns: studentList.columns,
        rows: [
          {
            fullName: 'Lò Thị Mai',
            birthDate: '31/02/2019',
            gender: 'Nữ',
            ethnicityCode: 'Thái',
            _className: '1A',
          },
        ],
      },
    ]);
    await page.locator('input[type=file]').setInputFiles({
      name: 'hoc-sinh.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: bad,
    });
    await expect
      .poll(() =>
        page
          .getByRole('dialog')
          .getByText(/1 dòng lỗi/)
          .count(),
      )
      .toBe(1);
    expect(await page.getByRole('dialog').getByRole('cell', { name: 'Ngày sinh' }).count()).toBe(1);
    await page.screenshot({ path: 'test-results/school-import.png' });
    await page.getByRole('dialog').getByRole('button', { name: 'Huỷ' }).click();

    await page.getByRole('menuitem', { name: 'Lịch sử đồng bộ' }).click();
    await page.getByRole('cell', { name: 'Thông tin học sinh' }).first().click();
    await expect
      .poll(() =>
        page
          .getByRole('dialog')
          .getByText(/^HS\d{10}$/)
          .count(),
      )
      .toBe(2);
    await page.screenshot({ path: 'test-results/school-history.png' });
    await page.close();
  }, 180_000);

  it('lets the IT officer create a teacher with sync rights for students only; the teacher sees just that', async () => {
    const admin = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(admin, tiers.links.school, username, OWN);
    await admin.getByRole('menuitem', { name: 'Tài khoản & phân quyền' }).click();
    await admin.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Tên đăng nhập').fill('co.hoa');
    await dialog.getByLabel('Họ tên').fill('Lương Thị Hoa');
    await dialog.getByLabel(permissionLabel('students:view'), { exact: true }).check();
    await dialog.getByLabel(permissionLabel('students:sync'), { exact: true }).check();
    await dialog.getByRole('button', { name: 'Tạo' }).click();
    const password = (await admin.getByTestId('one-time-password').textContent())!.trim();
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await admin.screenshot({ path: 'test-results/school-accounts.png' });
    await admin.close();

    const teacher = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(teacher, tiers.links.school, 'co.hoa', password);
    await teacher.getByLabel('Mật khẩu hiện tại').fill(password);
    await teacher.getByLabel('Mật khẩu mới', { exact: true }).fill('cay-bang-mua-dong-7');
    await teacher.getByLabel('Nhập lại mật khẩu mới').fill('cay-bang-mua-dong-7');
    await teacher.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await expect
      .poll(() => teacher.getByRole('menuitem', { name: 'Thông tin học sinh' }).count(), { timeout: 15_000 })
      .toBe(1);
    expect(await teacher.getByRole('menuitem', { name: 'Thông tin giáo viên' }).count()).toBe(0);
    expect(await teacher.getByRole('menuitem', { name: 'Tài khoản & phân quyền' }).count()).toBe(0);
    await teacher.close();
  }, 60_000);

  it('refuses to dissolve a class with students, then moves them and dissolves it', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, tiers.links.school, username, OWN);
    await page.getByRole('menuitem', { name: 'Thông tin lớp' }).click();
    const row = page.locator('tr.ant-table-row').filter({ hasText: '1A' });
    await row.getByRole('button', { name: 'Giải thể' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Số quyết định').fill('07/QĐ-TH');
    await dialog.getByRole('button', { name: 'Giải thể' }).click();
    await expect.poll(() => dialog.getByText(/Lớp 1A còn \d+ học sinh đang học/).count()).toBe(1);
    await dialog.locator('.ant-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '2A' }).click();
    await dialog.getByRole('button', { name: 'Chuyển học sinh rồi giải thể' }).click();
    await expect.poll(() => page.getByText('Đã giải thể lớp 1A.').count()).toBe(1);
    await expect.poll(() => row.getByText('Đã giải thể').count()).toBe(1);
    await page.screenshot({ path: 'test-results/school-classes.png' });
    await page.close();
  }, 60_000);

  it('shows the commune officer the school in the province’s view', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, tiers.links.province, officer, GIVEN);
    await page.getByRole('menuitem', { name: 'Theo dõi đồng bộ' }).click();
    await expect.poll(() => page.getByRole('cell', { name: tiers.schoolCode }).count()).toBe(1);
    await page.screenshot({ path: 'test-results/province-dashboard.png' });

    // An officer of another commune does not see the school at all.
    const elsewhere = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(elsewhere, tiers.links.province, otherOfficer, GIVEN);
    await elsewhere.getByRole('menuitem', { name: 'Theo dõi đồng bộ' }).click();
    await expect.poll(() => elsewhere.getByText('Các trường (0)').count()).toBe(1);
    expect(await elsewhere.getByRole('cell', { name: tiers.schoolCode }).count()).toBe(0);
    await elsewhere.close();

    // Tra cứu: a synced pupil, found by personal ID: one person.
    const synced = await tiers.school.db
      .selectFrom('students')
      .select(['personal_id', 'full_name'])
      .where('sync_state', '=', 'success')
      .where('personal_id', 'is not', null)
      .executeTakeFirstOrThrow();
    await page.getByRole('menuitem', { name: 'Tra cứu' }).click();
    await page.getByPlaceholder(/Số định danh cá nhân/).fill(synced.personal_id!);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    // One person, with the school that holds their record.
    const person = page.getByTestId('person').filter({ hasText: synced.full_name });
    await expect.poll(() => person.count()).toBe(1);
    expect(await page.getByTestId('person').count()).toBe(1);
    await page.close();
  }, 60_000);
});
