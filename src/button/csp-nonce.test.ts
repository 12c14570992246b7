/**
 * The element's CSP nonce option reaches the SDK script it injects (issue 7 B). loadImp's own `nonce` is covered in
 * src/core/loader.test.ts; enforcement under a real `script-src 'nonce-…'` header is in e2e/csp.spec.ts.
 * Browsers hide a nonce from getAttribute once the element is in a document, so `script.nonce` is what counts, and
 * the fixture SDK reports the nonce it saw on its own <script> as it ran.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { ImpBillingButton } from './button.js';
import { defineImpBillingButton } from './define.js';
import { captureConsole } from '../test-helpers/button-harness.js';

defineImpBillingButton();

type TestWindow = Window & { __fakeImpNonce?: string; __fakeImpSrc?: string };
const win = window as TestWindow;

let unique = 0;
/** A URL no other test loaded: the loader keeps one load per URL, and window.IMP is removed between tests. */
const freshSdk = () => `/src/test-helpers/fixtures/fake-iamport.js?csp-nonce=${++unique}`;

function injected(src: string): HTMLScriptElement[] {
  const href = new URL(src, document.baseURI).href;
  return Array.from(document.querySelectorAll<HTMLScriptElement>('script[data-imp-billing]')).filter((s) => s.src === href);
}

describe('<imp-billing-button> sdk-nonce', () => {
  let quiet: ReturnType<typeof captureConsole>;
  beforeEach(() => {
    quiet = captureConsole();
    delete win.IMP;
    delete win.__fakeImpNonce;
    delete win.__fakeImpSrc;
  });
  afterEach(() => {
    quiet.restore();
    delete win.IMP;
  });

  it('the sdk-nonce attribute is given to the injected script, which runs with it', async () => {
    const src = freshSdk();
    const el = await fixture<ImpBillingButton>(
      html`<imp-billing-button merchant-code="imp00000000" customer-uid="nonce" preload="none" sdk-src=${src} sdk-nonce="r4nd0m-N0nce"></imp-billing-button>`,
    );
    expect(el.sdkNonce).to.equal('r4nd0m-N0nce');
    await el.preloadSdk();
    const scripts = injected(src);
    expect(scripts).to.have.length(1);
    expect(scripts[0]!.nonce).to.equal('r4nd0m-N0nce');
    expect(win.__fakeImpSrc).to.equal(scripts[0]!.src);
    expect(win.__fakeImpNonce, 'the nonce the SDK saw on its own tag').to.equal('r4nd0m-N0nce');
  });

  it('the sdkNonce property works the same without any attribute', async () => {
    const src = freshSdk();
    const el = await fixture<ImpBillingButton>(
      html`<imp-billing-button merchant-code="imp00000000" customer-uid="nonce" preload="none" sdk-src=${src}></imp-billing-button>`,
    );
    el.sdkNonce = 'pr0perty-N0nce';
    el.click(); // the load a click starts, not only preloadSdk(); preloadSdk() then waits on that same load
    await el.preloadSdk();
    expect(injected(src)).to.have.length(1);
    expect(injected(src)[0]!.nonce).to.equal('pr0perty-N0nce');
    expect(win.__fakeImpNonce).to.equal('pr0perty-N0nce');
  });

  it('without a nonce option the script carries none (so the checks above can fail)', async () => {
    const src = freshSdk();
    const el = await fixture<ImpBillingButton>(
      html`<imp-billing-button merchant-code="imp00000000" customer-uid="nonce" preload="none" sdk-src=${src}></imp-billing-button>`,
    );
    await el.preloadSdk();
    expect(injected(src)[0]!.nonce).to.equal('');
    expect(win.__fakeImpNonce).to.equal('');
  });

  it('preload="visible" loads with the nonce too, as soon as the button is on screen', async () => {
    const src = freshSdk();
    await fixture<ImpBillingButton>(
      html`<imp-billing-button merchant-code="imp00000000" customer-uid="nonce" sdk-src=${src} sdk-nonce="v1sible-N0nce"></imp-billing-button>`,
    );
    const start = performance.now();
    while (!win.IMP && performance.now() - start < 3000) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(injected(src)[0]?.nonce).to.equal('v1sible-N0nce');
    expect(win.__fakeImpNonce).to.equal('v1sible-N0nce');
  });
});
