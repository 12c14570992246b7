import { expect } from '@open-wc/testing';
import { PG_RULES, buildRequestPayParams, lookupPg, type BillingOptions } from './index.js';
import { at, invalid, warnings } from '../test-helpers/core-helpers.js';

const base = { customer_uid: 'cust_1', merchant_uid: 'order_1' };
const now = at('2026-01-15T12:00:00');
const brick = { info: { number: '4242 4242 4242 4242', expiry: '2030-01', cvc: '123' } };

interface Case {
  /** Smallest valid options beyond customer_uid/merchant_uid. */
  valid: BillingOptions;
  /** What buildRequestPayParams must return for them (pg is added per test, for the plain and `.MID` forms). */
  expected: Record<string, unknown>;
  /** pay_method values that must be refused. */
  refusedMethods: string[];
  /** pay_method values that must be accepted as given. */
  acceptedMethods: string[];
  /** amount 0 refused (issuance always charges). */
  charged: boolean;
  /** Amount shown but never charged: a positive amount gives a warning, not a refusal. */
  displayOnly: boolean;
  required: string[];
  cardInfo: boolean;
  callbackOnMobile: boolean;
  awaitsWebhook: boolean;
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
  ...extra,
});

/** Expected behaviour per PG, written out by hand from reference §4 (not derived from PG_RULES). */
const WINDOW_PGS: Record<string, Case> = {
  jtnet: card(),
  kcp_billing: card({ displayOnly: true }),
  html5_inicis: card({ displayOnly: true, callbackOnMobile: true }),
  tosspayments: card({ displayOnly: true }),
  kakaopay: card({ refusedMethods: [], acceptedMethods: ['card', 'kakaopay', 'kakaomoney'] }),
  danal_tpay: card({ callbackOnMobile: true }),
  danal: card({
    valid: { amount: 1000 },
    expected: { pay_method: 'phone', amount: 1000 },
    refusedMethods: ['card', 'trans'],
    acceptedMethods: ['phone'],
    charged: true,
    callbackOnMobile: true,
  }),
  mobilians: card({
    valid: { amount: 9900 },
    expected: { pay_method: 'phone', amount: 9900 },
    refusedMethods: ['card', 'trans'],
    acceptedMethods: ['phone'],
    charged: true,
    callbackOnMobile: true,
  }),
  settle_acc: card({
    expected: { pay_method: 'trans', amount: 0 },
    refusedMethods: ['card', 'phone'],
    acceptedMethods: ['trans'],
    callbackOnMobile: true,
  }),
  kicc: card({ displayOnly: true }),
  payco: card({ displayOnly: true, callbackOnMobile: true }),
  chai: card({
    expected: { pay_method: 'trans', amount: 0 },
    refusedMethods: ['card', 'phone'],
    acceptedMethods: ['trans'],
    displayOnly: true,
  }),
  nice_v2: card({
    valid: { customer_id: 'cid_1' },
    expected: { pay_method: 'kakaopay', amount: 0, customer_id: 'cid_1' },
    refusedMethods: ['card', 'trans', 'naverpay'],
    acceptedMethods: ['kakaopay', 'naverpay_card', 'naverpay_point'],
    required: ['customer_id'],
  }),
  paymentwall: card({
    valid: { amount: 50, buyer_email: 'buyer@example.com', currency: 'usd', name: 'Monthly plan' },
    expected: { pay_method: 'card', amount: 50, buyer_email: 'buyer@example.com', currency: 'USD', name: 'Monthly plan' },
    refusedMethods: [],
    acceptedMethods: ['card'],
    charged: true,
    required: ['buyer_email', 'currency', 'name'],
    cardInfo: true,
    awaitsWebhook: true,
  }),
};
const NO_WINDOW_PGS = ['kcp', 'nice', 'ksnet', 'settle'];

describe('PG_RULES table', () => {
  it('has exactly the PGs these tests cover (adding a PG means adding its tests)', () => {
    expect(Object.keys(PG_RULES).sort()).to.deep.equal([...Object.keys(WINDOW_PGS), ...NO_WINDOW_PGS].sort());
  });

  it('is frozen', () => {
    expect(Object.isFrozen(PG_RULES)).to.equal(true);
  });

  it('every entry names its code and a source', () => {
    for (const [code, rule] of Object.entries(PG_RULES)) {
      expect(rule.code, code).to.equal(code);
      expect(rule.source, code).to.be.a('string').and.not.equal('');
    }
  });

  it('lookupPg splits code.{MID}', () => {
    expect(lookupPg('jtnet.tjtnet0001')).to.deep.include({ code: 'jtnet', mid: 'tjtnet0001' });
    expect(lookupPg('jtnet.tjtnet0001').rule).to.equal(PG_RULES['jtnet']);
    expect(lookupPg('jtnet')).to.deep.include({ code: 'jtnet', mid: undefined });
    expect(lookupPg('welcome').rule).to.equal(undefined);
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

    it('flags in the table match the reference', () => {
      const rule = PG_RULES[code]!;
      expect(rule.callbackOnMobile, 'callbackOnMobile').to.equal(c.callbackOnMobile);
      expect(rule.awaitsWebhook, 'awaitsWebhook').to.equal(c.awaitsWebhook);
      expect(rule.cardInfo, 'cardInfo').to.equal(c.cardInfo);
      expect([...rule.required].sort(), 'required').to.deep.equal([...c.required].sort());
      expect(rule.noWindowBilling, 'noWindowBilling').to.equal(undefined);
    });

    for (const method of c.acceptedMethods) {
      it(`accepts pay_method "${method}"`, () => {
        const params = buildRequestPayParams({ pg: code, ...base, ...c.valid, pay_method: method }, { now, warn: () => {} });
        expect(params.pay_method).to.equal(method);
      });
    }

    for (const method of c.refusedMethods) {
      it(`refuses pay_method "${method}" (also with a MID)`, () => {
        for (const pg of [code, `${code}.MID_0001`]) {
          const error = invalid(() => buildRequestPayParams({ pg, ...base, ...c.valid, pay_method: method }, { now }), 'pay_method');
          expect(error.message).to.contain(method);
          expect(error.message).to.contain(code);
        }
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
        delete options[field];
        invalid(() => buildRequestPayParams(options, { now }), field, new RegExp(`${code} requires ${field}`));
        invalid(() => buildRequestPayParams({ ...options, [field]: '   ' }, { now }), field);
        invalid(() => buildRequestPayParams({ ...options, pg: `${code}.MID` }, { now }), field);
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
      invalid(() => buildRequestPayParams({ pg: code, merchant_uid: 'order_1', ...c.valid }, { now }), 'customer_uid');
    });
  });
}

describe('PGs without window billing', () => {
  for (const code of NO_WINDOW_PGS) {
    for (const pg of [code, `${code}.MID_0001`]) {
      it(`refuses pg "${pg}" with field pg and points to the REST key-in flow`, () => {
        const error = invalid(() => buildRequestPayParams({ pg, ...base, amount: 1000 }), 'pg');
        expect(error.message).to.match(/REST key-in/);
        expect(error.message).to.contain('POST /subscribe/customers/{customer_uid}');
      });
    }
    it(`${code} is refused even before customer_uid is checked`, () => {
      invalid(() => buildRequestPayParams({ pg: code }), 'pg');
    });
    it(`${code} entry carries the message`, () => {
      expect(PG_RULES[code]!.noWindowBilling).to.match(/REST key-in/);
    });
  }

  it('points kcp users to kcp_billing', () => {
    invalid(() => buildRequestPayParams({ pg: 'kcp', ...base }), 'pg', /kcp_billing/);
  });
});

describe('nice_v2 name: 40 bytes, not 40 characters', () => {
  const nice = { pg: 'nice_v2', customer_id: 'cid_1', ...base };

  it('accepts 13 Hangul letters and a space (40 bytes)', () => {
    expect(buildRequestPayParams({ ...nice, name: '가나다라마바사아자차카타 파' }).name).to.equal('가나다라마바사아자차카타 파');
  });

  it('refuses 14 Hangul letters (42 bytes), naming name and the byte count', () => {
    invalid(() => buildRequestPayParams({ ...nice, name: '가나다라마바사아자차카타파하' }), 'name', /40 bytes.*42/);
  });

  it('other PGs keep the 40-character limit', () => {
    expect(buildRequestPayParams({ pg: 'jtnet', ...base, name: '가나다라마바사아자차카타파하' }).name).to.have.length(14);
  });
});

describe('unknown PGs and channelKey without pg: universal checks only', () => {
  it('passes an unknown pg through with the default pay_method card', () => {
    expect(buildRequestPayParams({ pg: 'welcome.MID', ...base })).to.deep.equal({ pg: 'welcome.MID', ...base, amount: 0, pay_method: 'card' });
  });

  it('accepts any pay_method, amount 0 and card.info for an unknown pg', () => {
    const params = buildRequestPayParams({ pg: 'smartro_v2', ...base, pay_method: 'vbank', card: brick }, { now });
    expect(params.pay_method).to.equal('vbank');
    expect(params.amount).to.equal(0);
    expect(params.card).to.deep.equal({ info: { number: '4242-4242-4242-4242', expiry: '2030-01', cvc: '123' } });
  });

  it('passes channelKey without pg through', () => {
    const w = warnings();
    const params = buildRequestPayParams(
      { channelKey: 'channel-key-1234', ...base, pay_method: 'trans', amount: 500 },
      { warn: w.warn },
    );
    expect(params).to.deep.equal({ channelKey: 'channel-key-1234', ...base, pay_method: 'trans', amount: 500 });
    expect(w.messages).to.deep.equal([]);
  });

  it('still applies universal checks to unknown PGs', () => {
    invalid(() => buildRequestPayParams({ pg: 'welcome', merchant_uid: 'm' }), 'customer_uid');
    invalid(() => buildRequestPayParams({ pg: 'welcome', ...base, amount: -1 }), 'amount');
    invalid(() => buildRequestPayParams({ channelKey: 'ck', ...base, buyer_email: 'nope' }), 'buyer_email');
    invalid(() => buildRequestPayParams({ channelKey: 'ck', ...base, card: { info: { number: '4242', expiry: '2030-01' } } }, { now }), 'card.info.number');
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
