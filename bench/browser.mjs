// The in-browser figures of `npm run bench`, in headless Chromium driven by Playwright (CHROME_PATH, else Debian's
// /usr/bin/chromium). Pages and the fake SDK come from bench/server.mjs; every repetition gets a fresh browser context.
import { chromium } from 'playwright';

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', headless: true });
}

async function withPage(browser, fn) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    return await fn(page, errors);
  } finally {
    await context.close();
  }
}

/** The n-th trusted click (Playwright's mouse) → the fake SDK's n-th request_pay, as the probe and the SDK saw them. */
async function clickToRequest(page, selector, n = 0) {
  await page.click(selector);
  await page.waitForFunction((i) => window.__bench.calls.length > i, n, { timeout: 10_000 });
  const { clicks, calls, isolated } = await page.evaluate(() => window.__bench);
  if (clicks.length !== n + 1 || calls.length !== n + 1) {
    throw new Error(`expected ${n + 1} clicks and request_pay calls, got ${clicks.length} and ${calls.length}`);
  }
  const click = clicks[n];
  const call = calls[n];
  return {
    ms: call.at - click.at, // from the capture listener on window, before any page code
    msFromEventTimeStamp: call.at - click.timeStamp, // from the input event's own time stamp (includes input delivery)
    inClickDispatch: call.inClickDispatch,
    inClickTask: call.inClickTask,
    userActivation: call.userActivation,
    isolated,
  };
}

/** Both requests the preload trigger makes, seen by the page: the engine chunk and the SDK script. */
async function waitForTriggeredLoads(page) {
  await page.waitForFunction(() => {
    const names = performance.getEntriesByType('resource').map((e) => e.name);
    return names.some((n) => /\/chunks\/engine-[^/]+\.js$/.test(n)) && names.some((n) => n.endsWith('/sdk/iamport.js'));
  });
}

/**
 * <imp-billing-button preload="visible"> of the split script-tag bundle: its own trigger loads the engine chunk and the
 * SDK (the test waits until the page has requested both, then joins those same loads with preloadSdk(), which starts
 * nothing new). The first click of the page is the figure (a customer clicks once, on code the engine has not run
 * yet); three more, once the element is idle again, show the same path warm.
 */
async function elementOnce(browser, site) {
  return withPage(browser, async (page, errors) => {
    const before = { sdk: site.counts.sdk, engine: site.counts.engine };
    await page.goto(`${site.url}/pages/element.html`);
    await page.waitForFunction(() => customElements.get('imp-billing-button') !== undefined);
    await waitForTriggeredLoads(page);
    await page.evaluate(() => document.querySelector('imp-billing-button').preloadSdk());
    if (site.counts.sdk - before.sdk !== 1 || site.counts.engine - before.engine !== 1) {
      throw new Error(`expected 1 SDK and 1 engine request before the click, got ${site.counts.sdk - before.sdk} and ${site.counts.engine - before.engine}`);
    }
    const sdkRequestsBeforeClick = site.counts.sdk;
    const first = await clickToRequest(page, 'imp-billing-button');
    const warm = [];
    for (let n = 1; n <= 3; n++) {
      await page.waitForFunction(() => !document.querySelector('imp-billing-button').busy);
      warm.push((await clickToRequest(page, 'imp-billing-button', n)).ms);
    }
    if (errors.length) throw new Error(`element page: ${errors.join('; ')}`);
    return { ...first, warmMs: warm, sdkLoadedBeforeClick: sdkRequestsBeforeClick > before.sdk };
  });
}

/** The hand-written integration: the script tag is created on click, request_pay runs in its onload. */
async function handOnce(browser, site) {
  return withPage(browser, async (page, errors) => {
    await page.goto(`${site.url}/pages/hand.html`);
    const result = await clickToRequest(page, '#pay');
    if (errors.length) throw new Error(`hand page: ${errors.join('; ')}`);
    return result;
  });
}

/**
 * How long a click can come too early, per `preload` mode: the time from the trigger (the element in view — here, its
 * first render —, the pointer entering it, or the click itself) until the engine and the SDK are both present. A
 * click inside that window waits for them (and for `none` every first click does: the figure is then its click →
 * request_pay delay). Engine served at once, SDK with the bench server's latency.
 */
export async function measureReadyWindows(browser, site, { reps = 5 } = {}) {
  const modes = { visible: [], interaction: [], none: [] };
  for (let i = 0; i < reps; i++) {
    for (const mode of Object.keys(modes)) {
      modes[mode].push(
        await withPage(browser, async (page, errors) => {
          await page.goto(`${site.url}/pages/element.html?preload=${mode}`);
          await page.waitForFunction(() => customElements.get('imp-billing-button') !== undefined);
          let ms;
          if (mode === 'none') {
            ms = (await clickToRequest(page, 'imp-billing-button')).ms;
          } else {
            if (mode === 'interaction') await page.hover('imp-billing-button');
            await page.waitForFunction(() => window.__bench.readyMs !== undefined);
            ms = await page.evaluate(() => window.__bench.readyMs);
          }
          if (errors.length) throw new Error(`${mode} page: ${errors.join('; ')}`);
          return ms;
        }),
      );
    }
  }
  return modes;
}

export async function measureLatency(browser, site, { reps = 15 } = {}) {
  const element = [];
  const hand = [];
  // Interleaved, so a slow moment of a shared machine hits both sides alike.
  for (let i = 0; i < reps; i++) {
    element.push(await elementOnce(browser, site));
    hand.push(await handOnce(browser, site));
  }
  return { element, hand };
}

/**
 * 100 undefined <imp-billing-button preload="visible"> and 100 undefined <min-lit-button> (a minimal Lit button, its
 * own bundle with its own Lit, bench/pages/min-lit-button.js built by the bench) in view on one page; every file
 * already fetched and compiled (modulepreload), then each timed: import (evaluate, define, upgrade) until every
 * element's updateComplete. Which of the two goes first alternates per repetition, and before either the page makes
 * its first dynamic import, custom element, shadow root, adopted style sheet and template clone with a third element of
 * its own, so neither side pays the browser's one-time set-up for the other (without it, whichever went first was
 * about twice as slow and the ratio followed the order). Then every imp-billing-button's preloadSdk() is awaited and
 * the SDK requests counted at the server.
 */
export async function measureHundred(browser, site, { reps = 5, bundleFiles }) {
  const runs = [];
  for (let i = 0; i < reps; i++) {
    runs.push(
      await withPage(browser, async (page, errors) => {
        const before = site.counts.sdk;
        await page.goto(`${site.url}/pages/many.html`);
        await page.evaluate(async (files) => {
          await Promise.all(
            files.map(
              (f) =>
                new Promise((resolve, reject) => {
                  const link = Object.assign(document.createElement('link'), { rel: 'modulepreload', href: f });
                  link.onload = resolve;
                  link.onerror = () => reject(new Error(`modulepreload ${f} failed`));
                  document.head.append(link);
                }),
            ),
          );
        }, [...bundleFiles.map((f) => `/dist/${f}`), '/dist/min-lit/min-lit-button.js']);
        const run = await page.evaluate(async (litFirst) => {
          // Each batch starts after a rendered frame, so neither pays for the browser's style and layout of the other.
          const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
          await import('data:text/javascript,export default 1');
          const sheet = new CSSStyleSheet();
          sheet.replaceSync('button{font:inherit}');
          // A <template>'s content lives in the page's one inert document, made the first time any template is used.
          const warmUpTemplate = document.createElement('template');
          warmUpTemplate.innerHTML = '<button part="button"><slot></slot></button><p></p>';
          customElements.define('bench-warm-up', class extends HTMLElement {
            constructor() {
              super();
              const root = this.attachShadow({ mode: 'open', delegatesFocus: true });
              root.adoptedStyleSheets = [sheet];
              root.append(warmUpTemplate.content.cloneNode(true));
            }
          });
          const warmUp = document.createElement('div');
          for (let i = 0; i < 100; i++) warmUp.append(document.createElement('bench-warm-up'));
          document.body.append(warmUp);
          await frame();
          warmUp.remove();
          const time = async (tag, url) => {
            await frame();
            const els = [...document.querySelectorAll(tag)];
            const t0 = performance.now();
            await import(url);
            await Promise.all(els.map((el) => el.updateComplete));
            return { ms: performance.now() - t0, els };
          };
          const lit = litFirst ? await time('min-lit-button', '/dist/min-lit/min-lit-button.js') : null;
          const ours = await time('imp-billing-button', '/dist/imp-billing.bundle.js');
          const els = ours.els;
          // The visibility trigger's loads (engine chunk, SDK) start a frame after our render: done before the other
          // batch is timed, so they never land inside its time.
          await Promise.all(els.map((el) => el.preloadSdk()));
          const litRun = lit ?? (await time('min-lit-button', '/dist/min-lit/min-lit-button.js'));
          const rendered = els.filter((el) => el.shadowRoot?.querySelector('button')).length;
          const inView = els.filter((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.bottom <= innerHeight && r.right <= innerWidth;
          }).length;
          return { renderMs: ours.ms, litRenderMs: litRun.ms, litRendered: litRun.els.filter((el) => el.shadowRoot?.querySelector('button')).length, rendered, inView };
        }, i % 2 === 0);
        await page.waitForTimeout(300); // a late duplicate request would show up at the server in this time
        if (errors.length) throw new Error(`100-button page: ${errors.join('; ')}`);
        const sdkRuns = await page.evaluate(() => window.__bench?.sdkRuns ?? 0);
        return { ...run, sdkRequests: site.counts.sdk - before, sdkRuns };
      }),
    );
  }
  return runs;
}

/**
 * 1,000 sequential mount → first render → one frame (the visibility preload runs) → unmount cycles. JS heap and DOM
 * counters after a forced full GC (CDP HeapProfiler.collectGarbage), before and after; the baseline is taken after ten
 * warm-up cycles, so one-time allocations (Lit's template cache, adopted style sheets) are not counted as growth.
 */
export async function measureHeap(browser, site, { cycles = 1000 } = {}) {
  return withPage(browser, async (page, errors) => {
    await page.goto(`${site.url}/pages/heap.html`);
    await page.waitForFunction(() => customElements.get('imp-billing-button') !== undefined);
    const cdp = await page.context().newCDPSession(page);
    const runCycles = (n) =>
      page.evaluate(async (count) => {
        for (let i = 0; i < count; i++) {
          const el = document.createElement('imp-billing-button');
          el.setAttribute('merchant-code', 'imp00000000');
          el.setAttribute('pg', 'kcp_billing');
          el.setAttribute('customer-uid', `heap_${i}`);
          el.setAttribute('sdk-src', '/sdk/iamport.js');
          el.textContent = 'Register card';
          document.body.append(el);
          await el.updateComplete;
          await new Promise((resolve) => requestAnimationFrame(() => resolve()));
          el.remove();
        }
      }, n);
    const settle = async () => {
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50))); // pending timers (redirect check) run
      for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      const dom = await cdp.send('Memory.getDOMCounters');
      return { usedSize, nodes: dom.nodes, listeners: dom.jsEventListeners };
    };
    await runCycles(10);
    const before = await settle();
    const started = performance.now();
    await runCycles(cycles);
    const cyclesMs = performance.now() - started;
    const after = await settle();
    if (errors.length) throw new Error(`heap page: ${errors.join('; ')}`);
    return {
      cycles,
      cyclesMs,
      heapBeforeBytes: before.usedSize,
      heapAfterBytes: after.usedSize,
      heapGrowthBytes: after.usedSize - before.usedSize,
      domNodesGrowth: after.nodes - before.nodes,
      listenersGrowth: after.listeners - before.listeners,
    };
  });
}
