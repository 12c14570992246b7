import { expect } from '@open-wc/testing';
import {
  buildRequestPayParams,
  isInFlight,
  readRedirectResult,
  requestBillingKey,
  type BillingOptions,
  type BillingResult,
  type Iamport,
  type RequestPayParams,
  type RequestPayResponse,
} from './index.js';
import { DEFAULT_TIMEOUT_MS } from './request.js';
import { SDK_ANSWERS } from '../test-helpers/sdk-answers.js';
import { at, rejection } from '../test-helpers/core-helpers.js';

interface PayCall {
  params: RequestPayParams;
  callback: ((response: RequestPayResponse) => void) | undefined;
  /** sessionStorage as it was at the moment request_pay was called. */
  storage: Record<string, string>;
}

/** A fake SDK that records every call; the test answers through the recorded callback. */
function fakeImp(behaviour: { throwOnPay?: unknown; throwOnInit?: unknown; close?: () => void } = {}) {
  const init: string[] = [];
  const pay: PayCall[] = [];
  const imp: Iamport = {
    init: (code) => {
      if (behaviour.throwOnInit !== undefined) throw behaviour.throwOnInit;
      init.push(code);
    },
    request_pay: (params, callback) => {
      pay.push({ params, callback, storage: snapshot() });
      if (behaviour.throwOnPay !== undefined) throw behaviour.throwOnPay;
    },
    ...(behaviour.close ? { close: behaviour.close } : {}),
  };
  const answer = (response: Partial<RequestPayResponse>, i = pay.length - 1) =>
    pay[i]!.callback!({ imp_uid: null, merchant_uid: pay[i]!.params.merchant_uid, ...response } as RequestPayResponse);
  return { imp, init, pay, answer };
}

function snapshot(): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < sessionStorage.length; i++) {
    const key = sessionStorage.key(i)!;
    out[key] = sessionStorage.getItem(key)!;
  }
  return out;
}
const NOTE = 'imp-billing:pending:';
const notes = () => Object.keys(snapshot()).filter((k) => k.startsWith(NOTE));

let uid = 0;
const options = (extra: BillingOptions = {}): BillingOptions => ({
  pg: 'jtnet',
  customer_uid: `cust_${uid}`,
  merchant_uid: `order_${uid++}`,
  merchantCode: 'imp00000000',
  ...extra,
});
const brick = { info: { number: '4242 4242 4242 4242', expiry: '2031-07', cvc: '826' } };
/** Fixed clock for card expiry checks. */
const now = at('2026-01-15T12:00:00');
const paymentwall = { pg: 'paymentwall', amount: 50, currency: 'USD', buyer_email: 'a@b.co', name: 'Plan', buyer_name: 'Gil Hong' };

describe('requestBillingKey', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => sessionStorage.clear());

  it('calls IMP.init and IMP.request_pay synchronously, before returning', () => {
    const f = fakeImp();
    const promise = requestBillingKey(options(), { imp: f.imp });
    expect(f.init).to.deep.equal(['imp00000000']);
    expect(f.pay).to.have.length(1);
    expect(promise).to.be.instanceOf(Promise);
    f.answer({});
    return promise;
  });

  it('hands request_pay exactly the built params (no merchantCode) and a callback', async () => {
    const f = fakeImp();
    const o = options({ amount: '1004', buyer_email: 'a@b.co' });
    const promise = requestBillingKey(o, { imp: f.imp });
    const { merchantCode: _code, ...rest } = o;
    expect(f.pay[0]!.params).to.deep.equal(buildRequestPayParams(rest));
    expect(f.pay[0]!.params.amount).to.equal(1004);
    expect(f.pay[0]!.callback).to.be.a('function');
    f.answer({});
    await promise;
  });

  it('calls IMP.init once per merchant code, and again only when the code changes', async () => {
    const f = fakeImp();
    for (const code of ['imp11111111', 'imp11111111', ' imp11111111 ', 'imp22222222', 'imp22222222', 'imp11111111']) {
      const p = requestBillingKey(options({ merchantCode: code }), { imp: f.imp });
      f.answer({});
      await p;
    }
    expect(f.init).to.deep.equal(['imp11111111', 'imp22222222', 'imp11111111']);
    expect(f.pay).to.have.length(6);
  });

  it('tracks init per SDK object', async () => {
    const a = fakeImp();
    const b = fakeImp();
    for (const f of [a, b, a]) {
      const p = requestBillingKey(options(), { imp: f.imp });
      f.answer({});
      await p;
    }
    expect(a.init).to.deep.equal(['imp00000000']);
    expect(b.init).to.deep.equal(['imp00000000']);
  });

  it('passes the final params to onParams just before request_pay', async () => {
    const f = fakeImp();
    const seen: RequestPayParams[] = [];
    const p = requestBillingKey(options(), { imp: f.imp, onParams: (params) => seen.push(params) });
    expect(seen).to.have.length(1);
    expect(seen[0]).to.equal(f.pay[0]!.params);
    f.answer({});
    await p;
  });

  describe('callback → BillingResult', () => {
    async function outcome(response: Partial<RequestPayResponse>, extra: BillingOptions = {}): Promise<BillingResult> {
      const f = fakeImp();
      const o = options(extra);
      const p = requestBillingKey(o, { imp: f.imp, storage: null });
      f.answer(response);
      return p;
    }

    it('success with imp_success', async () => {
      const response = { imp_success: true, imp_uid: 'imp_123456789012', merchant_uid: 'order_x', pg_provider: 'jtnet' };
      const f = fakeImp();
      const p = requestBillingKey(options({ customer_uid: 'cust_ok', merchant_uid: 'order_x' }), { imp: f.imp });
      f.answer(response);
      expect(await p).to.deep.equal({
        ok: true,
        awaitingWebhook: false,
        via: 'callback',
        imp_uid: 'imp_123456789012',
        merchant_uid: 'order_x',
        customer_uid: 'cust_ok',
        pg: 'jtnet',
        response,
        verifyOnServer: true,
      });
    });

    it('success with `success: true` (older SDK flows)', async () => {
      const r = await outcome({ success: true, imp_uid: 'imp_1' });
      expect(r.ok).to.equal(true);
    });

    it('success from the new SDK, which sends only imp_uid and merchant_uid: the merchant_uid sent is reported, the response kept as is', async () => {
      const r = await outcome({ imp_uid: 'imp_2', merchant_uid: 'm_new' });
      expect(r).to.include({ ok: true, imp_uid: 'imp_2', verifyOnServer: true });
      expect(r.merchant_uid).to.not.equal('m_new');
      expect(r.response).to.deep.equal({ imp_uid: 'imp_2', merchant_uid: 'm_new' });
    });

    it('falls back to the request merchant_uid when the response has none', async () => {
      const f = fakeImp();
      const p = requestBillingKey(options({ merchant_uid: 'order_fallback' }), { imp: f.imp });
      f.pay[0]!.callback!({ imp_uid: 'imp_3' } as RequestPayResponse);
      expect((await p).merchant_uid).to.equal('order_fallback');
    });

    it('survives a callback with no argument', async () => {
      const f = fakeImp();
      const p = requestBillingKey(options({ merchant_uid: 'order_empty' }), { imp: f.imp });
      (f.pay[0]!.callback as unknown as () => void)();
      const r = await p;
      // Neither an imp_uid nor a flag: nothing says a key was issued.
      expect(r).to.include({ ok: false, code: 'pg-error', imp_uid: null, merchant_uid: 'order_empty' });
    });

    it('failure with error_code / error_msg', async () => {
      const r = await outcome({ imp_success: false, imp_uid: 'imp_4', error_code: 'F1002', error_msg: '이미 결제가 이루어진 거래건입니다' });
      expect(r.ok).to.equal(false);
      if (r.ok) return;
      expect(r).to.include({ code: 'pg-error', error_code: 'F1002', error_msg: '이미 결제가 이루어진 거래건입니다', imp_uid: 'imp_4' });
      expect(r.message).to.contain('이미 결제가 이루어진 거래건입니다');
      expect(r.verifyOnServer).to.equal(true);
    });

    it('user cancellation is reported as cancelled', async () => {
      const r = await outcome({ success: false, error_msg: '[결제포기] 사용자가 결제를 취소하셨습니다' });
      expect(r).to.include({ ok: false, code: 'cancelled', error_msg: '[결제포기] 사용자가 결제를 취소하셨습니다', error_code: null });
      const r2 = await outcome({ error_code: 'PAY_PROCESS_CANCELED', error_msg: '사용자에 의해 결제가 취소되었습니다' });
      expect(r2).to.include({ ok: false, code: 'cancelled' });
    });

    it('a card error that mentions 취소 is a PG refusal, not a cancellation', async () => {
      for (const response of [
        { error_code: 'F0004', error_msg: '취소된 카드입니다' },
        { error_code: 'PAY_PROCESS_ABORTED', error_msg: 'approval failed' },
      ]) {
        expect(await outcome(response), JSON.stringify(response)).to.include({ ok: false, code: 'pg-error' });
      }
    });

    it('error_code means failure whatever the flags say', async () => {
      for (const flags of [{ imp_success: true }, { success: true }, { imp_success: true, success: true }, {}]) {
        const r = await outcome({ ...flags, imp_uid: 'imp_5', error_code: 'F400', error_msg: 'declined' });
        expect(r.ok, JSON.stringify(flags)).to.equal(false);
        expect(r).to.include({ code: 'pg-error', error_code: 'F400' });
      }
    });

    it('imp_success: false without error_code is a failure', async () => {
      const r = await outcome({ imp_success: false, imp_uid: null });
      expect(r).to.include({ ok: false, code: 'pg-error', error_code: null, error_msg: null });
      const r2 = await outcome({ success: false });
      expect(r2.ok).to.equal(false);
    });

    it('imp_success takes precedence over success', async () => {
      expect((await outcome({ imp_success: false, success: true })).ok).to.equal(false);
      expect((await outcome({ imp_success: true, success: false })).ok).to.equal(true);
    });

    it('empty error_code / error_msg strings are not errors', async () => {
      const r = await outcome({ imp_uid: 'imp_6', error_code: '', error_msg: '' });
      expect(r.ok).to.equal(true);
    });

    it('paymentwall success says the key waits for the webhook', async () => {
      const r = await outcome({ imp_uid: 'imp_7' }, paymentwall);
      expect(r).to.include({ ok: true, awaitingWebhook: true, pg: 'paymentwall' });
    });

    it('a PG without pg (default PG) gives pg null and no webhook wait', async () => {
      const r = await outcome({ imp_uid: 'imp_8' }, { pg: undefined });
      expect(r).to.include({ ok: true, awaitingWebhook: false, pg: null });
    });

    it('ignores a second callback', async () => {
      const f = fakeImp();
      const p = requestBillingKey(options(), { imp: f.imp });
      f.answer({ imp_uid: 'first' });
      f.answer({ imp_uid: 'second', error_code: 'X' });
      expect(await p).to.include({ ok: true, imp_uid: 'first' });
    });
  });

  describe('in-flight guard', () => {
    it('refuses a second call for the same customer_uid while one is open, without calling request_pay', async () => {
      const f = fakeImp();
      const first = requestBillingKey(options({ customer_uid: 'cust_busy' }), { imp: f.imp });
      expect(isInFlight('cust_busy')).to.equal(true);
      const error = await rejection(requestBillingKey(options({ customer_uid: 'cust_busy', merchant_uid: 'other' }), { imp: f.imp }));
      expect(error.code).to.equal('in-flight');
      expect(error.field).to.equal('customer_uid');
      expect(f.pay).to.have.length(1);
      // A trimmed variant of the same id is the same customer.
      expect((await rejection(requestBillingKey(options({ customer_uid: ' cust_busy ' }), { imp: f.imp }))).code).to.equal('in-flight');
      f.answer({ imp_uid: 'imp_9' });
      expect((await first).ok).to.equal(true);
      expect(isInFlight('cust_busy')).to.equal(false);
      const again = requestBillingKey(options({ customer_uid: 'cust_busy' }), { imp: f.imp });
      expect(f.pay).to.have.length(2);
      f.answer({});
      await again;
    });

    it('releases the customer_uid after a failure or cancellation too', async () => {
      const f = fakeImp();
      const p = requestBillingKey(options({ customer_uid: 'cust_fail' }), { imp: f.imp });
      f.answer({ error_msg: '사용자가 결제를 취소하셨습니다', imp_success: false });
      expect((await p).ok).to.equal(false);
      expect(isInFlight('cust_fail')).to.equal(false);
    });

    it('lets other customers through meanwhile', async () => {
      const f = fakeImp();
      const a = requestBillingKey(options({ customer_uid: 'cust_a' }), { imp: f.imp });
      const b = requestBillingKey(options({ customer_uid: 'cust_b' }), { imp: f.imp });
      expect(f.pay).to.have.length(2);
      f.answer({}, 0);
      f.answer({}, 1);
      await Promise.all([a, b]);
    });

    it('protects Paymentwall Brick from a double charge', async () => {
      const f = fakeImp();
      const first = requestBillingKey(options({ ...paymentwall, customer_uid: 'cust_brick', card: brick }), { imp: f.imp, now });
      const second = requestBillingKey(options({ ...paymentwall, customer_uid: 'cust_brick', card: brick }), { imp: f.imp, now });
      expect((await rejection(second)).code).to.equal('in-flight');
      expect(f.pay).to.have.length(1);
      f.answer({ imp_uid: 'imp_b' });
      await first;
    });
  });

  describe('refusals before request_pay', () => {
    it('invalid params reject (not throw) with invalid-params and do not hold the customer_uid', async () => {
      const f = fakeImp();
      let promise: Promise<BillingResult> | undefined;
      expect(() => {
        promise = requestBillingKey(options({ customer_uid: 'cust_bad', pg: 'jtnet', pay_method: 'phone' }), { imp: f.imp });
      }).to.not.throw();
      const error = await rejection(promise!);
      expect(error.code).to.equal('invalid-params');
      expect(error.field).to.equal('pay_method');
      expect(f.pay).to.have.length(0);
      expect(f.init).to.have.length(0);
      expect(isInFlight('cust_bad')).to.equal(false);
      expect(notes()).to.deep.equal([]);
    });

    it('requires merchantCode', async () => {
      const f = fakeImp();
      for (const merchantCode of [undefined, '', '   ']) {
        const error = await rejection(requestBillingKey(options({ merchantCode }), { imp: f.imp }));
        expect(error.code).to.equal('invalid-params');
        expect(error.field).to.equal('merchantCode');
      }
      expect(f.pay).to.have.length(0);
    });

    it('requires an SDK object', async () => {
      for (const imp of [undefined, null, {}, { init() {} }]) {
        const error = await rejection(requestBillingKey(options(), { imp: imp as unknown as Iamport }));
        expect(error.code).to.equal('sdk-load-failed');
      }
      expect(((await rejection(requestBillingKey(options(), undefined as unknown as { imp: Iamport }))).code)).to.equal('sdk-load-failed');
    });
  });


  describe('the real SDK\'s answers, each in its exact shape', () => {
    /** Sends one request and answers it with exactly `response` (nothing merged in). */
    async function answered(response: (sent: RequestPayParams) => RequestPayResponse, extra: BillingOptions = {}) {
      const f = fakeImp();
      const p = requestBillingKey(options(extra), { imp: f.imp });
      f.pay[0]!.callback!(response(f.pay[0]!.params));
      return { result: await p, sent: f.pay[0]!.params };
    }

    it('checkout service refusal { merchant_uid, error_msg }: a pg-error failure, not a success', async () => {
      const { result, sent } = await answered((p) => SDK_ANSWERS.checkoutRefused(p.merchant_uid, '빌링키 발급에 실패했습니다.'));
      expect(result).to.include({ ok: false, code: 'pg-error', error_code: null, error_msg: '빌링키 발급에 실패했습니다.', merchant_uid: sent.merchant_uid });
    });

    it('checkout service cancel F400 "사용자가 빌링키 발급을 취소하였습니다.": cancelled', async () => {
      const { result } = await answered((p) => SDK_ANSWERS.checkoutCancelled(p.merchant_uid), { pg: 'smartro_v2', customer_id: 'm', merchant_uid: 'orderF400', m_redirect_url: 'https://shop.example/r' });
      expect(result).to.include({ ok: false, code: 'cancelled', error_code: 'F400' });
    });

    it('the SDK\'s "no PG configured" answer spells error_coe: read as error_code F1001, a failure', async () => {
      const { result } = await answered(() => SDK_ANSWERS.noPgConfigured(), { pg: undefined, channelKey: 'ck' });
      expect(result).to.include({ ok: false, code: 'pg-error', error_code: 'F1001' });
    });

    it('checkout service success { imp_uid, merchant_uid, customer_uid }: a success reporting the merchant_uid sent, response as is', async () => {
      const { result, sent } = await answered((p) => SDK_ANSWERS.checkoutSuccess('portone_issue_9f2c', p.customer_uid!));
      expect(result).to.include({ ok: true, imp_uid: 'imp_100000000003', merchant_uid: sent.merchant_uid, customer_uid: sent.customer_uid });
      expect(result.response).to.deep.equal({ imp_uid: 'imp_100000000003', merchant_uid: 'portone_issue_9f2c', customer_uid: sent.customer_uid });
    });

    it('iframe window flags: success, and the customer\'s [결제포기] as cancelled', async () => {
      expect((await answered((p) => SDK_ANSWERS.iframeSuccess(p.merchant_uid))).result).to.include({ ok: true });
      expect((await answered((p) => SDK_ANSWERS.iframeCancelled(p.merchant_uid))).result).to.include({ ok: false, code: 'cancelled' });
    });
  });

  describe('an SDK the page cannot run', () => {
    it('IMP.init throwing on a page without jQuery says jQuery is missing and which call threw', async () => {
      expect(typeof (window as { jQuery?: unknown }).jQuery).to.equal('undefined');
      const f = fakeImp({ throwOnInit: new ReferenceError('jQuery is not defined') });
      const error = await rejection(requestBillingKey(options({ merchantCode: 'imp_no_jquery' }), { imp: f.imp }));
      expect(error.code).to.equal('pg-error');
      expect(error.message).to.match(/^IMP\.init threw: jQuery is not defined\./).and.match(/No jQuery on this page/);
      expect(f.pay).to.have.length(0);
    });

    it('with jQuery on the page, the failure does not blame it', async () => {
      (window as { jQuery?: unknown }).jQuery = function jQuery() {};
      try {
        const f = fakeImp({ throwOnPay: new TypeError('x is undefined') });
        const error = await rejection(requestBillingKey(options(), { imp: f.imp }));
        expect(error.message).to.equal('IMP.request_pay threw: x is undefined.');
      } finally {
        delete (window as { jQuery?: unknown }).jQuery;
      }
    });
  });

  describe('an SDK that throws', () => {
    it('request_pay throwing rejects pg-error, releases the customer_uid and forgets the note', async () => {
      const boom = new Error('IMP exploded');
      const f = fakeImp({ throwOnPay: boom });
      const error = await rejection(requestBillingKey(options({ customer_uid: 'cust_throw' }), { imp: f.imp }));
      expect(error.code).to.equal('pg-error');
      expect(error.message).to.contain('IMP exploded');
      expect(error.cause).to.equal(boom);
      expect(isInFlight('cust_throw')).to.equal(false);
      expect(notes()).to.deep.equal([]);
      expect(f.pay).to.have.length(1);
    });

    it('request_pay throwing a message with a card number: pg-error, the message withheld', async () => {
      const f = fakeImp({ throwOnPay: new Error('bad card 4242 4242 4242 4242') });
      const error = await rejection(requestBillingKey(options({ customer_uid: 'cust_throw_pan' }), { imp: f.imp }));
      expect(error.code).to.equal('pg-error');
      expect(error.message).to.match(/withheld/);
      expect(error.message).not.to.contain('4242');
    });

    it('init throwing rejects pg-error and releases', async () => {
      const imp: Iamport = {
        init: () => {
          throw 'no init';
        },
        request_pay: () => {},
      };
      const error = await rejection(requestBillingKey(options({ customer_uid: 'cust_init', merchantCode: 'imp_throws' }), { imp }));
      expect(error.code).to.equal('pg-error');
      expect(error.message).to.contain('no init');
      expect(isInFlight('cust_init')).to.equal(false);
    });
  });

  describe('timeoutMs', () => {
    it('resolves a timeout failure when no callback comes, and releases the customer_uid', async () => {
      const f = fakeImp();
      const started = performance.now();
      const r = await requestBillingKey(options({ customer_uid: 'cust_slow', merchant_uid: 'order_slow' }), { imp: f.imp, timeoutMs: 50 });
      expect(performance.now() - started).to.be.at.least(40);
      expect(r).to.include({ ok: false, code: 'timeout', customer_uid: 'cust_slow', merchant_uid: 'order_slow', via: 'callback', verifyOnServer: true });
      expect(isInFlight('cust_slow')).to.equal(false);
      // A late callback changes nothing and does not throw.
      f.answer({ imp_uid: 'late' });
      expect(isInFlight('cust_slow')).to.equal(false);
    });

    it('keeps a Brick customer blocked after the timeout until the late answer, so a retry cannot charge twice', async () => {
      const f = fakeImp();
      const brick = options({
        pg: 'paymentwall', customer_uid: 'cust_brick_slow', amount: 5, currency: 'USD', name: 'Pro', buyer_email: 'a@b.co', buyer_name: 'Gil Hong',
        card: { info: { number: '4242424242424242', expiry: `${new Date().getFullYear() + 2}-01`, cvc: '123' } },
      });
      const r = await requestBillingKey(brick, { imp: f.imp, timeoutMs: 30 });
      expect(r).to.include({ ok: false, code: 'timeout' });
      if (!r.ok) expect(r.message).to.contain('may have been charged');
      expect(isInFlight('cust_brick_slow')).to.equal(true);
      const retry = await rejection(requestBillingKey(brick, { imp: f.imp }));
      expect(retry.code).to.equal('in-flight');
      f.answer({ imp_uid: 'late' });
      expect(isInFlight('cust_brick_slow')).to.equal(false);
    });

    const charging: [string, BillingOptions][] = [
      ['jtnet with amount > 0 (zero-is-key-only)', { pg: 'jtnet', amount: 1004 }],
      ['danal phone (always charged)', { pg: 'danal', pay_method: 'phone', amount: 1000 }],
      ['an unknown PG with amount > 0', { pg: 'no_such_pg', amount: 1000 }],
      ['no pg (channelKey) with amount > 0', { pg: undefined, channelKey: 'channel-key-1', amount: 1000 }],
    ];
    for (const [name, extra] of charging) {
      it(`keeps the customer blocked after the timeout when the request can charge: ${name}`, async () => {
        const f = fakeImp();
        const o = options(extra);
        const r = await requestBillingKey(o, { imp: f.imp, timeoutMs: 20 });
        expect(r).to.include({ ok: false, code: 'timeout' });
        if (!r.ok) expect(r.message).to.contain('may have been charged').and.to.contain('blocked');
        expect(isInFlight(o.customer_uid as string)).to.equal(true);
        expect((await rejection(requestBillingKey({ ...o, merchant_uid: undefined }, { imp: f.imp }))).code).to.equal('in-flight');
        expect(f.pay).to.have.length(1);
        f.answer({ imp_uid: 'late' });
        expect(isInFlight(o.customer_uid as string)).to.equal(false);
      });
    }
    const keyOnly: [string, BillingOptions][] = [
      ['kcp_billing with amount > 0 (display-only)', { pg: 'kcp_billing', amount: 1000 }],
      ['an unknown PG with amount 0', { pg: 'no_such_pg', amount: 0 }],
      ['kakaopay with amount 0', { pg: 'kakaopay', amount: 0 }],
    ];
    for (const [name, extra] of keyOnly) {
      it(`releases the customer after the timeout when the request cannot charge: ${name}`, async () => {
        const f = fakeImp();
        const o = options(extra);
        const r = await requestBillingKey(o, { imp: f.imp, timeoutMs: 20, warn() {} });
        expect(r).to.include({ ok: false, code: 'timeout' });
        if (!r.ok) expect(r.message).to.not.contain('charged');
        expect(isInFlight(o.customer_uid as string)).to.equal(false);
      });
    }

    it('closes the SDK\'s window (IMP.close) on timeout, so its layer no longer covers the page', async () => {
      let closed = 0;
      const f = fakeImp({ close: () => void closed++ });
      const r = await requestBillingKey(options(), { imp: f.imp, timeoutMs: 20 });
      expect(r).to.include({ ok: false, code: 'timeout' });
      expect(closed).to.equal(1);
    });

    it('an SDK without close, or whose close throws, still times out', async () => {
      expect(await requestBillingKey(options(), { imp: fakeImp().imp, timeoutMs: 10 })).to.include({ code: 'timeout' });
      const f = fakeImp({ close: () => { throw new Error('no window'); } });
      expect(await requestBillingKey(options(), { imp: f.imp, timeoutMs: 10 })).to.include({ code: 'timeout' });
    });

    it('waits DEFAULT_TIMEOUT_MS (5 minutes) when no timeoutMs is given', async () => {
      const delays: unknown[] = [];
      const real = window.setTimeout;
      window.setTimeout = ((fn: () => void, ms?: number) => {
        delays.push(ms);
        return real(fn, ms);
      }) as typeof window.setTimeout;
      const f = fakeImp();
      let p: Promise<BillingResult>;
      try {
        p = requestBillingKey(options(), { imp: f.imp });
      } finally {
        window.setTimeout = real;
      }
      expect(DEFAULT_TIMEOUT_MS).to.equal(300_000);
      expect(delays).to.include(DEFAULT_TIMEOUT_MS);
      f.answer({ imp_uid: 'imp_default' });
      expect((await p).ok).to.equal(true);
    });

    it('a callback before the timeout wins', async () => {
      const f = fakeImp();
      const p = requestBillingKey(options(), { imp: f.imp, timeoutMs: 50 });
      f.answer({ imp_uid: 'quick' });
      expect(await p).to.include({ ok: true, imp_uid: 'quick' });
      await new Promise((resolve) => setTimeout(resolve, 80));
    });
  });

  describe('the redirect note in sessionStorage', () => {
    it('is recorded before request_pay for a PG that may redirect, and forgotten after the callback', async () => {
      const f = fakeImp();
      const p = requestBillingKey(options({ customer_uid: 'cust_note', merchant_uid: 'order_note' }), { imp: f.imp });
      const raw = f.pay[0]!.storage[`${NOTE}order_note`];
      expect(raw, 'note present when request_pay ran').to.be.a('string');
      const note = JSON.parse(raw!) as Record<string, unknown>;
      expect(note).to.include({ merchant_uid: 'order_note', customer_uid: 'cust_note', pg: 'jtnet', awaitingWebhook: false });
      expect(note['at']).to.be.a('number');
      expect(Object.keys(note).sort()).to.deep.equal(['at', 'awaitingWebhook', 'customer_uid', 'merchant_uid', 'pg']);
      f.answer({});
      await p;
      expect(notes()).to.deep.equal([]);
    });

    it('lets the redirect return find customer_uid (the page navigates away instead of calling back)', () => {
      const f = fakeImp();
      void requestBillingKey(options({ customer_uid: 'cust_away', merchant_uid: 'order_away' }), { imp: f.imp });
      // New SDK success return: only the two ids.
      const r = readRedirectResult('https://shop.example/return?imp_uid=imp_10&merchant_uid=order_away');
      expect(r).to.include({ ok: true, customer_uid: 'cust_away', pg: 'jtnet', via: 'redirect' });
      f.answer({});
    });

    it('marks paymentwall notes as awaiting the webhook', async () => {
      const f = fakeImp();
      const p = requestBillingKey(options({ ...paymentwall, merchant_uid: 'order_pw' }), { imp: f.imp });
      expect(JSON.parse(f.pay[0]!.storage[`${NOTE}order_pw`]!)).to.include({ awaitingWebhook: true, pg: 'paymentwall' });
      f.answer({});
      await p;
    });

    for (const pg of ['html5_inicis', 'danal_tpay', 'payco', 'settle_acc', 'danal', 'mobilians']) {
      it(`is not recorded for ${pg}, whose result comes by callback even on mobile`, async () => {
        const f = fakeImp();
        const amount = pg === 'danal' || pg === 'mobilians' ? 1000 : 0;
        const p = requestBillingKey(options({ pg: `${pg}.MID`, amount }), { imp: f.imp, warn: () => {} });
        expect(f.pay[0]!.storage).to.deep.equal({});
        f.answer({});
        await p;
      });
    }

    it('is not recorded for Paymentwall Brick (card.info, no window), and no card data is ever stored', async () => {
      const f = fakeImp();
      const p = requestBillingKey(options({ ...paymentwall, merchant_uid: 'order_brick', card: brick }), { imp: f.imp, now });
      expect(f.pay[0]!.params.card?.info?.number).to.equal('4242-4242-4242-4242');
      expect(f.pay[0]!.storage).to.deep.equal({});
      f.answer({ imp_uid: 'imp_brick' });
      await p;
      expect(notes()).to.deep.equal([]);
    });

    it('never stores card data, buyer details or amounts', () => {
      const f = fakeImp();
      void requestBillingKey(
        options({ ...paymentwall, pg: 'no_such_pg', merchant_uid: 'order_unknown_pg', buyer_tel: '010-9876-5432', card: brick }),
        { imp: f.imp, now },
      );
      const stored = JSON.stringify(f.pay[0]!.storage);
      for (const secret of ['4242', '826', '2031', 'a@b.co', '9876', 'Gil Hong']) expect(stored).to.not.contain(secret);
      f.answer({});
    });

    it('uses the given storage, or none with storage: null', async () => {
      const f = fakeImp();
      const p = requestBillingKey(options({ merchant_uid: 'order_nostore' }), { imp: f.imp, storage: null });
      expect(f.pay[0]!.storage).to.deep.equal({});
      f.answer({});
      await p;
    });

    it('a blocked sessionStorage does not break the request', async () => {
      const f = fakeImp();
      const broken = {
        get length(): number {
          throw new Error('SecurityError');
        },
        setItem() {
          throw new Error('QuotaExceededError');
        },
        getItem() {
          throw new Error('SecurityError');
        },
        removeItem() {
          throw new Error('SecurityError');
        },
        key() {
          throw new Error('SecurityError');
        },
        clear() {},
      } as unknown as Storage;
      const p = requestBillingKey(options(), { imp: f.imp, storage: broken });
      expect(f.pay).to.have.length(1);
      f.answer({ imp_uid: 'imp_blocked' });
      expect((await p).ok).to.equal(true);
    });
  });
});
