import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { expect, test } from '@playwright/test';
import { approveSandbox, cancelSandbox, declineSandbox } from '../src/testing/index.js';
import { buttonMessage, demoButton, entryDetail, logEntries, openDemo, sandboxWindow, screenshot } from './helpers.js';

/** The demo cards that open the sandbox's payment window, with what each must send. */
const WINDOW_SCENARIOS = [
  { id: 'pw-window', pg: 'paymentwall', amount: 50, currency: 'USD', awaitingWebhook: true },
  { id: 't3', pg: 'paymentwall', amount: 50, currency: 'USD', awaitingWebhook: true, bypass: { widget_code: 't3_1' } },
  { id: 'jtnet-key', pg: 'jtnet', amount: 0, awaitingWebhook: false },
  { id: 'jtnet-pay', pg: 'jtnet', amount: 1004, awaitingWebhook: false },
  { id: 'kcp', pg: 'kcp_billing', amount: 0, awaitingWebhook: false },
] as const;

test.describe('PG examples: click to success', () => {
  for (const scenario of WINDOW_SCENARIOS) {
    test(`${scenario.id}: the window opens, approve → imp-billing-success`, async ({ page }) => {
      await openDemo(page);
      await demoButton(page, scenario.id).click();

      await expect(sandboxWindow(page).locator('[data-field="pg"]')).toHaveText(scenario.pg);
      const request = await entryDetail(logEntries(page, 'request', scenario.id));
      const params = request['params'] as Record<string, unknown>;
      expect(params).toMatchObject({ pg: scenario.pg, amount: scenario.amount, customer_uid: expect.stringMatching(/^demo_/) });
      if ('currency' in scenario) expect(params['currency']).toBe(scenario.currency);
      if ('bypass' in scenario) expect(params['bypass']).toEqual(scenario.bypass);

      await approveSandbox(page);
      const success = logEntries(page, 'success', scenario.id);
      await expect(success).toHaveCount(1);
      expect(await entryDetail(success)).toMatchObject({
        via: 'callback',
        pg: scenario.pg,
        customer_uid: params['customer_uid'],
        merchant_uid: params['merchant_uid'],
        imp_uid: expect.stringMatching(/^imp_\d{12}$/),
        awaitingWebhook: scenario.awaitingWebhook,
      });
      await expect(page.locator(`#${scenario.id} .result`)).toContainText('✓');
      await expect(logEntries(page, 'failure')).toHaveCount(0);
    });
  }

  test('pw-brick: card data from the form, no window, success; the card never reaches the log', async ({ page }) => {
    await openDemo(page);
    const expiry = await page.locator('#brick-form input[name="expiry"]').inputValue();
    await demoButton(page, 'pw-brick').click();

    const success = logEntries(page, 'success', 'pw-brick');
    await expect(success).toHaveCount(1);
    await expect(sandboxWindow(page)).toHaveCount(0);
    expect(await entryDetail(success)).toMatchObject({ via: 'callback', pg: 'paymentwall', awaitingWebhook: true });
    const request = await entryDetail(logEntries(page, 'request', 'pw-brick'));
    expect(request['params']).toMatchObject({ card: { info: { number: '[redacted]', expiry: '[redacted]', cvc: '[redacted]' } } });

    const log = (await page.locator('#event-log').textContent()) ?? '';
    for (const secret of ['4242-4242-4242-4242', '4242424242424242', expiry]) expect(log).not.toContain(secret);
    // Nor in any attribute of the element.
    const attributes = await demoButton(page, 'pw-brick').evaluate((el) => Array.from(el.attributes, (a) => a.value).join(' '));
    expect(attributes).not.toContain('4242');
  });

  test('pw-brick: a mistyped card number names its field and marks the input', async ({ page }) => {
    await openDemo(page);
    await page.locator('#brick-form input[name="number"]').fill('4242-4242-4242-4241');
    await demoButton(page, 'pw-brick').click();

    const failure = logEntries(page, 'failure', 'pw-brick');
    await expect(failure).toHaveCount(1);
    expect(await entryDetail(failure)).toMatchObject({ code: 'invalid-params', field: 'card.info.number', via: 'local' });
    await expect(page.locator('#brick-form input[name="number"]')).toHaveAttribute('aria-invalid', 'true');
    await expect(buttonMessage(page, 'pw-brick')).not.toBeEmpty();
    await expect(logEntries(page, 'request', 'pw-brick')).toHaveCount(0);
    expect(await page.locator('#event-log').textContent()).not.toContain('4241');
  });
});

test.describe('decline and cancel', () => {
  test('decline in the window → pg-error failure with the PG message, shown by the button', async ({ page }) => {
    await openDemo(page);
    await demoButton(page, 'pw-window').click();
    await declineSandbox(page);

    const failure = logEntries(page, 'failure', 'pw-window');
    await expect(failure).toHaveCount(1);
    const detail = await entryDetail(failure);
    expect(detail).toMatchObject({ code: 'pg-error', via: 'callback', error_code: 'F0004', customer_uid: 'demo_pw_window' });
    await expect(buttonMessage(page, 'pw-window')).toContainText('카드 등록에 실패했습니다');
    await expect(buttonMessage(page, 'pw-window')).toContainText(String(detail['error_msg']));
    await expect(logEntries(page, 'success')).toHaveCount(0);
  });

  test('cancel in the window → cancelled failure, and the button works again afterwards', async ({ page }) => {
    await openDemo(page);
    await demoButton(page, 'jtnet-key').click();
    await cancelSandbox(page);

    const failure = logEntries(page, 'failure', 'jtnet-key');
    await expect(failure).toHaveCount(1);
    expect(await entryDetail(failure)).toMatchObject({ code: 'cancelled', via: 'callback', error_code: 'F1001' });
    await expect(buttonMessage(page, 'jtnet-key')).toContainText('카드 등록이 취소되었습니다');
    await expect(buttonMessage(page, 'jtnet-key'), 'a cancel the customer chose is not styled as an error').toHaveClass('neutral');

    await demoButton(page, 'jtnet-key').click();
    await approveSandbox(page);
    await expect(logEntries(page, 'success', 'jtnet-key')).toHaveCount(1);
    await expect(buttonMessage(page, 'jtnet-key')).toHaveText('카드가 등록되었습니다.');
    await expect(buttonMessage(page, 'jtnet-key')).toHaveClass('success');
  });

  test('a scripted sandbox (?outcome=decline) answers without a window', async ({ page }) => {
    await openDemo(page, '/?outcome=decline');
    await expect(page.locator('#sandbox-outcome')).toHaveValue('decline');
    await demoButton(page, 'jtnet-pay').click();
    await expect(logEntries(page, 'failure', 'jtnet-pay')).toHaveCount(1);
    await expect(sandboxWindow(page)).toHaveCount(0);
  });
});

test.describe('click storm', () => {
  test('50 real clicks on a window button → one request, one window, one success', async ({ page }) => {
    await openDemo(page);
    await demoButton(page, 'pw-window').click({ clickCount: 50, delay: 0 });
    await expect(sandboxWindow(page)).toHaveCount(1);
    await expect(logEntries(page, 'request', 'pw-window')).toHaveCount(1);
    await approveSandbox(page);
    await expect(logEntries(page, 'success', 'pw-window')).toHaveCount(1);
    await expect(logEntries(page, 'request')).toHaveCount(1);
    await expect(logEntries(page, 'failure')).toHaveCount(0);
  });

  test('50 clicks within one task on Brick (which charges at once) → one request, one success', async ({ page }) => {
    await openDemo(page);
    await demoButton(page, 'pw-brick').evaluate((el) => {
      for (let i = 0; i < 50; i++) (el as HTMLElement).click();
    });
    await expect(logEntries(page, 'success', 'pw-brick')).toHaveCount(1);
    await expect(logEntries(page, 'request', 'pw-brick')).toHaveCount(1);
    await expect(logEntries(page, 'failure')).toHaveCount(0);
  });
});

test.describe('playground', () => {
  test('channel key first: pg-provider applies its PG\'s rules and is never sent; params and HTML follow the edits', async ({ page }) => {
    await openDemo(page);
    const form = page.locator('#playground-form');
    const status = page.locator('#playground-status');
    const params = page.locator('#playground-params');
    const html = page.locator('#playground-html');
    await expect(status).toHaveClass(/ok/);
    await expect(params).toContainText('"channelKey": "channel-key-00000000-demo"');
    await expect(params).not.toContainText('pgProvider');
    await expect(params).not.toContainText('"pg"');
    await expect(html).toContainText('pg-provider="kcp_billing"');

    await form.locator('select[name="pg-provider"]').selectOption('paymentwall');
    await expect(status).toHaveAttribute('data-field', 'amount'); // paymentwall always charges: 0 is refused
    await expect(form.locator('input[name="amount"]')).toHaveAttribute('aria-invalid', 'true');
    await expect(params).toHaveText('—');

    await form.locator('input[name="amount"]').fill('50');
    await expect(status).toHaveAttribute('data-field', 'currency');
    await form.locator('input[name="currency"]').fill('usd');
    await expect(status).toHaveClass(/ok/);
    await expect(params).toContainText('"currency": "USD"');
    await expect(params).toContainText('"amount": 50');
    await expect(params).not.toContainText('paymentwall');
    await expect(html).toContainText('pg-provider="paymentwall"');
    await expect(html).toContainText('currency="usd"');
    await expect(page.locator('#playground-warnings li')).toHaveCount(1); // buyer_name "홍길동" is not "First Last"

    await form.locator('input[name="buyer-email"]').fill('not-an-email');
    await expect(status).toHaveAttribute('data-field', 'buyer_email');
    await expect(status).toContainText('buyer_email');

    // Attribute values are escaped in the HTML, and the HTML is shown as text.
    await form.locator('input[name="buyer-email"]').fill('buyer@example.com');
    await form.locator('input[name="order-name"]').fill('Plan "A" <b>&</b>');
    await expect(html).toContainText('order-name="Plan &quot;A&quot; &lt;b&gt;&amp;&lt;/b&gt;"');
    await expect(page.locator('#playground-html b')).toHaveCount(0);
    await expect(params).toContainText('"name": "Plan \\"A\\" <b>&</b>"');

    // The live button carries the same attributes and opens the window with them; pg-provider is not sent.
    const button = demoButton(page, 'playground');
    await expect(button).toHaveAttribute('pg-provider', 'paymentwall');
    await expect(button).toHaveAttribute('order-name', 'Plan "A" <b>&</b>');
    await button.click();
    await expect(sandboxWindow(page).locator('[data-field="name"]')).toHaveText('Plan "A" <b>&</b>');
    await approveSandbox(page);
    await expect(logEntries(page, 'success', 'playground')).toHaveCount(1);
    const request = logEntries(page, 'request', 'playground');
    expect(JSON.stringify(await entryDetail(request))).not.toMatch(/pgProvider|pg_provider/);
  });

  test('the live button refuses what the preview refuses, with the same field', async ({ page }) => {
    await openDemo(page);
    await page.locator('#playground-form select[name="pg-provider"]').selectOption('ksnet');
    await expect(page.locator('#playground-status')).toHaveAttribute('data-field', 'pgProvider');
    await expect(page.locator('#playground-rule')).toContainText('REST');
    await demoButton(page, 'playground').click();
    const failure = logEntries(page, 'failure', 'playground');
    await expect(failure).toHaveCount(1);
    expect(await entryDetail(failure)).toMatchObject({ code: 'invalid-params', field: 'pgProvider', via: 'local' });
    await expect(buttonMessage(page, 'playground')).not.toBeEmpty();
  });

  test('nice_v2 is valid once customer-id is filled; the deprecated pg, language and redirect-url reach the params and the HTML', async ({ page }) => {
    await openDemo(page);
    const form = page.locator('#playground-form');
    const status = page.locator('#playground-status');
    const params = page.locator('#playground-params');
    const html = page.locator('#playground-html');
    const button = demoButton(page, 'playground');

    await form.locator('select[name="pg-provider"]').selectOption('nice_v2');
    await expect(status).toHaveClass(/error/);
    await expect(status).toHaveAttribute('data-field', 'customer_id');
    await expect(status).toContainText('customer_id');
    await expect(form.locator('input[name="customer-id"]')).toHaveAttribute('aria-invalid', 'true');
    await expect(params).toHaveText('—');

    await form.locator('input[name="customer-id"]').fill('buyer_0001');
    await expect(status).toHaveClass(/ok/);
    await expect(form.locator('input[name="customer-id"]')).not.toHaveAttribute('aria-invalid', 'true');
    await expect(params).toContainText('"customer_id": "buyer_0001"');
    await expect(html).toContainText('customer-id="buyer_0001"');
    await expect(button).toHaveAttribute('customer-id', 'buyer_0001');

    await form.locator('input[name="language"]').fill('en');
    await form.locator('input[name="redirect-url"]').fill('https://shop.example/billing/return?plan=pro');
    await expect(params).toContainText('"language": "en"');
    await expect(params).toContainText('"m_redirect_url": "https://shop.example/billing/return?plan=pro"');
    await expect(html).toContainText('language="en"');
    await expect(html).toContainText('redirect-url="https://shop.example/billing/return?plan=pro"');
    await expect(button).toHaveAttribute('redirect-url', 'https://shop.example/billing/return?plan=pro');

    // A bad language names its own field and input.
    await form.locator('input[name="language"]').fill('english');
    await expect(status).toHaveAttribute('data-field', 'language');
    await expect(form.locator('input[name="language"]')).toHaveAttribute('aria-invalid', 'true');
    await form.locator('input[name="language"]').fill('en');
    await expect(status).toHaveClass(/ok/);

    // The deprecated pg instead of the channel key: sent as set, its code's rules apply.
    await form.locator('input[name="channel-key"]').fill('');
    await form.locator('select[name="pg-provider"]').selectOption('');
    await form.locator('input[name="pg"]').fill('nice_v2');
    await expect(status).toHaveClass(/ok/);
    await expect(params).toContainText('"pg": "nice_v2"');
    await expect(params).not.toContainText('channelKey');
    await expect(html).toContainText('pg="nice_v2"');
    // The HTML to paste says `sandbox` is for tests only.
    await expect(html).toContainText('<!-- sandbox: 오프라인 테스트 창입니다. 운영 페이지에서는 지우세요. -->');
    const previewed = (JSON.parse((await params.textContent())!) as { merchant_uid: string }).merchant_uid;

    // The live button sends the same params, the previewed merchant_uid included: the sandbox window opens (PC) and approves.
    await button.click();
    await expect(sandboxWindow(page).locator('[data-field="pg"]')).toHaveText('nice_v2');
    await expect(sandboxWindow(page).locator('[data-field="merchant_uid"]')).toHaveText(previewed);
    await approveSandbox(page);
    await expect(logEntries(page, 'success', 'playground')).toHaveCount(1);
    const request = logEntries(page, 'request', 'playground');
    await expect(request).toHaveCount(1);
    expect(JSON.stringify(await entryDetail(request))).toContain('"customer_id":"buyer_0001"');
    // Used once: the next preview has a new one.
    await expect(params).not.toContainText(previewed);

    // The hints are translated with the page.
    await page.locator('[data-lang="en"]').click();
    await expect(form.locator('label', { has: page.locator('input[name="customer-id"]') })).toContainText('required by nice_v2');
  });
});

test.describe('language, real SDK, layout', () => {
  test('the language switch sets <html lang>; the elements and the sandbox window follow', async ({ page }) => {
    await openDemo(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    await expect(demoButton(page, 'jtnet-key').locator('button')).toHaveText('카드 등록하기');
    await screenshot(page, 'desktop-ko');

    await page.locator('[data-lang="en"]').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('#scenarios-title')).toHaveText('Examples by PG');
    await expect(demoButton(page, 'jtnet-key').locator('button')).toHaveText('Register card');
    await demoButton(page, 'jtnet-key').click();
    await expect(sandboxWindow(page).locator('button[data-choice="approve"]')).toHaveText('Approve');
    await screenshot(page, 'desktop-en-sandbox-window', false);
    await cancelSandbox(page);
    await expect(buttonMessage(page, 'jtnet-key')).toContainText('Card registration was cancelled');
    await screenshot(page, 'desktop-en-after-cancel');

    // Remembered across a reload; Korean comes back exactly as index.html has it.
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.locator('[data-lang="ko"]').click();
    await expect(page.locator('#scenarios-title')).toHaveText('PG별 예제');
    await expect(page.locator('#jtnet-key p code').first()).toHaveText('amount="0"');
  });

  test('the real-SDK toggle needs a merchant code, then drops `sandbox` and sets `merchant-code`', async ({ page }) => {
    // PortOne's CDN is unreachable here anyway; refusing it makes the failure immediate and the test offline.
    await page.route('https://cdn.iamport.kr/**', (route) => route.abort());
    await openDemo(page);
    const toggle = page.locator('#real-sdk');
    await expect(toggle).toBeDisabled();
    await page.locator('#merchant-code').fill('imp12345678');
    await expect(toggle).toBeEnabled();
    await toggle.click(); // not check(): the page reopens at once, and check() would inspect the new page's toggle
    await page.waitForURL(/sdk=portone/);
    await expect(page.locator('#playground-status')).not.toBeEmpty();

    await expect(page.locator('#mode-real')).toBeVisible();
    await expect(page.locator('#mode-sandbox')).toBeHidden();
    for (const el of await page.locator('imp-billing-button').all()) {
      await expect(el).not.toHaveAttribute('sandbox');
      await expect(el).toHaveAttribute('merchant-code', 'imp12345678');
    }
    await expect(page.locator('#playground-html')).not.toContainText('sandbox');
    await demoButton(page, 'jtnet-key').click();
    const failure = logEntries(page, 'failure', 'jtnet-key');
    await expect(failure).toHaveCount(1);
    expect(await entryDetail(failure)).toMatchObject({ code: 'sdk-load-failed' });

    await page.locator('#real-sdk').click();
    await page.waitForURL((url) => !url.search.includes('sdk='));
    await expect(demoButton(page, 'jtnet-key')).toHaveAttribute('sandbox', '');
  });

  test('a narrow desktop window gets one column', async ({ page }) => {
    await page.setViewportSize({ width: 800, height: 1000 });
    await openDemo(page);
    const cards = await page.locator('main .card').first().boundingBox();
    const log = await page.locator('.log-panel').boundingBox();
    expect(log!.y).toBeGreaterThan(cards!.y);
    expect(Math.abs(log!.x - cards!.x)).toBeLessThan(2);
    await screenshot(page, 'desktop-narrow');
  });
});

test.describe('the built demo under a strict CSP', () => {
  const CSP = "default-src 'self'; script-src 'self'; style-src 'self'";
  const TYPES: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.svg': 'image/svg+xml',
  };
  let server: Server;
  let origin = '';
  let outDir = '';

  test.beforeAll(async () => {
    test.setTimeout(60_000);
    outDir = mkdtempSync(join(tmpdir(), 'imp-billing-demo-build-'));
    const { build } = await import('vite');
    await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    server = createServer((req, res) => {
      const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^(\.\.[/\\])+/, '');
      const file = join(outDir, path.endsWith('/') ? `${path}index.html` : path);
      readFile(file).then(
        (body) => {
          res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CSP });
          res.end(body);
        },
        () => {
          res.writeHead(404, { 'Content-Security-Policy': CSP });
          res.end();
        },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  test.afterAll(async () => {
    // closeAllConnections: Chromium's preconnected sockets would otherwise hold close() open.
    await new Promise((resolve) => server?.close(resolve).closeAllConnections());
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  test('no CSP violation while the page loads, switches language and runs a scenario', async ({ page }) => {
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await openDemo(page, `${origin}/`);
    await expect(page.locator('link[rel="stylesheet"]')).toHaveCount(1);
    await expect(page.locator('style')).toHaveCount(0);
    await expect(page.locator('[style]')).toHaveCount(0);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(245, 246, 248)');

    await page.locator('[data-lang="en"]').click();
    await demoButton(page, 'pw-window').click();
    await approveSandbox(page);
    await expect(logEntries(page, 'success', 'pw-window')).toHaveCount(1);
    await page.locator('#event-log details summary').first().click();
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  });
});
