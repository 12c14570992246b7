/**
 * The published package, used the way each kind of user uses it. scripts/examples.mjs (a step of `npm test`) packs
 * the package and builds every app in examples/ against the tarball; each test serves one example's built output
 * from its own tiny static server and clicks through the offline sandbox until the page shows the success event.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';

const examples = fileURLToPath(new URL('../examples/', import.meta.url));
const BUILT = ['classic/dist/imp-billing.iife.js', 'module/dist/imp-billing.bundle.js', 'react/dist/index.html', 'vue/dist/index.html', 'svelte/dist/index.html'];

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

/** Serves `dir` on 127.0.0.1 (a free port), plus `pages` (path → HTML) that exist only for a test. */
async function serve(dir: string, pages: Record<string, string> = {}): Promise<StaticSite> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    if (pages[path]) {
      res.writeHead(200, { 'content-type': TYPES['.html']! }).end(pages[path]);
      return;
    }
    let file = normalize(join(dir, path));
    if (relative(dir, file).startsWith('..')) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Console lines a page printed; Lit's development build announces itself there, its production build does not. */
function recordConsole(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`pageerror: ${e.message}`));
  return lines;
}

async function approveInSandboxWindow(page: Page): Promise<void> {
  const approve = page.locator('imp-billing-sandbox-dialog button[data-choice="approve"]');
  await expect(approve).toBeVisible();
  await approve.click();
}

async function expectSuccess(page: Page): Promise<void> {
  await expect(page.locator('#result')).toHaveText(/^success: imp_\d+$/);
}

function expectProductionLit(consoleLines: string[]): void {
  expect(consoleLines.filter((l) => /dev mode|pageerror/i.test(l))).toEqual([]);
}

test.beforeAll(() => {
  const missing = BUILT.filter((p) => !existsSync(join(examples, p)));
  if (missing.length) {
    throw new Error(`examples are not built (${missing.join(', ')}): run \`node scripts/examples.mjs\` (npm test does)`);
  }
});

test('classic <script src>: only the IIFE, global ImpBilling, scripted sandbox approval', async ({ page }) => {
  const site = await serve(join(examples, 'classic'));
  const consoleLines = recordConsole(page);
  try {
    await page.goto(`${site.url}/`);
    // No module script anywhere: the page works with a module loader never involved.
    expect(await page.locator('script[type="module"]').count()).toBe(0);
    expect(await page.evaluate(() => [...document.scripts].every((s) => s.type === '' || s.type === 'text/javascript'))).toBe(true);
    expect(await page.evaluate(() => Object.keys((window as unknown as { ImpBilling: object }).ImpBilling).sort())).toEqual(
      expect.arrayContaining(['ImpBillingButton', 'defineImpBillingButton', 'installImpSandbox', 'loadImp', 'requestBillingKey']),
    );
    await page.locator('imp-billing-button').click();
    await expectSuccess(page);
    expect(site.requests.filter((p) => p.endsWith('.js'))).toEqual(['/dist/imp-billing.iife.js']);
    expectProductionLit(consoleLines);
  } finally {
    await site.close();
  }
});

test('<script type="module" src>: the bundle, sandbox attribute, approve in the sandbox window', async ({ page }) => {
  const site = await serve(join(examples, 'module'));
  const consoleLines = recordConsole(page);
  try {
    await page.goto(`${site.url}/`);
    await page.locator('imp-billing-button').click();
    await approveInSandboxWindow(page);
    await expectSuccess(page);
    expectProductionLit(consoleLines);
  } finally {
    await site.close();
  }
});

test('the script-tag module bundle fetches the sandbox chunk only once `sandbox` is used', async ({ page }) => {
  const bundle = readFileSync(join(examples, 'module/dist/imp-billing.bundle.js'), 'utf8');
  const lazy = [...bundle.matchAll(/import\("\.\/([^"]+)"\)/g)].map((m) => `/dist/${m[1]}`);
  expect(lazy).toHaveLength(1);
  const sandboxChunk = lazy[0]!;
  const site = await serve(join(examples, 'module'), {
    '/lazy.html': `<!doctype html><html lang="en"><script type="module" src="/dist/imp-billing.bundle.js"></script>
      <imp-billing-button preload="none" merchant-code="imp00000000" pg="kcp_billing" customer-uid="c_1">Register</imp-billing-button>
      <output id="result"></output>
      <script>addEventListener('imp-billing-success', (e) => (result.textContent = 'success: ' + e.detail.imp_uid));</script></html>`,
  });
  try {
    await page.goto(`${site.url}/lazy.html`);
    await page.waitForFunction(() => customElements.get('imp-billing-button') !== undefined);
    await page.locator('imp-billing-button').hover(); // no preload on interaction either, with preload="none"
    expect(site.requests).toContain('/dist/imp-billing.bundle.js');
    expect(site.requests).not.toContain(sandboxChunk);

    await page.locator('imp-billing-button').evaluate((el) => ((el as HTMLElement & { sandbox: boolean }).sandbox = true));
    await page.locator('imp-billing-button').click();
    await approveInSandboxWindow(page);
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
  expect([...bare]).toEqual(['lit']);
  // The sandbox is still reachable, through the button's dynamic import.
  expect(readFileSync(join(pkgDist, 'button/button.js'), 'utf8')).toContain('import("../sandbox/index.js")');
});

for (const app of ['react', 'vue', 'svelte'] as const) {
  test(`${app} app (vite build, package installed from the tarball): sandbox, approve, success event in the page`, async ({ page }) => {
    const site = await serve(join(examples, app, 'dist'));
    const consoleLines = recordConsole(page);
    try {
      await page.goto(`${site.url}/`);
      await page.locator('imp-billing-button').click();
      await approveInSandboxWindow(page);
      await expectSuccess(page);
      expectProductionLit(consoleLines);
    } finally {
      await site.close();
    }
  });
}
