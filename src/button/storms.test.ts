/**
 * Activation storms: whatever mix of mouse, keyboard and script activations arrives, at most one `request_pay` is in
 * flight per customer_uid, and the element is usable again once the answer came.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, sendMouse, resetMouse } from '@web/test-runner-commands';
import type { ImpBillingButton } from './button.js';
import { defineImpBillingButton } from './define.js';
import type { RequestPayResponse } from '../core/types.js';
import { installImpSandbox, type ImpSandboxHandle } from '../sandbox/index.js';
import { captureConsole, flushMicrotasks, inner, recordEvents, until } from '../test-helpers/button-harness.js';
import { installFakeImp, removeFakeImp, type FakeImp } from '../test-helpers/fake-imp.js';

defineImpBillingButton();

/** Wraps the fake so every call is counted as open until its callback runs; `max` is the worst per customer. */
function trackInFlight(imp: FakeImp) {
  const open = new Map<string, number>();
  const stats = { max: 0, open };
  const original = imp.request_pay.bind(imp);
  imp.request_pay = (params, callback) => {
    const uid = String(params.customer_uid);
    open.set(uid, (open.get(uid) ?? 0) + 1);
    stats.max = Math.max(stats.max, open.get(uid)!);
    let answered = false;
    original(params, (response: RequestPayResponse) => {
      if (!answered) open.set(uid, open.get(uid)! - 1);
      answered = true;
      callback?.(response);
    });
  };
  return stats;
}

async function button(uid = 'storm'): Promise<ImpBillingButton> {
  const el = await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp00000000" customer-uid=${uid}></imp-billing-button>`);
  await el.preloadSdk();
  await el.updateComplete;
  return el;
}

/** The centre of the inner button, in viewport pixels, for real mouse clicks. */
function centre(el: ImpBillingButton): [number, number] {
  const r = inner(el).getBoundingClientRect();
  return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];
}

describe('activation storms', () => {
  let imp: FakeImp;
  let inFlight: ReturnType<typeof trackInFlight>;
  let quiet: ReturnType<typeof captureConsole>;

  beforeEach(() => {
    imp = installFakeImp();
    inFlight = trackInFlight(imp);
    quiet = captureConsole();
  });
  afterEach(async () => {
    quiet.restore();
    imp.settleAll();
    removeFakeImp();
    await resetMouse();
    expect(inFlight.max, 'most request_pay calls in flight for one customer').to.be.at.most(1);
  });

  it('50 rapid clicks (real mouse, host, inner button, synthetic events) make one request_pay; after the answer the next click works', async () => {
    const el = await button();
    const events = recordEvents(el);
    const [x, y] = centre(el);
    for (let i = 0; i < 40; i++) {
      if (i % 4 === 0) el.click();
      else if (i % 4 === 1) inner(el).click();
      else if (i % 4 === 2) inner(el).dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      else el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    }
    for (let i = 0; i < 10; i++) await sendMouse({ type: 'click', position: [x, y] });
    expect(imp.calls).to.have.length(1);
    expect(events.requests).to.have.length(1);
    expect(events.failures).to.deep.equal([]);
    imp.answer({ imp_uid: 'imp_000000000001' });
    await flushMicrotasks();
    expect(events.successes).to.have.length(1);
    await sendMouse({ type: 'click', position: [x, y] });
    expect(imp.calls).to.have.length(2);
    events.stop();
  });

  it('a held Enter key (30 auto-repeated keydowns) makes one request_pay; the next press after the answer makes another', async () => {
    const el = await button();
    const events = recordEvents(el);
    inner(el).focus();
    for (let i = 0; i < 30; i++) await sendKeys({ down: 'Enter' });
    await sendKeys({ up: 'Enter' });
    expect(imp.calls).to.have.length(1);
    // Ignored while busy, not refused: no in-flight failures either.
    expect(events.requests).to.have.length(1);
    expect(events.failures).to.deep.equal([]);
    events.stop();
    imp.answer({ imp_uid: 'imp_000000000002' });
    await flushMicrotasks();
    expect(el.busy).to.equal(false);
    await sendKeys({ press: 'Enter' });
    expect(imp.calls).to.have.length(2);
  });

  it('a held Space bar, then 20 Space and Enter presses while busy, make one request_pay; the next press after the answer works', async () => {
    const el = await button();
    const events = recordEvents(el);
    inner(el).focus();
    for (let i = 0; i < 30; i++) await sendKeys({ down: ' ' });
    await sendKeys({ up: ' ' });
    for (let i = 0; i < 10; i++) {
      await sendKeys({ press: 'Space' });
      await sendKeys({ press: 'Enter' });
    }
    expect(imp.calls).to.have.length(1);
    expect(events.requests).to.have.length(1);
    expect(events.failures).to.deep.equal([]);
    events.stop();
    imp.answer({ imp_uid: 'imp_000000000003' });
    await flushMicrotasks();
    await sendKeys({ press: 'Space' });
    expect(imp.calls).to.have.length(2);
  });

  it('click() from script in loops, microtasks and timers makes one request_pay; clicks in the answer\'s own task are ignored, the next task\'s works', async () => {
    const el = await button();
    const events = recordEvents(el);
    for (let i = 0; i < 50; i++) el.click();
    for (let i = 0; i < 20; i++) queueMicrotask(() => el.click());
    await Promise.all(Array.from({ length: 20 }, () => new Promise<void>((r) => setTimeout(() => (el.click(), r()), 0))));
    expect(imp.calls).to.have.length(1);
    imp.answer({ imp_uid: 'imp_000000000004' });
    el.click(); // the result is not reported yet: still busy
    expect(imp.calls).to.have.length(1);
    await flushMicrotasks();
    el.click();
    expect(imp.calls).to.have.length(2);
    expect(events.requests).to.have.length(2);
    expect(events.failures).to.deep.equal([]);
    events.stop();
  });

  it('two elements with the same customer-uid: one request_pay; the other says in-flight; after the answer either may start the next', async () => {
    const wrap = await fixture(html`<div>
      <imp-billing-button merchant-code="imp00000000" customer-uid="shared"></imp-billing-button>
      <imp-billing-button merchant-code="imp00000000" customer-uid="shared"></imp-billing-button>
      <imp-billing-button merchant-code="imp00000000" customer-uid="someone-else"></imp-billing-button>
    </div>`);
    const [a, b, other] = Array.from(wrap.querySelectorAll('imp-billing-button'));
    for (const el of [a!, b!, other!]) await el.preloadSdk();
    const events = recordEvents(wrap);
    for (let i = 0; i < 50; i++) (i % 2 ? b! : a!).click();
    await flushMicrotasks();
    const shared = imp.calls.filter((c) => c.params.customer_uid === 'shared');
    expect(shared).to.have.length(1);
    expect(events.failures.length).to.be.greaterThan(0);
    expect(events.failures.every((f) => f.code === 'in-flight' && f.field === 'customer_uid')).to.equal(true);
    // Another customer is independent.
    other!.click();
    expect(imp.calls.filter((c) => c.params.customer_uid === 'someone-else')).to.have.length(1);
    shared[0]!.callback!({ imp_uid: 'imp_000000000005', merchant_uid: shared[0]!.params.merchant_uid });
    await flushMicrotasks();
    b!.click();
    expect(imp.calls.filter((c) => c.params.customer_uid === 'shared')).to.have.length(2);
    events.stop();
  });

  describe('while the SDK is still loading (sandbox, loaded on the first click)', () => {
    let sandbox: ImpSandboxHandle;
    beforeEach(() => {
      removeFakeImp();
      sandbox = installImpSandbox(window, { outcome: 'approve', delayMs: 20 });
    });
    afterEach(() => sandbox.uninstall());

    it('50 clicks before the SDK is ready make one request_pay, and the next click after the answer makes another', async () => {
      const el = await fixture<ImpBillingButton>(html`<imp-billing-button sandbox preload="none" merchant-code="imp00000000" customer-uid="loading"></imp-billing-button>`);
      const events = recordEvents(el);
      for (let i = 0; i < 50; i++) (i % 2 ? el : inner(el)).click();
      await until(() => events.successes.length === 1, 'the sandbox answer');
      expect(sandbox.calls).to.have.length(1);
      el.click();
      await until(() => events.successes.length === 2, 'the second answer');
      expect(sandbox.calls).to.have.length(2);
      expect(events.failures).to.deep.equal([]);
      events.stop();
    });
  });
});
