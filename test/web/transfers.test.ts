// Chuyển trường in a real browser, on the demo province (several schools in one school-tier
// instance): a pupil of the primary school reaches CSDL Quốc gia; the lower-secondary school
// finds them by personal ID, takes them in and asks the primary school to let them go; the
// primary school sees the request and agrees; the lower-secondary school sees "Đã đồng ý".
// Screenshots of each tab at a laptop's and a phone's width go to /tmp.
import type { Kysely } from 'kysely';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningTiers, runTiers } from '#app/run.ts';
import type { SchoolTierDatabase } from '#db/schema.ts';
import { makePersonalId } from '#domain/rules/personal-id.ts';
import { DEMO_PASSWORD } from '#seed/demo-access.ts';
import { sessionCookie } from '../helpers/access.ts';
import {
  browserAvailable,
  closeDropDowns,
  launchBrowser,
  pick,
  signIn,
  textNow,
  typeDate,
} from '../helpers/browser.ts';
import { freePort } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { type Answer, schoolApi, until } from '../helpers/school-api.ts';
import { testSecretKeys } from '../helpers/secret-keys.ts';

const SHOTS = process.env.TRANSFER_SHOTS ?? '/tmp/transfers-screens';
const NOTE = 'Gia đình chuyển về xã Nghi Lộc';
const LAPTOP = { width: 1366, height: 800 };
const PHONE = { width: 390, height: 844 };

type Api = (method: string, path: string, body?: unknown) => Promise<Answer>;

describe.runIf(browserAvailable)('Chuyển trường in a browser', () => {
  let dbs: {
    school: TestDatabase<'school'>;
    province: TestDatabase<'province'>;
    national: TestDatabase<'national'>;
  };
  let running: RunningTiers;
  let schoolUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    const [school, province, national] = await Promise.all([
      createTestDatabase('school'),
      createTestDatabase('province'),
      createTestDatabase('national'),
    ]);
    dbs = { school, province, national };
    const ports = { school: await freePort(), province: await freePort(), national: await freePort() };
    const links = {
      school: `http://127.0.0.1:${ports.school}`,
      province: `http://127.0.0.1:${ports.province}`,
      national: `http://127.0.0.1:${ports.national}`,
    };
    schoolUrl = links.school;
    running = await runTiers({
      tiers: ['school', 'province', 'national'],
      ports,
      host: '127.0.0.1',
      databaseUrls: { school: school.url, province: province.url, national: national.url },
      embedded: { dataDir: '/nonexistent', port: 1 },
      secretKeys: testSecretKeys,
      provinceCode: '40',
      upstreams: { school: links.province, province: links.national },
      links,
      seedDemo: true,
      logger: pino({ level: 'silent' }),
    });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await Promise.all(Object.values(dbs ?? {}).map((db) => db.drop()));
  });

  /** The API as a demo account, with a session of its own. */
  async function apiOf(username: string): Promise<Api> {
    const user = await dbs.school.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    return schoolApi(schoolUrl, await sessionCookie(dbs.school.db, user.id));
  }

  async function syncAndWait(api: Api, path: string, body: unknown) {
    const started = await api('POST', path, body);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const run = await until(
      () => api('GET', '/api/sync/runs?pageSize=50'),
      (r) => r.body.items.find((run: { id: string }) => run.id === started.body.runId)?.counts.pending === 0,
    );
    expect(run.body.items.find((r: { id: string }) => r.id === started.body.runId)?.counts.pending).toBe(0);
    return (await api('GET', `/api/sync/runs/${started.body.runId}/items`)).body.items as {
      id: string;
      status: string;
      nationalId: string | null;
    }[];
  }

  /** A pupil of the primary school, given a personal ID of their own and synced. */
  async function syncedPupil(api: Api) {
    const list = (await api('GET', '/api/students?pageSize=50')).body.items as {
      id: string;
      statusCode: string;
    }[];
    const pupil = list.find((s) => s.statusCode === '01')!;
    const view = (await api('GET', `/api/students/${pupil.id}`)).body;
    const personalId = makePersonalId({
      provinceCode: '40',
      birthYear: Number(view.data.birthDate.slice(0, 4)),
      gender: view.data.gender,
      serial: 97_531,
    });
    const { schoolYear: _, ...data } = view.data;
    const saved = await api('PUT', `/api/students/${pupil.id}`, {
      ...data,
      personalId,
      version: view.version,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const items = await syncAndWait(api, '/api/students/sync', { ids: [pupil.id] });
    const mine = items.find((i) => i.id === pupil.id);
    expect(mine?.status, JSON.stringify(items)).toBe('success');
    return { name: view.data.fullName as string, personalId, nationalId: mine!.nationalId! };
  }

  async function shoot(page: Page, name: string) {
    await closeDropDowns(page);
    await page.screenshot({ path: `${SHOTS}/${name}-1366.png`, fullPage: true });
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true });
    await page.setViewportSize(LAPTOP);
    await page.waitForTimeout(200);
  }

  it('takes a pupil in, and the old school lets them go', async () => {
    const schools = await (dbs.school.db as Kysely<SchoolTierDatabase>)
      .selectFrom('schools')
      .select(['code', 'name', 'payload'])
      .execute();
    const levelOf = (s: (typeof schools)[number]) => (s.payload as { levelCode: string }).levelCode;
    const oldSchool = schools.find((s) => levelOf(s) === 'TH')!;
    const newSchool = schools.find((s) => levelOf(s) === 'THCS')!;

    // The primary school's pupil reaches CSDL Quốc gia; the lower-secondary school has synced
    // its own profile before, as any school taking pupils in has.
    const pupil = await syncedPupil(await apiOf('tinhoc.th'));
    await syncAndWait(await apiOf('tinhoc.thcs'), '/api/school/sync', { allUnsynced: true });

    // The new school finds the pupil by personal ID, typed with spaces.
    const b = await browser.newPage({ viewport: LAPTOP, locale: 'vi-VN' });
    await signIn(b, schoolUrl, 'tinhoc.thcs', DEMO_PASSWORD);
    await b.getByRole('menuitem', { name: 'Chuyển trường' }).click();
    const search = b.getByLabel('Số định danh cá nhân hoặc mã định danh học sinh');
    await search.fill('1234');
    await search.press('Enter');
    await expect.poll(() => textNow(b.locator('.ant-card-body'))).toContain('12 chữ số');
    await search.fill('040299999999');
    await search.press('Enter');
    await expect
      .poll(() => textNow(b.getByTestId('transfer-lookup-error')))
      .toContain('Không tìm thấy học sinh này trên CSDL Quốc gia');
    await search.fill(`${pupil.personalId.slice(0, 6)} ${pupil.personalId.slice(6)}`);
    await search.press('Enter');
    const card = b.getByTestId('transfer-person');
    await expect.poll(() => textNow(card)).toContain(pupil.name);
    expect(await textNow(card)).toContain(pupil.nationalId);
    expect(await textNow(b.getByTestId('transfer-enrolment'))).toBe(
      `Đang học tại ${oldSchool.name}, Tỉnh Nghệ An`,
    );
    await pick(b, b.getByLabel('Vào lớp'), /./);
    await b.getByLabel(`Ghi chú gửi ${oldSchool.name}`).fill(NOTE);
    await shoot(b, '1-tiep-nhan');
    // On a phone the menu opens from a button, with the same entries.
    await b.setViewportSize(PHONE);
    await b.getByTestId('menu-button').click();
    await expect.poll(() => b.getByRole('menuitem', { name: 'Chuyển trường' }).isVisible()).toBe(true);
    await b.waitForTimeout(400);
    await b.screenshot({ path: `${SHOTS}/0-menu-390.png` });
    await b.keyboard.press('Escape');
    await b.setViewportSize(LAPTOP);
    await b.getByTestId('transfer-take-in').click();
    await expect
      .poll(() => textNow(b.getByTestId('transfer-outcome')))
      .toContain(`Yêu cầu chuyển trường đã gửi tới ${oldSchool.name}, Tỉnh Nghệ An`);
    expect(await textNow(b.locator('.ant-result-title'))).toContain(`Đã thêm ${pupil.name} vào lớp`);
    await shoot(b, '1-tiep-nhan-da-gui');

    await b.getByRole('button', { name: 'Xem yêu cầu đã gửi' }).click();
    const sentRow = b.getByTestId('outgoing-transfers').getByRole('row').filter({ hasText: pupil.name });
    await expect.poll(() => textNow(sentRow)).toContain('Chờ trả lời');
    expect(await textNow(sentRow)).toContain(NOTE);

    // The old school: the request waits under "Yêu cầu chuyển đi", counted on the menu and the tab.
    const a = await browser.newPage({ viewport: LAPTOP, locale: 'vi-VN' });
    await signIn(a, schoolUrl, 'tinhoc.th', DEMO_PASSWORD);
    const menuItem = a.getByRole('menuitem', { name: 'Chuyển trường' });
    await expect.poll(() => textNow(menuItem)).toBe('Chuyển trường1');
    await menuItem.click();
    await a.getByRole('tab', { name: /Yêu cầu chuyển đi/ }).click();
    const askedRow = a.getByTestId('incoming-transfers').getByRole('row').filter({ hasText: pupil.name });
    await expect.poll(() => textNow(askedRow)).toContain(newSchool.name);
    expect(await textNow(askedRow)).toContain(NOTE);
    expect(await textNow(askedRow)).toContain('Chờ trả lời');
    expect(await textNow(a.getByTestId('incoming-open-count'))).toBe('1');
    await shoot(a, '2-yeu-cau-chuyen-di');

    await askedRow.getByRole('button', { name: 'Đồng ý' }).click();
    const dialog = a.getByRole('dialog');
    // The status follows the date: kỳ 2 from January, kỳ 1 from September.
    await typeDate(dialog.getByLabel('Ngày chuyển đi'), '15/02/2027');
    await expect.poll(() => textNow(dialog.locator('.ant-select'))).toBe('Chuyển đi kỳ 2');
    await typeDate(dialog.getByLabel('Ngày chuyển đi'), '02/12/2026');
    await expect.poll(() => textNow(dialog.locator('.ant-select'))).toBe('Chuyển đi kỳ 1');
    await a.screenshot({ path: `${SHOTS}/2-dong-y-1366.png` });
    await dialog.getByRole('button', { name: 'Đồng ý' }).click();
    await expect
      .poll(() => textNow(a.getByTestId('transfer-answered')))
      .toContain('đã được chuyển sang trạng thái "Chuyển đi kỳ 1" từ ngày 02/12/2026 và đang được đồng bộ');
    await expect.poll(() => textNow(askedRow)).toContain('Đã đồng ý');
    expect(await textNow(askedRow)).not.toContain('Từ chối');
    await expect.poll(() => textNow(menuItem)).toBe('Chuyển trường');
    await shoot(a, '2-yeu-cau-chuyen-di-da-dong-y');

    // The new school sees the answer, with the hint and the button to sync the pupil again.
    await b.reload();
    await b.getByRole('tab', { name: 'Yêu cầu đã gửi' }).click();
    await expect.poll(() => textNow(sentRow)).toContain('Đã đồng ý');
    expect(await sentRow.getByRole('button', { name: 'Đồng bộ lại học sinh' }).count()).toBe(1);
    await shoot(b, '3-yeu-cau-da-gui');
    await b.close();
    await a.close();
  }, 90_000);
});
