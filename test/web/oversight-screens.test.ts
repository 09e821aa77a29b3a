// The province's screens read as words, in a real browser at 1366×800 and at 390 px: a school's
// drill-down names each learning result's pupil and class; Tra cứu writes dates dd/mm/yyyy and
// codes by their names; the charts' labels are whole; the accounts list, the audit log and the
// sync connection codes speak Vietnamese, not codes and UUIDs.
import { mkdir } from 'node:fs/promises';
import { type Kysely, sql } from 'kysely';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { recordHash } from '#domain/record-hash.ts';
import { hashPassword } from '#server/auth/passwords.ts';
import { createUser, sessionCookie } from '../helpers/access.ts';
import { browserAvailable, launchBrowser, signIn, textNow } from '../helpers/browser.ts';
import { schoolApi, until } from '../helpers/school-api.ts';
import { primaryEntry } from '../helpers/school-records.ts';
import { startThreeTiers, type ThreeTiers } from '../helpers/three-tiers.ts';

const PASSWORD = 'so-giao-duc-nghe-an-2026';
const SHOTS = 'test-results/oversight-screens';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;

interface Pupil {
  id: string;
  fullName: string;
  personalId: string;
  birthDate: string;
  classId: string;
}

describe.runIf(browserAvailable)('the province’s screens in words', { timeout: 90_000 }, () => {
  let tiers: ThreeTiers;
  let browser: Browser;
  let provinceAdmin: string;
  let schoolAdmin: string;
  let resultClass: { id: string; name: string };
  let graded: Pupil[];
  let looked: Pupil;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    tiers = await startThreeTiers({ students: 16, seed: 47 });
    const passwordHash = await hashPassword(PASSWORD);
    provinceAdmin = (await createUser(tiers.province.db, 'province_admin', 'P40', { passwordHash })).username;
    const admin = await createUser(tiers.school.db, 'school_admin', `S${tiers.schoolCode}`, { passwordHash });
    schoolAdmin = admin.username;
    await createUser(tiers.school.db, 'school_staff', `S${tiers.schoolCode}`, {
      grants: ['classes:view', 'students:edit', 'results:sync'],
    });
    const api = schoolApi(tiers.links.school, await sessionCookie(tiers.school.db, admin.id));

    // One pupil's personal ID contradicts the birth year, so the charts have a failure to show.
    const db = tiers.school.db as Kysely<SchoolTierDatabase>;
    const [wrong] = await db
      .selectFrom('students')
      .select(['id', 'payload'])
      .orderBy('id')
      .limit(1)
      .execute();
    const payload = {
      ...(wrong!.payload as object),
      personalId: '040299000001',
      birthDate: '2019-05-05',
      gender: 'male',
    };
    await db
      .updateTable('students')
      .set({ payload: JSON.stringify(payload), hash: recordHash(payload), version: 2 })
      .where('id', '=', wrong!.id)
      .execute();

    // Learning results for the whole of one class.
    const classes = (await db.selectFrom('classes').select(['id', 'payload']).execute()).map((c) => ({
      id: c.id,
      ...(c.payload as { name: string; grade: string }),
    }));
    const pupils = (await db.selectFrom('students').select(['id', 'payload']).execute()).map((p) => ({
      id: p.id,
      ...(p.payload as Omit<Pupil, 'id'>),
    }));
    const chosen = classes.find((c) => pupils.some((p) => p.classId === c.id && p.id !== wrong!.id))!;
    resultClass = { id: chosen.id, name: chosen.name };
    graded = pupils.filter((p) => p.classId === chosen.id && p.id !== wrong!.id);
    looked = graded.find((p) => p.personalId) ?? graded[0]!;
    const saved = await api('PUT', '/api/results', {
      classId: chosen.id,
      period: 'GK1',
      entries: graded.map((p) => ({ studentId: p.id, entry: primaryEntry(Number(chosen.grade), 'GK1', 8) })),
    });
    expect(saved.status).toBe(200);

    for (const list of ['/api/students', '/api/results']) {
      expect((await api('POST', `${list}/sync`, { allUnsynced: true })).status).toBe(202);
      const runs = await until(
        () => api('GET', '/api/sync/runs'),
        (r) => r.body.items[0]?.counts.pending === 0,
        60,
      );
      expect(runs.body.items[0].counts.pending).toBe(0);
    }
    // The province holds them with the national decisions (the last one relayed back).
    await until(
      () =>
        sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM sync_items WHERE latest AND status = 'pending'`.execute(
          tiers.province.db,
        ),
      (r) => r.rows[0]!.n === 0,
    );
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await tiers?.stop();
  });

  const newPage = () => browser.newPage({ viewport: { width: 1366, height: 800 } });
  const menu = async (page: Page, name: string, title: string | RegExp) => {
    await page.getByRole('menuitem', { name }).click();
    await page.locator('.ant-card-head-title', { hasText: title }).first().waitFor();
  };

  /** The screen at 1366×800 and at a phone's 390 px, each waiting for `ready` before the picture. */
  async function shoot(
    page: Page,
    name: string,
    ready: () => Promise<void> = async () => undefined,
    { fullPage = true } = {},
  ) {
    // Charts grow into place for a moment after each redraw: the picture shows them drawn.
    const settled = async () => {
      await ready();
      await page.waitForTimeout(1500);
    };
    await page.setViewportSize({ width: 1366, height: 800 });
    await settled();
    await page.screenshot({ path: `${SHOTS}/${name}-1366.png`, fullPage });
    await page.setViewportSize({ width: 390, height: 800 });
    await settled();
    await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage });
    await page.setViewportSize({ width: 1366, height: 800 });
  }

  /** Every text a chart draws (its SVG), and whether each lies inside the chart. */
  async function chartTexts(chart: Locator) {
    return chart.evaluate((element) => {
      const box = element.getBoundingClientRect();
      return [...element.querySelectorAll('svg text')].map((text) => {
        const r = text.getBoundingClientRect();
        return {
          text: text.textContent ?? '',
          inside:
            r.left >= box.left - 1 &&
            r.right <= box.right + 1 &&
            r.top >= box.top - 1 &&
            r.bottom <= box.bottom + 1,
        };
      });
    });
  }

  it('draws whole chart labels on the dashboard, at 1366 px and at 390 px', async () => {
    const page = await newPage();
    await signIn(page, tiers.links.province, provinceAdmin, PASSWORD);
    await menu(page, 'Theo dõi đồng bộ', 'Theo dõi đồng bộ');
    const failures = page.getByTestId('chart-failures');
    const grades = page.getByTestId('chart-grades');
    const labelsWhole = async () => {
      for (const chart of [failures, grades]) {
        await expect.poll(async () => (await chartTexts(chart)).length).toBeGreaterThan(1);
        const texts = await chartTexts(chart);
        expect(texts.filter((t) => t.text.includes('…') || t.text.includes('...'))).toEqual([]);
        expect(texts.filter((t) => !t.inside)).toEqual([]);
      }
      // The failure's reason in words, every word of it drawn (wrapped over lines as need be).
      const drawn = (await chartTexts(failures)).map((t) => t.text).join(' ');
      for (const word of 'Chữ số thứ 5 và 6 của số định danh cá nhân không khớp với năm sinh.'.split(' '))
        expect(drawn).toContain(word);
      expect(drawn).not.toContain('PERSONAL_ID');
    };
    await shoot(page, 'bieu-do', labelsWhole);
    // The schools' table names their frequent failures in words too, the code in a tooltip.
    const school = page.getByRole('row').filter({ hasText: tiers.schoolCode }).first();
    expect(await textNow(school)).toContain('Chữ số thứ 5 và 6 của số định danh cá nhân');
    expect(await textNow(school)).not.toContain('PERSONAL_ID');
    await page.close();
  });

  it('names each learning result’s pupil and class in a school’s drill-down', async () => {
    const page = await newPage();
    await signIn(page, tiers.links.province, provinceAdmin, PASSWORD);
    await menu(page, 'Theo dõi đồng bộ', 'Theo dõi đồng bộ');
    await page.getByRole('row').filter({ hasText: tiers.schoolCode }).first().click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('Kết quả học tập', { exact: true }).click();
    const rows = drawer.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(graded.length);
    const texts = await rows.allTextContents();
    for (const pupil of graded) {
      const row = texts.find((t) => t.includes(pupil.fullName));
      expect(row, pupil.fullName).toBeDefined();
      expect(row).toContain(resultClass.name);
      expect(row).toContain('Giữa học kỳ I');
    }
    // A drawer over the page: the picture is the screen, not the page scrolled under it.
    await shoot(page, 'ket-qua-hoc-tap-cua-truong', undefined, { fullPage: false });
    // The pupil's name finds the pupil's results.
    await drawer.getByPlaceholder('Tên, số định danh hoặc mã định danh').fill(looked.fullName);
    await drawer.getByPlaceholder('Tên, số định danh hoặc mã định danh').press('Enter');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await textNow(rows)).toContain(looked.fullName);
    await page.close();
  });

  it('shows Tra cứu’s dates as dd/mm/yyyy and its codes by their names', async () => {
    const page = await newPage();
    await signIn(page, tiers.links.province, provinceAdmin, PASSWORD);
    await menu(page, 'Tra cứu', 'Tra cứu');
    await page.getByTestId('lookup').locator('input').fill(looked.personalId);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    const person = page.getByTestId('person');
    await expect.poll(() => textNow(person)).toContain(looked.fullName);
    const text = await textNow(person);
    const [y, m, d] = looked.birthDate.split('-');
    expect(text).toContain(`${d}/${m}/${y}`);
    expect(text).not.toMatch(ISO_DATE);
    expect(text).toContain('Đang học');
    expect(text).toMatch(/Giới tính\s*(Nam|Nữ)/);
    expect(text).toMatch(/Dân tộc\s*Kinh|Dân tộc\s*[A-ZÀ-Ỹ][a-zà-ỹ]+/);
    expect(text).toContain(resultClass.name);
    await shoot(page, 'tra-cuu');
    await page.close();
  });

  it('writes the audit log in words: actions, and records by their names, ids kept aside', async () => {
    const page = await newPage();
    await signIn(page, tiers.links.school, schoolAdmin, PASSWORD);
    await menu(page, 'Nhật ký', 'Nhật ký');
    const table = page.locator('.ant-table-tbody');
    await expect.poll(() => textNow(table)).toContain('Lưu kết quả học tập');
    const text = await textNow(table);
    expect(text).toContain(`Lớp ${resultClass.name}`);
    expect(text).toContain('Yêu cầu đồng bộ');
    expect(text).not.toMatch(UUID);
    expect(text).not.toMatch(/results\.saved|sync\.requested|personal_data\./);
    // The ids stay at hand for support, in the record's tooltip.
    await page.getByText(`Lớp ${resultClass.name}`).first().hover();
    await expect.poll(() => textNow(page.locator('.ant-tooltip'))).toContain(resultClass.id);
    await shoot(page, 'nhat-ky-truong');

    const province = await newPage();
    await signIn(province, tiers.links.province, provinceAdmin, PASSWORD);
    await menu(province, 'Nhật ký', 'Nhật ký');
    const rows = province.locator('.ant-table-tbody');
    await expect.poll(() => textNow(rows)).toContain('Nhận lô đồng bộ');
    expect(await textNow(rows)).not.toMatch(UUID);
    expect(await textNow(rows)).toContain('Đăng nhập');
    await shoot(province, 'nhat-ky-tinh');
    await province.close();
    await page.close();
  });

  it('lists a staff account’s permissions in words', async () => {
    const page = await newPage();
    await signIn(page, tiers.links.school, schoolAdmin, PASSWORD);
    await menu(page, 'Tài khoản & phân quyền', 'Tài khoản');
    const table = page.locator('.ant-table-tbody');
    await expect.poll(() => textNow(table)).toContain('Thông tin lớp: xem');
    const text = await textNow(table);
    expect(text).toContain('Thông tin học sinh: cập nhật');
    expect(text).toContain('Kết quả học tập: đồng bộ');
    expect(text).not.toMatch(/classes:view|students:edit|results:sync/);
    await shoot(page, 'tai-khoan');
    await page.close();
  });

  it('calls the sync credentials Mã kết nối đồng bộ, never a khoá', async () => {
    const page = await newPage();
    await signIn(page, tiers.links.province, provinceAdmin, PASSWORD);
    await menu(page, 'Mã kết nối đồng bộ', 'Mã kết nối đồng bộ');
    const card = page.locator('.ant-card').first();
    await expect.poll(() => textNow(card)).toContain('Đang dùng');
    expect(await textNow(page.locator('body'))).not.toMatch(/[Kk]hoá đồng bộ|[Kk]hóa đồng bộ/);
    await page.getByRole('button', { name: 'Cấp mã kết nối cho trường' }).click();
    await expect.poll(() => textNow(page.getByRole('dialog'))).toContain('Cấp mã kết nối đồng bộ cho trường');
    await shoot(page, 'ma-ket-noi-dong-bo');
    await page.close();
  });
});
