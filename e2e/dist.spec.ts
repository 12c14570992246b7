/**
 * The published package, used the way each kind of user uses it. scripts/examples.mjs (a step of `npm test`) packs
 * the package and builds every app in examples/ against the tarball; each test serves one example's built output
 * from its own tiny static server and clicks through the offline sandbox until the page shows the success event.
 *
 * The servers answer from a snapshot taken once, before the first test, never from the disk: in a shared working
 * tree another `npm test` re-runs scripts/examples.mjs, which deletes and rewrites these folders (with new chunk
 * hashes when the sources changed), and a page whose bundle came from one build and whose lazy sandbox chunk is
 * asked for after the rewrite gets a 404, never opens the sandbox window, and the test waits out its timeout.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { sandboxChoiceSelector } from '../src/testing/index.js';

const examples = fileURLToPath(new URL('../examples/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

interface StaticSite {
  url: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** A served folder's files, path ("/dist/x.js", POSIX, leading slash) → bytes. */
type Snapshot = Map<string, Buffer>;

function readTree(dir: string, prefix = ''): Array<[string, Buffer]> {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e): Array<[string, Buffer]> => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.name === 'node_modules') return [];
    return e.isDirectory() ? readTree(dir, rel) : [[`/${rel}`, readFileSync(join(dir, rel))]];
  });
}

/** Relative module specifiers in built JS (static, re-export and dynamic imports, minified or not). */
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)["'](\.{1,2}\/[^"']+)["']/g;
/** Script and stylesheet URLs in HTML that are served by the same site. */
const LOCAL_ASSET = /<(?:script|link)\b[^>]*\b(?:src|href)="((?:\.{0,2}\/)[^"]+)"/g;

/** What the snapshot refers to and does not contain: empty for a complete, consistent build. */
function danglingReferences(files: Snapshot): string[] {
  const missing: string[] = [];
  for (const [path, bytes] of files) {
    const pattern = path.endsWith('.js') ? RELATIVE_IMPORT : path.endsWith('.html') ? LOCAL_ASSET : null;
    if (!pattern) continue;
    for (const m of bytes.toString('utf8').matchAll(pattern)) {
      const target = m[1]!.startsWith('/') ? m[1]! : posix.join(posix.dirname(path), m[1]!);
      if (!files.has(target)) missing.push(`${path} → ${m[1]}`);
    }
  }
  return missing;
}

/**
 * Reads `dir` whole. A read that overlaps a rebuild shows up as a missing file or a reference to a chunk of the
 * other build; it is retried, and a build that is still inconsistent afterwards is a real failure.
 */
async function snapshot(dir: string, entry: string): Promise<Snapshot> {
  let problem = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt) await new Promise((r) => setTimeout(r, 1500));
    try {
      const files: Snapshot = new Map(existsSync(dir) ? readTree(dir) : []);
      if (!files.has(entry)) {
        problem = `${entry} is missing: run \`node scripts/examples.mjs\` (npm test does)`;
        continue;
      }
      const missing = danglingReferences(files);
      if (!missing.length) return files;
      problem = `references missing files: ${missing.join(', ')}`;
    } catch (error) {
      problem = String(error);
    }
  }
  throw new Error(`${relative(examples, dir)}: ${problem}`);
}

interface ServeOptions {
  /** Path → HTML, pages that exist only for a test. */
  pages?: Record<string, string>;
  /** Path → path, answered with a 302. */
  redirects?: Record<string, string>;
  /** Files answered with `Access-Control-Allow-Origin: *`, as public CDNs answer. */
  cors?: boolean;
}

/** Serves a snapshot on 127.0.0.1 (a free port): a site of its own origin. */
async function serve(files: Snapshot, { pages = {}, redirects = {}, cors = false }: ServeOptions = {}): Promise<StaticSite> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    if (pages[path]) {
      res.writeHead(200, { 'content-type': TYPES['.html']! }).end(pages[path]);
      return;
    }
    if (redirects[path]) return void res.writeHead(302, { location: redirects[path] }).end();
    const file = path.endsWith('/') ? `${path}index.html` : path;
    const body = files.get(file);
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      ...(cors ? { 'access-control-allow-origin': '*' } : {}),
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    // Chromium keeps speculative (preconnected) sockets that never send a request; close() alone waits for them.
    close: () => new Promise<void>((resolve) => server.close(() => resolve()).closeAllConnections()),
  };
}

/** Console lines a page printed; Lit's development build announces itself there, its production build does not. */
function recordConsole(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`pageerror: ${e.message}`));
  return lines;
}

async function approveInSandboxWindow(page: Page, consoleLines: string[] = []): Promise<void> {
  const approve = page.locator(sandboxChoiceSelector('approve'));
  const failed = page.locator('#result', { hasText: /^failure/ });
  // A page that reported a failure (or never defined the element) will not open the window: say why at once.
  await expect(approve.or(failed), `no sandbox window; console: ${JSON.stringify(consoleLines)}`).toBeVisible();
  expect(await failed.count(), `the page reported ${await page.locator('#result').textContent()}`).toBe(0);
  await approve.click();
}

async function expectSuccess(page: Page): Promise<void> {
  await expect(page.locator('#result')).toHaveText(/^success: imp_\d+$/);
}

function expectProductionLit(consoleLines: string[]): void {
  expect(consoleLines.filter((l) => /dev mode|pageerror/i.test(l))).toEqual([]);
}

/** The element's engine chunk in every distribution: dist/chunks/engine-HASH.js, or a Vite app's assets/engine-HASH.js. */
const ENGINE_CHUNK = /\/(?:chunks|assets)\/engine-[\w-]+\.js$/;

interface HeldEngine {
  /** Resolves once the page has asked for the engine chunk. */
  requested: Promise<void>;
  /** How many times the page asked for it (aborted requests never reach the server's log). */
  count(): number;
  /** Lets the held request through (and every later one). */
  release(): Promise<void>;
}

/**
 * Holds the engine chunk's request back until release(), so a test can look at the page while the engine is not
 * there. `fail` aborts that many requests first (a network failure), then serves the rest.
 */
async function holdEngine(page: Page, { fail = 0 } = {}): Promise<HeldEngine> {
  let markRequested!: () => void;
  const requested = new Promise<void>((resolve) => (markRequested = resolve));
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let failures = fail;
  let count = 0;
  await page.route(ENGINE_CHUNK, async (route) => {
    count++;
    markRequested();
    if (failures > 0) {
      failures--;
      return route.abort('failed');
    }
    await opened;
    return route.continue();
  });
  return { requested, count: () => count, release: async () => open() };
}

/** The button painted: its shadow root's native button shows the label, the element defined and laid out. */
async function expectPainted(page: Page): Promise<void> {
  const inner = page.locator('imp-billing-button button[part="button"]');
  await expect(inner).toBeVisible();
  await expect(inner).toContainText(/\S/);
}

/** Snapshots of the served folders, keyed by example name; see the header. */
const sites: Record<string, Snapshot> = {};

test.beforeAll(async () => {
  sites['classic'] = await snapshot(join(examples, 'classic'), '/dist/imp-billing.iife.js');
  sites['module'] = await snapshot(join(examples, 'module'), '/dist/imp-billing.bundle.js');
  for (const app of ['react', 'vue', 'svelte', 'angular']) sites[app] = await snapshot(join(examples, app, 'dist'), '/index.html');
});

test('classic <script src>: paints from the IIFE alone, loads the engine chunk beside it, scripted sandbox approval', async ({ page }) => {
  const site = await serve(sites['classic']!);
  const consoleLines = recordConsole(page);
  try {
    const engine = await holdEngine(page);
    await page.goto(`${site.url}/`);
    // No module script anywhere: the page works with a module loader never involved.
    expect(await page.locator('script[type="module"]').count()).toBe(0);
    expect(await page.evaluate(() => [...document.scripts].every((s) => s.type === '' || s.type === 'text/javascript'))).toBe(true);
    expect(await page.evaluate(() => Object.keys((window as unknown as { ImpBilling: object }).ImpBilling).sort())).toEqual(
      expect.arrayContaining(['ImpBillingButton', 'defineImpBillingButton', 'installImpSandbox', 'loadImp', 'BillingError']),
    );
    await engine.requested; // the visible button's preload trigger asked for it
    await expectPainted(page);
    await engine.release();
    await page.locator('imp-billing-button').click();
    await expectSuccess(page);
    const scripts = site.requests.filter((p) => p.endsWith('.js'));
    expect(scripts.slice(0, 2)).toEqual(['/dist/imp-billing.iife.js', '/dist/imp-billing.sandbox.iife.js']);
    expect(scripts.filter((p) => ENGINE_CHUNK.test(p))).toHaveLength(1);
    expectProductionLit(consoleLines);
  } finally {
    await site.close();
  }
});

test('classic IIFE: a failed engine load is reported as sdk-load-failed, and the next click loads it and succeeds', async ({ page }) => {
  const site = await serve(sites['classic']!);
  try {
    // The trigger's load and the first click's retry both fail; the click after that gets the chunk.
    const engine = await holdEngine(page, { fail: 2 });
    await engine.release();
    await page.goto(`${site.url}/`);
    await expectPainted(page);
    await page.locator('imp-billing-button').click();
    await expect(page.locator('#result')).toHaveText('failure: sdk-load-failed');
    await expect(page.locator('imp-billing-button [part="message"]')).not.toBeEmpty();
    await page.locator('imp-billing-button').click();
    await expectSuccess(page);
    expect(engine.count()).toBe(3);
  } finally {
    await site.close();
  }
});

test('the same IIFE file as <script type="module" src>: defines the element and exposes ImpBilling too', async ({ page }) => {
  // One file for both kinds of script tag: a module script's top-level `var` is not global, so the build adds it.
  const html = `<!doctype html><html lang="en"><body>
    <script type="module" src="/dist/imp-billing.iife.js"></script>
    <script type="module" src="/dist/imp-billing.sandbox.iife.js"></script>
    <!-- preload="interaction": nothing loads before the sandbox is installed, which module scripts do a moment later. -->
    <script type="module">
      ImpBilling.installImpSandbox(window, { outcome: 'approve' });
      document.addEventListener('imp-billing-success', (e) => (document.getElementById('result').textContent = 'success: ' + e.detail.imp_uid));
      document.addEventListener('imp-billing-failure', (e) => (document.getElementById('result').textContent = 'failure: ' + e.detail.code));
    </script>
    <imp-billing-button preload="interaction" merchant-code="imp00000000" pg="kcp_billing" customer-uid="customer_module_iife">Register card</imp-billing-button>
    <output id="result"></output></body></html>`;
  const site = await serve(sites['classic']!, { pages: { '/as-module.html': html } });
  const consoleLines = recordConsole(page);
  try {
    const engine = await holdEngine(page);
    await page.goto(`${site.url}/as-module.html`);
    await page.waitForFunction(() => 'installImpSandbox' in ((window as unknown as { ImpBilling?: object }).ImpBilling ?? {}));
    await expectPainted(page);
    expect(engine.count()).toBe(0);
    await page.locator('imp-billing-button').hover(); // the trigger: the engine, relative to the IIFE's own URL (no currentScript)
    await engine.requested;
    await engine.release();
    await page.locator('imp-billing-button').click();
    await expectSuccess(page);
    expectProductionLit(consoleLines);
  } finally {
    await site.close();
  }
});

/** The package's name, version and CDN fields, as published (examples/ are built from the packed package). */
const published = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as {
  name: string;
  version: string;
  unpkg: string;
  jsdelivr: string;
};

/**
 * An npm CDN serving the classic example's dist/ as the published package, at its paths (unpkg's at the root,
 * jsDelivr's under `/npm`): every file at its exact version (`…/imp-billing@0.1.0/dist/…`); the bare package URL
 * answered with the file the package's own field names, by a redirect to it (as unpkg does) or in place (as jsDelivr
 * does); and a version range, and jsDelivr's unversioned file URL, that serve the shell files but, like a release that
 * came after this build, no chunk of it.
 */
function npmCdn(cdn: 'unpkg' | 'jsdelivr'): { files: Snapshot; redirects: Record<string, string> } {
  const at = `${cdn === 'jsdelivr' ? '/npm' : ''}/${published.name}`;
  const exact = `${at}@${published.version}`;
  const field = published[cdn].replace(/^\.\//, '/');
  const files: Snapshot = new Map();
  for (const [path, bytes] of sites['classic']!) if (path.startsWith('/dist/')) files.set(`${exact}${path}`, bytes);
  for (const shell of ['/dist/imp-billing.iife.js', '/dist/imp-billing.bundle.js']) {
    files.set(`${at}@0${shell}`, sites['classic']!.get(shell)!);
    if (cdn === 'jsdelivr') files.set(`${at}${shell}`, sites['classic']!.get(shell)!);
  }
  if (cdn === 'jsdelivr') files.set(at, sites['classic']!.get(field)!);
  return { files, redirects: cdn === 'unpkg' ? { [at]: `${exact}${field}` } : {} };
}

for (const { title, cdn, shell, module = shell.endsWith('.bundle.js') } of [
  { title: 'the bare package URL, redirected to its file (unpkg)', cdn: 'unpkg', shell: '/imp-billing' },
  { title: 'the bare package URL, answered in place (jsDelivr)', cdn: 'jsdelivr', shell: '/npm/imp-billing' },
  { title: 'a version range in a file URL', cdn: 'jsdelivr', shell: '/npm/imp-billing@0/dist/imp-billing.iife.js' },
  { title: 'an unversioned file URL (jsDelivr)', cdn: 'jsdelivr', shell: '/npm/imp-billing/dist/imp-billing.iife.js' },
  { title: 'a version range in a file URL, the module bundle', cdn: 'unpkg', shell: '/imp-billing@0/dist/imp-billing.bundle.js' },
  // The IIFE as a module script has no currentScript: it finds its own tag by the package's URL forms.
  { title: 'the bare package URL as <script type="module">', cdn: 'unpkg', shell: '/imp-billing', module: true },
] as const) {
  test(`<script src> from an npm CDN by ${title}: the chunks come from the exact version that built the shell`, async ({ page }) => {
    const { files, redirects } = npmCdn(cdn);
    const exact = `${cdn === 'jsdelivr' ? '/npm' : ''}/${published.name}@${published.version}/dist`;
    const html = `<!doctype html><html lang="en"><body>
      <script src="${shell}"${module ? ' type="module"' : ''}></script>
      <script src="${exact}/imp-billing.sandbox.iife.js"></script>
      <script>
        ImpBilling.installImpSandbox(window, { outcome: 'approve' });
        addEventListener('imp-billing-success', (e) => (result.textContent = 'success: ' + e.detail.imp_uid));
        addEventListener('imp-billing-failure', (e) => (result.textContent = 'failure: ' + e.detail.code));
      </script>
      <imp-billing-button merchant-code="imp00000000" pg="kcp_billing" customer-uid="customer_cdn">Register card</imp-billing-button>
      <output id="result"></output></body></html>`;
    const site = await serve(files, { pages: { '/cdn.html': html }, redirects });
    try {
      await page.goto(`${site.url}/cdn.html`);
      await expectPainted(page);
      await page.locator('imp-billing-button').click();
      await expectSuccess(page);
      const engines = site.requests.filter((p) => ENGINE_CHUNK.test(p));
      expect(engines).toHaveLength(1);
      expect(engines[0]!.startsWith(`${exact}/chunks/engine-`), engines[0]).toBe(true);
    } finally {
      await site.close();
    }
  });
}

for (const cors of [true, false]) {
  test(`classic <script src> from another origin ${cors ? 'that sends' : 'without'} Access-Control-Allow-Origin: ${cors ? 'the click succeeds' : 'the chunk is refused, reported as sdk-load-failed'}`, async ({ page }) => {
    // The classic script itself needs no CORS; its chunks are module imports, which do (the README says so).
    const assets = await serve(sites['classic']!, { cors });
    const html = `<!doctype html><html lang="en"><body>
      <script src="${assets.url}/dist/imp-billing.iife.js"></script>
      <script src="${assets.url}/dist/imp-billing.sandbox.iife.js"></script>
      <script>
        ImpBilling.installImpSandbox(window, { outcome: 'approve' });
        addEventListener('imp-billing-success', (e) => (result.textContent = 'success: ' + e.detail.imp_uid));
        addEventListener('imp-billing-failure', (e) => (result.textContent = 'failure: ' + e.detail.code));
      </script>
      <imp-billing-button merchant-code="imp00000000" pg="kcp_billing" customer-uid="customer_cross_origin">Register card</imp-billing-button>
      <output id="result"></output></body></html>`;
    const site = await serve(new Map(), { pages: { '/shop.html': html } });
    try {
      await page.goto(`${site.url}/shop.html`);
      await expectPainted(page);
      await page.locator('imp-billing-button').click();
      if (cors) await expectSuccess(page);
      else await expect(page.locator('#result')).toHaveText('failure: sdk-load-failed');
      expect(assets.requests.filter((p) => ENGINE_CHUNK.test(p)).length).toBeGreaterThan(0);
    } finally {
      await Promise.all([site.close(), assets.close()]);
    }
  });
}

test('the script-tag module bundle fetches the sandbox chunk only once `sandbox` is used', async ({ page }) => {
  const bundle = sites['module']!.get('/dist/imp-billing.bundle.js')!.toString('utf8');
  const lazy = [...bundle.matchAll(/import\([\w$]+\("(chunks\/[^"]+)",import\.meta\.url,/g)].map((m) => `/dist/${m[1]}`);
  expect(lazy).toHaveLength(2); // the engine and the sandbox
  const sandboxChunk = lazy.find((p) => p.includes('/sandbox-'))!;
  expect(lazy.filter((p) => ENGINE_CHUNK.test(p))).toHaveLength(1);
  const site = await serve(sites['module']!, {
    pages: {
      '/lazy.html': `<!doctype html><html lang="en"><script type="module" src="/dist/imp-billing.bundle.js"></script>
      <imp-billing-button preload="none" merchant-code="imp00000000" pg="kcp_billing" customer-uid="c_1">Register</imp-billing-button>
      <output id="result"></output>
      <script>addEventListener('imp-billing-success', (e) => (result.textContent = 'success: ' + e.detail.imp_uid));
        addEventListener('imp-billing-failure', (e) => (result.textContent = 'failure: ' + e.detail.code));</script></html>`,
    },
  });
  const consoleLines = recordConsole(page);
  try {
    await page.goto(`${site.url}/lazy.html`);
    await page.waitForFunction(() => customElements.get('imp-billing-button') !== undefined);
    await page.locator('imp-billing-button').hover(); // no preload on interaction either, with preload="none"
    expect(site.requests).toContain('/dist/imp-billing.bundle.js');
    expect(site.requests).not.toContain(sandboxChunk);

    await page.locator('imp-billing-button').evaluate((el) => ((el as HTMLElement & { sandbox: boolean }).sandbox = true));
    await page.locator('imp-billing-button').click();
    await approveInSandboxWindow(page, consoleLines);
    await expectSuccess(page);
    expect(site.requests).toContain(sandboxChunk);
  } finally {
    await site.close();
  }
});

test('npm ESM build: `lit` stays a bare import, and the default entry does not statically reach the sandbox', () => {
  // The copy npm installed from the tarball into an example app, not dist/ of the working tree.
  const pkgDist = join(examples, 'react/node_modules/imp-billing/dist');
  const seen = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/^\s*(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(join(dirname(file), spec));
      else bare.add(spec);
    }
  };
  visit(join(pkgDist, 'index.js'));
  const files = [...seen].map((f) => relative(pkgDist, f).split(sep).join('/'));
  expect(files).toContain('button/button.js');
  expect(files.filter((f) => f.startsWith('sandbox/'))).toEqual([]);
  // Static reach includes the core (index re-exports it: an app's bundler drops what it does not use); the element
  // itself reaches its engine only through engine-chunk.js's import().
  expect(readFileSync(join(pkgDist, 'button/button.js'), 'utf8')).not.toMatch(/from\s*["']\.\/engine\.js["']/);
  expect(readFileSync(join(pkgDist, 'button/engine-chunk.js'), 'utf8')).toContain('import("./engine.js")');
  expect([...bare]).toEqual(['lit']);
  // The sandbox is still reachable, through the button's dynamic import.
  expect(readFileSync(join(pkgDist, 'button/sandbox-chunk.js'), 'utf8')).toContain('import("../sandbox/element-sandbox.js")');
});

/** Pages whose button has the `sandbox` attribute: a person approves in the sandbox window. */
const WINDOW_SITES = {
  module: '<script type="module" src>: the bundle, sandbox attribute, approve in the sandbox window',
  react: 'react app (vite build, package installed from the tarball): sandbox, approve, success event in the page',
  vue: 'vue app (vite build, package installed from the tarball): sandbox, approve, success event in the page',
  svelte: 'svelte app (vite build, package installed from the tarball): sandbox, approve, success event in the page',
  angular: 'angular app (standalone component, vite build, package installed from the tarball): sandbox, approve, success event in the page',
} as const;

for (const [app, title] of Object.entries(WINDOW_SITES)) {
  test(`${title}; paints before the engine chunk arrives`, async ({ page }) => {
    const site = await serve(sites[app]!);
    const consoleLines = recordConsole(page);
    try {
      const engine = await holdEngine(page);
      await page.goto(`${site.url}/`);
      await engine.requested;
      await expectPainted(page);
      await engine.release();
      await page.locator('imp-billing-button').click();
      await approveInSandboxWindow(page, consoleLines);
      await expectSuccess(page);
      expectProductionLit(consoleLines);
    } finally {
      await site.close();
    }
  });
}

test('a redirect return: the module bundle loads the engine on arrival (no trigger, no click) and reports the outcome', async ({ page }) => {
  const html = `<!doctype html><html lang="en"><script type="module" src="/dist/imp-billing.bundle.js"></script>
    <imp-billing-button preload="none" merchant-code="imp00000000" pg="kcp_billing" customer-uid="c_return">Register</imp-billing-button>
    <output id="result"></output>
    <script>addEventListener('imp-billing-success', (e) => (result.textContent = 'success: ' + e.detail.imp_uid + ' via ' + e.detail.via));
      addEventListener('imp-billing-failure', (e) => (result.textContent = 'failure: ' + e.detail.code));</script></html>`;
  const site = await serve(sites['module']!, { pages: { '/return.html': html } });
  const consoleLines = recordConsole(page);
  try {
    const engine = await holdEngine(page);
    await page.goto(`${site.url}/return.html?imp_uid=imp_123456789012&merchant_uid=order_1&imp_success=true`);
    await engine.requested; // preload="none" and no pointer: only the return in the address asks for it
    await expectPainted(page);
    await expect(page.locator('#result')).toBeEmpty();
    await engine.release();
    await expect(page.locator('#result')).toHaveText('success: imp_123456789012 via redirect');
    expect(new URL(page.url()).search).toBe(''); // PortOne's keys cleaned from the address
    expectProductionLit(consoleLines);
  } finally {
    await site.close();
  }
});

/** A return page: one button (no SDK of its own: `sdk-src` answers 404), every event the page hears kept in order. */
const RETURN_PAGE = `<!doctype html><html lang="en"><script type="module" src="/dist/imp-billing.bundle.js"></script>
    <imp-billing-button id="first" preload="none" sdk-src="/no-sdk.js" merchant-code="imp00000000" pg="kcp_billing" customer-uid="c_return">Register</imp-billing-button>
    <script>window.heard = [];
      for (const type of ['imp-billing-success', 'imp-billing-failure', 'imp-billing-request'])
        addEventListener(type, (e) => heard.push(type.slice(12) + ' ' + (e.detail.code ?? e.detail.via) + ' ' + e.target.id));</script></html>`;
const RETURN_QUERY = '?imp_uid=imp_123456789012&merchant_uid=order_1&imp_success=true';
const heard = (page: Page) => page.evaluate(() => (window as unknown as { heard: string[] }).heard);

/** Opens RETURN_PAGE at PortOne's return address, its engine chunk held back (`fail` as holdEngine's), then runs `body`. */
async function onReturnPage(page: Page, hold: { fail?: number }, body: (engine: HeldEngine) => Promise<void>): Promise<void> {
  const site = await serve(sites['module']!, { pages: { '/return.html': RETURN_PAGE } });
  try {
    const engine = await holdEngine(page, hold);
    await page.goto(`${site.url}/return.html${RETURN_QUERY}`);
    await body(engine);
  } finally {
    await site.close();
  }
}

/** The page heard exactly `events`, and still only those a moment later (no payment window opened after them). */
async function expectHeardOnly(page: Page, events: string[], why?: string): Promise<void> {
  await expect.poll(() => heard(page)).toEqual(events);
  await page.waitForTimeout(300);
  expect(await heard(page), why).toEqual(events);
}

test('a redirect return whose engine fails to load: no failure is claimed, and the next click reports the return instead of paying', async ({ page }) => {
  await onReturnPage(page, { fail: 1 }, async (engine) => {
    await engine.release(); // only the first request fails: the click's own goes through
    await expectPainted(page);
    await expect.poll(() => engine.count()).toBe(1);
    await expectHeardOnly(page, [], 'the payment did not fail: only the engine did');
    expect(new URL(page.url()).search, 'the return kept for the next try').toBe(RETURN_QUERY);
    await page.locator('imp-billing-button').click();
    await expectHeardOnly(page, ['success redirect first'], 'no payment window after the return');
    expect(new URL(page.url()).search).toBe('');
    await expect(page.locator('imp-billing-button button[part="button"]')).toHaveAttribute('aria-busy', 'false');
  });
});

test('a redirect return, the button replaced before the engine arrives: the new button reports it, the removed one does not', async ({ page }) => {
  await onReturnPage(page, {}, async (engine) => {
    await engine.requested;
    await page.evaluate(async () => {
      const first = document.getElementById('first')!;
      (window as unknown as { removedHeard: string[] }).removedHeard = [];
      first.addEventListener('imp-billing-success', () => (window as unknown as { removedHeard: string[] }).removedHeard.push('success'));
      await new Promise((r) => setTimeout(r, 50)); // past the report's own task: it now waits only for the engine
      const second = first.cloneNode(true) as HTMLElement; // a framework's re-render
      second.id = 'second';
      first.replaceWith(second);
    });
    await engine.release();
    await expect.poll(() => heard(page)).toEqual(['success redirect second']);
    expect(await page.evaluate(() => (window as unknown as { removedHeard: string[] }).removedHeard)).toEqual([]);
  });
});

test('a click while a redirect return waits for its engine: the return is reported, and the click opens no second payment', async ({ page }) => {
  await onReturnPage(page, {}, async (engine) => {
    await engine.requested;
    await expectPainted(page);
    await page.locator('imp-billing-button').click();
    await engine.release();
    await expectHeardOnly(page, ['success redirect first']);
    await expect(page.locator('imp-billing-button button[part="button"]')).toHaveAttribute('aria-busy', 'false');
  });
});
