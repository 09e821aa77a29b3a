// The Kỳ báo cáo screens in a browser: the Sở's officer opens a period with its deadlines and
// grants a school's unlock request; the school sees the deadline, what is locked and the answer;
// the school submits the period, the officer returns it with a comment and the school reads it;
// at a laptop's and at a phone's width.
import { mkdirSync } from 'node:fs';
import dayjs from 'dayjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, sessionCookie } from '../helpers/access.ts';
import {
  browserAvailable,
  launchBrowser,
  openSignedIn,
  pageWidth,
  settledScreenshot,
  textNow,
  typeDate,
} from '../helpers/browser.ts';
import { PROVINCE_CODE } from '../helpers/one-school.ts';
import { type Answer, schoolApi, syncUnsynced } from '../helpers/school-api.ts';
import { startThreeTiers, type ThreeTiers } from '../helpers/three-tiers.ts';

const SHOTS = 'test-results/periods-screens';
const LAPTOP = { width: 1366, height: 800 };
const PHONE = { width: 390, height: 844 };
type Api = (method: string, path: string, body?: unknown) => Promise<Answer>;
describe.runIf(browserAvailable)('the Kỳ báo cáo screens', () => {
  let tiers: ThreeTiers;
  let browser: Browser;
  let school: Api;
  const users: Record<'school' | 'province', string> = { school: '', province: '' };
  let year: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    tiers = await startThreeTiers({ students: 2, seed: 71 });
    users.school = (await createUser(tiers.school.db, 'school_admin', `S${tiers.schoolCode}`)).id;
    users.province = (await createUser(tiers.province.db, 'province_admin', `P${PROVINCE_CODE}`)).id;
    school = schoolApi(tiers.links.school, await sessionCookie(tiers.school.db, users.school));
    year = (await school('GET', '/api/school')).body.currentSchoolYear;
    browser = await launchBrowser();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await tiers?.stop();
  });

  async function open(tier: 'school' | 'province', viewport: typeof LAPTOP, path: string): Promise<Page> {
    return openSignedIn(
      browser,
      tiers.links[tier],
      await sessionCookie(tiers[tier].db, users[tier]),
      viewport,
      path,
    );
  }
  const shot = (page: Page, name: string) => settledScreenshot(page, `${SHOTS}/${name}.png`);

  it('the officer opens a period with a deadline per kind of data', async () => {
    const page = await open('province', LAPTOP, '/ky-bao-cao');
    await page.getByRole('button', { name: 'Mở kỳ báo cáo' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Năm học').fill(year);
    await typeDate(dialog.getByLabel('Ngày mở'), dayjs().subtract(20, 'day').format('DD/MM/YYYY'));
    const deadline = dayjs().subtract(2, 'day').format('DD/MM/YYYY');
    await typeDate(dialog.getByLabel('Hạn nộp Thông tin học sinh'), deadline);
    await shot(page, 'officer-open-period-1366');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.getByRole('table').first().textContent()).toContain(`Học sinh: ${deadline}`);
    expect(await page.getByRole('table').first().textContent()).toContain(`Đầu năm ${year}`);
    await page.context().close();
  }, 60_000);

  it('the school sees the lock and sends an unlock request', async () => {
    const page = await open('school', LAPTOP, '/ky-bao-cao');
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain(`Kỳ báo cáo Đầu năm ${year} đã hết hạn nộp Thông tin học sinh`);
    await page.getByRole('button', { name: 'Gửi yêu cầu mở khóa' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Kỳ báo cáo').click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: `Đầu năm ${year}` })
      .click();
    await dialog.getByLabel('Lý do').fill('Bổ sung học sinh chuyển đến');
    await shot(page, 'school-unlock-request-1366');
    await dialog.getByRole('button', { name: 'Gửi' }).click();
    await expect.poll(() => page.getByText('Chờ trả lời').count()).toBe(1);
    await page.context().close();
  }, 60_000);

  it('the officer grants it until a day, and the school sees the answer, at both widths', async () => {
    const page = await open('province', LAPTOP, '/ky-bao-cao');
    await page.getByRole('button', { name: 'Cấp' }).click();
    const dialog = page.getByRole('dialog');
    const until = dayjs().add(3, 'day').format('DD/MM/YYYY');
    await typeDate(dialog.getByLabel('Mở khóa đến hết ngày'), until);
    // Enter in the date field may already have sent the form (the dialog is then gone).
    await dialog
      .getByRole('button', { name: 'Cấp' })
      .click({ timeout: 5000 })
      .catch(() => undefined);
    await expect.poll(() => page.getByText(`Đã cấp đến ${until} 23:59`).count()).toBe(1);
    expect(await tiers.province.db.selectFrom('period_unlocks').select('source').execute()).toEqual([
      { source: 'request' },
    ]);
    await shot(page, 'officer-periods-1366');
    await page.setViewportSize(PHONE);
    await shot(page, 'officer-periods-390');
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await page.context().close();

    for (const [width, viewport] of [
      ['1366', LAPTOP],
      ['390', PHONE],
    ] as const) {
      const schoolPage = await open('school', viewport, '/ky-bao-cao');
      await expect.poll(() => schoolPage.getByText(`Đã cấp đến ${until} 23:59`).count()).toBe(1);
      expect(await schoolPage.getByText('đã hết hạn nộp').count()).toBe(0);
      await shot(schoolPage, `school-periods-${width}`);
      expect(await pageWidth(schoolPage)).toBeLessThanOrEqual(viewport.width);
      await schoolPage.context().close();
    }
  }, 90_000);

  it('the school submits; the officer sees it counted, opens it and returns it; the school reads why', async () => {
    // Each item not Thành công by its status and reason, so a failure here says why.
    for (const path of ['/api/school/sync', '/api/classes/sync', '/api/staff/sync', '/api/students/sync'])
      expect(
        (await syncUnsynced(school, path)).map(
          (i) => `${i.kind} ${i.status} ${i.error?.code}: ${i.error?.message}`,
        ),
      ).toEqual([]);
    const schoolPage = await open('school', LAPTOP, '/ky-bao-cao');
    // Before Nộp, the school sees the figures the Sở will count.
    await expect.poll(() => textNow(schoolPage.getByTestId('own-report'))).toMatch(/Tổng\d+/);
    expect(await textNow(schoolPage.getByTestId('own-report'))).toMatch(
      /\d+ giáo viên, nhân viên \(nữ: \d+\)/,
    );
    await shot(schoolPage, 'school-own-report-1366');
    await schoolPage.getByTestId('submit-DN').click();
    await schoolPage.getByRole('dialog').getByRole('button', { name: 'Nộp' }).click();
    await expect.poll(() => schoolPage.getByText('Đã nộp, chờ duyệt').count()).toBe(1);

    const page = await open('province', LAPTOP, '/nop-va-duyet');
    const counts = page.getByTestId('submission-counts');
    await expect.poll(() => counts.textContent()).toMatch(/Trường1Chưa nộp0Đã nộp, chờ duyệt1/);
    await page.getByRole('row').filter({ hasText: tiers.schoolCode }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: 'Thay đổi so với lần nộp trước' });
    await expect.poll(() => drawer.textContent()).toContain('Đây là lần nộp đầu tiên.');
    await shot(page, 'officer-submission-1366');
    await drawer.getByRole('button', { name: 'Trả lại' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: 'Trả lại cho trường' });
    await dialog.getByLabel('Lý do trả lại').fill('Thiếu học sinh khuyết tật');
    await typeDate(
      dialog.getByLabel('Mở lại cho trường sửa đến hết ngày'),
      dayjs().add(5, 'day').format('DD/MM/YYYY'),
    );
    await dialog
      .getByRole('button', { name: 'Trả lại' })
      .click({ timeout: 5000 })
      .catch(() => undefined);
    await expect.poll(() => drawer.getByText('Bị trả lại').count()).toBe(1);
    await page
      .getByRole('button', { name: 'Close' })
      .or(page.getByRole('button', { name: 'Đóng' }))
      .first()
      .click();
    await expect.poll(() => counts.textContent()).toMatch(/Bị trả lại1/);
    await shot(page, 'officer-submissions-1366');
    await page.setViewportSize(PHONE);
    await shot(page, 'officer-submissions-390');
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize(LAPTOP);
    // The dashboard says the same in one line.
    await page.getByRole('menuitem', { name: 'Theo dõi đồng bộ' }).click();
    await expect
      .poll(() => page.getByTestId('submission-summary').textContent())
      .toContain('1/1 trường đã nộp · 0 đã duyệt · 0 chờ duyệt · 1 bị trả lại');
    await shot(page, 'officer-dashboard-submissions-1366');
    await page.context().close();

    await schoolPage.reload();
    await expect.poll(() => schoolPage.getByText('Thiếu học sinh khuyết tật').count()).toBe(1);
    expect(await schoolPage.getByTestId('submit-DN').textContent()).toBe('Nộp lại');
    await shot(schoolPage, 'school-submission-returned-1366');
    await schoolPage.context().close();
  }, 120_000);

  it('the officer approves the school sent again, and reads the report of approved figures, with its Excel', async () => {
    expect(
      (await school('POST', '/api/reporting-periods/submit', { schoolYear: year, period: 'DN' })).status,
    ).toBe(201);
    const page = await open('province', LAPTOP, '/nop-va-duyet');
    await page.getByRole('row').filter({ hasText: tiers.schoolCode }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: 'Thay đổi so với lần nộp trước' });
    await expect.poll(() => drawer.textContent()).toContain('Không đổi so với lần nộp');
    await drawer.getByRole('button', { name: 'Duyệt' }).click();
    await expect.poll(() => drawer.getByText('Đã duyệt').count()).toBe(1);

    await page.goto(`${tiers.links.province}/bao-cao`);
    await expect
      .poll(() => textNow(page.getByTestId('report-approval')))
      .toContain('Số liệu đã duyệt của 1/1 trường');
    expect(await page.getByRole('row').filter({ hasText: 'Tổng' }).first().textContent()).toMatch(/^Tổng\d/);
    const download = page.waitForEvent('download');
    await page.getByTestId('report-excel').click();
    expect((await download).suggestedFilename()).toBe(`bao-cao-dn-${year}.xlsx`);
    await shot(page, 'officer-report-1366');
    await page.setViewportSize(PHONE);
    await shot(page, 'officer-report-390');
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await page.context().close();
  }, 90_000);
});
