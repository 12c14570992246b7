/**
 * Strict CSP with a nonce (issue 7 B). A tiny server sends each page with
 * `Content-Security-Policy: default-src 'self'; script-src 'nonce-N'; style-src 'self'` and a fresh N, so the
 * page's own scripts, the library bundle (and its lazily loaded sandbox chunk) and PortOne's SDK run only if they
 * carry N. The SDK stand-in is src/test-helpers/fixtures/recording-iamport.js, served same-origin: 'self' is not in script-src,
 * so being same-origin does not let it in, exactly like cdn.iamport.kr on a real merchant page.
 *
 * The built demo under `script-src 'self'` (sandbox window, approve, no violation) is e2e/demo.spec.ts's job; this
 * file adds what that one cannot show: the nonce option under enforcement, with a control proving the policy bites.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';

const root = fileURLToPath(new URL('..', import.meta.url));
const SDK = '/sdk/iamport.js';

interface Site {
  origin: string;
  /** The nonce of the last page served. */
  nonce: string;
  /** JSON bodies POSTed to /api/card. */
  cards: unknown[];
}

let server: Server;
let outDir = '';
const site: Site = { origin: '', nonce: '', cards: [] };
/** Page bodies by path; each gets the page scripts and the CSP header when served. */
const pages = new Map<string, (nonce: string) => string>();

function html(nonce: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>imp-billing under a nonce CSP</title>
<script type="module" nonce="${nonce}" src="/lib/index.js"></script>
<script type="module" nonce="${nonce}" src="/lib/card-form.js"></script>
</head><body>${body}</body></html>`;
}

test.beforeAll(async () => {
  test.setTimeout(60_000);
  // The library as a merchant's bundler would ship it: ESM with the sandbox split into a chunk loaded on demand.
  outDir = mkdtempSync(join(tmpdir(), 'imp-billing-csp-'));
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: root,
    entryPoints: { index: 'src/index.ts', 'card-form': 'src/card-form/define.ts' },
    outdir: outDir,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'warning',
  });
  const sdk = readFileSync(join(root, 'src/test-helpers/fixtures/recording-iamport.js'));

  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const page = pages.get(url.pathname);
    if (page) {
      site.nonce = randomBytes(16).toString('base64');
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': `default-src 'self'; script-src 'nonce-${site.nonce}'; style-src 'self'`,
      });
      res.end(html(site.nonce, page(site.nonce)));
      return;
    }
    if (url.pathname === SDK) {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(sdk);
      return;
    }
    if (url.pathname === '/api/card' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk));
      req.on('end', () => {
        const card = JSON.parse(body) as { customer_uid: string };
        site.cards.push(card);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, customer_uid: card.customer_uid, card_name: '신한카드', masked: '540978******0938' }));
      });
      return;
    }
    if (url.pathname.startsWith('/lib/')) {
      const file = normalize(join(outDir, url.pathname.slice('/lib/'.length)));
      if (relative(outDir, file).startsWith('..')) return void res.writeHead(403).end();
      try {
        res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(readFileSync(file));
      } catch {
        res.writeHead(404).end();
      }
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  // closeAllConnections: Chromium's preconnected sockets would otherwise hold close() open.
  await new Promise((resolve) => server?.close(resolve).closeAllConnections());
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

type Recorded = { violations: string[]; events: { type: string; detail: Record<string, unknown> }[] };

/** Installed before any page script (Playwright's init scripts are not subject to the page's CSP). */
async function record(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const rec: Recorded = { violations: [], events: [] };
    (window as unknown as { rec: Recorded }).rec = rec;
    document.addEventListener('securitypolicyviolation', (e) => rec.violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
    for (const type of ['imp-billing-success', 'imp-billing-failure']) {
      document.addEventListener(type, (e) => rec.events.push({ type, detail: (e as CustomEvent).detail as Record<string, unknown> }));
    }
  });
}

const recorded = (page: Page) => page.evaluate(() => (window as unknown as { rec: Recorded }).rec);

async function open(page: Page, path: string): Promise<void> {
  await record(page);
  await page.goto(`${site.origin}${path}`);
  await page.waitForFunction(() => customElements.get('imp-billing-button') && customElements.get('imp-billing-card-form'));
}

pages.set('/button-with-nonce', (nonce) => `<imp-billing-button merchant-code="imp00000000" pg="jtnet" customer-uid="csp_nonce" sdk-src="${SDK}" sdk-nonce="${nonce}">Register</imp-billing-button>`);
pages.set('/button-without-nonce', () => `<imp-billing-button merchant-code="imp00000000" pg="jtnet" customer-uid="csp_none" sdk-src="${SDK}" sdk-timeout="3000">Register</imp-billing-button>`);

test("sdk-nonce: the SDK loads under script-src 'nonce-…', request_pay runs, and nothing is blocked", async ({ page }) => {
  await open(page, '/button-with-nonce');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect.poll(async () => (await recorded(page)).events.map((e) => e.type)).toEqual(['imp-billing-success']);

  const state = await page.evaluate(() => ({
    calls: (window as unknown as { __recordingImp?: { calls: string[] } }).__recordingImp?.calls,
    hasImp: typeof window.IMP?.request_pay === 'function',
    nonces: Array.from(document.querySelectorAll<HTMLScriptElement>('script[data-imp-billing]'), (s) => s.nonce),
  }));
  expect(state).toEqual({ calls: ['csp_nonce'], hasImp: true, nonces: [site.nonce] });
  expect((await recorded(page)).violations).toEqual([]);
});

test('control: the same page without sdk-nonce has the SDK blocked, reported, and the click fails with sdk-load-failed', async ({ page }) => {
  await open(page, '/button-without-nonce');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect.poll(async () => (await recorded(page)).events.length, { timeout: 10_000 }).toBe(1);

  const { events, violations } = await recorded(page);
  expect(events[0]).toMatchObject({ type: 'imp-billing-failure', detail: { code: 'sdk-load-failed' } });
  expect(violations.length).toBeGreaterThan(0);
  expect(new Set(violations)).toEqual(new Set([`script-src-elem ${site.origin}${SDK}`]));
  expect(await page.evaluate(() => 'IMP' in window || '__recordingImp' in window)).toBe(false);
});

pages.set(
  '/load-imp',
  (nonce) => `<output id="result"></output>
<script type="module" nonce="${nonce}">
  import { loadImp } from '/lib/index.js';
  const out = document.getElementById('result');
  const steps = [];
  // Without the nonce first: the policy must refuse it, or the second step would prove nothing.
  try {
    await loadImp({ src: '${SDK}?without', timeoutMs: 3000 });
    steps.push('without nonce: loaded');
  } catch (error) {
    steps.push('without nonce: ' + error.code);
  }
  const imp = await loadImp({ src: '${SDK}?with', nonce: '${nonce}' });
  imp.init('imp00000000');
  imp.request_pay({ customer_uid: 'csp_load_imp', merchant_uid: 'csp-1' }, (response) => {
    steps.push('with nonce: ' + response.imp_uid);
    out.textContent = steps.join('\\n');
  });
</script>`,
);

test("loadImp({ nonce }) under script-src 'nonce-…': refused without the nonce, loaded and answering with it", async ({ page }) => {
  await open(page, '/load-imp');
  await expect(page.locator('#result')).toHaveText(/with nonce: imp_\d{12}/);
  expect((await page.locator('#result').textContent())?.split('\n')).toEqual(['without nonce: sdk-load-failed', 'with nonce: imp_100000000001']);
  expect((await recorded(page)).violations).toEqual([`script-src-elem ${site.origin}${SDK}?without`]);
  const inits = await page.evaluate(() => (window as unknown as { __recordingImp: { inits: string[] } }).__recordingImp.inits);
  expect(inits).toEqual(['imp00000000']);
});

pages.set(
  '/sandbox-and-card-form',
  () => `<imp-billing-button merchant-code="imp00000000" pg="jtnet" customer-uid="csp_sandbox" sandbox>Register</imp-billing-button>
<imp-billing-card-form action="/api/card" customer-uid="csp_form" lang="en"></imp-billing-card-form>`,
);

test("sandbox window (a lazily loaded chunk) and card form under script-src 'nonce-…': both succeed, nothing is blocked", async ({ page }) => {
  site.cards.length = 0;
  await open(page, '/sandbox-and-card-form');
  await page.locator('imp-billing-button').click();
  const dialog = page.locator('imp-billing-sandbox-dialog dialog[open]');
  await expect(dialog).toBeVisible();
  // Styled by adopted stylesheets, which style-src 'self' allows: not the browser's default transparent button.
  expect(await dialog.locator('button[data-choice="approve"]').evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(17, 24, 39)');
  await dialog.locator('button[data-choice="approve"]').click();
  await expect.poll(async () => (await recorded(page)).events.map((e) => e.type)).toEqual(['imp-billing-success']);

  await page.locator('imp-billing-card-form #card_number').pressSequentially('5409782316540938');
  await page.locator('imp-billing-card-form #expiry').pressSequentially('203107');
  await page.locator('imp-billing-card-form #birth').pressSequentially('880514');
  await page.locator('imp-billing-card-form #pwd_2digit').pressSequentially('83');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await recorded(page)).events.map((e) => e.type)).toEqual(['imp-billing-success', 'imp-billing-success']);
  expect(site.cards).toEqual([{ customer_uid: 'csp_form', card_number: '5409-7823-1654-0938', expiry: '2031-07', birth: '880514', pwd_2digit: '83' }]);
  await expect(page.locator('imp-billing-card-form [part="status"]')).toContainText('Card registered');

  expect((await recorded(page)).violations).toEqual([]);
  // Both lazily loaded chunks came through the policy: the button's engine and the sandbox.
  const chunks = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
  expect(chunks.some((p) => p.startsWith('/lib/chunks/engine-'))).toBe(true);
  expect(chunks.some((p) => p.startsWith('/lib/chunks/element-sandbox-'))).toBe(true);
});
