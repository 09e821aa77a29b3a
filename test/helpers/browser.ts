import { existsSync } from 'node:fs';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

/** The system Chromium (Debian's `chromium` package, or CHROMIUM_PATH); never a downloaded one. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Outside CI a machine without Chromium skips the browser tests; in CI they must run. */
export const browserAvailable = existsSync(CHROMIUM_PATH) || Boolean(process.env.CI);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Signs in on a tier's web app. */
export async function signIn(page: Page, url: string, user: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Tên đăng nhập').fill(user);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/**
 * A locator's text as it is now, or '' while it is not on the page. A poll over it never waits on
 * a missing element, and when it fails it prints what was there (a field's error, say).
 */
export async function textNow(locator: Locator): Promise<string> {
  return (await locator.count()) > 0 ? ((await locator.first().textContent()) ?? '') : '';
}

/** Picks an option of an Ant Design select: from the drop-down that is open, not a closed one's. */
export async function pick(page: Page, select: Locator, option: string | RegExp): Promise<void> {
  // A drop-down still fading out (the last pick's, in a drawer just closed) would be taken for
  // the one about to open, and its options take no click: wait until none is left.
  await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' });
  await select.click();
  await page
    .locator('.ant-select-dropdown:visible')
    .last()
    .locator('.ant-select-item-option')
    .filter({ hasText: option })
    .first()
    .click();
}

/** Closes any open drop-down (a screenshot shows the page, not a menu left open over it). */
export async function closeDropDowns(page: Page): Promise<void> {
  const open = page.locator('.ant-select-dropdown:visible');
  if ((await open.count()) === 0) return;
  await page.keyboard.press('Escape');
  await open.first().waitFor({ state: 'hidden' });
}

/** Types a date as a clerk does, dd/mm/yyyy, and confirms it with Enter (as a date picker wants). */
export async function typeDate(field: Locator, date: string): Promise<void> {
  await field.click();
  await field.fill(date);
  await field.press('Enter');
}
