// The school's screens as a clerk meets them, in a browser set to American English (dates must
// still read dd/mm/yyyy): Thông tin trường marking the fields the server refused, the lists at a
// laptop's width (every button reachable, a row opening its record), the forms (Tôn giáo picked
// from the list, today's date by default, Giải thể confirmed with its decision), Lịch sử đồng bộ
// counting records and naming them, and every screen again at a phone's width.
import { mkdirSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, sessionCookie } from '../helpers/access.ts';
import {
  browserAvailable,
  closeDropDowns,
  launchBrowser,
  openSignedIn,
  pick,
  settledScreenshot,
  textNow,
  typeDate,
  vietnamToday,
} from '../helpers/browser.ts';
import { type Answer, allGoodPrimaryEntry, schoolApi, until } from '../helpers/school-api.ts';
import { startThreeTiers, type ThreeTiers } from '../helpers/three-tiers.ts';

// The callbacks given to `evaluate` run in the page; these are the page's globals they use (the
// tests compile without the DOM library, which would change Node's own types).
interface PageElement {
  getBoundingClientRect(): {
    x: number;
    y: number;
    top: number;
    right: number;
    bottom: number;
    width: number;
    height: number;
  };
  contains(other: PageElement | null): boolean;
  children: ArrayLike<PageElement>;
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): { length: number };
  elementFromPoint(x: number, y: number): PageElement | null;
  documentElement: { scrollWidth: number };
};
declare const window: { innerWidth: number; innerHeight: number };

const SHOTS = 'test-results/school-screens';
const LAPTOP = { width: 1366, height: 800 };
const PHONE = { width: 390, height: 844 };
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const TODAY = vietnamToday().split('-').reverse().join('/');

type Api = (method: string, path: string, body?: unknown) => Promise<Answer>;

describe.runIf(browserAvailable)('the school screens', () => {
  let tiers: ThreeTiers;
  let browser: Browser;
  let userId: string;
  let api: Api;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    tiers = await startThreeTiers({ students: 12, seed: 33 });
    const user = await createUser(tiers.school.db, 'school_admin', `S${tiers.schoolCode}`);
    userId = user.id;
    api = schoolApi(tiers.links.school, await sessionCookie(tiers.school.db, user.id));
    browser = await launchBrowser();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await tiers?.stop();
  });

  /** A signed-in page of the school tier, a session of its own, in an American-English browser. */
  async function open(viewport: { width: number; height: number }, path: string): Promise<Page> {
    return openSignedIn(
      browser,
      tiers.links.school,
      await sessionCookie(tiers.school.db, userId),
      viewport,
      path,
    );
  }
  const shot = (page: Page, name: string) => settledScreenshot(page, `${SHOTS}/${name}.png`);

  /**
   * Clears a field and types `value`, then reads `after` (the field's error, say). Polled, so that
   * an edit a busy page did not take is made again: each attempt is a real change of the value.
   */
  async function retyped(field: Locator, value: string, after: () => Promise<string>): Promise<string> {
    await field.fill('');
    await field.fill(value);
    return after();
  }

  /** The error under a form field, found by the field's label. */
  function errorOf(scope: Page | Locator, label: string): Promise<string> {
    // `has` is matched inside each form item, so the label's locator starts from the page.
    const page = 'page' in scope ? scope.page() : scope;
    return textNow(
      scope
        .locator('.ant-form-item')
        .filter({ has: page.getByLabel(label, { exact: true }) })
        .locator('.ant-form-item-explain-error'),
    );
  }

  it('Thông tin trường marks the fields the server refused, a satellite site’s too, until each is edited', async () => {
    const page = await open(LAPTOP, '/truong');
    await expect.poll(() => page.getByLabel('Mã trường').inputValue()).toBe(tiers.schoolCode);
    await page.getByLabel('Email', { exact: true }).fill('khong-phai-email');
    await page.getByRole('button', { name: 'Thêm mới điểm trường' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tên điểm trường').fill('Điểm trường Bản Khe');
    await dialog.getByLabel('Điện thoại').fill('12345');
    await dialog.getByRole('button', { name: 'Xác nhận' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await page.getByRole('button', { name: 'Lưu' }).click();

    // The site's phone is refused: its dialog opens with the message under the phone, and the
    // row says so too; the school's own email is marked where it is.
    await expect.poll(() => errorOf(dialog, 'Điện thoại')).toMatch(/Số điện thoại/);
    expect(await errorOf(page, 'Email')).toBe('Email không hợp lệ.');
    await shot(page, 'truong-loi-diem-truong-1366');
    await expect
      .poll(() =>
        retyped(dialog.getByLabel('Điện thoại'), '0238 3888 777', () => errorOf(dialog, 'Điện thoại')),
      )
      .toBe('');
    await dialog.getByRole('button', { name: 'Xác nhận' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await textNow(page.locator('.ant-table-row').filter({ hasText: 'Bản Khe' }))).not.toMatch(
      /Số điện thoại/,
    );
    // An edited field drops its message at once, before the next save.
    await expect
      .poll(() =>
        retyped(page.getByLabel('Email', { exact: true }), 'c1banke@truong.edu.vn', () =>
          errorOf(page, 'Email'),
        ),
      )
      .toBe('');
    await shot(page, 'truong-1366');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.getByText('Đã lưu thông tin trường.').count()).toBe(1);
    const saved = (await api('GET', '/api/school')).body.data;
    expect(saved.email).toBe('c1banke@truong.edu.vn');
    expect(saved.campuses).toEqual([expect.objectContaining({ phone: '02383888777' })]);
    await page.context().close();
  }, 60_000);

  it('Thông tin lớp at 1366: Giải thể is reachable and confirmed with its date and decision; a row opens its record', async () => {
    const created = await api('POST', '/api/classes', { name: '5E', grade: '5' });
    expect(created.status).toBe(201);
    const page = await open(LAPTOP, '/lop');
    const row = page.locator('tr.ant-table-row').filter({ hasText: '5E' });
    await expect.poll(() => row.count()).toBe(1);

    // Every Giải thể button is the topmost element where it is drawn: no sticky column covers it.
    const covered = await page.locator('[data-testid=row-dissolve]').evaluateAll(
      (buttons) =>
        buttons.filter((button) => {
          const box = button.getBoundingClientRect();
          const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
          return !button.contains(top);
        }).length,
    );
    expect(covered).toBe(0);

    // An empty class too is dissolved only once confirmed, with a date and a decision number.
    await row.getByRole('button', { name: 'Giải thể' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: 'Giải thể lớp 5E' });
    await expect.poll(() => dialog.count()).toBe(1);
    expect(await page.getByRole('dialog').filter({ hasText: 'Chỉnh sửa lớp' }).count()).toBe(0);
    expect(await dialog.getByLabel('Ngày giải thể').inputValue()).toBe(TODAY);
    await dialog.getByRole('button', { name: 'Giải thể' }).click();
    await expect.poll(() => errorOf(dialog, 'Số quyết định')).toBe('Nhập số quyết định giải thể.');
    expect((await api('GET', `/api/classes/${created.body.id}`)).body.data.status).toBe('active');
    await dialog.getByLabel('Số quyết định').fill('15/QĐ-THBK');
    await shot(page, 'lop-giai-the-1366');
    await dialog.getByRole('button', { name: 'Giải thể' }).click();
    await expect.poll(() => page.getByText('Đã giải thể lớp 5E.').count()).toBe(1);
    expect((await api('GET', `/api/classes/${created.body.id}`)).body.data).toMatchObject({
      status: 'dissolved',
      dissolvedOn: vietnamToday(),
      dissolutionDecision: '15/QĐ-THBK',
    });

    // A click on a row opens that record; a click on its tick box only ticks it.
    await shot(page, 'lop-1366');
    const first = page.locator('tr.ant-table-row').first();
    const name = (await first.locator('td').nth(1).textContent()) ?? '';
    await first.locator('.ant-checkbox-input').click();
    await expect.poll(() => page.getByTestId('sync-selected').textContent()).toMatch(/\(1\)/);
    expect(await page.locator('.ant-drawer-open').count()).toBe(0);
    await first.locator('td').nth(2).click();
    const drawer = page.getByRole('dialog').filter({ hasText: 'Chỉnh sửa lớp' });
    await expect.poll(() => drawer.getByLabel('Tên lớp').inputValue()).toBe(name);
    await shot(page, 'lop-chinh-sua-1366');
    await page.context().close();
  }, 60_000);

  it('Thông tin giáo viên at 1366 shows Mã định danh whole, identifiers given', async () => {
    expect((await api('POST', '/api/staff/sync', { allUnsynced: true })).status).toBe(202);
    await until(
      () => api('GET', '/api/staff?pageSize=100'),
      (r) => r.body.items.every((s: { nationalId: string | null }) => s.nationalId),
    );
    const page = await open(LAPTOP, '/giao-vien');
    await expect.poll(() => page.getByRole('cell', { name: /^GV\d+$/ }).count()).toBeGreaterThan(0);
    const header = page.getByRole('columnheader', { name: 'Mã định danh' });
    await shot(page, 'giao-vien-1366');
    const whole = await header.evaluate((th) => {
      const box = th.getBoundingClientRect();
      const right = document.elementFromPoint(box.right - 4, box.y + box.height / 2);
      return th.contains(right) && th.scrollWidth <= th.clientWidth && box.right <= window.innerWidth;
    });
    expect(whole).toBe(true);
    // Nor is any identifier under it hidden, nor the list scrolled sideways to show it.
    const hidden = await page.getByRole('cell', { name: /^GV\d+$/ }).evaluateAll(
      (cells) =>
        cells.filter((cell) => {
          const box = cell.getBoundingClientRect();
          if (box.bottom > window.innerHeight) return false; // below the fold: scrolled to, not hidden
          return !cell.contains(document.elementFromPoint(box.right - 4, box.y + box.height / 2));
        }).length,
    );
    expect(hidden).toBe(0);
    await shot(page, 'giao-vien-1366');
    await page.context().close();
  }, 60_000);

  it('Thêm mới học sinh: dates dd/mm/yyyy in an English browser, today’s status date, Tôn giáo from the list', async () => {
    const page = await open(LAPTOP, '/hoc-sinh');
    await expect.poll(() => page.getByText('12 bản ghi').count()).toBe(1);
    await page.getByRole('button', { name: 'Thêm mới' }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: 'Thêm mới học sinh' });
    await drawer.getByLabel('Họ và tên').fill('Lò Thị Ban');
    expect(await drawer.getByLabel('Ngày trạng thái').inputValue()).toBe(TODAY);
    await typeDate(drawer.getByLabel('Ngày sinh'), '02/04/2019');
    expect(await drawer.getByLabel('Ngày sinh').inputValue()).toBe('02/04/2019');
    await pick(page, drawer.getByLabel('Tôn giáo'), 'Công giáo');
    await pick(page, drawer.getByLabel('Lớp'), /\S/);
    await closeDropDowns(page);
    await shot(page, 'hoc-sinh-them-moi-1366');
    await drawer.getByTestId('student-save').click();
    await expect.poll(() => page.getByText('13 bản ghi').count()).toBe(1);
    const [added] = (await api('GET', '/api/students?q=Lò Thị Ban')).body.items;
    const record = (await api('GET', `/api/students/${added.id}`)).body.data;
    expect(record).toMatchObject({
      birthDate: '2019-04-02',
      religion: 'Công giáo',
      statusDate: vietnamToday(),
    });

    // A stored date reads back the same way.
    await page.locator('tr.ant-table-row').filter({ hasText: 'Lò Thị Ban' }).locator('td').nth(2).click();
    const editing = page.getByRole('dialog').filter({ hasText: 'Chỉnh sửa học sinh' });
    await expect.poll(() => editing.getByLabel('Ngày sinh').inputValue()).toBe('02/04/2019');
    await page.context().close();

    // A religion not on the list is refused in a line that names the field, not the whole list.
    const { schoolYear: _year, ...data } = record;
    const refused = await api('PUT', `/api/students/${added.id}`, {
      ...data,
      religion: 'Đạo Ông Trời',
      version: 1,
    });
    expect(refused.status).toBe(400);
    const [problem] = refused.body.errors;
    expect(problem).toMatchObject({ field: 'religion', code: 'CODE_UNKNOWN' });
    expect(problem.message).toMatch(/^Tôn giáo/);
    expect(problem.message.length).toBeLessThan(80);
  }, 60_000);

  it('Lịch sử đồng bộ counts each record once, turns red on a failure, and names results and reasons', async () => {
    const students = (await api('GET', '/api/students?pageSize=100')).body.items as {
      id: string;
      fullName: string;
      className: string;
    }[];
    const [wrong, right] = students;
    // A personal ID that contradicts the birth year: the national tier refuses it.
    const before = (await api('GET', `/api/students/${wrong!.id}`)).body;
    const { schoolYear: _year, ...data } = before.data;
    const fixed = await api('PUT', `/api/students/${wrong!.id}`, {
      ...data,
      personalId: '040299000001',
      birthDate: '2019-05-05',
      gender: 'male',
      version: before.version,
    });
    expect(fixed.status).toBe(200);
    const studentsRun = await api('POST', '/api/students/sync', { ids: [wrong!.id, right!.id] });
    expect(studentsRun.status).toBe(202);
    const settled = (runId: string) =>
      until(
        () => api('GET', '/api/sync/runs'),
        (r) => {
          const run = r.body.items.find((i: { id: string }) => i.id === runId);
          return run && run.counts.pending + run.dependencies.pending === 0;
        },
      );
    let runs = (await settled(studentsRun.body.runId)).body.items;
    // Two records, two answers — not one more for each class and school that went with them.
    expect(runs[0]).toMatchObject({
      records: 2,
      counts: { pending: 0, success: 1, failed: 1 },
      progress: 1,
    });

    // The refused pupil's result for the first term goes up and is refused in turn.
    const grid = (await api('GET', `/api/results?classId=${before.data.classId}&period=CK1`)).body;
    const entry = allGoodPrimaryEntry(grid.grid);
    const saved = await api('PUT', '/api/results', {
      classId: before.data.classId,
      period: 'CK1',
      entries: [{ studentId: wrong!.id, entry }],
    });
    expect(saved.status).toBe(200);
    const resultsRun = await api('POST', '/api/results/sync', { allUnsynced: true });
    expect(resultsRun.status).toBe(202);
    runs = (await settled(resultsRun.body.runId)).body.items;
    expect(runs[0]).toMatchObject({ kind: 'result', records: 1, counts: { success: 0, failed: 1 } });

    const page = await open(LAPTOP, '/lich-su-dong-bo');
    const rows = page.locator('tr.ant-table-row');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    // A finished run with a failure has a red bar; only the staff's, all accepted, is green.
    expect(await rows.nth(0).locator('.ant-progress-status-exception').count()).toBe(1);
    expect(await rows.nth(1).locator('.ant-progress-status-exception').count()).toBe(1);
    expect(await rows.nth(2).locator('.ant-progress-status-success').count()).toBe(1);
    expect(await page.locator('.ant-progress-status-success').count()).toBe(1);
    await shot(page, 'lich-su-1366');

    await rows.nth(0).click();
    const drawer = page.locator('.ant-drawer-open');
    const label = `Kết quả học tập · Cuối học kỳ I · ${wrong!.fullName} (${wrong!.className})`;
    await expect.poll(() => drawer.getByRole('cell', { name: label }).count()).toBe(1);
    const reasons = await drawer.locator('.ant-typography-danger').allTextContents();
    expect(reasons.join(' ')).toContain(wrong!.fullName);
    expect(reasons.join(' ')).not.toMatch(UUID);
    await shot(page, 'lich-su-chi-tiet-1366');
    await page.context().close();
  }, 120_000);

  it('at a phone’s width: one-line header, menu folded away, lists as cards, nothing wider than the screen', async () => {
    const screens = [
      { path: '/truong', menu: 'Thông tin trường', shot: 'truong-390', ready: 'Mã trường' },
      { path: '/lop', menu: 'Thông tin lớp', shot: 'lop-390', cards: true },
      { path: '/giao-vien', menu: 'Thông tin giáo viên', shot: 'giao-vien-390', cards: true },
      { path: '/hoc-sinh', menu: 'Thông tin học sinh', shot: 'hoc-sinh-390', cards: true },
      { path: '/lich-su-dong-bo', menu: 'Lịch sử đồng bộ', shot: 'lich-su-390', cards: true },
    ];
    const page = await open(PHONE, '/truong');
    await expect.poll(() => page.getByTestId('menu-button').count()).toBe(1);
    for (const screen of screens) {
      await page.getByTestId('menu-button').click();
      const menu = page.locator('.ant-drawer-open');
      await menu.getByRole('menuitem', { name: screen.menu }).click();
      await expect.poll(() => menu.count()).toBe(0);
      await expect.poll(() => page.getByTestId('menu-button').textContent()).toBe(screen.menu);
      if (screen.cards) {
        await expect.poll(() => page.getByTestId('record-card').count()).toBeGreaterThan(0);
        expect(await page.locator('.ant-table').count()).toBe(0);
      } else {
        await expect.poll(() => page.getByLabel(screen.ready!).inputValue()).not.toBe('');
      }
      // The header is one line, no menu is open over the screen, and nothing scrolls sideways.
      const layout = await page.evaluate(() => {
        const header = document.querySelector('[data-testid=app-header]') as PageElement;
        const tops = Array.from(header.children).map((c) => Math.round(c.getBoundingClientRect().top));
        const centres = Array.from(header.children).map((c) => {
          const box = c.getBoundingClientRect();
          return Math.round(box.top + box.height / 2);
        });
        return {
          headerHeight: header.getBoundingClientRect().height,
          oneLine: Math.max(...centres) - Math.min(...centres) <= 4 && tops.length > 0,
          sider: document.querySelectorAll('.ant-layout-sider').length,
          width: document.documentElement.scrollWidth,
        };
      });
      expect(layout).toMatchObject({ oneLine: true, sider: 0 });
      expect(layout.headerHeight).toBeLessThanOrEqual(64);
      expect(layout.width).toBeLessThanOrEqual(PHONE.width);
      await shot(page, screen.shot);
    }

    // A run opened at a phone's width reads as cards too.
    await page.getByTestId('record-card').first().click();
    const drawer = page.locator('.ant-drawer-open');
    await expect.poll(() => drawer.getByTestId('record-card').count()).toBeGreaterThan(0);
    await shot(page, 'lich-su-chi-tiet-390');
    await page.context().close();

    // A freshly opened page starts with the menu folded away.
    const fresh = await open(PHONE, '/hoc-sinh');
    await expect.poll(() => fresh.getByTestId('record-card').count()).toBeGreaterThan(0);
    expect(await fresh.locator('.ant-drawer-open, .ant-layout-sider').count()).toBe(0);
    await fresh.context().close();
  }, 120_000);
});
