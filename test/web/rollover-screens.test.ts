// Kết chuyển năm học in the browser: the admin closes the year, renames a class in the preview
// table, writes the next year and finds it in the class list; run again it adds nothing. Shots
// of the preview and of the next year's class list at a laptop's and a phone's width.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, sessionCookie } from '../helpers/access.ts';
import {
  browserAvailable,
  launchBrowser,
  openSignedIn,
  pageWidth,
  settledScreenshot,
} from '../helpers/browser.ts';
import { type Answer, schoolApi } from '../helpers/school-api.ts';
import { startThreeTiers, type ThreeTiers } from '../helpers/three-tiers.ts';

const SHOTS = 'test-results/rollover-screens';
const LAPTOP = { width: 1366, height: 800 };
const PHONE = { width: 390, height: 844 };
const NEW_NAME = 'Lớp Hoa Mai';

type Api = (method: string, path: string, body?: unknown) => Promise<Answer>;

describe.runIf(browserAvailable)('the year rollover screen', () => {
  let tiers: ThreeTiers;
  let browser: Browser;
  let userId: string;
  let api: Api;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    tiers = await startThreeTiers({ students: 12, seed: 53 });
    const user = await createUser(tiers.school.db, 'school_admin', `S${tiers.schoolCode}`);
    userId = user.id;
    api = schoolApi(tiers.links.school, await sessionCookie(tiers.school.db, user.id));
    browser = await launchBrowser();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await tiers?.stop();
  });

  async function open(viewport: { width: number; height: number }, path: string): Promise<Page> {
    return openSignedIn(
      browser,
      tiers.links.school,
      await sessionCookie(tiers.school.db, userId),
      viewport,
      path,
    );
  }
  const shot = (page: Page, name: string) => settledScreenshot(page, `${SHOTS}/${name}.png`, true);

  it('closes the year, previews, writes the next year as edited, and a second run adds nothing', async () => {
    const plan = (await api('GET', '/api/school/rollover')).body;
    const [first] = plan.classes as { sourceName: string; name: string }[];
    expect(first).toBeDefined();

    const page = await open(LAPTOP, '/ket-chuyen-nam-hoc');
    await page.getByText(`Bước 1: khoá sổ năm học ${plan.fromYear}`).waitFor();
    await page.getByRole('button', { name: 'Khoá sổ năm học' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Khoá sổ' }).click();
    await page.getByText(`Năm học ${plan.fromYear} đã khoá sổ.`).waitFor();
    // The closed year is read-only now.
    const classes = (await api('GET', '/api/classes?pageSize=1')).body.items;
    const refused = await api('DELETE', `/api/classes/${classes[0].id}`);
    expect(refused.status).toBe(409);

    const nameField = page.getByLabel(`Tên lớp mới của ${first!.sourceName}`);
    expect(await nameField.inputValue()).toBe(first!.name);
    await nameField.fill(NEW_NAME);
    // The pupils going up from that class are shown in it under its new name at once.
    await page.getByRole('cell', { name: NEW_NAME, exact: true }).first().waitFor();
    await shot(page, 'preview-1366');
    const phonePreview = await open(PHONE, '/ket-chuyen-nam-hoc');
    await phonePreview.getByText(`Năm học ${plan.fromYear} đã khoá sổ.`).waitFor();
    await shot(phonePreview, 'preview-390');
    expect(await pageWidth(phonePreview)).toBeLessThanOrEqual(PHONE.width);

    await page.getByRole('button', { name: 'Kết chuyển', exact: true }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Kết chuyển' }).click();
    await page.getByText(`Đã kết chuyển sang năm học ${plan.toYear}.`, { exact: false }).first().waitFor();

    const list = await open(LAPTOP, '/lop');
    await list.getByText(NEW_NAME).waitFor();
    const next = (await api('GET', '/api/classes?pageSize=200')).body;
    expect(next.items.every((c: { data: { schoolYear: string } }) => c.data.schoolYear === plan.toYear)).toBe(
      true,
    );
    expect(next.total).toBe(plan.classes.length);
    expect(next.items.map((c: { data: { name: string } }) => c.data.name)).toContain(NEW_NAME);
    await shot(list, 'next-year-classes-1366');

    const again = await api('POST', '/api/school/rollover', { fromYear: plan.fromYear });
    expect(again.body).toMatchObject({ classesWritten: 0, pupilsWritten: 0 });
    expect((await api('GET', '/api/classes?pageSize=200')).body.total).toBe(next.total);

    const phoneList = await open(PHONE, '/lop');
    await phoneList.getByText(NEW_NAME).waitFor();
    await shot(phoneList, 'next-year-classes-390');
    expect(await pageWidth(phoneList)).toBeLessThanOrEqual(PHONE.width);
  }, 120_000);
});
