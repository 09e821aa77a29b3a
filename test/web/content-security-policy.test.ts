// The web app runs under its Content-Security-Policy: the login page, the school's pupil list,
// the province's dashboard with its charts and the API docs all work, and the browser reports
// no violation — while an injected inline script is refused, so the policy is really enforced.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '#seed/random.ts';
import { hashPassword } from '#server/auth/passwords.ts';
import { createUser, sessionCookie } from '../helpers/access.ts';
import { browserAvailable, launchBrowser, signIn } from '../helpers/browser.ts';
import { schoolClerk } from '../helpers/school-clerk.ts';
import { startThreeTiers, type ThreeTiers } from '../helpers/three-tiers.ts';

const PASSWORD = 'chinh-sach-noi-dung-2026';

interface Watched {
  page: Page;
  /** Every violation the browser reported, from the page's own event and from the console. */
  violations(): Promise<string[]>;
}

/** Runs in the page before its own scripts (as text: the tests are compiled without the DOM's types). */
const RECORD_VIOLATIONS = `
  window.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
  });`;

describe.runIf(browserAvailable)('the web app under its Content-Security-Policy', () => {
  let tiers: ThreeTiers;
  let browser: Browser;
  let schoolAdmin: string;
  let officer: string;

  beforeAll(async () => {
    tiers = await startThreeTiers({ students: 12, seed: 41 });
    const passwordHash = await hashPassword(PASSWORD);
    const admin = await createUser(tiers.school.db, 'school_admin', `S${tiers.schoolCode}`, { passwordHash });
    schoolAdmin = admin.username;
    officer = (await createUser(tiers.province.db, 'province_officer', 'P40', { passwordHash })).username;
    // Something for the province's charts to show.
    const clerk = schoolClerk({
      url: tiers.links.school,
      cookie: await sessionCookie(tiers.school.db, admin.id),
      random: new Random(41),
      studentIds: [],
    });
    await clerk.syncEverything();
    expect(clerk.anomalies).toEqual([]);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await tiers?.stop();
  });

  async function watch(): Promise<Watched> {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const fromConsole: string[] = [];
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) fromConsole.push(message.text());
    });
    await page.addInitScript({ content: RECORD_VIOLATIONS });
    return {
      page,
      violations: async () => [...fromConsole, ...(await page.evaluate<string[]>('window.cspViolations'))],
    };
  }

  it('serves the login page, the pupil list and the API docs without a violation', async () => {
    const { page, violations } = await watch();
    const response = await page.goto(tiers.links.school);
    expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect.poll(() => page.getByLabel('Tên đăng nhập').count()).toBe(1);

    await signIn(page, tiers.links.school, schoolAdmin, PASSWORD);
    await page.getByRole('menuitem', { name: 'Thông tin học sinh' }).click();
    await expect.poll(() => page.locator('.ant-table-row').count(), { timeout: 15_000 }).toBeGreaterThan(0);

    await page.goto(`${tiers.links.school}/api/docs`);
    await expect
      .poll(() => page.locator('.swagger-ui .opblock').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(await violations()).toEqual([]);
    await page.close();
  });

  it('draws the province dashboard’s charts without a violation', async () => {
    const { page, violations } = await watch();
    await signIn(page, tiers.links.province, officer, PASSWORD);
    // The school's records have reached the province.
    await expect
      .poll(
        async () =>
          (
            await tiers.province.db
              .selectFrom('school_sync_summary')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        { timeout: 60_000 },
      )
      .toBeGreaterThan(0);
    await page.getByRole('menuitem', { name: 'Theo dõi đồng bộ' }).click();
    await expect.poll(() => page.getByRole('cell', { name: tiers.schoolCode }).count()).toBe(1);
    await expect.poll(() => page.getByTestId('dashboard-charts').count(), { timeout: 15_000 }).toBe(1);
    // ECharts draws on canvases once it has data.
    await expect
      .poll(() => page.getByTestId('dashboard-charts').locator('canvas, svg').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(await violations()).toEqual([]);
    await page.close();
  });

  it('refuses an injected inline script, and says so', async () => {
    const { page, violations } = await watch();
    await page.goto(tiers.links.province);
    await page.evaluate(`(() => {
      const script = document.createElement('script');
      script.textContent = 'document.body.dataset.injected = "yes"';
      document.body.append(script);
    })()`);
    await expect.poll(async () => (await violations()).length).toBeGreaterThan(0);
    expect(await page.evaluate<string | null>('document.body.dataset.injected ?? null')).toBeNull();
    await page.close();
  });
});
