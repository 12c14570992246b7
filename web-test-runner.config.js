import { playwrightLauncher } from '@web/test-runner-playwright';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { summaryReporter } from './scripts/wtr-summary-reporter.js';
import { defaultReporter } from '@web/test-runner';
import { readFileSync } from 'node:fs';

// Debian's Chromium by default; CHROME_PATH lets a user point at their own Chrome.
const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';

// Test-only endpoints for the SDK loader tests (src/core/loader.test.ts):
// - /test-slow/…            never answers (a script that never finishes loading);
// - /test-count/sdk.js?key=K serves the fake SDK and counts requests per key; /test-count/hits?key=K reads the count.
const hits = new Map();
function loaderTestEndpoints(ctx, next) {
  if (ctx.path.startsWith('/test-slow/')) {
    ctx.respond = false;
    return new Promise((resolve) => ctx.res.on('close', resolve));
  }
  if (ctx.path === '/test-count/sdk.js') {
    const key = String(ctx.query.key ?? '');
    hits.set(key, (hits.get(key) ?? 0) + 1);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'application/javascript';
    ctx.body = readFileSync(new URL('./src/test-helpers/fixtures/fake-iamport.js', import.meta.url), 'utf8');
    return undefined;
  }
  if (ctx.path === '/test-count/hits') {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { hits: hits.get(String(ctx.query.key ?? '')) ?? 0 };
    return undefined;
  }
  return next();
}

export default {
  // Browser tests sit beside the code they test; `*.node.test.ts` files are Node's (see scripts/test.mjs).
  files: ['src/**/*.test.ts', '!src/**/*.node.test.ts'],
  nodeResolve: true,
  middleware: [loaderTestEndpoints],
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' })],
  browsers: [playwrightLauncher({ product: 'chromium', launchOptions: { executablePath } })],
  reporters: [defaultReporter(), summaryReporter()],
};
