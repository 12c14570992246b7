import { expect } from '@open-wc/testing';
import { PG_RULES, PG_CODE_PATTERN, buildRequestPayParams, lookupPg, ruleFor, type BillingOptions } from './index.js';
import { mayRedirect, resultRedirects } from './pg-rules.js';
import { at, invalid, warnings } from '../test-helpers/core-helpers.js';

// Letters and digits only: smartro_v2 refuses anything else in merchant_uid.
const base = { customer_uid: 'cust_1', merchant_uid: 'order0001' };
const now = at('2026-01-15T12:00:00');
const brick = { info: { number: '4242 4242 4242 4242', expiry: '2030-01', cvc: '123' } };
const RETURN = 'https://shop.example/billing/return';

interface Case {
  /** Smallest valid options beyond customer_uid/merchant_uid. */
  valid: BillingOptions;
  /** What buildRequestPayParams must return for them (pg is added per test, for the plain and `.MID` forms). */
  expected: Record<string, unknown>;
  /** pay_method values that must be refused. */
  refusedMethods: string[];
  /** pay_method values that must be accepted as given (with `valid`). */
  acceptedMethods: string[];
  /** amount 0 refused (issuance always charges). */
  charged: boolean;
  /** Amount shown but never charged: a positive amount gives a warning, not a refusal. */
  displayOnly: boolean;
  /** Refused without these (dotted paths; m_redirect_url where the PG's mobile window always redirects). */
  required: string[];
  cardInfo: boolean;
  callbackOnMobile: boolean;
  awaitsWebhook: boolean;
  /** The current SDK answers through PortOne's checkout service (ids and errors only). */
  checkoutService: boolean;
}

const card = (extra: Partial<Case> = {}): Case => ({
  valid: {},
  expected: { pay_method: 'card', amount: 0 },
  refusedMethods: ['trans', 'phone', 'vbank', 'kakaopay'],
  acceptedMethods: ['card'],
  charged: false,
  displayOnly: false,
  required: [],
  cardInfo: false,
  callbackOnMobile: false,
  awaitsWebhook: false,
  checkoutService: false,
  ...extra,
});

/** Expected behaviour per PG with window billing, written out by hand from each PG's page (not derived from PG_RULES). */
const WINDOW_PGS: Record<string, Case> = {
  // no current page: the earlier manual's rules
  jtnet: card(),
  // opi/ko/integration/pg/v1/nhn-kcp/readme
  kcp_billing: card({ displayOnly: true }),
  // opi/ko/integration/pg/v1/nhn-kcp/kcp-quickpay
  kcp_quick: card({
    valid: { bypass: { kcpQuick: { actionType: 'Register', memberID: 'member_1' } } },
    expected: { pay_method: 'card', amount: 0, bypass: { kcpQuick: { actionType: 'Register', memberID: 'member_1' } } },
    refusedMethods: ['phone', 'vbank'],
    acceptedMethods: ['card', 'trans'],
    required: ['bypass.kcpQuick'],
  }),
  // opi/ko/integration/pg/v1/inicis
  html5_inicis: card({ displayOnly: true, callbackOnMobile: true }),
  // opi/ko/integration/pg/v1/newtoss/readme: 0 issues the key only; a larger amount is not said to be display-only
  tosspayments: card({ checkoutService: true }),
  // opi/ko/integration/pg/v1/kakaopay: no pay_method in the page's example
  kakaopay: card({ expected: { amount: 0 }, refusedMethods: [], acceptedMethods: ['card', 'kakaopay', 'kakaomoney'] }),
  // opi/ko/integration/pg/v1/danal
  danal_tpay: card({ callbackOnMobile: true }),
  danal: card({
    valid: { amount: 1000, digital: true },
    expected: { pay_method: 'phone', amount: 1000, digital: true },
    refusedMethods: ['card', 'trans'],
    acceptedMethods: ['phone'],
    charged: true,
    callbackOnMobile: true,
  }),
  // opi/ko/integration/pg/v1/kg
  mobilians: card({
    valid: { amount: 9900, digital: false },
    expected: { pay_method: 'phone', amount: 9900, digital: false },
    refusedMethods: ['card', 'trans'],
    acceptedMethods: ['phone'],
    charged: true,
    callbackOnMobile: true,
  }),
  // opi/ko/integration/pg/v1/settle/mybank
  settle_acc: card({
    expected: { pay_method: 'trans', amount: 0 },
    refusedMethods: ['card', 'phone'],
    acceptedMethods: ['trans'],
    callbackOnMobile: true,
  }),
  // opi/ko/integration/pg/v1/kicc
  kicc: card({ displayOnly: true }),
  // opi/ko/integration/pg/v1/payco: no pay_method in the page's example
  payco: card({ expected: { amount: 0 }, refusedMethods: [], acceptedMethods: ['card', 'payco'], displayOnly: true, callbackOnMobile: true }),
  // no current page: the earlier manual's rules
  chai: card({
    expected: { pay_method: 'trans', amount: 0 },
    refusedMethods: ['card', 'phone'],
    acceptedMethods: ['trans'],
    displayOnly: true,
  }),
  // opi/ko/integration/pg/v1/nice-v2/readme
  nice_v2: card({
    valid: { customer_id: 'cid_1' },
    expected: { pay_method: 'kakaopay', amount: 0, customer_id: 'cid_1' },
    refusedMethods: ['card', 'trans', 'naverpay'],
    acceptedMethods: ['kakaopay', 'naverpay_card', 'naverpay_point'],
    required: ['customer_id'],
    checkoutService: true,
  }),
  // opi/ko/integration/pg/v1/smartro-v2/readme
  smartro_v2: card({
    valid: { customer_id: 'matthew', m_redirect_url: RETURN },
    expected: { pay_method: 'card', amount: 0, customer_id: 'matthew', m_redirect_url: RETURN },
    displayOnly: true,
    required: ['customer_id', 'm_redirect_url'],
    checkoutService: true,
  }),
  // opi/ko/integration/pg/v1/tosspay-v2/readme
  tosspay_v2: card({
    valid: { customer_id: 'matthew', m_redirect_url: RETURN, notice_url: 'https://shop.example/webhook' },
    expected: { pay_method: 'tosspay', amount: 0, customer_id: 'matthew', m_redirect_url: RETURN, notice_url: 'https://shop.example/webhook' },
    refusedMethods: ['card', 'trans', 'kakaopay'],
    acceptedMethods: ['tosspay'],
    required: ['customer_id', 'm_redirect_url'],
    checkoutService: true,
  }),
  // opi/ko/integration/pg/v1/welcome/readme (card window; its phone window charges, see below)
  welcome: card({
    valid: { buyer_name: '포트원', buyer_tel: '02-1234-1234', m_redirect_url: RETURN },
    expected: { pay_method: 'card', amount: 0, buyer_name: '포트원', buyer_tel: '02-1234-1234', m_redirect_url: RETURN },
    refusedMethods: ['trans', 'vbank', 'kakaopay'],
    displayOnly: true,
    required: ['buyer_name', 'buyer_tel', 'm_redirect_url'],
    checkoutService: true,
  }),
  // opi/ko/integration/pg/v1/naver
  naverpay: card({
    valid: { buyer_tel: '010-1234-5678' },
    expected: { amount: 0, buyer_tel: '010-1234-5678' },
    refusedMethods: [],
    acceptedMethods: ['card', 'naverpay'],
    displayOnly: true,
    required: ['buyer_tel'],
  }),
  // opi/ko/integration/pg/v1/smilepay
  smilepay: card({ valid: { buyer_tel: '010-1234-5678' }, expected: { pay_method: 'card', amount: 0, buyer_tel: '010-1234-5678' }, required: ['buyer_tel'] }),
  // opi/ko/integration/pg/v1/paymentwall
  paymentwall: card({
    valid: { amount: 50, buyer_email: 'buyer@example.com', currency: 'usd', name: 'Monthly plan', buyer_name: 'Jack Son' },
    expected: { pay_method: 'card', amount: 50, buyer_email: 'buyer@example.com', currency: 'USD', name: 'Monthly plan', buyer_name: 'Jack Son' },
    refusedMethods: ['trans', 'phone'],
    acceptedMethods: ['card'],
    charged: true,
    required: ['buyer_email', 'currency', 'name', 'buyer_name'],
    cardInfo: true,
    awaitsWebhook: true,
  }),
};

/** PGs whose billing is not a request_pay window: the refusal names the way that works. */
const REFUSED_PGS: Record<string, RegExp> = {
  // opi/ko/integration/pg/v1/nhn-kcp/readme
  kcp: /REST key-in/,
  // opi/ko/integration/pg/v1/nice
  nice: /REST key-in/,
  // opi/ko/integration/pg/v1/ksnet/readme: "KSNET does not support window-based non-authenticated payment"
  ksnet: /REST key-in/,
  // opi/ko/integration/pg/v1/settle/readme
  settle: /REST key-in/,
  // opi/ko/integration/pg/v1/daou/readme: billing keys through the REST API only
  daou: /REST key-in/,
  // sdk/ko/v1-sdk/javascript-sdk/payrq: "inicis" is the API key-in contract
  inicis: /REST key-in/,
  // opi/ko/integration/pg/v1/rt/readme
  paypal_v2: /IMP\.loadUI/,
  // opi/ko/integration/pg/v1/toss-brandpay/widget
  toss_brandpay: /IMP\.loadUI/,
  // opi/ko/integration/pg/v1/tosspay: general payments only
  tosspay: /no billing keys.*tosspay_v2/,
  // opi/ko/integration/pg/v1/eximbay: PortOne does not support Eximbay recurring payments
  eximbay: /no billing keys/,
  // opi/ko/integration/pg/v1/paypal: PortOne does not support PayPal (ExpressCheckout) recurring payments
  paypal: /no billing keys.*paypal_v2/,
  // opi/ko/integration/pg/v1/smartro: the old module, general payments only
  smartro: /no billing keys.*smartro_v2/,
  // opi/ko/integration/pg/v1/toss: the old module, general payments only
  uplus: /no billing keys.*tosspayments/,
  // opi/ko/integration/pg/v1/blue
  bluewalnut: /no billing keys/,
  // sdk/ko/v1-sdk/javascript-sdk/payrq
  naverco: /no billing keys/,
  inicis_unified: /no billing keys/,
};

/** Codes PortOne routes whose billing no V1 page describes: universal checks, with a console note. */
const UNDOCUMENTED_PGS = ['inicis_jp', 'syrup', 'kakao', 'payple', 'alipay', 'kpn', 'hyphen'];

describe('PG_RULES table', () => {
  it('has exactly the PGs these tests cover (adding a PG means adding its tests)', () => {
    expect(Object.keys(PG_RULES).sort()).to.deep.equal(
      [...Object.keys(WINDOW_PGS), ...Object.keys(REFUSED_PGS), ...UNDOCUMENTED_PGS].sort(),
    );
  });

  it('is frozen, entries too', () => {
    expect(Object.isFrozen(PG_RULES)).to.equal(true);
    for (const rule of Object.values(PG_RULES)) expect(Object.isFrozen(rule), rule.code).to.equal(true);
  });

  it('every entry names its code, and its codes match the PG-code pattern', () => {
    for (const [code, rule] of Object.entries(PG_RULES)) {
      expect(rule.code, code).to.equal(code);
      expect(PG_CODE_PATTERN.test(code), code).to.equal(true);
      expect(PG_CODE_PATTERN.test(`${code}.MID_0001`), code).to.equal(true);
    }
  });

  it('lookupPg splits code.{MID}', () => {
    expect(lookupPg('jtnet.tjtnet0001')).to.deep.include({ code: 'jtnet', mid: 'tjtnet0001' });
    expect(lookupPg('jtnet.tjtnet0001').rule).to.equal(PG_RULES['jtnet']);
    expect(lookupPg('jtnet')).to.deep.include({ code: 'jtnet', mid: undefined });
    expect(lookupPg('no_such_pg').rule).to.equal(undefined);
    expect(lookupPg('toString').rule).to.equal(undefined);
    expect(lookupPg('__proto__').rule).to.equal(undefined);
  });
});

for (const [code, c] of Object.entries(WINDOW_PGS)) {
  describe(`PG ${code}`, () => {
    for (const pg of [code, `${code}.MID_0001`]) {
      it(`builds the exact params for pg "${pg}" with the default pay_method`, () => {
        const w = warnings();
        const params = buildRequestPayParams({ pg, ...base, ...c.valid }, { now, warn: w.warn });
        expect(params).to.deep.equal({ pg, ...base, ...c.expected });
        expect(w.messages).to.deep.equal([]);
      });
    }

    it('builds the same params for a channel key with pgProvider, which is never sent', () => {
      const w = warnings();
      const params = buildRequestPayParams({ channelKey: 'channel-key-1', pgProvider: code, ...base, ...c.valid }, { now, warn: w.warn });
      expect(params).to.deep.equal({ channelKey: 'channel-key-1', ...base, ...c.expected });
      expect(w.messages).to.deep.equal([]);
    });

    it('flags in the table match the page', () => {
      const rule = PG_RULES[code]!;
      expect(rule.billing, 'billing').to.equal('window');
      expect(rule.callbackOnMobile, 'callbackOnMobile').to.equal(c.callbackOnMobile);
      expect(rule.awaitsWebhook, 'awaitsWebhook').to.equal(c.awaitsWebhook);
      expect(rule.cardInfo, 'cardInfo').to.equal(c.cardInfo);
      expect(rule.checkoutService, 'checkoutService').to.equal(c.checkoutService);
      const required = [...rule.required, ...(rule.redirectUrlRequired ? ['m_redirect_url'] : [])];
      expect(required.sort(), 'required').to.deep.equal([...c.required].sort());
      expect(rule.refusal, 'refusal').to.equal(undefined);
    });

    for (const method of c.acceptedMethods) {
      it(`accepts pay_method "${method}"`, () => {
        const params = buildRequestPayParams({ pg: code, ...base, ...c.valid, pay_method: method }, { now, warn: () => {} });
        expect(params.pay_method).to.equal(method);
      });
    }

    for (const method of c.refusedMethods) {
      it(`refuses pay_method "${method}" (also with a MID, also by pgProvider)`, () => {
        for (const pg of [code, `${code}.MID_0001`]) {
          const error = invalid(() => buildRequestPayParams({ pg, ...base, ...c.valid, pay_method: method }, { now }), 'pay_method');
          expect(error.message).to.contain(method);
          expect(error.message).to.contain(code);
        }
        invalid(() => buildRequestPayParams({ channelKey: 'ck', pgProvider: code, ...base, ...c.valid, pay_method: method }, { now }), 'pay_method');
      });
    }

    if (c.charged) {
      it('refuses amount 0 or a missing amount (issuance always charges)', () => {
        invalid(() => buildRequestPayParams({ pg: code, ...base, ...c.valid, amount: 0 }, { now }), 'amount', /above 0/);
        const { amount: _dropped, ...withoutAmount } = c.valid;
        invalid(() => buildRequestPayParams({ pg: code, ...base, ...withoutAmount }, { now }), 'amount', /above 0/);
        invalid(() => buildRequestPayParams({ pg: `${code}.MID`, ...base, ...c.valid, amount: '0' }, { now }), 'amount');
      });
    } else {
      it('accepts amount 0 (issue the key only) and a missing amount as 0', () => {
        expect(buildRequestPayParams({ pg: code, ...base, ...c.valid, amount: 0 }, { now }).amount).to.equal(0);
        expect(buildRequestPayParams({ pg: code, ...base, ...c.valid }, { now }).amount).to.equal(0);
      });
    }

    if (c.displayOnly) {
      it('keeps a positive amount but warns that it is never charged', () => {
        const w = warnings();
        const params = buildRequestPayParams({ pg: code, ...base, ...c.valid, amount: 1000 }, { now, warn: w.warn });
        expect(params.amount).to.equal(1000);
        expect(w.messages).to.have.length(1);
        expect(w.messages[0]).to.contain(code).and.match(/never charges/);
      });
    } else {
      it('takes a positive amount silently (it is charged)', () => {
        const w = warnings();
        const params = buildRequestPayParams({ pg: code, ...base, ...c.valid, amount: 1004 }, { now, warn: w.warn });
        expect(params.amount).to.equal(1004);
        expect(w.messages.filter((m) => /never charges/.test(m))).to.deep.equal([]);
      });
    }

    for (const field of c.required) {
      it(`requires ${field}`, () => {
        const options: Record<string, unknown> = { pg: code, ...base, ...c.valid };
        delete options[field.split('.')[0]!];
        invalid(() => buildRequestPayParams(options, { now }), field, new RegExp(`${field.replace('.', '\\.')} is required by ${code}`));
        if (!field.includes('.')) invalid(() => buildRequestPayParams({ ...options, [field]: '   ' }, { now }), field);
        invalid(() => buildRequestPayParams({ ...options, pg: `${code}.MID` }, { now }), field);
        invalid(() => buildRequestPayParams({ ...options, pg: undefined, channelKey: 'ck', pgProvider: code }, { now }), field);
      });
    }

    if (c.cardInfo) {
      it('accepts card.info (Brick) and normalises it', () => {
        const params = buildRequestPayParams({ pg: code, ...base, ...c.valid, card: brick }, { now });
        expect(params.card).to.deep.equal({ info: { number: '4242-4242-4242-4242', expiry: '2030-01', cvc: '123' } });
      });
    } else {
      it('refuses card.info (a Paymentwall Brick feature)', () => {
        for (const pg of [code, `${code}.MID_0001`]) {
          const error = invalid(() => buildRequestPayParams({ pg, ...base, ...c.valid, card: brick }, { now }), 'card.info');
          expect(error.message).to.contain(code);
          expect(error.message).to.not.contain('4242');
        }
      });
    }

    it('still applies the universal rules (customer_uid required)', () => {
      invalid(() => buildRequestPayParams({ pg: code, merchant_uid: 'order1', ...c.valid }, { now }), 'customer_uid');
    });
  });
}

describe('PGs whose billing is not a request_pay window', () => {
  for (const [code, says] of Object.entries(REFUSED_PGS)) {
    for (const pg of [code, `${code}.MID_0001`]) {
      it(`refuses pg "${pg}" with field pg, saying ${says}`, () => {
        invalid(() => buildRequestPayParams({ pg, ...base, amount: 1000 }), 'pg', says);
      });
    }
    it(`refuses pgProvider "${code}" behind a channel key, naming pgProvider`, () => {
      invalid(() => buildRequestPayParams({ channelKey: 'ck', pgProvider: code, ...base }), 'pgProvider', says);
    });
    it(`${code} is refused even before customer_uid is checked`, () => {
      invalid(() => buildRequestPayParams({ pg: code }), 'pg');
    });
  }

  it('points REST-only PGs to the card form and PortOne\'s key-in endpoint', () => {
    for (const [code, says] of Object.entries(REFUSED_PGS)) {
      if (String(says) !== String(/REST key-in/)) continue;
      invalid(() => buildRequestPayParams({ pg: code, ...base }), 'pg', /POST \/subscribe\/customers\/\{customer_uid\}/);
    }
  });

  it('points kcp users to kcp_billing and inicis users to html5_inicis', () => {
    invalid(() => buildRequestPayParams({ pg: 'kcp', ...base }), 'pg', /kcp_billing/);
    invalid(() => buildRequestPayParams({ pg: 'inicis', ...base }), 'pg', /html5_inicis/);
  });
});

describe('codes PortOne routes without documented billing', () => {
  for (const code of UNDOCUMENTED_PGS) {
    it(`${code}: universal checks only, no pay_method added, and a console note`, () => {
      const w = warnings();
      const params = buildRequestPayParams({ pg: code, ...base, pay_method: 'vbank', amount: 500 }, { now, warn: w.warn });
      expect(params).to.deep.equal({ pg: code, ...base, pay_method: 'vbank', amount: 500 });
      expect(w.messages).to.have.length(1);
      expect(w.messages[0]).to.contain(code).and.match(/documents no billing-key window; only universal checks apply/);
    });
  }
});

describe('rules beyond required fields', () => {
  // opi/ko/integration/pg/v1/smartro-v2/readme: customer_id at most 20 characters; merchant_uid letters and digits
  const smartro = { pg: 'smartro_v2', ...base, customer_id: 'matthew', m_redirect_url: RETURN };
  it('smartro_v2: customer_id of 20 characters passes, 21 is refused', () => {
    expect(buildRequestPayParams({ ...smartro, customer_id: 'c'.repeat(20) }).customer_id).to.have.length(20);
    invalid(() => buildRequestPayParams({ ...smartro, customer_id: 'c'.repeat(21) }), 'customer_id', /customer_id must be at most 20 characters for smartro_v2; got 21/);
  });

  it('paymentwall alone wants buyer_name as "First Last": another shape is warned about, never refused', () => {
    expect(Object.keys(PG_RULES).filter((code) => PG_RULES[code]!.buyerNameFirstLast)).to.deep.equal(['paymentwall']);
    const paymentwall = { pg: 'paymentwall', ...base, amount: 1000, currency: 'USD', name: 'Plan', buyer_email: 'a@b.co' };
    const single = warnings();
    expect(buildRequestPayParams({ ...paymentwall, buyer_name: 'Hong' }, single).buyer_name).to.equal('Hong');
    expect(single.messages.filter((m) => m.includes('"First Last"'))).to.have.length(1);
    const full = warnings();
    buildRequestPayParams({ ...paymentwall, buyer_name: 'Gildong Hong' }, full);
    expect(full.messages.filter((m) => m.includes('"First Last"'))).to.have.length(0);
  });

  it('smartro_v2: a merchant_uid with symbols is refused, a generated one has letters and digits only', () => {
    for (const merchant_uid of ['order_1', 'order-1', 'order.1', '주문1']) {
      invalid(() => buildRequestPayParams({ ...smartro, merchant_uid }), 'merchant_uid', /letters and digits only/);
    }
    const { merchant_uid: _sent, ...withoutUid } = smartro;
    expect(buildRequestPayParams(withoutUid).merchant_uid).to.match(/^[A-Za-z0-9]+$/);
    expect(buildRequestPayParams({ pg: 'jtnet', customer_uid: 'c' }).merchant_uid).to.contain('_');
  });

  // opi/ko/integration/pg/v1/tosspay-v2/readme: customer_id at most 50 characters
  it('tosspay_v2: customer_id of 50 characters passes, 51 is refused', () => {
    const toss = { pg: 'tosspay_v2', ...base, m_redirect_url: RETURN, notice_url: 'https://shop.example/webhook' };
    expect(buildRequestPayParams({ ...toss, customer_id: 'c'.repeat(50) }).customer_id).to.have.length(50);
    invalid(() => buildRequestPayParams({ ...toss, customer_id: 'c'.repeat(51) }), 'customer_id', /at most 50/);
  });

  it('tosspay_v2: without notice_url the console says PortOne advises the webhook', () => {
    const w = warnings();
    buildRequestPayParams({ pg: 'tosspay_v2', ...base, customer_id: 'm', m_redirect_url: RETURN }, { warn: w.warn });
    expect(w.messages).to.have.length(1);
    expect(w.messages[0]).to.match(/webhook/).and.contain('notice_url');
  });

  // opi/ko/integration/pg/v1/welcome/readme: card shows the amount, phone charges it together with issuance
  it('welcome: the amount rule follows pay_method (card shows it, phone charges it)', () => {
    const welcome = { pg: 'welcome', ...base, buyer_name: '구매자', buyer_tel: '010-1234-5678', m_redirect_url: RETURN };
    invalid(() => buildRequestPayParams({ ...welcome, pay_method: 'phone', amount: 0 }), 'amount', /amount must be above 0: welcome with pay_method "phone" always charges it/);
    const w = warnings();
    expect(buildRequestPayParams({ ...welcome, pay_method: 'phone', amount: 1000 }, { warn: w.warn }).amount).to.equal(1000);
    expect(w.messages).to.deep.equal([]);
    buildRequestPayParams({ ...welcome, pay_method: 'card', amount: 1000 }, { warn: w.warn });
    expect(w.messages).to.have.length(1);
    expect(w.messages[0]).to.match(/never charges/);
  });

  // sdk/ko/v1-sdk/javascript-sdk/payrq: digital is needed for phone payments; PortOne's own KG example omits it
  it('danal and mobilians: a missing digital is advised, not refused', () => {
    for (const pg of ['danal', 'mobilians']) {
      const w = warnings();
      const params = buildRequestPayParams({ pg, ...base, amount: 1000 }, { warn: w.warn });
      expect(params).to.not.have.property('digital');
      expect(w.messages, pg).to.have.length(1);
      expect(w.messages[0]).to.contain('digital');
    }
  });

  // schema/v1.openapi.json CustomerAnnotation: customer_uid maxLength 80
  it('customer_uid: 80 characters pass, 81 are refused (PortOne\'s REST limit)', () => {
    expect(buildRequestPayParams({ pg: 'jtnet', ...base, customer_uid: 'c'.repeat(80) }).customer_uid).to.have.length(80);
    invalid(() => buildRequestPayParams({ pg: 'jtnet', ...base, customer_uid: 'c'.repeat(81) }), 'customer_uid', /at most 80/);
  });
});

describe('channel keys: pgProvider names the PG behind them', () => {
  it('applies the PG\'s rules with pgProvider, and never sends pgProvider', () => {
    invalid(() => buildRequestPayParams({ channelKey: 'ck', pgProvider: 'smartro_v2', ...base, m_redirect_url: RETURN }), 'customer_id', /customer_id is required by smartro_v2/);
    const params = buildRequestPayParams({ channelKey: 'ck', pgProvider: 'smartro_v2', ...base, customer_id: 'm', m_redirect_url: RETURN });
    expect(params).to.not.have.property('pgProvider');
    expect(params).to.not.have.property('pg_provider');
    expect(params.channelKey).to.equal('ck');
  });

  it('without pgProvider: universal checks only, and the warning names the rules that were not applied', () => {
    const w = warnings();
    const params = buildRequestPayParams({ channelKey: 'channel-key-1234', ...base, pay_method: 'trans', amount: 500 }, { warn: w.warn });
    expect(params).to.deep.equal({ channelKey: 'channel-key-1234', ...base, pay_method: 'trans', amount: 500 });
    expect(w.messages).to.have.length(1);
    expect(w.messages[0]).to.match(/channelKey without pgProvider/).and.match(/universal checks/).and.contain('required fields');
  });

  it('with pg and channelKey both sent as set; rules from pgProvider when set, else from pg', () => {
    const both = { pg: 'jtnet', channelKey: 'ck', ...base };
    const w = warnings();
    expect(buildRequestPayParams(both, { warn: w.warn })).to.deep.equal({ ...both, pay_method: 'card', amount: 0 });
    expect(w.messages).to.deep.equal([]);
    invalid(() => buildRequestPayParams({ ...both, pay_method: 'trans' }), 'pay_method', /jtnet/);
    const byProvider = buildRequestPayParams({ ...both, pgProvider: 'settle_acc' });
    expect(byProvider).to.deep.include({ pg: 'jtnet', channelKey: 'ck', pay_method: 'trans' });
    expect(byProvider).to.not.have.property('pgProvider');
  });

  it('refuses an unknown pgProvider, or one with a MID, naming pgProvider', () => {
    invalid(() => buildRequestPayParams({ channelKey: 'ck', pgProvider: 'smartro-v2', ...base }), 'pgProvider', /PG code/);
    invalid(() => buildRequestPayParams({ channelKey: 'ck', pgProvider: 'jtnet.MID', ...base }), 'pgProvider');
    invalid(() => buildRequestPayParams({ channelKey: 'ck', pgProvider: 42 as unknown as string, ...base }), 'pgProvider');
  });

  it('ruleFor prefers pgProvider over pg', () => {
    expect(ruleFor({ pg: 'jtnet', pgProvider: 'welcome' })).to.equal(PG_RULES['welcome']);
    expect(ruleFor({ pg: 'jtnet.MID' })).to.equal(PG_RULES['jtnet']);
    expect(ruleFor({ channelKey: 'ck' } as { pg?: string })).to.equal(undefined);
  });
});

describe('where the result arrives (the one redirect decision)', () => {
  const pc = { mobile: false, cardInfo: false };
  const mobile = { mobile: true, cardInfo: false };
  it('PC: callback, except PGs that redirect on PC too', () => {
    expect(resultRedirects(PG_RULES['kcp_billing'], pc)).to.equal(false);
    expect(resultRedirects(undefined, pc)).to.equal(false);
    expect(resultRedirects(PG_RULES['chai'], pc)).to.equal(true);
  });
  it('mobile: redirect, except iframe PGs that call back', () => {
    expect(resultRedirects(PG_RULES['tosspay_v2'], mobile)).to.equal(true);
    expect(resultRedirects(PG_RULES['smartro_v2'], mobile)).to.equal(true);
    expect(resultRedirects(undefined, mobile)).to.equal(true);
    expect(resultRedirects(PG_RULES['html5_inicis'], mobile)).to.equal(false);
  });
  it('Brick (card.info) never redirects', () => {
    expect(resultRedirects(PG_RULES['paymentwall'], { mobile: true, cardInfo: true })).to.equal(false);
    expect(mayRedirect(PG_RULES['paymentwall'], true)).to.equal(false);
    expect(mayRedirect(PG_RULES['paymentwall'], false)).to.equal(true);
    expect(mayRedirect(PG_RULES['danal_tpay'], false)).to.equal(false);
  });
});

describe('nice_v2 name: 40 bytes, not 40 characters', () => {
  const nice = { pg: 'nice_v2', customer_id: 'cid_1', ...base };

  it('accepts 13 Hangul letters and a space (40 bytes)', () => {
    expect(buildRequestPayParams({ ...nice, name: '가나다라마바사아자차카타 파' }).name).to.equal('가나다라마바사아자차카타 파');
  });

  it('refuses 14 Hangul letters (42 bytes), naming name and the byte count', () => {
    invalid(() => buildRequestPayParams({ ...nice, name: '가나다라마바사아자차카타파하' }), 'name', /at most 40 UTF-8 bytes.*got 42/);
  });

  it('other PGs keep the 40-character limit', () => {
    expect(buildRequestPayParams({ pg: 'jtnet', ...base, name: '가나다라마바사아자차카타파하' }).name).to.have.length(14);
  });
});

describe('unknown PGs: universal checks only', () => {
  it('passes an unknown pg through with the default pay_method card', () => {
    expect(buildRequestPayParams({ pg: 'no_such_pg.MID', ...base })).to.deep.equal({ pg: 'no_such_pg.MID', ...base, amount: 0, pay_method: 'card' });
  });

  it('accepts any pay_method, amount 0 and card.info for an unknown pg', () => {
    const params = buildRequestPayParams({ pg: 'no_such_pg', ...base, pay_method: 'vbank', card: brick }, { now });
    expect(params.pay_method).to.equal('vbank');
    expect(params.amount).to.equal(0);
    expect(params.card).to.deep.equal({ info: { number: '4242-4242-4242-4242', expiry: '2030-01', cvc: '123' } });
  });

  it('still applies universal checks to unknown PGs and channel keys', () => {
    invalid(() => buildRequestPayParams({ pg: 'no_such_pg', merchant_uid: 'm' }), 'customer_uid');
    invalid(() => buildRequestPayParams({ pg: 'no_such_pg', ...base, amount: -1 }), 'amount');
    invalid(() => buildRequestPayParams({ channelKey: 'ck', ...base, buyer_email: 'nope' }, { warn() {} }), 'buyer_email');
    invalid(() => buildRequestPayParams({ channelKey: 'ck', ...base, card: { info: { number: '4242', expiry: '2030-01' } } }, { now, warn() {} }), 'card.info.number');
  });

  it('refuses a malformed pg', () => {
    for (const pg of ['jtnet.', 'jt net', 'jtnet. MID', '<script>', '.jtnet']) {
      invalid(() => buildRequestPayParams({ pg, ...base }), 'pg');
    }
  });

  it('trims pg', () => {
    expect(buildRequestPayParams({ pg: ' jtnet ', ...base }).pg).to.equal('jtnet');
  });
});

/**
 * Every billing example (with customer_uid) on PortOne's V1 PG pages, built through the element's builder. The pages'
 * placeholders ("{콘솔 내 연동 정보의 채널키}", "{모바일에서 … URL}") are replaced by real values; `pgProvider` names the
 * PG behind the channel. `adds` is what the builder writes that the example leaves to the SDK: amount 0 when absent
 * (the builder's documented default) and the PG's only pay_method when the example omits it.
 */
interface DocExample {
  source: string;
  pgProvider: string | undefined;
  example: Record<string, unknown>;
  adds?: Record<string, unknown>;
  /** Console notes the example earns (a display-only amount, a missing digital). */
  warns?: RegExp[];
}

const CHANNEL = 'channel-key-7f3c2a10-0000-4000-8000-000000000000';
const DOC_EXAMPLES: DocExample[] = [
  {
    source: 'opi/ko/integration/pg/v1/danal',
    pgProvider: 'danal_tpay',
    example: {
      channelKey: CHANNEL, pay_method: 'card', merchant_uid: 'order_monthly_0001', name: '최초인증결제', amount: 0,
      customer_uid: 'your-customer-unique-id', buyer_email: 'test@portone.io', buyer_name: '포트원', buyer_tel: '02-1234-1234',
      buyer_addr: '서울특별시 강남구 삼성동', period: { from: '20200101', to: '20201231' },
    },
  },
  {
    source: 'opi/ko/integration/pg/v1/galaxia (card; no pg code is documented: universal checks)',
    pgProvider: undefined,
    example: {
      channelKey: CHANNEL, pay_method: 'card', merchant_uid: 'orderMonthly0001', name: '빌링키 발급', amount: 1000,
      customer_id: 'matthew', customer_uid: 'your-customer-unique-id', m_redirect_url: RETURN,
    },
    warns: [/channelKey without pgProvider/],
  },
  {
    source: 'opi/ko/integration/pg/v1/galaxia (phone; no pg code is documented: universal checks)',
    pgProvider: undefined,
    example: {
      channelKey: CHANNEL, pay_method: 'phone', merchant_uid: 'orderNo0001', name: '주문명:결제테스트', amount: 1000,
      customer_id: 'matthew', customer_uid: 'your-customer-unique-id', m_redirect_url: RETURN,
    },
    warns: [/channelKey without pgProvider/],
  },
  {
    source: 'opi/ko/integration/pg/v1/inicis',
    pgProvider: 'html5_inicis',
    example: {
      channelKey: CHANNEL, pay_method: 'card', merchant_uid: 'order_monthly_0001', name: '최초인증결제', amount: 0,
      customer_uid: 'your-customer-unique-id', buyer_email: 'test@portone.io', buyer_name: '포트원', buyer_tel: '02-1234-1234',
      m_redirect_url: RETURN,
    },
  },
  {
    source: 'opi/ko/integration/pg/v1/kakaopay',
    pgProvider: 'kakaopay',
    example: {
      channelKey: CHANNEL, merchant_uid: 'order_monthly_0001', name: '최초인증결제', amount: 0, customer_uid: 'your-customer-unique-id',
      buyer_email: 'test@portone.io', buyer_name: '포트원', buyer_tel: '02-1234-1234', m_redirect_url: RETURN,
    },
  },
  {
    source: 'opi/ko/integration/pg/v1/kg-mobilians-v2 (phone; no pg code is documented: universal checks)',
    pgProvider: undefined,
    example: {
      channelKey: CHANNEL, pay_method: 'phone', merchant_uid: 'order_monthly_0001', name: '최초인증결제', amount: 1004,
      customer_uid: 'your-customer-unique-id', buyer_email: 'test@portone.io', buyer_name: '포트원', buyer_tel: '02-1234-1234',
      m_redirect_url: RETURN,
    },
    warns: [/channelKey without pgProvider/],
  },
  {
    source: 'opi/ko/integration/pg/v1/kg-mobilians-v2 (card; no pg code is documented: universal checks)',
    pgProvider: undefined,
    example: {
      channelKey: CHANNEL, pay_method: 'card', merchant_uid: 'order_monthly_0001', name: '빌링키 발급', amount: 0,
      customer_uid: 'your-customer-unique-id', customer_id: 'your-customer-id', buyer_email: 'test@portone.io', buyer_name: '포트원',
      buyer_tel: '02-1234-1234', m_redirect_url: RETURN,
    },
    warns: [/channelKey without pgProvider/],
  },
  {
    source: 'opi/ko/integration/pg/v1/kg',
    pgProvider: 'mobilians',
    example: {
      channelKey: CHANNEL, pay_method: 'phone', merchant_uid: 'order_monthly_0001', name: '최초인증결제', amount: 1004,
      customer_uid: 'your-customer-unique-id', buyer_email: 'test@portone.io', buyer_name: '포트원', buyer_tel: '02-1234-1234',
      m_redirect_url: RETURN,
    },
    warns: [/digital/],
  },
  {
    source: 'opi/ko/integration/pg/v1/kicc',
    pgProvider: 'kicc',
    example: {
      channelKey: CHANNEL, pay_method: 'card', merchant_uid: 'order_monthly_0001', name: '최초인증결제', amount: 1004,
      customer_uid: 'your-customer-unique-id', buyer_email: 'test@portone.io', buyer_name: '포트원', buyer_tel: '02-1234-1234',
      m_redirect_url: RETURN,
    },
    warns: [/never charges/],
  },
  {
    source: 'opi/ko/integration/pg/v1/naver',
    pgProvider: 'naverpay',
    example: {
      channelKey: CHANNEL, customer_uid: 'gildong_0001_1234', merchant_uid: 'order_monthly_0001', name: 'Slim 요금제(1개월 단위)',
      amount: 1004, buyer_email: 'test@portone.io', buyer_name: '구매자이름', buyer_tel: '010-1234-5678',
      buyer_addr: '서울특별시 강남구 삼성동', buyer_postcode: '123-456', naverProductCode: '반복결제 상품코드', naverProductCount: 5,
      naverPopupMode: true, m_redirect_url: RETURN,
    },
    warns: [/never charges/],
  },
  {
    source: 'opi/ko/integration/pg/v1/newtoss/readme',
    pgProvider: 'tosspayments',
    example: {
      channelKey: CHANNEL, pay_method: 'card', merchant_uid: 'order_monthly_0001', name: '최초인증결제', amount: 0,
      customer_uid: 'your-customer-unique-id', buyer_email: 'test@portone.io', buyer_name: '포트원', buyer_tel: '02-1234-1234',
      m_redirect_url: RETURN, customer_id: 'matthew',
    },
  },
  {
    source: 'opi/ko/integration/pg/v1/nhn-kcp/kcp-quickpay (Register)',
    pgProvider: 'kcp_quick',
    example: {
      channelKey: CHANNEL, pay_method: 'card', merchant_uid: 'order_no_0001', name: '결제수단 등록', customer_uid: 'use_your_unique_id_with_pay_method_0',
      bypass: { kcpQuick: { actionType: 'Register', encryptedCI: 'encrypted_ci', memberID: 'use_your_unique_id' } },
      m_redirect_url: 'https://redirection.url',
    },
    adds: { amount: 0 },
  },
  {
    source: 'opi/ko/integration/pg/v1/nhn-kcp/kcp-quickpay (Deregister)',
    pgProvider: 'kcp_quick',
    example: {
      channelKey: CHANNEL, merchant_uid: 'order_no_0001', name: '결제수단 삭제', customer_uid: 'use_your_unique_id_with_pay_method_0',
      bypass: { kcpQuick: { actionType: 'Deregister', encryptedCI: 'encrypted_ci', memberID: 'use_your_unique_id' } },
      m_redirect_url: 'https://redirection.url',
    },
    adds: { amount: 0, pay_method: 'card' },
  },
  {
    source: 'opi/ko/integration/pg/v1/nhn-kcp/kcp-quickpay (Pay)',
    pgProvider: 'kcp_quick',
    example: {
      channelKey: CHANNEL, pay_method: 'card', merchant_uid: 'order_no_0001', name: '결제', amount: 1000, buyer_email: 'test@portone.io',
      buyer_name: '구매자이름', buyer_tel: '010-1234-5678', buyer_addr: '서울특별시 강남구 삼성동', buyer_postcode: '123-456',
      customer_uid: 'use_your_unique_id_with_pay_method_0',
      bypass: { kcpQuick: { actionType: 'Pay', encryptedCI: 'encrypted_ci', memberID: 'use_your_unique_id' } },
      m_redirect_url: 'https://redirection.url',
    },
  },
  {
    source: 'opi/ko/integration/pg/v1/nhn-kcp/readme',
    pgProvider: 'kcp_billing',
    example: {
      channelKey: CHANNEL, pay_method: 'card', merchant_uid: 'order_monthly_0001', name: '정기결제', amount: 0,
      customer_uid: 'your-customer-unique-id', buyer_email: 'test@portone.io', buyer_name: '포트원', buyer_tel: '02-1234-1234',
      m_redirect_url: 'https://testtest.test',
    },
  },
  {
    source: 'opi/ko/integration/pg/v1/nice-v2/readme',
    pgProvider: 'nice_v2',
    example: {
      channelKey: CHANNEL, pay_method: 'kakaopay', merchant_uid: 'orderNo0001', name: '주문명:결제테스트', amount: 0,
      buyer_email: 'test@portone.io', buyer_name: '구매자이름', buyer_tel: '010-1234-5678', buyer_addr: '서울특별시 강남구 삼성동',
      buyer_postcode: '123-456', m_redirect_url: RETURN, customer_uid: 'your-customer-unique-id', customer_id: 'your-customer-id',
    },
  },
  {
    source: 'opi/ko/integration/pg/v1/payco',
    pgProvider: 'payco',
    example: {
      channelKey: CHANNEL, merchant_uid: 'order_monthly_0001', name: 'PAYCO 자동결제 등록', amount: 1000,
      customer_uid: 'your-customer-unique-id', buyer_email: 'test@portone.io', buyer_name: '포트원', buyer_tel: '02-1234-1234',
    },
    warns: [/never charges/],
  },
  {
    source: 'opi/ko/integration/pg/v1/paymentwall',
    pgProvider: 'paymentwall',
    example: {
      channelKey: CHANNEL, pay_method: 'card', merchant_uid: 'order_monthly_0001', name: '최초인증결제', amount: 20, currency: 'USD',
      customer_uid: 'your-customer-unique-id', buyer_email: 'test@portone.io', buyer_name: 'Jack Son', buyer_tel: '02-1234-1234',
      m_redirect_url: RETURN,
    },
  },
  {
    source: 'opi/ko/integration/pg/v1/settle/mybank',
    pgProvider: 'settle_acc',
    example: {
      channelKey: CHANNEL, pay_method: 'trans', merchant_uid: 'ORD20180131-0000011', name: '노르웨이 회전 의자', buyer_email: 'gildong@gmail.com',
      buyer_name: '홍길동', buyer_tel: '010-1234-5678', buyer_addr: '서울특별시 강남구 삼성동', m_redirect_url: RETURN,
      customer_uid: 'A00001-001', amount: 1000,
      bypass: { settle: { addDeductionYn: 'N', criPsblYn: 'N', custCi: '<회원 연계정보(Connecting Information)>' } },
    },
  },
  {
    source: 'opi/ko/integration/pg/v1/smartro-v2/readme',
    pgProvider: 'smartro_v2',
    example: {
      channelKey: CHANNEL, pay_method: 'card', merchant_uid: 'orderMonthly0001', name: '최초인증결제', amount: 1000,
      customer_uid: 'your-customer-unique-id', buyer_email: 'test@portone.io', buyer_name: '포트원', buyer_tel: '02-1234-1234',
      m_redirect_url: RETURN, customer_id: 'matthew',
    },
    warns: [/never charges/],
  },
  {
    source: 'opi/ko/integration/pg/v1/tosspay-v2/readme',
    pgProvider: 'tosspay_v2',
    example: {
      channelKey: CHANNEL, pay_method: 'tosspay', merchant_uid: 'orderMonthly0001', name: '최초인증결제', customer_id: 'matthew',
      customer_uid: 'your-customer-unique-id', buyer_email: 'test@portone.io', buyer_name: '포트원', buyer_tel: '02-1234-1234',
      m_redirect_url: RETURN, notice_url: 'https://shop.example/portone/webhook',
    },
    adds: { amount: 0 },
  },
  {
    source: 'opi/ko/integration/pg/v1/welcome/readme (card)',
    pgProvider: 'welcome',
    example: {
      channelKey: CHANNEL, pay_method: 'card', merchant_uid: 'orderMonthly0001', name: '빌링키 발급', amount: 1000,
      customer_uid: 'your-customer-unique-id', customer_id: 'matthew', buyer_email: 'test@portone.io', buyer_name: '포트원',
      buyer_tel: '02-1234-1234', m_redirect_url: RETURN,
    },
    warns: [/never charges/],
  },
  {
    source: 'opi/ko/integration/pg/v1/welcome/readme (phone)',
    pgProvider: 'welcome',
    example: {
      channelKey: CHANNEL, pay_method: 'phone', merchant_uid: 'orderNo0001', name: '주문명:결제테스트', amount: 1000,
      customer_uid: 'your-customer-unique-id', customer_id: 'matthew', buyer_email: 'test@portone.io', buyer_name: '구매자이름',
      buyer_tel: '010-1234-5678', m_redirect_url: RETURN,
    },
  },
];

describe('PortOne\'s documented billing examples, built as the pages write them', () => {
  for (const doc of DOC_EXAMPLES) {
    it(`${doc.source}: the exact params${doc.pgProvider ? `, rules of ${doc.pgProvider}` : ''}`, () => {
      const w = warnings();
      const params = buildRequestPayParams({ ...doc.example, pgProvider: doc.pgProvider }, { now, warn: w.warn });
      expect(params).to.deep.equal({ ...doc.example, ...doc.adds });
      expect(w.messages.length, w.messages.join(' | ')).to.equal(doc.warns?.length ?? 0);
      doc.warns?.forEach((pattern, i) => expect(w.messages[i]).to.match(pattern));
    });
  }

  it('the same examples with the deprecated pg instead of a channel key build the same params', () => {
    for (const doc of DOC_EXAMPLES) {
      if (!doc.pgProvider) continue;
      const { channelKey: _key, ...example } = doc.example;
      const params = buildRequestPayParams({ ...example, pg: doc.pgProvider }, { now, warn() {} });
      expect(params, doc.source).to.deep.equal({ ...example, pg: doc.pgProvider, ...doc.adds });
    }
  });
});
