import { expect } from '@open-wc/testing';
import { BillingError, DEFAULT_SDK_SRC, loadImp, type Iamport } from './index.js';
import { rejection } from '../test-helpers/core-helpers.js';

/**
 * The SDK is replaced by local fixtures: src/test-helpers/fixtures/fake-iamport.js defines window.IMP; fake-no-imp.js does not;
 * a missing path 404s; /test-slow/… never answers and /test-count/… counts requests (web-test-runner.config.js).
 */
type FakeWindow = Window & {
  __fakeImpRuns?: number;
  __fakeImpNonce?: string;
  __fakeImpFailNext?: boolean;
  IMP?: Iamport & { __fake?: boolean };
};
const win = window as FakeWindow;
const FAKE = '/src/test-helpers/fixtures/fake-iamport.js';
let n = 0;
/** A fresh URL per test, so neither the loader's memo nor the HTTP cache carries over between tests. */
const fresh = (path: string) => `${path}${path.includes('?') ? '&' : '?'}case=${Date.now()}_${n++}`;
const counted = () => {
  const key = `k${Date.now()}_${n++}`;
  return { key, src: `/test-count/sdk.js?key=${key}` };
};
async function hits(key: string): Promise<number> {
  const response = await fetch(`/test-count/hits?key=${key}`, { cache: 'no-store' });
  return ((await response.json()) as { hits: number }).hits;
}
const scriptsFor = (src: string) =>
  Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]')).filter((s) => s.src === new URL(src, document.baseURI).href);

// Recorded at import time, before any test runs: importing the core must not inject anything.
const sdkTagsAtImport = document.querySelectorAll('script[src*="iamport"]').length;
const impAtImport = 'IMP' in window;

describe('loadImp', () => {
  beforeEach(() => {
    delete win.IMP;
    delete win.__fakeImpFailNext;
  });
  afterEach(() => {
    delete win.IMP;
    for (const s of Array.from(document.querySelectorAll('script[data-imp-billing], script[data-test-owned]'))) s.remove();
  });

  it('does nothing on import', () => {
    expect(sdkTagsAtImport).to.equal(0);
    expect(impAtImport).to.equal(false);
  });

  it('defaults to the jQuery-free V1 SDK', () => {
    expect(DEFAULT_SDK_SRC).to.equal('https://cdn.iamport.kr/v1/iamport.js');
  });

  it('injects one async <script>, resolves window.IMP', async () => {
    const src = fresh(FAKE);
    const runs = win.__fakeImpRuns ?? 0;
    const imp = await loadImp({ src });
    expect(imp).to.equal(win.IMP);
    expect(imp && (imp as { __fake?: boolean }).__fake).to.equal(true);
    expect(win.__fakeImpRuns).to.equal(runs + 1);
    const tags = scriptsFor(src);
    expect(tags).to.have.length(1);
    expect(tags[0]!.async).to.equal(true);
    expect(tags[0]!.hasAttribute('data-imp-billing')).to.equal(true);
  });

  it('reuses an existing window.IMP without loading anything', async () => {
    const { key, src } = counted();
    const existing = { init() {}, request_pay() {} };
    win.IMP = existing;
    expect(await loadImp({ src })).to.equal(existing);
    expect(await loadImp()).to.equal(existing); // default src: no network needed either
    expect(scriptsFor(src)).to.have.length(0);
    expect(document.querySelector(`script[src="${DEFAULT_SDK_SRC}"]`)).to.equal(null);
    expect(await hits(key)).to.equal(0);
  });

  it('reuses an existing <script> tag for the same URL instead of adding another', async () => {
    const { key, src } = counted();
    const tag = document.createElement('script');
    tag.src = src;
    tag.dataset['testOwned'] = '';
    document.head.appendChild(tag);
    const imp = await loadImp({ src: new URL(src, document.baseURI).href }); // absolute and relative forms match
    expect(imp).to.equal(win.IMP);
    expect(scriptsFor(src)).to.have.length(1);
    expect(await hits(key)).to.equal(1);
  });

  it('does not wait again on a page-owned tag that failed: a retry injects a fresh tag', async () => {
    const { src } = counted();
    const runs = win.__fakeImpRuns ?? 0;
    win.__fakeImpFailNext = true; // the page's own tag loads but defines no IMP (e.g. a flaky CDN answer)
    const tag = document.createElement('script');
    tag.src = src;
    tag.dataset['testOwned'] = '';
    document.head.appendChild(tag);
    const error = await rejection(loadImp({ src, timeoutMs: 2000 }));
    expect(error.code).to.equal('sdk-load-failed');
    expect(tag.isConnected, 'the page\'s own tag is left in place').to.equal(true);
    const started = performance.now();
    const imp = await loadImp({ src, timeoutMs: 2000 });
    expect(performance.now() - started).to.be.below(1500);
    expect(imp).to.equal(win.IMP);
    expect(imp).to.not.equal(undefined);
    expect(win.__fakeImpRuns).to.equal(runs + 2);
    expect(scriptsFor(src)).to.have.length(2);
  });

  it('shares one load between concurrent calls', async () => {
    const { key, src } = counted();
    const runs = win.__fakeImpRuns ?? 0;
    const a = loadImp({ src });
    const b = loadImp({ src });
    const c = loadImp({ src, timeoutMs: 5000 });
    expect(a).to.equal(b);
    expect(b).to.equal(c);
    const [ia, ib, ic] = await Promise.all([a, b, c]);
    expect(ia).to.equal(win.IMP);
    expect(ib).to.equal(ia);
    expect(ic).to.equal(ia);
    expect(scriptsFor(src)).to.have.length(1);
    expect(await hits(key)).to.equal(1);
    expect(win.__fakeImpRuns).to.equal(runs + 1);
  });

  it('rejects sdk-load-failed on a 404 and removes its tag', async () => {
    const src = fresh('/src/test-helpers/fixtures/no-such-sdk.js');
    const error = await rejection(loadImp({ src }));
    expect(error.code).to.equal('sdk-load-failed');
    expect(error.message).to.contain(src);
    expect(scriptsFor(src)).to.have.length(0);
    expect(win.IMP).to.equal(undefined);
  });

  it('rejects sdk-load-failed when the script defines no window.IMP', async () => {
    const src = fresh('/src/test-helpers/fixtures/fake-no-imp.js');
    const error = await rejection(loadImp({ src }));
    expect(error.code).to.equal('sdk-load-failed');
    expect(error.message).to.match(/window\.IMP/);
    expect(scriptsFor(src)).to.have.length(0);
  });

  it('takes a timeoutMs that is not a positive number (an empty or mistyped sdk-timeout) as the default, and a huge one as the longest', async () => {
    for (const timeoutMs of [0, Number(''), Number('abc'), -5, Infinity, 3e9]) {
      delete win.IMP;
      const imp = await loadImp({ src: fresh(FAKE), timeoutMs });
      expect(imp, `timeoutMs ${timeoutMs}`).to.equal(win.IMP);
    }
  });

  it('rejects sdk-load-failed after timeoutMs when the script never finishes', async () => {
    const src = fresh('/test-slow/iamport.js');
    const started = performance.now();
    const error = await rejection(loadImp({ src, timeoutMs: 300 }));
    const elapsed = performance.now() - started;
    expect(error.code).to.equal('sdk-load-failed');
    expect(error.message).to.match(/300 ms/);
    expect(elapsed).to.be.at.least(250).and.below(3000);
    expect(scriptsFor(src)).to.have.length(0);
  });

  it('forgets a failure: the next call for the same URL tries again and succeeds', async () => {
    const { key, src } = counted();
    const runs = win.__fakeImpRuns ?? 0;
    win.__fakeImpFailNext = true; // the fixture then skips defining IMP once
    const error = await rejection(loadImp({ src }));
    expect(error.code).to.equal('sdk-load-failed');
    expect(await hits(key)).to.equal(1);
    expect(scriptsFor(src)).to.have.length(0);
    const imp = await loadImp({ src });
    expect(imp).to.equal(win.IMP);
    expect(imp).to.not.equal(null);
    // A second script ran (Chromium may serve it from its memory cache, so count runs rather than requests).
    expect(win.__fakeImpRuns).to.equal(runs + 2);
    expect(scriptsFor(src)).to.have.length(1);
  });

  it('forgets a timeout too: a later call starts a new load', async () => {
    const slow = fresh('/test-slow/iamport.js');
    await rejection(loadImp({ src: slow, timeoutMs: 100 }));
    const second = loadImp({ src: slow, timeoutMs: 100 });
    expect(scriptsFor(slow)).to.have.length(1); // a new tag, since the first was dropped
    expect((await rejection(second)).code).to.equal('sdk-load-failed');
  });

  it('gives the nonce to the injected script (CSP)', async () => {
    const src = fresh(FAKE);
    await loadImp({ src, nonce: 'n0nce-abc' });
    expect(win.__fakeImpNonce).to.equal('n0nce-abc');
    expect(scriptsFor(src)[0]!.nonce).to.equal('n0nce-abc');
  });

  it('rejects with a BillingError a merchant can branch on', async () => {
    const error = await rejection(loadImp({ src: fresh('/src/test-helpers/fixtures/missing.js') }));
    expect(error).to.be.instanceOf(BillingError);
  });
});
