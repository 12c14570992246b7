import { expect } from '@open-wc/testing';
import { buildRequestPayParams } from './index.js';
import { at, invalid, warnings } from '../test-helpers/core-helpers.js';

/**
 * Every billing request_pay example from PortOne's PG pages (`opi/ko/integration/pg/v1/…`), reproduced field for field. Placeholders such as
 * '{모바일에서 결제 완료 후 리디렉션 될 URL}' are replaced by the URL the seed's own comment gives.
 */
const MOBILE_RETURN = 'https://www.my-service.com/payments/complete/mobile';

describe('seed 000: paymentwall (iamport-manual paymentwall-request-billing-key.md)', () => {
  const seed = () => ({
    pg: 'paymentwall',
    pay_method: 'card',
    merchant_uid: 'order_no_0001',
    name: '주문명:결제테스트',
    amount: 50,
    buyer_email: 'iamport@example.com',
    buyer_name: '구매자이름',
    buyer_tel: '010-1234-5678',
    buyer_addr: '서울특별시 강남구 삼성동',
    buyer_postcode: '123-456',
    currency: 'USD',
    language: 'en',
    m_redirect_url: MOBILE_RETURN,
    customer_uid: 'customer_uid',
    card: {
      info: {
        number: '4242-4242-4242-4242',
        expiry: '2026-09',
        cvc: '826',
      },
    },
    bypass: {
      widget_code: 't3_1',
    },
  });

  it('builds exactly the seed object (clock fixed before the card expires in 2026-09)', () => {
    const w = warnings();
    const params = buildRequestPayParams(seed(), { now: at('2026-08-31T23:00:00'), warn: w.warn });
    expect(params).to.deep.equal(seed());
  });

  it('is still valid during the expiry month itself', () => {
    expect(buildRequestPayParams(seed(), { now: at('2026-09-30T12:00:00'), warn: () => {} }).card?.info?.expiry).to.equal('2026-09');
  });

  it('warns (does not refuse) about the single-word buyer_name "구매자이름"', () => {
    const w = warnings();
    buildRequestPayParams(seed(), { now: at('2026-01-01T00:00:00'), warn: w.warn });
    expect(w.messages).to.have.length(1);
    expect(w.messages[0]).to.match(/First Last/);
  });

  it('does not warn for a "First Last" buyer_name', () => {
    const w = warnings();
    buildRequestPayParams({ ...seed(), buyer_name: 'Gildong Hong' }, { now: at('2026-01-01T00:00:00'), warn: w.warn });
    expect(w.messages).to.deep.equal([]);
  });

  it('refuses the seed card once the clock passes 2026-09', () => {
    invalid(() => buildRequestPayParams(seed(), { now: at('2026-10-01T00:00:00'), warn: () => {} }), 'card.info.expiry', /expired/);
  });

  it('does not mutate the options it was given', () => {
    const options = seed();
    const snapshot = JSON.stringify(options);
    buildRequestPayParams(options, { now: at('2026-01-01T00:00:00'), warn: () => {} });
    expect(JSON.stringify(options)).to.equal(snapshot);
  });
});

describe('seed 002: jtnet (iamport-manual jtnet-request-billing-key.md)', () => {
  it('example 1: key only (amount 0) with pg "jtnet" builds exactly the seed object', () => {
    const seed = {
      pg: 'jtnet',
      pay_method: 'card',
      merchant_uid: 'order_monthly_0001',
      name: '최초인증결제',
      amount: 0,
      customer_uid: 'your-customer-unique-id',
      buyer_email: 'iamport@siot.do',
      buyer_name: '아임포트',
      buyer_tel: '02-1234-1234',
      m_redirect_url: MOBILE_RETURN,
    };
    const w = warnings();
    expect(buildRequestPayParams({ ...seed }, { warn: w.warn })).to.deep.equal(seed);
    expect(w.messages).to.deep.equal([]);
  });

  it('example 2: key + first charge of 1,004 KRW without pg (default PG) builds exactly the seed object', () => {
    const seed = {
      pay_method: 'card',
      merchant_uid: 'order_monthly_0001',
      name: '최초인증결제',
      amount: 1004,
      customer_uid: 'your-customer-unique-id',
      buyer_email: 'iamport@siot.do',
      buyer_name: '아임포트',
      buyer_tel: '02-1234-1234',
    };
    const w = warnings();
    expect(buildRequestPayParams({ ...seed }, { warn: w.warn })).to.deep.equal(seed);
    expect(w.messages).to.deep.equal([]);
  });

  it('example 2 with pg "jtnet.{상점아이디}" keeps the charge', () => {
    const params = buildRequestPayParams({
      pg: 'jtnet.tjtnet0001',
      pay_method: 'card',
      merchant_uid: 'order_monthly_0001',
      name: '최초인증결제',
      amount: 1004,
      customer_uid: 'your-customer-unique-id',
    });
    expect(params).to.deep.equal({
      pg: 'jtnet.tjtnet0001',
      pay_method: 'card',
      merchant_uid: 'order_monthly_0001',
      name: '최초인증결제',
      amount: 1004,
      customer_uid: 'your-customer-unique-id',
    });
  });
});
