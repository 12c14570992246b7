import { expect, test, type Page } from '@playwright/test';
import { approveSandbox, cancelSandbox, declineSandbox } from '../src/testing/index.js';
import { buttonMessage, demoButton, entryDetail, logEntries, openDemo, sandboxWindow, screenshot, settle } from './helpers.js';

/**
 * iPhone 13 emulation: the sandbox, like PortOne's SDK, decides "mobile" by user agent and answers by navigating to
 * m_redirect_url (this page) instead of calling back. The element reads the return, reports it with the same events
 * and cleans the address bar.
 */

const RETURN_KEYS = ['imp_uid', 'merchant_uid', 'imp_success', 'success', 'error_code', 'error_msg'];

/** Resolves the return URL the sandbox navigates to (before the element cleans it). */
function returnNavigation(page: Page): Promise<URL> {
  return page
    .waitForRequest((request) => request.isNavigationRequest() && new URL(request.url()).searchParams.has('imp_success'))
    .then((request) => new URL(request.url()));
}

async function expectCleanAddress(page: Page): Promise<void> {
  await expect.poll(() => RETURN_KEYS.filter((key) => new URL(page.url()).searchParams.has(key))).toEqual([]);
}

test('the page is one column, the sandbox window fits the screen', async ({ page }) => {
  await openDemo(page);
  const width = page.viewportSize()!.width;
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  const cards = await page.locator('main .card').all();
  const first = (await cards[0]!.boundingBox())!;
  const second = (await cards[1]!.boundingBox())!;
  expect(second.y).toBeGreaterThan(first.y + first.height - 1);
  await expect(page.locator('#mobile-detected')).toBeVisible();
  await screenshot(page, 'mobile-ko-top', false);
  await screenshot(page, 'mobile-ko-full');

  await demoButton(page, 'jtnet-key').click();
  const window = sandboxWindow(page);
  await expect(window).toBeVisible();
  await expect(window.locator('[data-field="via"]')).toContainText('m_redirect_url');
  const box = (await window.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
  await screenshot(page, 'mobile-sandbox-window', false);
  // The cancel navigates to m_redirect_url: the test ends only once the page is back and has reported it, so the
  // context is never torn down mid-navigation (which could hang past the test's timeout).
  const returned = returnNavigation(page);
  await cancelSandbox(page);
  await returned;
  await expect(logEntries(page, 'failure', 'jtnet-key')).toHaveCount(1);
  await expectCleanAddress(page);
});

test('approve: click → the window → return URL → the same success event → clean address → nothing on reload', async ({ page }) => {
  await openDemo(page, '/?lang=en');
  await demoButton(page, 'jtnet-key').click();
  await expect(logEntries(page, 'request', 'jtnet-key')).toHaveCount(1);
  const request = await entryDetail(logEntries(page, 'request', 'jtnet-key'));
  const merchantUid = (request['params'] as Record<string, unknown>)['merchant_uid'];

  const returned = returnNavigation(page);
  await approveSandbox(page);
  const url = await returned;
  expect(url.pathname).toBe('/');
  expect(url.searchParams.get('merchant_uid')).toBe(merchantUid);
  expect(url.searchParams.get('imp_uid')).toMatch(/^imp_\d{12}$/);
  expect(url.searchParams.get('lang')).toBe('en'); // the page's own query survives the round trip

  const success = logEntries(page, 'success', 'jtnet-key');
  await expect(success).toHaveCount(1);
  expect(await entryDetail(success)).toMatchObject({
    via: 'redirect',
    imp_uid: url.searchParams.get('imp_uid'),
    merchant_uid: merchantUid,
    customer_uid: 'demo_jtnet_key',
    pg: 'jtnet',
  });
  await expect(page.locator('#jtnet-key .result')).toContainText('✓');
  // Back from the PG: the button scrolled itself into view, its status line announcing the outcome.
  await expect(buttonMessage(page, 'jtnet-key')).toHaveText('The card was registered.');
  await expect(demoButton(page, 'jtnet-key')).toBeInViewport();
  await expectCleanAddress(page);
  expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
  await expect(logEntries(page, 'failure')).toHaveCount(0);
  await page.locator('#jtnet-key').scrollIntoViewIfNeeded();
  await screenshot(page, 'mobile-en-after-return', false);

  await page.reload();
  await expect(page.locator('#playground-status')).not.toBeEmpty();
  await settle(page);
  await expect(page.locator('#event-log li')).toHaveCount(0);
});

test('decline: the failure comes back through the return URL and the button shows it', async ({ page }) => {
  await openDemo(page);
  const returned = returnNavigation(page);
  await demoButton(page, 'pw-window').click();
  await declineSandbox(page);
  const url = await returned;
  expect(url.searchParams.get('imp_success')).toBe('false');
  expect(url.searchParams.get('error_code')).toBe('F0004');

  const failure = logEntries(page, 'failure', 'pw-window');
  await expect(failure).toHaveCount(1);
  expect(await entryDetail(failure)).toMatchObject({
    code: 'pg-error',
    via: 'redirect',
    error_code: 'F0004',
    error_msg: url.searchParams.get('error_msg'),
    customer_uid: 'demo_pw_window',
  });
  await expect(buttonMessage(page, 'pw-window')).toContainText('카드 등록에 실패했습니다');
  await expectCleanAddress(page);
  await expect(logEntries(page, 'success')).toHaveCount(0);

  await page.reload();
  await settle(page);
  await expect(page.locator('#event-log li')).toHaveCount(0);
  await expect(buttonMessage(page, 'pw-window')).toBeEmpty();
});

test('cancel: a cancelled failure on return', async ({ page }) => {
  await openDemo(page);
  const returned = returnNavigation(page);
  await demoButton(page, 'kcp').click();
  await cancelSandbox(page);
  expect((await returned).searchParams.get('error_code')).toBe('F1001');
  const failure = logEntries(page, 'failure', 'kcp');
  await expect(failure).toHaveCount(1);
  expect(await entryDetail(failure)).toMatchObject({ code: 'cancelled', via: 'redirect', customer_uid: 'demo_kcp' });
  await expect(buttonMessage(page, 'kcp')).toContainText('카드 등록이 취소되었습니다');
  await expectCleanAddress(page);
});

test('a scripted sandbox (?outcome=approve) navigates without a window; the setting survives the round trip', async ({ page }) => {
  await openDemo(page, '/?outcome=approve');
  const returned = returnNavigation(page);
  await demoButton(page, 'jtnet-pay').click();
  const url = await returned;
  expect(url.searchParams.get('outcome')).toBe('approve');
  await expect(logEntries(page, 'success', 'jtnet-pay')).toHaveCount(1);
  expect(await entryDetail(logEntries(page, 'success', 'jtnet-pay'))).toMatchObject({ via: 'redirect', pg: 'jtnet' });
  await expect(sandboxWindow(page)).toHaveCount(0);
  await expectCleanAddress(page);
  expect(new URL(page.url()).searchParams.get('outcome')).toBe('approve');
  await expect(page.locator('#sandbox-outcome')).toHaveValue('approve');
});

test('Paymentwall Brick answers by callback on mobile too: no navigation', async ({ page }) => {
  await openDemo(page);
  let navigated = false;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigated = true;
  });
  await demoButton(page, 'pw-brick').click();
  await expect(logEntries(page, 'success', 'pw-brick')).toHaveCount(1);
  expect(await entryDetail(logEntries(page, 'success', 'pw-brick'))).toMatchObject({ via: 'callback' });
  expect(navigated).toBe(false);
});
