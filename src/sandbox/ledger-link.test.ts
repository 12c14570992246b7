import { expect, waitUntil } from '@open-wc/testing';
import type { Iamport, RequestPayParams, RequestPayResponse } from '../core/types.js';
import { installImpSandbox, type ImpBillingSandboxDialog, type ImpSandboxHandle } from './index.js';
import { SANDBOX_PRESET_GLOBAL } from '../core/sandbox-preset.js';

/**
 * The sandbox's half of the shared ledger (`api`) and the page-wide preset. The mock's half, and the same reports
 * reaching a real mock, are tested in src/server/billing-key-verify.node.test.ts and e2e/ledger-loop.spec.ts.
 */
let handle: ImpSandboxHandle | undefined;
const realFetch = window.fetch;
let reports: Array<{ url: string; body: Record<string, unknown> }> = [];

afterEach(() => {
  handle?.uninstall();
  handle = undefined;
  window.fetch = realFetch;
  delete (window as unknown as Record<string, unknown>)[SANDBOX_PRESET_GLOBAL];
  reports = [];
});

/** A mock API that records what it is told and answers with PortOne's envelope, or a refusal. */
function fakeMock(answer: (body: Record<string, unknown>) => Response | Promise<Response>) {
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    reports.push({ url: String(input), body });
    expect(new Headers(init?.headers).get('content-type')).to.equal('application/json');
    return answer(body);
  };
}
const ok = (body: Record<string, unknown>) => Response.json({ code: 0, message: null, response: body });

function pay(p: Partial<RequestPayParams>): Promise<RequestPayResponse> {
  const imp = (window as Window & { IMP?: Iamport }).IMP!;
  imp.init('imp00000000');
  return new Promise((resolve) =>
    imp.request_pay({ merchant_uid: `m_${Math.random().toString(36).slice(2)}`, customer_uid: 'cust_1', pg: 'jtnet', ...p } as RequestPayParams, resolve),
  );
}

describe('installImpSandbox({ api }): the shared ledger', () => {
  it('records the approved window with the mock before the callback, under the same imp_uid', async () => {
    fakeMock(ok);
    handle = installImpSandbox(window, { outcome: 'approve', api: 'http://127.0.0.1:8788' });
    const r = await pay({ pg: 'jtnet.tjtnet0001', amount: 0, buyer_email: 'a@example.com' });
    expect(reports).to.have.length(1);
    expect(reports[0]!.url).to.equal('http://127.0.0.1:8788/__sandbox/payments');
    expect(reports[0]!.body).to.include({
      imp_uid: r.imp_uid,
      merchant_uid: r.merchant_uid,
      customer_uid: 'cust_1',
      pg_provider: 'jtnet',
      pg_id: 'tjtnet0001',
      amount: 0,
      status: 'ready',
      card_number: '4242********4242',
      buyer_email: 'a@example.com',
      channel: 'pc',
      awaiting_webhook: false,
    });
    expect(r).to.include({ success: true, status: 'ready' });
  });

  it('records a checkout-service PG (bare answer, ids only) as ready, with the test card', async () => {
    fakeMock(ok);
    handle = installImpSandbox(window, { outcome: 'approve', api: 'http://127.0.0.1:8788' });
    const r = await pay({ pg: 'nice_v2', customer_id: 'buyer0001', merchant_uid: `m${Date.now()}` });
    expect(r).to.not.have.property('status'); // PortOne's checkout service answers with the ids only
    expect(reports[0]!.body).to.include({ imp_uid: r.imp_uid, pg_provider: 'nice_v2', status: 'ready', card_number: '4242********4242' });
  });

  it('records declines as failed with the reason, and flags Paymentwall as awaiting its pingback', async () => {
    fakeMock(ok);
    handle = installImpSandbox(window, { outcome: 'decline', api: 'http://127.0.0.1:8788' });
    const declined = await pay({});
    expect(reports[0]!.body).to.include({ imp_uid: declined.imp_uid, status: 'failed', fail_reason: declined.error_msg });
    handle.uninstall();
    handle = installImpSandbox(window, { outcome: 'approve', api: 'http://127.0.0.1:8788' });
    await pay({ pg: 'paymentwall', amount: 5, currency: 'USD', name: 'Plan', buyer_email: 'a@example.com', buyer_name: 'Gildong Hong' });
    expect(reports[1]!.body).to.include({ pg_provider: 'paymentwall', status: 'paid', awaiting_webhook: true, currency: 'USD' });
  });

  it('answers a clear failure (F0008) naming the mock when it refuses or cannot be reached', async () => {
    fakeMock(() => Response.json({ code: 1, message: '[F1002] merchant_uid already used', response: null }, { status: 400 }));
    handle = installImpSandbox(window, { outcome: 'approve', api: 'http://127.0.0.1:8788', lang: 'en' });
    let r = await pay({});
    expect(r).to.include({ success: false, error_code: 'F0008' });
    expect(r.error_msg).to.contain('http://127.0.0.1:8788').and.contain('F1002');
    window.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    r = await pay({});
    expect(r.error_msg).to.contain('did not answer');
  });

  it('without api, nothing is sent anywhere; handle.api turns it on later, and off again', async () => {
    fakeMock(ok);
    handle = installImpSandbox(window, { outcome: 'approve' });
    await pay({});
    expect(reports).to.have.length(0);
    handle.api = 'http://127.0.0.1:8799';
    await pay({});
    expect(reports.map((r) => r.url)).to.deep.equal(['http://127.0.0.1:8799/__sandbox/payments']);
    handle.api = null;
    await pay({});
    expect(reports).to.have.length(1);
  });
});

describe('the page-wide preset (window.__IMP_BILLING_SANDBOX__)', () => {
  it('sets the outcome and api of a sandbox installed without options; explicit options win', async () => {
    fakeMock(ok);
    (window as unknown as Record<string, unknown>)[SANDBOX_PRESET_GLOBAL] = { outcome: 'decline', api: 'http://127.0.0.1:8788' };
    handle = installImpSandbox(window);
    expect(await pay({})).to.include({ success: false, error_code: 'F0004' });
    expect(reports).to.have.length(1);
    handle.uninstall();
    handle = installImpSandbox(window, { outcome: 'approve' });
    expect(await pay({})).to.include({ success: true });
  });

  it('a person still chooses when the preset has no outcome', async () => {
    (window as unknown as Record<string, unknown>)[SANDBOX_PRESET_GLOBAL] = { lang: 'en' };
    handle = installImpSandbox(window);
    const answer = pay({});
    await waitUntil(() => document.querySelector('imp-billing-sandbox-dialog'));
    const el = document.querySelector('imp-billing-sandbox-dialog') as ImpBillingSandboxDialog;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('button[data-choice="approve"]')!.textContent!.trim()).to.equal('Approve');
    el.choose('cancel');
    expect(await answer).to.include({ error_code: 'F1001' });
  });
});
