// The web shell in a real browser: each tier's page says which tier it is, shows its health
// and links to the other tiers; the English switch puts the app and the server's messages in
// English.
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTierApp } from '#app/tier-app.ts';
import type { ZodApp } from '#server/zod-app.ts';
import { browserAvailable, launchBrowser } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

describe.runIf(browserAvailable)('web shell', () => {
  let database: TestDatabase<'province'>;
  let app: ZodApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase('province');
    app = await buildTierApp({
      tier: 'province',
      db: database.db,
      links: { school: 'http://truong.example:3000', national: 'http://quocgia.example:3200' },
      logger: pino({ level: 'silent' }),
    });
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
  });

  it('shows the tier, its health and the other tiers, in Vietnamese', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${baseUrl}/`);
    await expect.poll(() => page.getByTestId('tier-card').textContent()).toContain('Tầng CSDL Tỉnh');
    await expect.poll(() => page.getByText('Hoạt động bình thường').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Trường học' }).getAttribute('href')).toBe(
      'http://truong.example:3000',
    );
    expect(await page.getByRole('link', { name: 'CSDL Quốc gia' }).getAttribute('href')).toBe(
      'http://quocgia.example:3200',
    );
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.screenshot({ path: 'test-results/web-shell.png' });

    // A page address the browser routes gets the same app.
    await page.goto(`${baseUrl}/so-gd/truong/123`);
    await expect.poll(() => page.getByTestId('tier-card').count()).toBe(1);
    await page.close();
  });

  it("in English, shows the server's message for a code in English", async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('language-switch').getByText('EN').click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByLabel('Username').fill('khong.co.ai');
    await page.getByLabel('Password').fill('sai-mat-khau-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toBe('Wrong username or password (or the account is locked). Please try again.');

    // And back in Vietnamese, the server's own words.
    await page.getByTestId('language-switch').getByText('VI').click();
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toContain('Tên đăng nhập hoặc mật khẩu không đúng');
    await page.close();
  });
});
