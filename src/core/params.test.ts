import { expect } from '@open-wc/testing';
import { BillingError, buildRequestPayParams, generateMerchantUid, redactParams, type BillingOptions } from './index.js';
import { at, invalid, refusal, warnings } from '../test-helpers/core-helpers.js';

const base = { customer_uid: 'cust_1', merchant_uid: 'order_1' };
const now = at('2026-01-15T12:00:00');
const build = (extra: BillingOptions) => buildRequestPayParams({ ...base, ...extra }, { now, warn: () => {} });

describe('BillingError', () => {
  it('carries a stable code, the field and a readable message', () => {
    const error = invalid(() => buildRequestPayParams({ merchant_uid: 'm' }), 'customer_uid');
    expect(error).to.be.instanceOf(Error);
    expect(error.name).to.equal('BillingError');
    expect(error.message).to.match(/customer_uid is required/);
  });
  it('recognises an error from another copy of the library by its brand', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('imp-billing.BillingError')]: true });
    expect(foreign instanceof BillingError).to.equal(true);
    expect(new Error('x') instanceof BillingError).to.equal(false);
    expect((null as unknown as object) instanceof BillingError).to.equal(false);
  });
  it('omits field when none is given', () => {
    const error = new BillingError('timeout', 'late');
    expect('field' in error).to.equal(false);
    expect(error.code).to.equal('timeout');
  });
});

describe('buildRequestPayParams: options', () => {
  it('refuses options that are not a plain object', () => {
    for (const options of [null, undefined, 'x', 42, [], new Date(), new (class Options {})()]) {
      invalid(() => buildRequestPayParams(options as unknown as BillingOptions), 'options');
    }
  });
  it('never passes merchantCode on to request_pay', () => {
    expect(build({ merchantCode: 'imp00000000' })).to.not.have.property('merchantCode');
  });
  it('drops undefined, null and empty-string fields', () => {
    const params = build({ buyer_name: undefined, buyer_tel: null as unknown as string, buyer_addr: '', name: '   ' });
    expect(params).to.deep.equal({ ...base, amount: 0, pay_method: 'card' });
  });
  it('passes documented PG-specific extras through as copies', () => {
    const period = { from: '20260101', to: '20261231', text: '1년' };
    const bypass = { inicis: { authtype: '01' }, list: [1, 'a', true, null] };
    const params = build({ pg: 'danal_tpay', period, bypass, popup: true, custom_data: { plan: 'pro' } });
    expect(params['period']).to.deep.equal(period);
    expect(params['period']).to.not.equal(period);
    expect(params.bypass).to.deep.equal(bypass);
    expect(params.bypass).to.not.equal(bypass);
    expect(params.bypass!['inicis']).to.not.equal(bypass.inicis);
    expect(params['popup']).to.equal(true);
    expect(params.custom_data).to.deep.equal({ plan: 'pro' });
  });
  it('refuses non-data values in pass-through fields', () => {
    invalid(() => build({ bypass: { f: () => 1 } as unknown as Record<string, unknown> }), 'bypass.f');
    invalid(() => build({ custom_data: { when: new Date() } }), 'custom_data.when');
    invalid(() => build({ period: { n: Number.NaN } }), 'period.n');
    invalid(() => build({ bypass: 'widget_code=t3_1' as unknown as Record<string, unknown> }), 'bypass');
    invalid(() => build({ card: 'x' as unknown as BillingOptions['card'] }), 'card');
  });
  it('refuses data nested absurdly deep', () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 20; i++) deep = (deep['x'] = {}) as Record<string, unknown>;
    expect(refusal(() => build({ custom_data: root })).code).to.equal('invalid-params');
  });
});

describe('buildRequestPayParams: customer_uid and merchant_uid', () => {
  it('requires customer_uid (missing, empty, blank, non-string)', () => {
    invalid(() => buildRequestPayParams({ merchant_uid: 'm' }), 'customer_uid', /required/);
    invalid(() => buildRequestPayParams({ customer_uid: '', merchant_uid: 'm' }), 'customer_uid');
    invalid(() => buildRequestPayParams({ customer_uid: '   ', merchant_uid: 'm' }), 'customer_uid');
    invalid(() => buildRequestPayParams({ customer_uid: 42 as unknown as string }), 'customer_uid', /string/);
  });
  it('trims text fields', () => {
    const params = build({ customer_uid: '  cust_2 ', name: ' plan ', buyer_name: ' 홍길동 ' });
    expect(params.customer_uid).to.equal('cust_2');
    expect(params.name).to.equal('plan');
    expect(params.buyer_name).to.equal('홍길동');
  });
  it('refuses control characters and over-long text', () => {
    invalid(() => build({ customer_uid: 'a\nb' }), 'customer_uid', /control/);
    invalid(() => build({ name: 'x'.repeat(41) }), 'name', /41/);
    invalid(() => build({ merchant_uid: 'm'.repeat(41) }), 'merchant_uid');
    invalid(() => build({ customer_uid: 'c'.repeat(101) }), 'customer_uid');
    expect(build({ name: 'x'.repeat(40) }).name).to.have.length(40);
  });
  it('keeps a given merchant_uid', () => {
    expect(build({}).merchant_uid).to.equal('order_1');
  });
  it('generates merchant_uid when absent: at most 40 characters, unique over 1000 calls', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const uid = buildRequestPayParams({ customer_uid: 'c' }).merchant_uid;
      expect(uid.length).to.be.at.most(40);
      expect(uid).to.match(/^[A-Za-z0-9_-]+$/);
      seen.add(uid);
    }
    expect(seen.size).to.equal(1000);
  });
  it('generateMerchantUid is unique and random, not only time-based', () => {
    const a = generateMerchantUid();
    const b = generateMerchantUid();
    expect(a).to.not.equal(b);
    expect(a.length).to.be.at.most(40);
    // Same millisecond and counter aside, the random tail differs.
    expect(a.split('_').pop()).to.not.equal(b.split('_').pop());
  });
});

describe('buildRequestPayParams: amount and currency', () => {
  it('treats a missing amount as 0', () => {
    expect(build({}).amount).to.equal(0);
    expect(build({ amount: undefined }).amount).to.equal(0);
    expect(build({ amount: '' }).amount).to.equal(0);
  });
  it('coerces numeric strings to numbers', () => {
    expect(build({ amount: '1004' }).amount).to.equal(1004);
    expect(build({ amount: '1004' }).amount).to.be.a('number');
    expect(build({ amount: ' 50 ' }).amount).to.equal(50);
    expect(build({ amount: '9.99', currency: 'USD' }).amount).to.equal(9.99);
  });
  it('refuses negative, NaN, Infinity and non-numeric amounts', () => {
    for (const amount of [-1, -0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '-1', '1e3', 'abc', '1,000', '0x10', true, {}]) {
      invalid(() => build({ amount: amount as number }), 'amount');
    }
    invalid(() => build({ amount: Number.MAX_SAFE_INTEGER + 2 }), 'amount', /too large/);
  });
  it('refuses fractional KRW (the default currency) and JPY; allows 2 decimals in USD, not 3', () => {
    invalid(() => build({ amount: 1000.5 }), 'amount', /amount must be whole in KRW; got 1000\.5/);
    invalid(() => build({ amount: 100.5, currency: 'jpy' }), 'amount', /JPY/);
    expect(build({ amount: 19.99, currency: 'USD' }).amount).to.equal(19.99);
    expect(build({ amount: 0.5, currency: 'EUR' }).amount).to.equal(0.5);
    invalid(() => build({ amount: 19.999, currency: 'USD' }), 'amount', /two decimal/);
  });
  it('normalises currency to upper case and refuses non-codes', () => {
    expect(build({ currency: 'usd' }).currency).to.equal('USD');
    expect(build({ currency: ' krw ' }).currency).to.equal('KRW');
    for (const currency of ['US', 'DOLLAR', '₩', 'u$d']) invalid(() => build({ currency }), 'currency');
  });
  it('checks tax_free and vat_amount against amount', () => {
    const params = build({ amount: 1000, tax_free: '100', vat_amount: 90 });
    expect(params.tax_free).to.equal(100);
    expect(params.vat_amount).to.equal(90);
    invalid(() => build({ amount: 1000, tax_free: 1001 }), 'tax_free');
    invalid(() => build({ amount: 1000, vat_amount: -1 }), 'vat_amount');
  });
});

describe('buildRequestPayParams: buyer fields, language and URLs', () => {
  it('accepts plausible emails and phone numbers', () => {
    for (const buyer_email of ['a@b.co', 'iamport@siot.do', 'first.last+tag@example.co.kr']) {
      expect(build({ buyer_email }).buyer_email).to.equal(buyer_email);
    }
    expect(build({ buyer_email: ' a@b.co ' }).buyer_email).to.equal('a@b.co');
    for (const buyer_tel of ['010-1234-5678', '02-1234-1234', '+82 10 1234 5678', '(02) 123-4567', '01012345678']) {
      expect(build({ buyer_tel }).buyer_tel).to.equal(buyer_tel);
    }
  });
  it('refuses implausible emails and phone numbers', () => {
    for (const buyer_email of ['nope', 'a@b', 'a@@b.co', 'a b@c.de', '@b.co', 'a@.co', 'a@b.', `${'x'.repeat(250)}@b.co`]) {
      invalid(() => build({ buyer_email }), 'buyer_email');
    }
    for (const buyer_tel of ['12345', '010-abcd-5678', '1'.repeat(16), 'call me', '010\n1234']) {
      invalid(() => build({ buyer_tel }), 'buyer_tel');
    }
  });
  it('never quotes a refused value that looks like a card number (a card typed into the phone or email field)', () => {
    for (const [field, value] of [
      ['buyer_tel', '4242 4242 4242 4242'],
      ['buyer_email', '4242-4242-4242-4242'],
      ['currency', '4242424242424242'],
    ] as const) {
      const error = invalid(() => build({ [field]: value }), field);
      expect(error.message).to.contain('withheld');
      expect(error.message.replace(/[\s-]/g, '')).not.to.contain('4242424242424242');
    }
    // An ordinary refused value is still quoted, so the developer sees what was wrong.
    expect(invalid(() => build({ buyer_tel: 'call me' }), 'buyer_tel').message).to.contain('"call me"');
  });
  it('checks language codes', () => {
    expect(build({ language: 'en' }).language).to.equal('en');
    expect(build({ language: 'zh-CN' }).language).to.equal('zh-CN');
    for (const language of ['english', 'EN', 'e', 'ko;']) invalid(() => build({ language }), 'language');
  });
  it('accepts absolute http(s) m_redirect_url only', () => {
    for (const url of ['https://shop.example/return?x=1', 'http://localhost:8080/r']) {
      expect(build({ m_redirect_url: url }).m_redirect_url).to.equal(url);
    }
    invalid(() => build({ m_redirect_url: 'javascript:alert(1)' }), 'm_redirect_url', /must be an absolute http\(s\) URL/);
    invalid(() => build({ m_redirect_url: 'JavaScript:alert(document.cookie)' }), 'm_redirect_url');
    invalid(() => build({ m_redirect_url: 'data:text/html,<script>1</script>' }), 'm_redirect_url');
    invalid(() => build({ m_redirect_url: '/payments/return' }), 'm_redirect_url', /absolute/);
    invalid(() => build({ m_redirect_url: '//evil.example/x' }), 'm_redirect_url');
    invalid(() => build({ m_redirect_url: 'ftp://shop.example/' }), 'm_redirect_url');
    invalid(() => build({ m_redirect_url: 'https://shop.example/\n' }), 'm_redirect_url');
  });
  it('checks notice_url, one or several', () => {
    expect(build({ notice_url: 'https://shop.example/hook' }).notice_url).to.equal('https://shop.example/hook');
    expect(build({ notice_url: ['https://a.example/h', 'https://b.example/h'] }).notice_url).to.deep.equal(['https://a.example/h', 'https://b.example/h']);
    invalid(() => build({ notice_url: ['https://a.example/h', 'javascript:1'] }), 'notice_url[1]');
  });
});

describe('buildRequestPayParams: card.info (Brick)', () => {
  const pw = { pg: 'paymentwall', amount: 10, currency: 'USD', buyer_email: 'a@b.co', name: 'Plan', buyer_name: 'Gil Hong' };
  const withCard = (info: Record<string, unknown>, clock = now) =>
    buildRequestPayParams({ ...base, ...pw, card: { info } }, { now: clock, warn: () => {} });

  it('normalises the number from spaces or no separators to dddd-dddd-dddd-dddd', () => {
    for (const number of ['4242 4242 4242 4242', '4242424242424242', '4242-4242-4242-4242']) {
      expect(withCard({ number, expiry: '2027-01' }).card?.info?.number, number).to.equal('4242-4242-4242-4242');
    }
  });
  it('refuses a number that fails Luhn, without putting the number in the message', () => {
    const error = invalid(() => withCard({ number: '4242 4242 4242 4241', expiry: '2027-01' }), 'card.info.number');
    expect(error.message).to.not.contain('4242');
    invalid(() => withCard({ expiry: '2027-01' }), 'card.info.number');
  });
  it('normalises the expiry (MM/YY → YYYY-MM) and refuses a past one by the injected clock', () => {
    expect(withCard({ number: '4242424242424242', expiry: '01/27' }).card?.info?.expiry).to.equal('2027-01');
    expect(withCard({ number: '4242424242424242', expiry: '2026-01' }).card?.info?.expiry).to.equal('2026-01');
    invalid(() => withCard({ number: '4242424242424242', expiry: '2025-12' }), 'card.info.expiry', /expired/);
    invalid(() => withCard({ number: '4242424242424242', expiry: '12/25' }), 'card.info.expiry');
    invalid(() => withCard({ number: '4242424242424242', expiry: '2026-01' }, at('2026-02-01T00:00:00')), 'card.info.expiry');
    invalid(() => withCard({ number: '4242424242424242' }), 'card.info.expiry');
  });
  it('checks the CVC: 3–4 digits, optional', () => {
    expect(withCard({ number: '4242424242424242', expiry: '2027-01', cvc: '1234' }).card?.info?.cvc).to.equal('1234');
    expect(withCard({ number: '4242424242424242', expiry: '2027-01' }).card?.info).to.not.have.property('cvc');
    for (const cvc of ['12', '12345', 'abc']) {
      invalid(() => withCard({ number: '4242424242424242', expiry: '2027-01', cvc }), 'card.info.cvc');
    }
  });
  it('refuses card.info that is not an object', () => {
    invalid(() => buildRequestPayParams({ ...base, ...pw, card: { info: '4242424242424242' as unknown as undefined } }, { now }), 'card.info');
  });
  it('refuses card data anywhere under card but card.info, naming the field, for any PG', () => {
    const number = '4242424242424242';
    for (const pg of [pw, { pg: 'jtnet' }, { pg: 'unknown_pg' }, {}]) {
      const error = invalid(() => build({ ...pg, card: { number, expiry: '2027-01', cvc: '826' } }), 'card.number');
      expect(error.message).to.match(/card\.info|<imp-billing-card-form>/);
      expect(error.message).to.not.contain('4242');
    }
    expect(invalid(() => build({ ...pw, card: { number } }), 'card.number').message).to.contain('card.info');
    expect(invalid(() => build({ pg: 'jtnet', card: { number } }), 'card.number').message).to.contain('<imp-billing-card-form>');
    invalid(() => build({ pg: 'jtnet', card: { expiry: '2027-01' } }), 'card.expiry');
    invalid(() => build({ pg: 'jtnet', card: { CVC: '826' } }), 'card.CVC');
    invalid(() => build({ pg: 'jtnet', card: { birth: '900101' } }), 'card.birth');
    invalid(() => build({ pg: 'jtnet', card: { pwd_2digit: '12' } }), 'card.pwd_2digit');
    invalid(() => build({ pg: 'jtnet', card: { password: '12' } }), 'card.password');
    invalid(() => build({ pg: 'jtnet', card: { card_number: number } }), 'card.card_number');
    invalid(() => build({ pg: 'jtnet', card: { direct: { code: '361', number } } }), 'card.direct.number');
    invalid(() => build({ pg: 'jtnet', card: { detail: [{ card_code: '361', cvc: '826' }] } }), 'card.detail[0].cvc');
  });
  it('keeps the documented card.direct and card.detail', () => {
    const card = { direct: { code: '361', quota: 3 }, detail: [{ card_code: '*', enabled: false }, { card_code: '366', max_month: 6 }] };
    expect(build({ pg: 'jtnet', card }).card).to.deep.equal(card);
  });
  it('keeps only number, expiry and cvc in card.info', () => {
    const params = withCard({ number: '4242424242424242', expiry: '2027-01', cvc: '123', holder: 'x' });
    expect(params.card?.info).to.deep.equal({ number: '4242-4242-4242-4242', expiry: '2027-01', cvc: '123' });
  });
});

describe('buildRequestPayParams: prototype pollution', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>)['polluted'];
  });

  it('drops own __proto__ / constructor / prototype keys at every level and leaves Object.prototype alone', () => {
    const options = JSON.parse(
      '{"customer_uid":"c","merchant_uid":"m","__proto__":{"polluted":"top"},"constructor":{"prototype":{"polluted":"ctor"}},' +
        '"bypass":{"__proto__":{"polluted":"bypass"},"widget_code":"t3_1","prototype":1},' +
        '"custom_data":{"a":[{"__proto__":{"polluted":"deep"}}]}}',
    ) as BillingOptions;
    expect(Object.prototype.hasOwnProperty.call(options, '__proto__')).to.equal(true); // the hostile key is really there
    const params = buildRequestPayParams(options);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect(Object.prototype.hasOwnProperty.call(params, '__proto__')).to.equal(false);
    expect(Object.prototype.hasOwnProperty.call(params, 'constructor')).to.equal(false);
    expect(Object.getPrototypeOf(params)).to.equal(Object.prototype);
    expect(params.bypass).to.deep.equal({ widget_code: 't3_1' });
    expect(Object.getPrototypeOf(params.bypass)).to.equal(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(params.bypass, '__proto__')).to.equal(false);
    const item = (params.custom_data as { a: Record<string, unknown>[] }).a[0]!;
    expect(Object.keys(item)).to.deep.equal([]);
    expect(Object.getPrototypeOf(item)).to.equal(Object.prototype);
    expect(JSON.stringify(params)).to.not.contain('polluted');
  });

  it('a hostile card object cannot smuggle card.info through its prototype', () => {
    const options = JSON.parse(
      '{"customer_uid":"c","pg":"paymentwall","amount":1,"currency":"USD","buyer_email":"a@b.co","name":"n","buyer_name":"Gil Hong",' +
        '"card":{"__proto__":{"info":{"number":"4242424242424242","expiry":"2030-01"}}}}',
    ) as BillingOptions;
    const params = buildRequestPayParams(options, { warn: () => {} });
    expect(params.card).to.deep.equal({});
    expect(JSON.stringify(params)).to.not.contain('4242');
  });

  it('accepts null-prototype objects as plain data', () => {
    const options = Object.assign(Object.create(null) as Record<string, unknown>, base);
    expect(buildRequestPayParams(options as BillingOptions).customer_uid).to.equal('cust_1');
  });
});

describe('redactParams', () => {
  const params = () =>
    buildRequestPayParams(
      { ...base, pg: 'paymentwall', amount: 10, currency: 'USD', buyer_email: 'a@b.co', name: 'n', buyer_name: 'Gil Hong', card: { info: { number: '4242424242424242', expiry: '2027-01', cvc: '826' } } },
      { now, warn: () => {} },
    );

  it('hides number, expiry and cvc and keeps everything else', () => {
    const original = params();
    const redacted = redactParams(original);
    expect(redacted.card?.info).to.deep.equal({ number: '[redacted]', expiry: '[redacted]', cvc: '[redacted]' });
    const text = JSON.stringify(redacted);
    for (const secret of ['4242', '2027-01', '826']) expect(text).to.not.contain(secret);
    const { card: _a, ...rest } = redacted;
    const { card: _b, ...originalRest } = original;
    expect(rest).to.deep.equal(originalRest);
  });
  it('does not modify the params it is given', () => {
    const original = params();
    redactParams(original);
    expect(original.card?.info?.number).to.equal('4242-4242-4242-4242');
    expect(original.card?.info?.cvc).to.equal('826');
  });
  it('leaves out cvc when there was none', () => {
    const p = params();
    delete p.card!.info!.cvc;
    expect(redactParams(p).card?.info).to.deep.equal({ number: '[redacted]', expiry: '[redacted]' });
  });
  it('returns a copy of params without card data', () => {
    const p = build({ pg: 'jtnet' });
    const r = redactParams(p);
    expect(r).to.deep.equal(p);
    expect(r).to.not.equal(p);
  });
  it('copies without structuredClone too (jsdom under Jest has none)', () => {
    const globals = globalThis as { structuredClone?: unknown };
    const native = globals.structuredClone;
    delete globals.structuredClone;
    try {
      const p = build({ pg: 'jtnet', bypass: { a: { b: 1 } } });
      const r = redactParams(p);
      expect(r).to.deep.equal(p);
      expect(r.bypass).to.not.equal(p.bypass);
      expect(redactParams(params()).card?.info).to.deep.equal({ number: '[redacted]', expiry: '[redacted]', cvc: '[redacted]' });
    } finally {
      globals.structuredClone = native;
    }
  });
  it('copies nested objects too, with or without card data', () => {
    for (const p of [build({ pg: 'jtnet', bypass: { a: { b: 1 } }, custom_data: [{ c: 2 }] }), { ...params(), bypass: { a: { b: 1 } } }]) {
      const r = redactParams(p);
      expect(r.bypass).to.not.equal(p.bypass);
      expect(r.bypass!['a']).to.not.equal(p.bypass!['a']);
      if (p.custom_data) expect((r.custom_data as unknown[])[0]).to.not.equal((p.custom_data as unknown[])[0]);
    }
  });
});

describe('buildRequestPayParams: warnings', () => {
  it('uses console.warn with a prefix by default', () => {
    const original = console.warn;
    const seen: unknown[][] = [];
    console.warn = (...args: unknown[]) => seen.push(args);
    try {
      buildRequestPayParams({ ...base, pg: 'kcp_billing', amount: 100 });
    } finally {
      console.warn = original;
    }
    expect(seen).to.have.length(1);
    expect(String(seen[0]![0])).to.match(/^\[imp-billing\] kcp_billing/);
  });
  it('sends nothing for clean params', () => {
    const w = warnings();
    buildRequestPayParams({ ...base, pg: 'jtnet', amount: 100 }, { warn: w.warn });
    expect(w.messages).to.deep.equal([]);
  });
});
