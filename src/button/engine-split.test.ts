/**
 * The element's shell and its engine chunk (engine-chunk.ts is the seam): the shell paints without the engine, loads
 * it at the same moment as the SDK, a click before both arrive waits for them, a failed engine load is
 * `sdk-load-failed` and the next click retries, and with both present `IMP.request_pay` runs inside `click()` itself.
 *
 * Order matters in this file: the page loads the engine once and keeps it (as a real page does), so the first test
 * runs before it ever arrived.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { installFakeImp, removeFakeImp } from '../test-helpers/fake-imp.js';
import { recordEvents, until } from '../test-helpers/button-harness.js';
import type { ImpBillingButton } from './button.js';
import { defineImpBillingButton } from './define.js';
import { engineChunk } from './engine-chunk.js';
import { BUSY, LABEL, LOAD_FAILED } from './messages.js';

defineImpBillingButton();

const realLoad = engineChunk.load;

function messageText(el: ImpBillingButton): string {
  return el.shadowRoot!.querySelector('[part=message]')!.textContent!.trim();
}

type FakeSdkWindow = Window & { __fakeImpRuns?: number };

describe('<imp-billing-button> shell and engine', () => {
  afterEach(() => {
    engineChunk.load = realLoad;
    removeFakeImp();
  });

  it('before its engine ever arrived: a chunk that fails at once (no URL to load it from) and an empty sdk-timeout', async () => {
    const el = await fixture<ImpBillingButton>(
      html`<imp-billing-button lang="en" preload="none" sdk-timeout="" merchant-code="imp00000000" pg="kcp_billing" customer-uid="c_throw"></imp-billing-button>`,
    );
    installFakeImp(); // the page's own SDK: only the engine is loaded
    const events = recordEvents(el);
    try {
      // The IIFE's text pasted into an inline script: forming the chunk's URL throws inside the load.
      engineChunk.load = () => {
        throw new TypeError("Failed to construct 'URL': Invalid URL");
      };
      el.click();
      await until(() => events.failures.length === 1, 'the failed load reported');
      expect(events.failures[0]).to.include({ code: 'sdk-load-failed', message: 'The engine did not load.', via: 'local' });
      expect(el.busy).to.equal(false);

      // sdk-timeout="" reads as 0: the load still gets the default time, not none.
      engineChunk.load = () => new Promise((_, reject) => setTimeout(() => reject(new TypeError('Failed to fetch dynamically imported module')), 100));
      el.click();
      await until(() => events.failures.length === 2, 'the slow failure reported');
      expect(events.failures[1]!.message, 'the chunk\'s own failure, not a timeout of 0 ms').to.equal('The engine did not load.');
    } finally {
      events.stop();
    }
  });

  it('before its engine ever arrived: an engine load that never answers is sdk-load-failed after sdk-timeout, each click waiting again', async () => {
    let engineRequests = 0;
    let endStall!: (error: Error) => void;
    engineChunk.load = () => {
      engineRequests++;
      return new Promise((_, reject) => (endStall = reject)); // a stalled response: the browser's own limit is minutes away
    };
    const el = await fixture<ImpBillingButton>(
      html`<imp-billing-button lang="en" preload="none" sdk-timeout="150" merchant-code="imp00000000" pg="kcp_billing" customer-uid="c_stall" sdk-src="/src/test-helpers/fixtures/fake-iamport.js?stall"></imp-billing-button>`,
    );
    const events = recordEvents(el);
    try {
      const clicked = performance.now();
      el.click();
      expect(el.busy).to.equal(true);
      await until(() => events.failures.length === 1, 'the stalled engine reported');
      expect(performance.now() - clicked, 'not before sdk-timeout').to.be.at.least(140);
      expect(events.failures[0]).to.include({ code: 'sdk-load-failed', via: 'local', customer_uid: 'c_stall' });
      expect(events.failures[0]!.message).to.contain('150 ms');
      expect(el.busy).to.equal(false);
      await el.updateComplete;
      expect(messageText(el)).to.equal(LOAD_FAILED.en);

      // The import is still on its way (a second import() of the same URL would only join it): waited on again.
      el.click();
      await until(() => events.failures.length === 2, 'the second wait reported');
      expect(engineRequests).to.equal(1);
      expect(events.requests).to.have.length(0);
    } finally {
      events.stop();
      endStall(new TypeError('Failed to fetch dynamically imported module')); // forgotten: the next test loads anew
      // The SDK loaded beside the stalled engine: the next test counts the runs of its own SDK script from zero.
      await until(() => (window as FakeSdkWindow).__fakeImpRuns === 1, 'the SDK script ran');
      delete (window as FakeSdkWindow).__fakeImpRuns;
    }
  });

  it('before its engine ever arrived: paints, a click loads the engine and the SDK together, a failed engine load is reported and retried', async () => {
    let engineRequests = 0;
    engineChunk.load = () => {
      engineRequests++;
      return Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    };
    const el = await fixture<ImpBillingButton>(
      html`<imp-billing-button lang="en" preload="none" merchant-code="imp00000000" pg="kcp_billing" customer-uid="c_split" sdk-src="/src/test-helpers/fixtures/fake-iamport.js?split"></imp-billing-button>`,
    );
    expect(el.shadowRoot!.querySelector('button')!.textContent).to.contain(LABEL.en);
    const events = recordEvents(el);
    try {
      // 1. preload="none": the click is the trigger, the SDK's script injected in the same task as the engine's load.
      //    The engine fails: one sdk-load-failed, shown, the element idle again.
      el.click();
      expect(engineRequests).to.equal(1);
      expect(document.querySelector('script[src$="fake-iamport.js?split"]'), 'the SDK requested with the engine').to.not.equal(null);
      expect(el.busy, 'busy while waiting for the engine').to.equal(true);
      await until(() => events.failures.length === 1, 'the engine-load failure');
      expect(events.failures[0]).to.include({ code: 'sdk-load-failed', via: 'local', customer_uid: 'c_split' });
      expect(events.requests, 'no request without the engine').to.have.length(0);
      expect(el.busy).to.equal(false);
      await el.updateComplete;
      expect(messageText(el)).to.equal(LOAD_FAILED.en);

      // 2. The next engine load is held: preloadSdk() asks for it again.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      engineChunk.load = () => {
        engineRequests++;
        return held.then(realLoad);
      };
      const preloaded = el.preloadSdk();
      expect(engineRequests, 'the engine asked for again').to.equal(2);

      // 3. A click while the engine is still on its way waits for it, then behaves as before.
      el.click();
      expect(el.busy).to.equal(true);
      await new Promise((r) => setTimeout(r, 50));
      expect(events.requests, 'nothing sent before the engine is here').to.have.length(0);
      expect(messageText(el), 'busy said in words before the engine is here').to.equal(BUSY.en);
      expect(el.shadowRoot!.querySelector('button')!.getAttribute('aria-disabled')).to.equal('true');
      await until(() => (window as FakeSdkWindow).__fakeImpRuns === 1, 'the SDK script ran');
      const imp = installFakeImp(); // in place of the stand-in the script defined: one that records
      release();
      await preloaded;
      await until(() => imp.calls.length === 1, 'request_pay after the engine arrived');
      expect(events.requests).to.have.length(1);
      expect(imp.calls[0]!.params.customer_uid).to.equal('c_split');
      imp.answer({ imp_uid: 'imp_123456789012', success: true });
      await until(() => events.successes.length === 1, 'the success');
      expect(engineRequests, 'one more engine load for the click, none per click after').to.equal(2);
    } finally {
      events.stop();
      delete (window as FakeSdkWindow).__fakeImpRuns;
    }
  });

  it('with the engine and the SDK present, click() calls IMP.request_pay before it returns (inside the gesture)', async () => {
    const imp = installFakeImp();
    const el = await fixture<ImpBillingButton>(
      html`<imp-billing-button preload="none" merchant-code="imp00000000" pg="kcp_billing" customer-uid="c_sync"></imp-billing-button>`,
    );
    await el.preloadSdk();
    let engineRequests = 0;
    engineChunk.load = () => {
      engineRequests++;
      return realLoad();
    };
    el.click();
    expect(imp.calls, 'request_pay ran synchronously inside click()').to.have.length(1);
    expect(engineRequests, 'the engine is kept, not loaded again').to.equal(0);
    imp.settleAll();
  });
});
