/**
 * SDK faults: a script that 404s, one that never finishes loading, one that defines no IMP, a request_pay (or init)
 * that throws, and a callback that never comes. Each gives one clear `imp-billing-failure` with the right code, the
 * element is idle again, and the next click retries and can succeed.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { ImpBillingButton } from './button.js';
import { defineImpBillingButton } from './define.js';
import { uiCopy } from './failure-copy.js';
import { BUSY } from './messages.js';
import type { BillingErrorCode } from '../core/errors.js';
import { sandboxChunk } from './sandbox-chunk.js';
import { installImpSandbox } from '../sandbox/index.js';
import { captureConsole, flushMicrotasks, messageText, recordEvents, until, type EventLog } from '../test-helpers/button-harness.js';
import { installFakeImp, removeFakeImp, type FakeImp } from '../test-helpers/fake-imp.js';

defineImpBillingButton();

interface RecordingImpState {
  runs: number;
  inits: string[];
  calls: string[];
}
type TestWindow = Window & { __recordingImp?: RecordingImpState; __recordingImpSkipNext?: boolean };
const win = window as TestWindow;

let unique = 0;
/**
 * A fresh URL of the recording SDK per use: the loader remembers a successful load per URL, and these tests remove
 * window.IMP between cases.
 */
function recordingSdk(): string {
  return `/src/test-helpers/fixtures/recording-iamport.js?case=${++unique}`;
}

async function element(sdkSrc: string, extra: Record<string, string> = {}): Promise<ImpBillingButton> {
  const el = await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp00000000" customer-uid="fault" preload="none" sdk-src=${sdkSrc}></imp-billing-button>`);
  for (const [name, value] of Object.entries(extra)) el.setAttribute(name, value);
  return el;
}

/** One click that must end in exactly one failure with `code`, shown to the user; returns its detail. */
async function clickFails(el: ImpBillingButton, events: EventLog, code: BillingErrorCode, via: string) {
  const before = events.failures.length;
  el.click();
  expect(el.busy, 'busy right after the click').to.equal(true);
  await el.updateComplete;
  expect(messageText(el), 'busy said in words, engine or not').to.equal(BUSY.ko);
  await until(() => events.failures.length > before, `an imp-billing-failure (${code})`, 5000);
  await new Promise((r) => setTimeout(r, 20)); // room for a wrong second event to show up
  expect(events.failures.length - before, 'failure events for one click').to.equal(1);
  const detail = events.failures[events.failures.length - 1]!;
  expect(detail.code).to.equal(code);
  expect(detail.via).to.equal(via);
  expect(detail.message).to.be.a('string').and.not.equal('');
  expect(el.busy, 'busy after the failure').to.equal(false);
  await el.updateComplete;
  expect(messageText(el)).to.equal(uiCopy('ko').failure[code]);
  return detail;
}

/** The next click retries with the recording SDK and succeeds. */
async function clickSucceeds(el: ImpBillingButton, events: EventLog): Promise<void> {
  const before = events.successes.length;
  el.click();
  await until(() => events.successes.length > before, 'imp-billing-success', 5000);
  expect(events.successes.length - before).to.equal(1);
  expect(el.busy).to.equal(false);
  await el.updateComplete;
  expect(messageText(el), 'the failure replaced by the success').to.equal(uiCopy('ko').success);
}

describe('SDK faults', function () {
  this.timeout(15_000);
  let quiet: ReturnType<typeof captureConsole>;
  let events: EventLog;
  beforeEach(() => {
    quiet = captureConsole();
    removeFakeImp();
    delete win.__recordingImp;
    events = recordEvents(document);
  });
  afterEach(() => {
    events.stop();
    quiet.restore();
    removeFakeImp();
    delete win.__recordingImpSkipNext;
  });

  it('script 404: sdk-load-failed at once (twice, not cached), then a working script succeeds on the next click', async () => {
    const el = await element('/src/test-helpers/fixtures/no-such-sdk.js');
    const started = performance.now();
    const detail = await clickFails(el, events, 'sdk-load-failed', 'local');
    expect(detail.message).to.contain('could not be loaded');
    await clickFails(el, events, 'sdk-load-failed', 'local');
    expect(performance.now() - started, 'a 404 does not wait for the load timeout').to.be.below(3000);
    expect(document.querySelectorAll('script[src*="no-such-sdk"]'), 'failed tags are removed').to.have.length(0);
    el.sdkSrc = recordingSdk();
    await clickSucceeds(el, events);
    expect(win.__recordingImp!.calls).to.deep.equal(['fault']);
  });

  it('script that never loads: sdk-load-failed after sdk-timeout, clicks while waiting are ignored, then a retry succeeds', async () => {
    const el = await element(`/test-slow/iamport.js?case=${++unique}`, { 'sdk-timeout': '300' });
    const started = performance.now();
    el.click();
    for (let i = 0; i < 10; i++) el.click(); // still loading: ignored, not queued
    await until(() => events.failures.length > 0, 'the load timeout', 5000);
    expect(performance.now() - started).to.be.within(250, 3000);
    expect(events.failures).to.have.length(1);
    expect(events.failures[0]!).to.include({ code: 'sdk-load-failed', via: 'local' });
    expect(events.failures[0]!.message).to.contain('did not load within 300 ms');
    expect(events.requests).to.have.length(1);
    expect(el.busy).to.equal(false);
    // The retry gets the default load timeout: 300 ms is for the script that never loads, and a busy machine can take
    // longer than that to serve the working one.
    el.removeAttribute('sdk-timeout');
    el.sdkSrc = recordingSdk();
    await clickSucceeds(el, events);
  });

  it('script that loads but defines no IMP: sdk-load-failed, then another script succeeds', async () => {
    const el = await element(`/src/test-helpers/fixtures/fake-no-imp.js?case=${++unique}`);
    const detail = await clickFails(el, events, 'sdk-load-failed', 'local');
    expect(detail.message).to.contain('did not define window.IMP');
    el.sdkSrc = recordingSdk();
    await clickSucceeds(el, events);
  });

  it('the same URL defining no IMP once, then working: the next click reloads it and succeeds', async () => {
    const src = recordingSdk();
    win.__recordingImpSkipNext = true;
    const el = await element(src);
    await clickFails(el, events, 'sdk-load-failed', 'local');
    expect(win.__recordingImp!.runs).to.equal(1);
    await clickSucceeds(el, events);
    expect(win.__recordingImp!.runs, 'the script ran again').to.equal(2);
    expect(document.querySelectorAll(`script[src$="${src}"]`)).to.have.length(1);
  });

  it('sandbox chunk that fails to load: sdk-load-failed, then the next click loads it and succeeds', async () => {
    const sandbox = installImpSandbox(window, { outcome: 'approve' });
    const load = sandboxChunk.load;
    sandboxChunk.load = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    try {
      const el = await fixture<ImpBillingButton>(html`<imp-billing-button sandbox preload="none" merchant-code="imp00000000" customer-uid="fault"></imp-billing-button>`);
      const detail = await clickFails(el, events, 'sdk-load-failed', 'local');
      expect(detail.message).to.contain('sandbox');
      sandboxChunk.load = load;
      await clickSucceeds(el, events);
      expect(sandbox.calls).to.have.length(1);
    } finally {
      sandboxChunk.load = load;
      sandbox.uninstall();
    }
  });

  describe('with a fake IMP', () => {
    let imp: FakeImp;
    beforeEach(() => {
      imp = installFakeImp();
    });
    afterEach(() => imp.settleAll());

    async function ready(extra: Record<string, string> = {}): Promise<ImpBillingButton> {
      const el = await element('/unused.js', extra);
      await el.preloadSdk();
      return el;
    }

    it('request_pay that throws: pg-error naming the throw; the next click reaches request_pay and succeeds', async () => {
      const el = await ready();
      imp.behaviour = 'throw';
      const detail = await clickFails(el, events, 'pg-error', 'local');
      expect(detail.message).to.contain('IMP.request_pay threw: SDK exploded');
      imp.behaviour = 'wait';
      el.click();
      expect(imp.calls).to.have.length(1);
      imp.answer({ imp_uid: 'imp_000000000010' });
      await flushMicrotasks();
      expect(events.successes).to.have.length(1);
    });

    it('init that throws: pg-error; init is tried again on the next click, which succeeds', async () => {
      const el = await ready();
      const init = imp.init;
      imp.init = () => {
        throw new Error('init exploded');
      };
      const detail = await clickFails(el, events, 'pg-error', 'local');
      expect(detail.message).to.contain('init exploded');
      imp.init = init;
      el.click();
      expect(imp.inits).to.deep.equal(['imp00000000']);
      imp.answer({ imp_uid: 'imp_000000000011' });
      await flushMicrotasks();
      expect(events.successes).to.have.length(1);
    });

    it('a callback that never comes: timeout after the timeout attribute, a late answer is ignored, the next click succeeds', async () => {
      const el = await ready({ timeout: '150' });
      const started = performance.now();
      const detail = await clickFails(el, events, 'timeout', 'callback');
      expect(performance.now() - started).to.be.at.least(140);
      expect(detail.message).to.contain('No answer from the payment window');
      expect(detail.merchant_uid).to.equal(imp.calls[0]!.params.merchant_uid);
      imp.calls[0]!.callback!({ imp_uid: 'imp_late', merchant_uid: imp.calls[0]!.params.merchant_uid });
      await flushMicrotasks();
      expect(events.successes, 'a late answer after the timeout').to.have.length(0);
      el.click();
      expect(imp.calls).to.have.length(2);
      imp.answer({ imp_uid: 'imp_000000000012' });
      await flushMicrotasks();
      expect(events.successes).to.have.length(1);
      expect(events.failures).to.have.length(1);
    });
  });
});
