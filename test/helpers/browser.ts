import { existsSync } from 'node:fs';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

// The page's own global, for callbacks that run there (the tests compile without the DOM library).
declare const document: { querySelector(selector: string): unknown };

/** The system Chromium (Debian's `chromium` package, or CHROMIUM_PATH); never a downloaded one. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Outside CI a machine without Chromium skips the browser tests; in CI they must run. */
export const browserAvailable = existsSync(CHROMIUM_PATH) || Boolean(process.env.CI);

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
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
  // Every page asks for less motion, and the app then draws none (as for any user who asks):
  // nothing a test clicks is still sliding in, nothing it reads is still fading out.
  // (`newPage` opens its page through `newContext`, so this covers both.)
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options) => newContext({ reducedMotion: 'reduce', ...options });
  return browser;
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
  // One read that never waits: counting first and then reading would wait for an element that
  // left in between (an error message just cleared), and hang the poll that called it.
  return (await locator.allTextContents())[0] ?? '';
}

/** What the page's side of `pick` reads of a select (the tests compile without the DOM library). */
type SelectElement = {
  closest(selector: string): { classList: { contains(name: string): boolean } } | null;
  querySelector(selector: string): unknown;
};
const isMultiple = (el: SelectElement) =>
  el.closest('.ant-select')?.classList.contains('ant-select-multiple');
const showsChoice = (el: SelectElement) =>
  // Ant Design 6 marks a single select showing a value with `-content-has-value`.
  Boolean(
    (el.closest('.ant-select') as SelectElement | null)?.querySelector('.ant-select-content-has-value'),
  );

/**
 * Picks an option of an Ant Design select: from the drop-down that is open, not a closed one's.
 * A single select is checked to show a choice afterwards, and picked again (at most twice more)
 * when it does not: on a busy machine a click can land while the drop-down is still moving in.
 */
export async function pick(page: Page, select: Locator, option: string | RegExp): Promise<void> {
  const open = page.locator('.ant-select-dropdown:visible');
  // The element itself: a locator by its placeholder ("Lớp") finds nothing once a class is chosen.
  const element = await select.elementHandle();
  if (!element) throw new Error(`pick: ${select} is not on the page`);
  const single = !(await element.evaluate(isMultiple as (el: unknown) => boolean));
  for (let attempt = 1; ; attempt++) {
    // A drop-down still fading out (the last pick's, in a drawer just closed) would be taken for
    // the one about to open, and its options take no click: wait until none is left.
    await open.first().waitFor({ state: 'hidden' });
    await element.click();
    await open.last().locator('.ant-select-item-option').filter({ hasText: option }).first().click();
    if (!single || attempt === 3) return;
    const took = await page
      .waitForFunction(showsChoice as (el: unknown) => boolean, element, { timeout: 2_000 })
      .then(
        () => true,
        () => false,
      );
    if (took) return;
    // The choice did not take: close a drop-down left open before trying again.
    if ((await open.count()) > 0) await element.click();
  }
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

/** The clerks' time zone: the browsers of the tests keep it, whatever the machine's. */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** The day it is now for a clerk in Vietnam, as "YYYY-MM-DD" (the machine's may still be yesterday). */
export const vietnamToday = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: VIETNAM_TIME_ZONE }).format(new Date());

/**
 * A page of `baseUrl` at `path`, in a browser context of its own signed in with `cookie` (as each
 * clerk's own browser), set to American English so that dates must still read dd/mm/yyyy.
 */
export async function openSignedIn(
  browser: Browser,
  baseUrl: string,
  cookie: string,
  viewport: { width: number; height: number },
  path: string,
): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-US', timezoneId: VIETNAM_TIME_ZONE });
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: baseUrl }]);
  const page = await context.newPage();
  await page.goto(`${baseUrl}${path}`);
  return page;
}

/** A screenshot once drawers, dialogs, messages and spinners have finished moving in or out. */
export async function settledScreenshot(page: Page, file: string, fullPage = false): Promise<void> {
  // A function, not a string: the app's Content-Security-Policy forbids evaluating strings.
  await page.waitForFunction(
    () =>
      !document.querySelector(
        '[class*="-enter"], [class*="-appear"], [class*="-leave"], .ant-spin-spinning, .ant-spin-blur',
      ),
  );
  await page.screenshot({ path: file, fullPage });
}

/** How wide the page is drawn: wider than the viewport means it scrolls sideways. */
export const pageWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');
