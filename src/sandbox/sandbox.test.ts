import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { amountRuleFor, PG_RULES, type PgRule } from '../core/pg-rules.js';
import type { Iamport, RequestPayParams, RequestPayResponse } from '../core/types.js';
import { TEST_CARDS } from '../shared/test-cards.js';
import { installImpSandbox, isImpSandbox, type ImpBillingSandboxDialog, type ImpSandboxHandle, type ImpSandboxOptions } from './index.js';

const TAG = 'imp-billing-sandbox-dialog';
const CARD = '4242-4242-4242-4242';
const CARD_DIGITS = '4242424242424242';
/** A few years ahead, so the test card stays unexpired (and within the 30-year window) whenever this runs. */
const EXPIRY = `${new Date().getFullYear() + 3}-12`;

let handle: ImpSandboxHandle | undefined;
let counter = 0;
const mid = () => `order_${Date.now()}_${++counter}`;

afterEach(() => {
  handle?.uninstall();
  handle = undefined;
  document.querySelectorAll(TAG).forEach((el) => el.remove());
});

function install(options: ImpSandboxOptions = {}, init = true): ImpSandboxHandle {
  handle = installImpSandbox(window, { mobile: false, ...options });
  if (init) imp().init('imp00000000');
  return handle;
}

function imp(): Iamport {
  if (!window.IMP) throw new Error('window.IMP is not defined');
  return window.IMP;
}

function params(extra: Partial<RequestPayParams> = {}): RequestPayParams {
  return {
    pg: 'jtnet',
    pay_method: 'card',
    merchant_uid: mid(),
    customer_uid: 'cust_0001',
    amount: 0,
    name: '월간 구독',
    buyer_email: 'buyer@example.com',
    buyer_name: '홍길동',
    ...extra,
  };
}

function pay(p: RequestPayParams): Promise<RequestPayResponse> {
  return new Promise((resolve) => imp().request_pay(p, resolve));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function dialog(): Promise<ImpBillingSandboxDialog> {
  await waitUntil(() => document.querySelector(TAG), 'the sandbox window did not open');
  const el = document.querySelector(TAG)!;
  await el.updateComplete;
  return el;
}

function button(el: ImpBillingSandboxDialog, choice: string): HTMLButtonElement {
  const b = el.shadowRoot!.querySelector<HTMLButtonElement>(`button[data-choice="${choice}"]`);
  if (!b) throw new Error(`no ${choice} button`);
  return b;
}

function field(el: ImpBillingSandboxDialog, name: string): string {
  return el.shadowRoot!.querySelector(`[data-field="${name}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** Captures navigations and callback calls for redirect flows. */
function redirectProbe() {
  const urls: string[] = [];
  const responses: RequestPayResponse[] = [];
  return {
    urls,
    responses,
    navigate: (url: string) => urls.push(url),
    callback: (r: RequestPayResponse) => responses.push(r),
  };
}

describe('installImpSandbox: install and uninstall', () => {
  it('defines window.IMP with init and request_pay, marked as a sandbox', () => {
    install({}, false);
    expect(typeof imp().init).to.equal('function');
    expect(typeof imp().request_pay).to.equal('function');
    expect(isImpSandbox(window.IMP)).to.equal(true);
    expect(isImpSandbox({ init() {}, request_pay() {} })).to.equal(false);
    expect(isImpSandbox(null)).to.equal(false);
    expect(isImpSandbox(undefined)).to.equal(false);
  });

  it('uninstall deletes IMP when there was none, and restores a previous IMP', () => {
    expect('IMP' in window).to.equal(false);
    install();
    handle!.uninstall();
    expect('IMP' in window).to.equal(false);

    const real: Iamport = { init() {}, request_pay() {} };
    window.IMP = real;
    try {
      install();
      expect(window.IMP).to.not.equal(real);
      handle!.uninstall();
      expect(window.IMP).to.equal(real);
    } finally {
      delete window.IMP;
    }
  });

  it('uninstall removes an open window and drops pending answers', async () => {
    install();
    let called = 0;
    imp().request_pay(params(), () => called++);
    await dialog();
    handle!.uninstall();
    expect(document.querySelector(TAG)).to.equal(null);

    install({ outcome: 'approve', delayMs: 30 });
    imp().request_pay(params(), () => called++);
    handle!.uninstall();
    await sleep(80);
    expect(called).to.equal(0);
  });

  it('records init codes and deep copies of every request_pay params object', async () => {
    const h = install({ outcome: 'approve' });
    imp().init('imp11111111');
    expect(h.inits).to.deep.equal(['imp00000000', 'imp11111111']);

    const p = params({ custom_data: { plan: 'pro', seats: [1, 2] } });
    await pay(p);
    (p.custom_data as { plan: string }).plan = 'changed';
    p.name = 'changed';
    expect(h.calls).to.have.length(1);
    expect(h.calls[0]!.name).to.equal('월간 구독');
    expect(h.calls[0]!.custom_data).to.deep.equal({ plan: 'pro', seats: [1, 2] });
    expect(h.calls[0]).to.not.equal(p);
  });

  it('records refused calls too', async () => {
    const h = install({ outcome: 'approve' });
    await pay(params({ merchant_uid: '' }));
    expect(h.calls).to.have.length(1);
  });
});

describe('installImpSandbox: refusals (callback, imp_uid null)', () => {
  it('refuses request_pay before init', async () => {
    install({ outcome: 'approve' }, false);
    const r = await pay(params());
    expect(r.success).to.equal(false);
    expect(r.imp_success).to.equal(false);
    expect(r.imp_uid).to.equal(null);
    expect(r.error_code).to.equal('F0001');
    expect(r.error_msg).to.contain('IMP.init');
  });

  it('refuses a missing merchant_uid', async () => {
    install({ outcome: 'approve' });
    const p = params();
    delete (p as Partial<RequestPayParams>).merchant_uid;
    const r = await pay(p);
    expect(r).to.include({ success: false, imp_success: false, imp_uid: null, error_code: 'F0002' });
    expect(r.error_msg).to.contain('merchant_uid');
  });

  it('refuses a non-numeric amount', async () => {
    install({ outcome: 'approve' });
    const r = await pay(params({ amount: '1000' as unknown as number }));
    expect(r).to.include({ success: false, imp_uid: null });
    expect(r.error_msg).to.contain('amount');
  });

  for (const pg of ['nice', 'settle', 'nice.MID01', 'daou']) {
    it(`refuses ${pg}, which has no billing-key window, with the element's message`, async () => {
      install({ outcome: 'approve' });
      const r = await pay(params({ pg }));
      expect(r).to.include({ success: false, imp_success: false, imp_uid: null, error_code: 'F0003' });
      expect(r.error_msg).to.equal(PG_RULES[pg.split('.')[0]!]!.refusal);
      expect(r.error_msg).to.contain('REST key-in');
    });
  }

  it('refuses ksnet (REST only) in the checkout service\'s shape: merchant_uid, error_code, error_msg', async () => {
    install({ outcome: 'approve' });
    const p = params({ pg: 'ksnet' });
    expect(await pay(p)).to.deep.equal({ merchant_uid: p.merchant_uid, error_code: 'F0003', error_msg: PG_RULES['ksnet']!.refusal });
  });

  for (const pg of ['', '   ', 'jt net', 'jtnet!', '.mid', 42]) {
    it(`refuses the malformed pg ${JSON.stringify(pg)}`, async () => {
      install({ outcome: 'approve' });
      const r = await pay(params({ pg: pg as string }));
      expect(r).to.include({ success: false, imp_uid: null, error_code: 'F0003' });
    });
  }

  for (const pg of ['foo', 'newpg.MID_7', 'kcp_billingx', 'inicis_jp2', 'jtnet_']) {
    it(`refuses the well-formed but unknown pg ${JSON.stringify(pg)} (F0003), naming it`, async () => {
      const h = install({ outcome: 'approve' });
      const r = await pay(params({ pg }));
      expect(r).to.include({ success: false, imp_success: false, imp_uid: null, error_code: 'F0003' });
      expect(r.error_msg).to.contain(`"${pg.split('.')[0]}"`).and.contain('PG코드가 아닙니다');
      expect(h.calls).to.have.length(1);
      expect(document.querySelector(TAG)).to.equal(null);
    });
  }

  it('refuses an unknown pg in English, suggests the lower-case code, and keeps a long code short', async () => {
    install({ outcome: 'approve', lang: 'en' });
    const upper = await pay(params({ pg: 'Kcp_Billing.MID' }));
    expect(upper.error_code).to.equal('F0003');
    expect(upper.error_msg).to.match(/^"Kcp_Billing" is not a PG code PortOne V1 knows\./).and.contain('Did you mean "kcp_billing"?');
    const plain = await pay(params({ pg: 'foo' }));
    expect(plain.error_msg).to.not.contain('Did you mean');
    const long = await pay(params({ pg: 'x'.repeat(5000) }));
    expect(long.error_code).to.equal('F0003');
    expect(long.error_msg!.length).to.be.lessThan(300);
  });

  it('refuses an unknown pg on mobile without a callback by redirecting with the error', async () => {
    const probe = redirectProbe();
    install({ mobile: true, outcome: 'approve', navigate: probe.navigate });
    imp().request_pay(params({ pg: 'foo', m_redirect_url: 'https://shop.example/return' }));
    await waitUntil(() => probe.urls.length === 1);
    const url = new URL(probe.urls[0]!);
    expect(url.searchParams.get('imp_success')).to.equal('false');
    expect(url.searchParams.get('error_code')).to.equal('F0003');
    expect(url.searchParams.has('imp_uid')).to.equal(false);
  });

  it('refuses a merchant_uid already paid in this sandbox (F1002), but lets a declined one be retried', async () => {
    install({ outcome: 'approve' });
    const merchant_uid = mid();
    expect((await pay(params({ merchant_uid }))).success).to.equal(true);
    const again = await pay(params({ merchant_uid }));
    expect(again).to.include({ success: false, imp_uid: null, error_code: 'F1002' });
    expect(again.error_msg).to.contain('이미 결제가 이루어진 거래건입니다');

    handle!.uninstall();
    install({ outcome: 'decline' });
    const declinedUid = mid();
    expect((await pay(params({ merchant_uid: declinedUid }))).error_code).to.equal('F0004');
    expect((await pay(params({ merchant_uid: declinedUid }))).error_code).to.equal('F0004');
  });

  it('answers refusals in English when lang is en', async () => {
    install({ outcome: 'approve', lang: 'en' }, false);
    const r = await pay(params());
    expect(r.error_msg).to.match(/^The merchant code is not set/);
  });
});

describe('installImpSandbox: routing by pg or channelKey', () => {
  /** Approves on PC and reports where the answer went: chai/paypal redirect even on PC, the others call back. */
  async function routed(p: RequestPayParams): Promise<{ success: boolean; pgProvider: string | undefined }> {
    const probe = redirectProbe();
    install({ outcome: 'approve', navigate: probe.navigate });
    imp().request_pay({ ...p, m_redirect_url: 'https://shop.example/return' }, probe.callback);
    await waitUntil(() => probe.urls.length + probe.responses.length === 1, `no answer for ${String(p.pg)}`);
    handle!.uninstall();
    handle = undefined;
    if (probe.urls.length) return { success: new URL(probe.urls[0]!).searchParams.get('imp_success') === 'true', pgProvider: undefined };
    // The checkout service's bare success carries no flag: an imp_uid and no error is its success.
    const r = probe.responses[0]!;
    return { success: r.success === true || (!!r.imp_uid && !r.error_code && !r.error_msg), pgProvider: r.pg_provider };
  }

  const issuing = Object.values(PG_RULES).filter((rule) => rule.billing === 'window' || rule.billing === 'undocumented');
  const refusing = Object.values(PG_RULES).filter((rule) => rule.refusal !== undefined);

  /** Params the PG's own window accepts: its required fields, its first pay_method, an amount its rule allows. */
  function accepted(rule: PgRule, pg: string): RequestPayParams {
    const method = rule.payMethods?.[0] ?? 'card';
    return params({
      pg,
      pay_method: method,
      merchant_uid: `m${Date.now()}${++counter}`,
      amount: amountRuleFor(rule, method) === 'charged' ? 1000 : 0,
      customer_id: 'cid1',
      buyer_tel: '010-1234-5678',
      buyer_name: 'Gil Hong',
      currency: 'USD',
      bypass: { kcpQuick: { actionType: 'Register' } },
    });
  }

  it('every code in PG_RULES is lower-case and routed or refused by rule', () => {
    expect(issuing.length + refusing.length).to.equal(Object.keys(PG_RULES).length);
    for (const code of Object.keys(PG_RULES)) expect(code, 'PG codes are lower-case').to.match(/^[a-z0-9_]+$/);
  });

  for (const rule of issuing) {
    it(`routes ${rule.code}, alone and as ${rule.code}.{MID}`, async () => {
      for (const pg of [rule.code, `${rule.code}.MID_0001`]) {
        const r = await routed(accepted(rule, pg));
        expect(r.success, pg).to.equal(true);
        if (r.pgProvider !== undefined) expect(r.pgProvider, pg).to.equal(rule.code);
      }
    });
  }

  for (const rule of refusing) {
    it(`refuses ${rule.code} (${rule.billing}) with the element's own message`, async () => {
      install({ outcome: 'approve' });
      const r = await pay(accepted(rule, rule.code));
      expect(r.error_code).to.equal('F0003');
      expect(r.error_msg).to.equal(rule.refusal);
      expect(r.imp_uid ?? null).to.equal(null);
    });
  }

  it('routes the codes the issue found PortOne routing (kakao, payple, alipay, kpn, inicis_jp, hyphen, kcp_quick)', async () => {
    for (const code of ['kakao', 'payple', 'alipay', 'kpn', 'inicis_jp', 'hyphen', 'kcp_quick']) {
      expect((await routed(accepted(PG_RULES[code]!, code))).success, code).to.equal(true);
    }
  });

  it('accepts MIDs of any shape after the dot (the MID is the PG contract\'s, not PortOne\'s)', async () => {
    for (const pg of ['html5_inicis.INIBillTst', 'jtnet.tjtnet0001', 'kcp_billing.A52Q7.x', 'kicc.상점']) {
      const r = await routed(params({ pg }));
      expect(r.success, pg).to.equal(true);
      expect(r.pgProvider, pg).to.equal(pg.split('.')[0]);
    }
  });

  it('routes a channelKey without pg (the channel names the PG)', async () => {
    install({ outcome: 'approve' });
    const p = params({ channelKey: 'channel-key-9f3c1a2b' });
    delete p.pg;
    const r = await pay(p);
    expect(r).to.include({ success: true, error_code: null, merchant_uid: p.merchant_uid });
    expect(r.imp_uid).to.match(/^imp_\d{12}$/);
    expect('pg_provider' in r).to.equal(false);
  });

  it('opens the window for a channelKey without pg when a person chooses', async () => {
    install();
    const p = params({ channelKey: 'channel-key-9f3c1a2b' });
    delete p.pg;
    const answer = pay(p);
    const el = await dialog();
    button(el, 'approve').click();
    expect((await answer).success).to.equal(true);
  });
});

describe('installImpSandbox: scripted outcomes on desktop', () => {
  it('approve: a realistic key-only response', async () => {
    install({ outcome: 'approve' });
    const p = params({ pg: 'jtnet.tjtnet001', custom_data: { plan: 'pro' }, buyer_tel: '010-1234-5678' });
    const r = await pay(p);
    expect(r.success).to.equal(true);
    expect(r.imp_success).to.equal(true);
    expect(r.error_code).to.equal(null);
    expect(r.error_msg).to.equal(null);
    expect(r.imp_uid).to.match(/^imp_\d{12}$/);
    expect(r.merchant_uid).to.equal(p.merchant_uid);
    expect(r.customer_uid).to.equal('cust_0001');
    expect(r.pg_provider).to.equal('jtnet');
    expect(r.pay_method).to.equal('card');
    expect(r.paid_amount).to.equal(0);
    expect(r.status).to.equal('ready');
    expect(r.card_name).to.be.a('string').and.not.equal('');
    expect(r.card_number).to.match(/^\d{4}\*{8}\d{4}$/);
    expect(r.name).to.equal('월간 구독');
    expect(r.currency).to.equal('KRW');
    expect(r.buyer_email).to.equal('buyer@example.com');
    expect(r.buyer_name).to.equal('홍길동');
    expect(r.buyer_tel).to.equal('010-1234-5678');
    expect(r.custom_data).to.equal('{"plan":"pro"}');
    expect(r['awaiting_webhook']).to.equal(undefined);
  });

  it('approve with an amount: charged by jtnet, display-only for kcp_billing', async () => {
    install({ outcome: 'approve' });
    const jt = await pay(params({ amount: 9900 }));
    expect(jt).to.include({ status: 'paid', paid_amount: 9900 });
    expect(jt.paid_at).to.be.greaterThan(0);
    const kcp = await pay(params({ pg: 'kcp_billing', amount: 9900 }));
    expect(kcp).to.include({ success: true, status: 'ready', paid_amount: 0, pg_provider: 'kcp_billing' });
  });

  it('gives every response a distinct imp_uid', async () => {
    install({ outcome: 'approve' });
    const a = await pay(params());
    const b = await pay(params());
    expect(a.imp_uid).to.not.equal(b.imp_uid);
  });

  it('decline: F0004 card limit', async () => {
    install({ outcome: 'decline' });
    const p = params();
    const r = await pay(p);
    expect(r).to.include({ success: false, imp_success: false, error_code: 'F0004', error_msg: '[거절] 카드 한도초과', status: 'failed' });
    expect(r.imp_uid).to.match(/^imp_\d{12}$/);
    expect(r.merchant_uid).to.equal(p.merchant_uid);
    expect(r.paid_amount).to.equal(0);
  });

  it('cancel: F1001 user cancelled', async () => {
    install({ outcome: 'cancel' });
    const r = await pay(params());
    expect(r).to.include({ success: false, imp_success: false, error_code: 'F1001', error_msg: '[결제포기] 사용자가 결제를 취소하셨습니다' });
  });

  it('answers in English when <html lang="en">', async () => {
    const before = document.documentElement.lang;
    document.documentElement.lang = 'en-US';
    try {
      install({ outcome: 'decline' });
      const r = await pay(params());
      expect(r.error_msg).to.equal('[Declined] Card limit exceeded');
    } finally {
      document.documentElement.lang = before;
    }
  });

  it('delayMs delays the scripted answer', async () => {
    install({ outcome: 'approve', delayMs: 200 });
    let answered = false;
    const done = new Promise<void>((resolve) =>
      imp().request_pay(params(), () => {
        answered = true;
        resolve();
      }),
    );
    await sleep(80);
    expect(answered).to.equal(false);
    await done;
    expect(answered).to.equal(true);
  });

  it('does not open a window for a scripted outcome', async () => {
    install({ outcome: 'approve' });
    await pay(params());
    expect(document.querySelector(TAG)).to.equal(null);
  });

  it('paymentwall results are flagged as awaiting the webhook', async () => {
    install({ outcome: 'approve' });
    const r = await pay(params({ pg: 'paymentwall', amount: 5, currency: 'USD', buyer_name: 'Gil Dong' }));
    expect(r).to.include({ success: true, status: 'paid', paid_amount: 5, currency: 'USD', pg_provider: 'paymentwall' });
    expect(r['awaiting_webhook']).to.equal(true);
  });
});

describe('installImpSandbox: the payment window', () => {
  it('shows the request, moves focus in, is accessible, and approves on click', async () => {
    install();
    const p = params({ pg: 'jtnet', amount: 9900, name: '프로 요금제' });
    const answer = pay(p);
    const el = await dialog();
    const d = el.shadowRoot!.querySelector('dialog')!;
    expect(d.open).to.equal(true);
    expect(d.matches(':modal')).to.equal(true);
    expect(el.shadowRoot!.querySelector('h2')!.textContent!.replace(/\s+/g, ' ')).to.contain('SANDBOX / 테스트 결제창');
    expect(field(el, 'pg')).to.equal('jtnet');
    expect(field(el, 'name')).to.equal('프로 요금제');
    expect(field(el, 'amount')).to.equal('9,900 KRW');
    expect(field(el, 'customer_uid')).to.equal('cust_0001');
    expect(field(el, 'merchant_uid')).to.equal(p.merchant_uid);
    expect(button(el, 'approve').textContent!.trim()).to.equal('승인');
    expect(button(el, 'decline').textContent!.trim()).to.equal('거절');
    expect(button(el, 'cancel').textContent!.trim()).to.equal('취소');
    expect(el.shadowRoot!.activeElement).to.equal(button(el, 'approve'));
    await expect(el).to.be.accessible();

    button(el, 'approve').click();
    const r = await answer;
    expect(r).to.include({ success: true, status: 'paid', paid_amount: 9900, merchant_uid: p.merchant_uid });
    expect(document.querySelector(TAG)).to.equal(null);
  });

  it('says "key only" for amount 0 and "display only" for kcp_billing', async () => {
    install();
    void pay(params({ amount: 0 }));
    let el = await dialog();
    expect(field(el, 'amount')).to.equal('빌링키 발급만 (결제 없음)');
    button(el, 'cancel').click();
    await waitUntil(() => !document.querySelector(TAG));

    void pay(params({ pg: 'kcp_billing', amount: 1000 }));
    el = await dialog();
    expect(field(el, 'amount')).to.contain('1,000 KRW').and.contain('결제되지 않음');
    button(el, 'cancel').click();
  });

  it('uses English copy with lang: en', async () => {
    install({ lang: 'en' });
    void pay(params({ amount: 0 }));
    const el = await dialog();
    expect(field(el, 'amount')).to.equal('Key only (no charge)');
    expect(button(el, 'approve').textContent!.trim()).to.equal('Approve');
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.contain('SANDBOX');
    await expect(el).to.be.accessible();
    button(el, 'cancel').click();
  });

  it('declines on the decline button', async () => {
    install();
    const answer = pay(params());
    button(await dialog(), 'decline').click();
    expect(await answer).to.include({ success: false, error_code: 'F0004', error_msg: '[거절] 카드 한도초과' });
  });

  it('cancels on the cancel button', async () => {
    install();
    const answer = pay(params());
    button(await dialog(), 'cancel').click();
    expect(await answer).to.include({ success: false, error_code: 'F1001' });
  });

  it('cancels on Escape (a real key press)', async () => {
    install();
    const answer = pay(params());
    await dialog();
    await sendKeys({ press: 'Escape' });
    const r = await answer;
    expect(r).to.include({ success: false, error_code: 'F1001', error_msg: '[결제포기] 사용자가 결제를 취소하셨습니다' });
    expect(document.querySelector(TAG)).to.equal(null);
  });

  it('answers once even if clicked twice', async () => {
    install();
    let count = 0;
    imp().request_pay(params(), () => count++);
    const el = await dialog();
    button(el, 'approve').click();
    button(el, 'decline').click();
    await sleep(50);
    expect(count).to.equal(1);
  });

  it('refuses a second request while the window is open', async () => {
    install();
    const first = pay(params());
    const el = await dialog();
    const second = await pay(params());
    expect(second).to.include({ success: false, imp_uid: null, error_code: 'F0006' });
    button(el, 'approve').click();
    expect((await first).success).to.equal(true);
  });

  it('works under a strict CSP: no <style> elements, no style attributes, adopted stylesheets only', async () => {
    install();
    void pay(params());
    const el = await dialog();
    const root = el.shadowRoot!;
    expect(root.querySelectorAll('style')).to.have.length(0);
    expect(root.querySelectorAll('[style]')).to.have.length(0);
    expect(el.hasAttribute('style')).to.equal(false);
    expect(root.adoptedStyleSheets.length).to.be.greaterThan(0);
    button(el, 'cancel').click();
  });

  it('is the same element class when defined twice (idempotent define)', async () => {
    install();
    void pay(params());
    const el = await dialog();
    const ctor = customElements.get(TAG);
    button(el, 'cancel').click();
    await waitUntil(() => !document.querySelector(TAG));
    handle!.uninstall();
    install();
    void pay(params());
    await dialog();
    expect(customElements.get(TAG)).to.equal(ctor);
  });

  it('can be rendered on its own and announces its choice', async () => {
    const el = await fixture<ImpBillingSandboxDialog>(html`<imp-billing-sandbox-dialog></imp-billing-sandbox-dialog>`);
    const event = oneEvent(el, 'sandbox-choice');
    button(el, 'decline').click();
    expect(((await event) as CustomEvent<{ choice: string }>).detail.choice).to.equal('decline');
    expect(el.choice).to.equal('decline');
  });
});

describe('installImpSandbox: mobile redirect', () => {
  it('navigates to m_redirect_url with the result query, keeping its query and hash, and skips the callback', async () => {
    const probe = redirectProbe();
    install({ mobile: true, outcome: 'approve', navigate: probe.navigate });
    const p = params({ m_redirect_url: 'https://shop.example/billing/return?order=7&x=a%20b#done' });
    imp().request_pay(p, probe.callback);
    await waitUntil(() => probe.urls.length === 1);
    await sleep(30);
    expect(probe.responses).to.have.length(0);
    const raw = probe.urls[0]!;
    expect(raw.startsWith('https://shop.example/billing/return?order=7&x=a%20b&imp_uid=')).to.equal(true);
    expect(raw.endsWith('#done')).to.equal(true);
    const url = new URL(raw);
    expect(url.searchParams.get('order')).to.equal('7');
    expect(url.searchParams.get('imp_uid')).to.match(/^imp_\d{12}$/);
    expect(url.searchParams.get('merchant_uid')).to.equal(p.merchant_uid);
    expect(url.searchParams.get('imp_success')).to.equal('true');
    expect(url.searchParams.has('error_code')).to.equal(false);
    expect(url.searchParams.has('error_msg')).to.equal(false);
  });

  it('puts error_code and error_msg on a failed return', async () => {
    const probe = redirectProbe();
    install({ mobile: true, outcome: 'cancel', navigate: probe.navigate });
    const p = params({ m_redirect_url: 'https://shop.example/return' });
    imp().request_pay(p, probe.callback);
    await waitUntil(() => probe.urls.length === 1);
    const url = new URL(probe.urls[0]!);
    expect(url.pathname).to.equal('/return');
    expect(url.searchParams.get('imp_success')).to.equal('false');
    expect(url.searchParams.get('merchant_uid')).to.equal(p.merchant_uid);
    expect(url.searchParams.get('error_code')).to.equal('F1001');
    expect(url.searchParams.get('error_msg')).to.equal('[결제포기] 사용자가 결제를 취소하셨습니다');
    expect(probe.responses).to.have.length(0);
  });

  it('resolves a relative m_redirect_url against the page', async () => {
    const probe = redirectProbe();
    install({ mobile: true, outcome: 'decline', navigate: probe.navigate });
    imp().request_pay(params({ m_redirect_url: '/billing/return' }), probe.callback);
    await waitUntil(() => probe.urls.length === 1);
    const url = new URL(probe.urls[0]!);
    expect(url.origin).to.equal(location.origin);
    expect(url.pathname).to.equal('/billing/return');
    expect(url.searchParams.get('error_code')).to.equal('F0004');
  });

  it('shows the window to a person on mobile, then redirects', async () => {
    const probe = redirectProbe();
    install({ mobile: true, navigate: probe.navigate });
    imp().request_pay(params({ m_redirect_url: 'https://shop.example/return' }), probe.callback);
    const el = await dialog();
    expect(field(el, 'via')).to.equal('m_redirect_url로 이동');
    button(el, 'approve').click();
    await waitUntil(() => probe.urls.length === 1);
    expect(new URL(probe.urls[0]!).searchParams.get('imp_success')).to.equal('true');
    expect(probe.responses).to.have.length(0);
  });

  it('fails through the callback when m_redirect_url is missing on a redirecting flow', async () => {
    const probe = redirectProbe();
    install({ mobile: true, outcome: 'approve', navigate: probe.navigate });
    const r = await pay(params());
    expect(r).to.include({ success: false, imp_success: false, imp_uid: null });
    expect(r.error_msg).to.contain('m_redirect_url');
    expect(probe.urls).to.have.length(0);
  });

  for (const pg of ['html5_inicis', 'danal_tpay', 'payco', 'settle_acc']) {
    it(`${pg} answers by callback even on mobile`, async () => {
      const probe = redirectProbe();
      install({ mobile: true, outcome: 'approve', navigate: probe.navigate });
      const r = await pay(params({ pg, pay_method: PG_RULES[pg]!.payMethods?.[0] ?? 'card', m_redirect_url: 'https://shop.example/return' }));
      expect(r.success).to.equal(true);
      expect(r.pg_provider).to.equal(pg);
      expect(probe.urls).to.have.length(0);
    });
  }

  it('a channelKey without pg (no PG rule says otherwise) redirects on mobile', async () => {
    const probe = redirectProbe();
    install({ mobile: true, outcome: 'approve', navigate: probe.navigate });
    const p = params({ channelKey: 'channel-key-0000', m_redirect_url: 'https://shop.example/return' });
    delete p.pg;
    imp().request_pay(p, probe.callback);
    await waitUntil(() => probe.urls.length === 1);
    expect(probe.responses).to.have.length(0);
  });

  // chai issues keys (pay_method trans); PayPal's codes have no request_pay billing, so a plain payment shows the route.
  for (const [pg, extra] of [['chai', { pay_method: 'trans' }], ['paypal', { customer_uid: undefined }], ['paypal_v2', { customer_uid: undefined }]] as const) {
    it(`${pg} redirects even on PC`, async () => {
      const probe = redirectProbe();
      install({ mobile: false, outcome: 'approve', navigate: probe.navigate });
      imp().request_pay(params({ pg, m_redirect_url: 'https://shop.example/return', ...extra }), probe.callback);
      await waitUntil(() => probe.urls.length === 1);
      expect(new URL(probe.urls[0]!).searchParams.get('imp_success')).to.equal('true');
      expect(probe.responses).to.have.length(0);
    });
  }

  it('PC ignores m_redirect_url for ordinary PGs', async () => {
    const probe = redirectProbe();
    install({ mobile: false, outcome: 'approve', navigate: probe.navigate });
    const r = await pay(params({ m_redirect_url: 'https://shop.example/return' }));
    expect(r.success).to.equal(true);
    expect(probe.urls).to.have.length(0);
  });

  it('decides mobile from the user agent when the option is absent', async () => {
    const probe = redirectProbe();
    Object.defineProperty(navigator, 'userAgent', {
      value: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
      configurable: true,
    });
    try {
      handle = installImpSandbox(window, { outcome: 'approve', navigate: probe.navigate });
      imp().init('imp00000000');
      imp().request_pay(params({ m_redirect_url: 'https://shop.example/return' }), probe.callback);
      await waitUntil(() => probe.urls.length === 1);
      expect(probe.responses).to.have.length(0);
    } finally {
      delete (navigator as unknown as { userAgent?: string }).userAgent;
    }
    expect(navigator.userAgent).to.not.contain('iPhone');
    handle!.uninstall();
    handle = installImpSandbox(window, { outcome: 'approve', navigate: probe.navigate });
    imp().init('imp00000000');
    expect((await pay(params({ m_redirect_url: 'https://shop.example/return' }))).success).to.equal(true);
    expect(probe.urls).to.have.length(1);
  });

  it('sends a refusal to m_redirect_url when no callback was given (SDK ≥ 1.1.5)', async () => {
    const probe = redirectProbe();
    install({ mobile: true, outcome: 'approve', navigate: probe.navigate }, false);
    imp().request_pay(params({ m_redirect_url: 'https://shop.example/return' }));
    await waitUntil(() => probe.urls.length === 1);
    const url = new URL(probe.urls[0]!);
    expect(url.searchParams.get('imp_success')).to.equal('false');
    expect(url.searchParams.get('error_code')).to.equal('F0001');
    expect(url.searchParams.has('imp_uid')).to.equal(false);
  });
});

describe('installImpSandbox: Paymentwall Brick (card.info)', () => {
  const brick = (extra: Partial<RequestPayParams> = {}) =>
    params({
      pg: 'paymentwall',
      amount: 9.99,
      currency: 'USD',
      buyer_name: 'Gil Dong',
      card: { info: { number: CARD, expiry: EXPIRY, cvc: '123' } },
      ...extra,
    });

  it('answers at once without a window, flagged as awaiting the webhook, and never echoes the card', async () => {
    const logged: string[] = [];
    const originals = { log: console.log, warn: console.warn, error: console.error, info: console.info };
    for (const k of Object.keys(originals) as Array<keyof typeof originals>) {
      console[k] = (...args: unknown[]) => {
        logged.push(args.map(String).join(' '));
      };
    }
    let r: RequestPayResponse;
    try {
      const h = install({ mobile: true, navigate: () => logged.push('navigated') });
      const answer = pay(brick({ m_redirect_url: 'https://shop.example/return' }));
      await Promise.resolve();
      expect(document.querySelector(TAG)).to.equal(null);
      r = await answer;
      expect(document.querySelector(TAG)).to.equal(null);
      const recorded = JSON.stringify(h.calls);
      expect(h.calls[0]!.card).to.deep.equal({ info: { number: '[redacted]', expiry: '[redacted]', cvc: '[redacted]' } });
      for (const secret of [CARD, CARD_DIGITS, EXPIRY]) {
        expect(recorded).to.not.contain(secret);
        expect(JSON.stringify(r)).to.not.contain(secret);
        expect(document.body.textContent ?? '').to.not.contain(secret);
      }
      expect(JSON.stringify(r)).to.not.contain('"123"');
    } finally {
      Object.assign(console, originals);
    }
    expect(r.success).to.equal(true);
    expect(r.status).to.equal('paid');
    expect(r.paid_amount).to.equal(9.99);
    expect(r['awaiting_webhook']).to.equal(true);
    expect(r.card_number).to.match(/^\d{4}\*{8}\d{4}$/);
    expect(logged.join('\n')).to.not.contain('4242-4242');
    expect(logged).to.not.include('navigated');
  });

  it('declines a Luhn-invalid number without echoing it', async () => {
    install();
    const r = await pay(brick({ card: { info: { number: '4242-4242-4242-4241', expiry: EXPIRY, cvc: '123' } } }));
    expect(r).to.include({ success: false, error_code: 'F0004' });
    expect(JSON.stringify(r)).to.not.contain('4241');
  });

  it('without outcome the card decides: the mock API\'s decline card declines (F0004), in any spacing', async () => {
    install({ delayMs: 0 });
    for (const number of [TEST_CARDS.decline, '4000 0000 0000 0002', '4000000000000002']) {
      const p = brick({ card: { info: { number, expiry: EXPIRY, cvc: '123' } } });
      const r = await pay(p);
      expect(r, number).to.include({
        success: false,
        imp_success: false,
        error_code: 'F0004',
        error_msg: '[거절] 카드사 승인거절: 잔액부족',
        status: 'failed',
        paid_amount: 0,
        merchant_uid: p.merchant_uid,
      });
      // A PG decline, not a pre-start refusal: PortOne has a payment record for it.
      expect(r.imp_uid).to.match(/^imp_\d{12}$/);
      expect(JSON.stringify(r)).to.not.contain('0002');
    }
    expect(document.querySelector(TAG)).to.equal(null);
  });

  it('the decline card declines even with outcome approve, in English too; any other valid card approves', async () => {
    install({ outcome: 'approve', lang: 'en' });
    const declined = await pay(brick({ card: { info: { number: TEST_CARDS.decline, expiry: EXPIRY, cvc: '123' } } }));
    expect(declined).to.include({ success: false, error_code: 'F0004', error_msg: '[Declined] Declined by the card issuer: insufficient funds' });
    for (const number of [TEST_CARDS.approve, '5555-5555-5555-4444']) {
      const r = await pay(brick({ card: { info: { number, expiry: EXPIRY, cvc: '123' } } }));
      expect(r, number).to.include({ success: true, status: 'paid' });
    }
  });

  it('an expired card fails as invalid, whatever the outcome', async () => {
    install({ outcome: 'approve' });
    const r = await pay(brick({ card: { info: { number: CARD, expiry: '2001-01', cvc: '123' } } }));
    expect(r).to.include({ success: false, error_code: 'F0004', error_msg: '[거절] 유효하지 않은 카드 정보입니다' });
  });

  it('a scripted cancel answers F1001 for Brick too, even with the approving card', async () => {
    install({ outcome: 'cancel' });
    const r = await pay(brick());
    expect(r).to.include({ success: false, error_code: 'F1001' });
  });

  it('follows a scripted decline and delayMs', async () => {
    install({ outcome: 'decline', delayMs: 120 });
    const started = performance.now();
    const r = await pay(brick());
    expect(performance.now() - started).to.be.greaterThan(100);
    expect(r).to.include({ success: false, error_code: 'F0004', error_msg: '[거절] 카드 한도초과' });
  });

  it('does not deep-link the original params object into calls', async () => {
    const h = install();
    const p = brick();
    await pay(p);
    expect(p.card!.info!.number).to.equal(CARD);
    expect(h.calls[0]!.card!.info!.number).to.equal('[redacted]');
  });
});

// Last in the file: the CSP <meta> cannot be taken back, and it applies to this test page from here on.
describe('installImpSandbox: under a real Content-Security-Policy', () => {
  it("renders styled with style-src 'self' and causes no violation", async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    const meta = document.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = "style-src 'self'";
    document.head.append(meta);

    // Control: an inline style attribute is reported, so the policy is really in force.
    const probe = document.createElement('div');
    probe.setAttribute('style', 'color: red');
    document.body.append(probe);
    await waitUntil(() => violations.length > 0, 'the CSP is not enforced on this page');
    probe.remove();
    violations.length = 0;

    install();
    const answer = pay(params());
    const el = await dialog();
    const approve = button(el, 'approve');
    expect(getComputedStyle(approve).backgroundColor).to.equal('rgb(17, 24, 39)');
    expect(getComputedStyle(approve).minHeight).to.equal('44px');
    approve.click();
    expect((await answer).success).to.equal(true);
    await sleep(50);
    expect(violations).to.deep.equal([]);
  });
});

describe('installImpSandbox: PG rules and the real SDK\'s answer shapes', () => {
  const smartro = (extra: Partial<RequestPayParams> = {}) =>
    params({ pg: 'smartro_v2', merchant_uid: `m${Date.now()}${++counter}`, customer_id: 'matthew', m_redirect_url: 'https://shop.example/r', ...extra });

  it('checkout-service PGs approve with exactly { imp_uid, merchant_uid, customer_uid }', async () => {
    install({ outcome: 'approve' });
    const p = smartro();
    const r = await pay(p);
    expect(Object.keys(r).sort()).to.deep.equal(['customer_uid', 'imp_uid', 'merchant_uid']);
    expect(r).to.include({ merchant_uid: p.merchant_uid, customer_uid: 'cust_0001' });
    expect(r.imp_uid).to.match(/^imp_\d{12}$/);
  });

  it('checkout-service PGs decline with exactly { merchant_uid, error_code, error_msg }, and cancel with F400', async () => {
    install({ outcome: 'decline' });
    const p = smartro();
    expect(await pay(p)).to.deep.equal({ merchant_uid: p.merchant_uid, error_code: 'F0004', error_msg: '[거절] 카드 한도초과' });
    handle!.uninstall();
    install({ outcome: 'cancel' });
    const q = smartro();
    expect(await pay(q)).to.deep.equal({ merchant_uid: q.merchant_uid, error_code: 'F400', error_msg: '사용자가 빌링키 발급을 취소하였습니다.' });
  });

  it('iframe-path PGs keep their flags', async () => {
    install({ outcome: 'approve' });
    expect(await pay(params({ pg: 'kcp_billing' }))).to.include({ success: true, imp_success: true, error_code: null });
  });

  it('smartro_v2: refuses a missing customer_id, one over 20 characters, and a merchant_uid with symbols', async () => {
    install({ outcome: 'approve', lang: 'en' });
    const missing = await pay(smartro({ customer_id: undefined }));
    expect(missing).to.include({ error_code: 'F0008' });
    expect(missing.error_msg).to.contain('customer_id');
    expect((await pay(smartro({ customer_id: 'c'.repeat(21) }))).error_msg).to.match(/at most 20 characters/);
    expect((await pay(smartro({ merchant_uid: 'order_1' }))).error_msg).to.match(/letters and digits only/);
    expect((await pay(smartro({ customer_id: 'c'.repeat(20) }))).imp_uid).to.match(/^imp_/);
  });

  it('tosspay_v2 redirects on mobile: refused without m_redirect_url, redirected with it', async () => {
    const probe = redirectProbe();
    install({ mobile: true, outcome: 'approve', navigate: probe.navigate });
    const toss = (extra: Partial<RequestPayParams>) =>
      params({ pg: 'tosspay_v2', pay_method: 'tosspay', merchant_uid: `m${++counter}`, customer_id: 'matthew', ...extra });
    const refused = await pay(toss({}));
    expect(refused.error_code).to.equal('F0005');
    imp().request_pay(toss({ m_redirect_url: 'https://shop.example/return' }), probe.callback);
    await waitUntil(() => probe.urls.length === 1);
    expect(new URL(probe.urls[0]!).pathname).to.equal('/return');
    expect(probe.responses).to.deep.equal([]);
  });

  it('welcome: a pay_method it lacks is refused by the window', async () => {
    install({ outcome: 'approve', lang: 'en' });
    const r = await pay(params({ pg: 'welcome', pay_method: 'trans', buyer_tel: '010-1234-5678', m_redirect_url: 'https://shop.example/r' }));
    expect(r.error_msg).to.match(/pay_method "trans"/);
  });
});
