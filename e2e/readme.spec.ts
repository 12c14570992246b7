/**
 * Every code block of README.md, read from the README at test time (never copied here) and run the way a merchant
 * runs it. Each block is classified by what it is; a block no rule recognises fails the test, so a new block cannot
 * go unexecuted.
 *
 * - `text` holding a Content-Security-Policy: sent as a page's header (its `{…}` placeholders filled with a nonce
 *   and a host); Chromium must report no problem with it and run the nonce'd script.
 * - `sh`: each command must exist (`npm ci`, `npm test`, `npm run <a script of package.json>`).
 * - `html`: served as a page by a local server and opened in Chromium with the whole page put on the sandbox
 *   (`presetSandbox`, outcome approve). Bare imports in module scripts are bundled by esbuild as a merchant's bundler
 *   would; the jsDelivr URL is answered with the built `dist/` (the server takes jsDelivr's `/npm/imp-billing@…/`
 *   paths, so the script-tag files pin their chunks to the package's version as they do there). A block that loads no imp-billing script is a continuation: the README says so in its first line, and
 *   it runs after the IIFE. Every button is clicked and must succeed; every `fetch` it makes must send JSON.
 * - `jsx`: the component is bundled with a small harness that renders it, then clicked like the pages.
 * - `ts` importing a browser entry (`imp-billing/pure`, `imp-billing/sandbox`): bundled and run in a page;
 *   PortOne's SDK URL is answered by the sandbox.
 * - `ts` importing `imp-billing/mock-api`: run with Node (tsx) and must exit 0.
 * - `ts` importing `imp-billing/server` and listening: "The whole loop" server. It runs with Node against a mock API,
 *   the loop's `html` page is served in front of it (`/api/*` proxied), a person approves in the sandbox, and the
 *   server must have verified the key, charged it and scheduled the next payment.
 * - `ts` importing `@playwright/test`: the README's own Playwright spec, run by a child Playwright against that page.
 *
 * The package is imported by its name (`imp-billing/...`), which resolves to the built `dist/` through package.json's
 * exports (the package refers to itself), so `npm run build` (a step of `npm test`) must have run; it is built here
 * when missing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { startMockApi, type MockApi } from '../src/mock-api/index.js';
import { createImpClient } from '../src/server/index.js';
import { approveSandbox, presetSandbox } from '../src/testing/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// Inside the repository, so `imp-billing/...` resolves to the package itself (not under test-results/, which Playwright clears).
const work = join(root, '.readme-run');
const README = readFileSync(join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };
/** The README's jsDelivr prefix, with the version range it names (`imp-billing@0.1/`). */
const CDN = /https:\/\/cdn\.jsdelivr\.net\/npm\/imp-billing(@[^/"]+)?\//g;
const PORTONE_SDK = 'https://cdn.iamport.kr/v1/iamport.js';

interface Block {
  lang: string;
  code: string;
  /** 1-based line of the opening fence, for messages. */
  line: number;
}

function readmeBlocks(): Block[] {
  const blocks: Block[] = [];
  const fence = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (let m = fence.exec(README); m; m = fence.exec(README)) {
    blocks.push({ lang: m[1]!, code: m[2]!, line: README.slice(0, m.index).split('\n').length });
  }
  return blocks;
}

type Kind = 'csp' | 'shell' | 'page' | 'loop-page' | 'react' | 'browser-module' | 'node-script' | 'loop-server' | 'playwright-spec';

function kindOf(b: Block): Kind | null {
  if (b.lang === 'sh') return 'shell';
  if (b.lang === 'text' && /^[a-z-]+-src /m.test(b.code)) return 'csp';
  if (b.lang === 'html') return b.code.includes('/api/billing/registrations') ? 'loop-page' : 'page';
  if (b.lang === 'jsx') return 'react';
  if (b.lang === 'ts' && b.code.includes("from '@playwright/test'")) return 'playwright-spec';
  if (b.lang === 'ts' && b.code.includes("from 'imp-billing/server'") && b.code.includes('.listen(')) return 'loop-server';
  if (b.lang === 'ts' && b.code.includes("from 'imp-billing/mock-api'")) return 'node-script';
  if (b.lang === 'ts' && /from 'imp-billing\/(pure|sandbox)'/.test(b.code)) return 'browser-module';
  return null;
}

const blocks = readmeBlocks().map((b) => ({ ...b, kind: kindOf(b) }));
const only = (kind: Kind) => blocks.filter((b) => b.kind === kind);

// ---- the local site: pages, bundles, the built dist/ in place of the CDN, and /api ----------------------------

interface ApiCall {
  path: string;
  contentType: string | undefined;
  body: string;
}

let site: Server;
let siteUrl: string;
const pages = new Map<string, string>();
const scripts = new Map<string, string>();
const apiCalls: ApiCall[] = [];
/** Where /api goes: the README's server while the loop runs, else this site answers `{ ok: true }` itself. */
let apiTarget: string | null = null;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
  });
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  if (!existsSync(join(root, 'dist', 'testing', 'index.js')) || !existsSync(join(root, 'dist', 'imp-billing.iife.js'))) {
    const { buildAll } = (await import(join(root, 'scripts', 'build.mjs'))) as { buildAll: (o?: object) => Promise<void> };
    await buildAll({ log: () => undefined });
  }
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  site = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/api/')) {
      const body = await readBody(req);
      apiCalls.push({ path, contentType: req.headers['content-type'], body });
      if (!apiTarget) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      const upstream = httpRequest(`${apiTarget}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      return void upstream.end(body);
    }
    const cdnFile = /^\/npm\/imp-billing(?:@[^/]+)?\/dist\/(.+)$/.exec(path)?.[1];
    if (cdnFile) {
      const file = join(root, 'dist', cdnFile);
      if (!file.startsWith(join(root, 'dist')) || !existsSync(file)) return void res.writeHead(404).end();
      return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file));
    }
    if (path === '/favicon.ico') return void res.writeHead(204).end(); // the browser asks; the blocks have none
    const page = pages.get(path);
    if (page !== undefined) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    const script = scripts.get(path);
    if (script !== undefined) return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  site?.closeAllConnections();
  await new Promise((resolve) => site?.close(resolve));
});

/** What a bundler makes of a module that imports the package by name (resolved from the repository root). */
async function bundle(contents: string, loader: 'js' | 'ts' | 'jsx' = 'js'): Promise<string> {
  const out = await build({
    stdin: { contents, loader, resolveDir: root, sourcefile: 'readme-block' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return out.outputFiles[0]!.text;
}

/** The block as a page: module scripts bundled, the CDN prefix served locally, a continuation after the IIFE. */
async function pageOf(code: string): Promise<string> {
  let html = code.replaceAll(CDN, '/npm/imp-billing$1/');
  const inline = /<script type="module">([\s\S]*?)<\/script>/g;
  for (const [whole, body] of [...html.matchAll(inline)]) {
    if (!/\bimport\b/.test(body!)) continue;
    const name = `/bundle-${scripts.size}.js`;
    scripts.set(name, await bundle(body!));
    html = html.replace(whole, `<script type="module" src="${name}"></script>`);
  }
  const loadsPackage = /imp-billing(@[^/]+)?\/dist\/|import ['"]imp-billing|src="\/bundle-/.test(html);
  const preamble = loadsPackage ? '' : '<script src="/npm/imp-billing/dist/imp-billing.iife.js"></script>\n';
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>README block</title></head><body>\n${preamble}${html}</body></html>`;
}

/** Collects the elements' events and the page's errors. */
async function watch(page: Page) {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.addInitScript(() => {
    const w = window as unknown as { __events: Array<{ type: string; detail: unknown }> };
    w.__events = [];
    for (const type of ['imp-billing-success', 'imp-billing-failure']) {
      document.addEventListener(type, (e) => w.__events.push({ type, detail: (e as CustomEvent).detail }));
    }
  });
  return errors;
}

const events = (page: Page) =>
  page.evaluate(() => (window as unknown as { __events: Array<{ type: string; detail: { code?: string } }> }).__events);

/** Each button once: all must succeed; every fetch the page made to /api must have sent JSON. */
async function clickEveryButton(page: Page, block: { line: number; code: string }) {
  const buttons = page.locator('imp-billing-button');
  const count = await buttons.count();
  for (let i = 0; i < count; i++) {
    await buttons.nth(i).locator('button').click();
    await expect.poll(async () => (await events(page)).length, { message: `README line ${block.line}: button ${i + 1} answered` }).toBe(i + 1);
  }
  expect((await events(page)).map((e) => e.type), `README line ${block.line}`).toEqual(Array(count).fill('imp-billing-success'));
  await expectJsonCalls(block);
}

async function expectJsonCalls(block: { line: number; code: string }) {
  if (!block.code.includes('fetch(')) return;
  await expect.poll(() => apiCalls.length, { message: `README line ${block.line}: the page called the server` }).toBeGreaterThan(0);
  for (const call of apiCalls) {
    expect(call.contentType, `README line ${block.line}: ${call.path} sends JSON`).toMatch(/^application\/json/);
    expect(JSON.parse(call.body)).toHaveProperty('imp_uid');
  }
}

// ---- the tests ------------------------------------------------------------------------------------------------

test('every README block is one this test knows how to run', () => {
  const unknown = blocks.filter((b) => b.kind === null).map((b) => `line ${b.line} (${b.lang || 'no language'})`);
  expect(unknown, 'README blocks that no rule runs').toEqual([]);
  expect(only('loop-server')).toHaveLength(1);
  expect(only('loop-page')).toHaveLength(1);
});

test("the README's CDN URLs name a version range that this version is in", () => {
  // A range, not the bare package: the script-tag files then take their chunks from the exact version that built them.
  const ranges = [...README.matchAll(CDN)].map((m) => m[1]);
  expect(ranges.length).toBeGreaterThan(0);
  for (const range of ranges) expect(range !== undefined && `${pkg.version}.`.startsWith(`${range.slice(1)}.`), `imp-billing${range ?? ''} for ${pkg.version}`).toBe(true);
});

test('shell blocks: every command exists', () => {
  for (const block of only('shell')) {
    for (const line of block.code.split('\n')) {
      for (const command of line.replace(/#.*/, '').split('&&').map((c) => c.trim()).filter(Boolean)) {
        const [tool, verb, arg] = command.split(/\s+/);
        expect(tool, `README line ${block.line}: ${command}`).toBe('npm');
        if (verb === 'run') expect(Object.keys(pkg.scripts), `README line ${block.line}: ${command}`).toContain(arg);
        else expect(['ci', 'test'], `README line ${block.line}: ${command}`).toContain(verb);
      }
    }
  }
});

for (const block of only('csp')) {
  test(`CSP block at README line ${block.line}: Chromium accepts the policy as written`, async ({ page }) => {
    const policy = block.code
      .replace('{per response}', 'cmVhZG1lLW5vbmNl')
      .replace(/\{[^}]*\}/g, 'https://pg.example')
      .split('\n')
      .join(' ')
      .trim();
    const complaints: string[] = [];
    page.on('console', (m) => /Content Security Policy|Content-Security-Policy/i.test(m.text()) && complaints.push(m.text()));
    await page.route(`${siteUrl}/csp`, (route) =>
      route.fulfill({
        headers: { 'content-type': 'text/html', 'content-security-policy': policy },
        body: '<!doctype html><script nonce="cmVhZG1lLW5vbmNl">document.title = "ran";</script>',
      }),
    );
    await page.goto(`${siteUrl}/csp`);
    await expect(page).toHaveTitle('ran');
    expect(complaints).toEqual([]);
  });
}

for (const block of only('page')) {
  test(`html block at README line ${block.line}: loads, every button succeeds, fetches send JSON`, async ({ page }) => {
    apiCalls.length = 0;
    apiTarget = null;
    const errors = await watch(page);
    await presetSandbox(page, { outcome: 'approve' });
    const path = `/page-${block.line}`;
    pages.set(path, await pageOf(block.code));
    await page.goto(siteUrl + path);
    await expect.poll(() => page.evaluate(() => !!customElements.get('imp-billing-button') || !!customElements.get('imp-billing-card-form'))).toBe(true);
    if (block.code.includes('<imp-billing-card-form')) {
      await expect(page.locator('imp-billing-card-form').locator('form')).toBeVisible();
    }
    await clickEveryButton(page, block);
    expect(errors, `README line ${block.line}: page errors`).toEqual([]);
  });
}

for (const block of only('react')) {
  test(`jsx block at README line ${block.line}: the component renders, registers, and shows the server's answer`, async ({ page }) => {
    apiCalls.length = 0;
    apiTarget = null;
    const errors = await watch(page);
    await presetSandbox(page, { outcome: 'approve' });
    writeFileSync(join(work, 'block.jsx'), block.code);
    const exported = /export function (\w+)/.exec(block.code)?.[1];
    expect(exported, 'the React block exports its component').toBeTruthy();
    scripts.set(
      '/react.js',
      await bundle(
        `import { createRoot } from 'react-dom/client';
         import { ${exported} } from './.readme-run/block.jsx';
         createRoot(document.getElementById('root')).render(<${exported} registration={{ merchant_uid: 'reg_react_1', customer_uid: 'customer_react' }} />);`,
        'jsx',
      ),
    );
    pages.set('/react', '<!doctype html><html lang="ko"><body><div id="root"></div><script type="module" src="/react.js"></script></body></html>');
    await page.goto(`${siteUrl}/react`);
    await clickEveryButton(page, block);
    const sent = JSON.parse(apiCalls[0]!.body) as { merchant_uid: string; customer_uid: string };
    expect([sent.merchant_uid, sent.customer_uid]).toEqual(['reg_react_1', 'customer_react']);
    await expect(page.getByText('Card registered')).toBeVisible();
    expect(errors).toEqual([]);
  });
}

for (const block of only('browser-module')) {
  test(`ts block at README line ${block.line}: runs in the page (PortOne's SDK answered by the sandbox)`, async ({ page }) => {
    apiCalls.length = 0;
    apiTarget = null;
    const errors = await watch(page);
    await presetSandbox(page, { outcome: 'approve' });
    // The sandbox in place of PortOne's script, as the script would define window.IMP.
    const sdk = await bundle(`import { installImpSandbox } from 'imp-billing/sandbox'; installImpSandbox(window);`);
    await page.route(PORTONE_SDK, (route) => route.fulfill({ contentType: 'text/javascript', body: sdk }));
    const name = `/module-${block.line}.js`;
    scripts.set(name, `${await bundle(block.code, 'ts')}\nwindow.__blockDone = true;`);
    pages.set(`/module-${block.line}`, `<!doctype html><html><body><script type="module" src="${name}"></script></body></html>`);
    await page.goto(`${siteUrl}/module-${block.line}`);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __blockDone?: boolean }).__blockDone === true)).toBe(true);
    await expectJsonCalls(block);
    expect(errors).toEqual([]);
  });
}

for (const block of only('node-script')) {
  test(`ts block at README line ${block.line}: runs with Node and exits 0`, () => {
    const file = join(work, `node-${block.line}.ts`);
    writeFileSync(file, block.code);
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: work, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  });
}

test.describe('the whole loop, as the README writes it', () => {
  let api: MockApi;
  let server: ChildProcess;
  let serverUrl: string;
  let serverLog = '';

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    api = await startMockApi();
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    serverUrl = `http://127.0.0.1:${port}`;
    api.setWebhookUrl(`${serverUrl}/api/billing/webhook`);
    const dir = join(work, 'loop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'server.ts'), only('loop-server')[0]!.code);
    server = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
      cwd: dir,
      env: { ...process.env, IMP_KEY: 'test_key', IMP_SECRET: 'test_secret', IMP_API_URL: api.url, PORT: String(port) },
    });
    server.stdout!.on('data', (c) => (serverLog += c));
    server.stderr!.on('data', (c) => (serverLog += c));
    await expect
      .poll(() => fetch(`${serverUrl}/nothing`).then((r) => r.status, () => 0), { timeout: 60_000, message: 'the README server starts' })
      .toBe(404);
    pages.set('/billing', await pageOf(only('loop-page')[0]!.code));
  });

  test.afterAll(async () => {
    server?.kill();
    await api?.close();
    apiTarget = null;
  });

  test('server + page: registration → sandbox window → verified with the mock → first charge → next payment scheduled', async ({ page }) => {
    apiCalls.length = 0;
    apiTarget = serverUrl;
    const errors = await watch(page);
    await presetSandbox(page, { api: api.url });
    await page.goto(`${siteUrl}/billing`);
    await page.getByRole('button', { name: '카드 등록' }).click();
    await approveSandbox(page);
    await expect(page.locator('#billing-result')).toContainText('registered', { timeout: 20_000 });
    const verify = apiCalls.find((c) => c.path === '/api/billing/verify')!;
    expect(verify.contentType).toMatch(/^application\/json/);
    const { customer_uid } = JSON.parse(verify.body) as { customer_uid: string };
    const client = createImpClient({ impKey: 'test_key', impSecret: 'test_secret', baseUrl: api.url });
    expect((await client.getBillingKey(customer_uid)).pg_provider).toBe('jtnet');
    const scheduled = await client.listSchedules(customer_uid, { status: 'scheduled' });
    expect(scheduled.list, serverLog).toHaveLength(1);
    // The scheduled payment runs; the README's webhook route records it and schedules the next.
    const [run] = await api.advanceClock(31 * 24 * 3600 * 1000);
    expect(run).toMatchObject({ customer_uid, status: 'paid', webhook: { status: 200 } });
    expect((await client.listSchedules(customer_uid, { status: 'scheduled' })).list).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  test("the README's Playwright spec passes against that page", async () => {
    apiTarget = serverUrl;
    const spec = only('playwright-spec')[0]!;
    const dir = join(work, 'spec');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'billing.spec.ts'), spec.code);
    writeFileSync(
      join(dir, 'playwright.config.ts'),
      `export default { testDir: '.', workers: 1, reporter: 'line', use: { baseURL: ${JSON.stringify(siteUrl)}, launchOptions: { executablePath: process.env.CHROME_PATH || '/usr/bin/chromium' } } };\n`,
    );
    // Asynchronously: this process serves the page the child opens.
    const child = spawn(process.execPath, [join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '--config', join(dir, 'playwright.config.ts')], {
      cwd: dir,
      // The child is a Playwright run of its own: none of this worker's variables.
      env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TEST_|PW_|PLAYWRIGHT_)/.test(k))), IMP_API_URL: api.url },
    });
    let output = '';
    child.stdout!.on('data', (c) => (output += c));
    child.stderr!.on('data', (c) => (output += c));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status, output).toBe(0);
    expect(output).toMatch(/2 passed/);
  });
});
