/**
 * The stand-in against PortOne's V1 REST schema: the answer shapes (every property the schema lists, with its type),
 * the statuses and codes of refusals, the endpoints merchants call beyond the billing basics, and the request forms
 * PortOne accepts. The property lists below are restated from the schema's definitions.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { ENDPOINTS, LEFT_OUT, startMockApi, TEST_CARDS, type MockApi } from './index.js';
import { startWebhookRecorder } from '../test-helpers/webhook-recorder.js';

const FUTURE = '2031-12';
const CARD = { card_number: TEST_CARDS.approve, expiry: FUTURE, birth: '900101' };
const ALL_TIME = 'from=0&to=4294967295';

/** OAS PaymentAnnotation. */
const PAYMENT_PROPERTIES = [
  'imp_uid', 'merchant_uid', 'pay_method', 'channel', 'pg_provider', 'emb_pg_provider', 'pg_tid', 'pg_id', 'sandbox', 'escrow',
  'apply_num', 'bank_code', 'bank_name', 'card_code', 'card_name', 'card_issuer_code', 'card_issuer_name', 'card_publisher_code',
  'card_publisher_name', 'card_quota', 'card_number', 'card_type', 'vbank_code', 'vbank_name', 'vbank_num', 'vbank_holder',
  'vbank_date', 'vbank_issued_at', 'name', 'amount', 'cancel_amount', 'currency', 'buyer_name', 'buyer_email', 'buyer_tel',
  'buyer_addr', 'buyer_postcode', 'custom_data', 'user_agent', 'status', 'started_at', 'paid_at', 'failed_at', 'cancelled_at',
  'fail_reason', 'cancel_reason', 'receipt_url', 'cancel_history', 'deposit_history', 'cancel_receipt_urls', 'cash_receipt_issued',
  'customer_uid', 'customer_uid_usage', 'promotion',
];
/** OAS CustomerAnnotation. */
const CUSTOMER_PROPERTIES = [
  'customer_uid', 'pg_provider', 'pg_id', 'sandbox', 'customer_id', 'card_name', 'card_code', 'card_issuer_code', 'card_issuer_name',
  'card_publisher_code', 'card_publisher_name', 'card_number', 'card_type', 'customer_name', 'customer_tel', 'customer_email',
  'customer_addr', 'customer_postcode', 'inserted', 'updated',
];
/** OAS ScheduleResultAnnotation. */
const SCHEDULE_PROPERTIES = [
  'customer_uid', 'merchant_uid', 'imp_uid', 'pg_provider', 'pg_id', 'customer_id', 'schedule_at', 'executed_at', 'revoked_at',
  'amount', 'currency', 'name', 'buyer_name', 'buyer_email', 'buyer_tel', 'buyer_addr', 'buyer_postcode', 'custom_data',
  'schedule_status', 'payment_status', 'fail_reason', 'promotion_id',
];
/** OAS PaymentCancelAnnotation. */
const CANCEL_PROPERTIES = ['pg_tid', 'amount', 'cancelled_at', 'reason', 'cancellation_id', 'receipt_url'];
const TIMESTAMPS = ['started_at', 'paid_at', 'failed_at', 'cancelled_at', 'vbank_date', 'vbank_issued_at', 'inserted', 'updated', 'schedule_at', 'executed_at', 'revoked_at'];

const sorted = (keys: string[]) => [...keys].sort();

function assertShape(value: Record<string, unknown>, properties: string[]) {
  assert.deepEqual(sorted(Object.keys(value)), sorted(properties));
  for (const key of TIMESTAMPS) {
    if (key in value) assert.ok(Number.isSafeInteger(value[key]) && (value[key] as number) < 1e11, `${key} is in UNIX seconds`);
  }
}

describe('mock API conformance with PortOne V1 REST', () => {
  let api: MockApi;
  let token: string;
  const start = Date.UTC(2026, 2, 1);

  async function call(method: string, path: string, body?: unknown, init: { form?: boolean; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = init.headers ?? { authorization: `Bearer ${token}` };
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] = init.form ? 'application/x-www-form-urlencoded' : 'application/json';
      payload = init.form ? String(body) : JSON.stringify(body);
    }
    const res = await fetch(api.url + path, { method, headers, body: payload });
    const json = (await res.json()) as { code: number; message: string | null; response: any };
    return { status: res.status, ...json };
  }

  before(async () => {
    api = await startMockApi({ now: start });
    token = (await call('POST', '/users/getToken', { imp_key: 'test_key', imp_secret: 'test_secret' }, { headers: {} })).response.access_token;
    await call('POST', '/subscribe/customers/conf-1', { ...CARD, customer_name: '홍길동' });
  });
  after(() => api.close());

  test('answers carry every property the schema lists, timestamps in UNIX seconds, nulls where PortOne has nothing', async () => {
    const customer = await call('GET', '/subscribe/customers/conf-1');
    assertShape(customer.response, CUSTOMER_PROPERTIES);
    assert.equal(customer.response.card_issuer_code, null);
    assert.equal(customer.response.sandbox, false);

    const paid = await call('POST', '/subscribe/payments/again', { customer_uid: 'conf-1', merchant_uid: 'conf-pay-1', amount: 9900, name: '월간' });
    assertShape(paid.response, PAYMENT_PROPERTIES);
    assert.equal(typeof paid.response.amount, 'number');
    assert.deepEqual([paid.response.promotion, paid.response.deposit_history, paid.response.card_publisher_name], [null, [], null]);
    assert.equal(paid.response.card_number, '424242******4242');

    const [scheduled] = (
      await call('POST', '/subscribe/payments/schedule', { customer_uid: 'conf-1', schedules: [{ merchant_uid: 'conf-sch-1', schedule_at: start / 1000 + 86400, amount: 9900 }] })
    ).response;
    assertShape(scheduled, SCHEDULE_PROPERTIES);
    assert.deepEqual([scheduled.imp_uid, scheduled.payment_status, scheduled.currency, scheduled.buyer_name], [null, null, 'KRW', '홍길동']);

    const prepared = await call('POST', '/payments/prepare', { merchant_uid: 'conf-prep-0', amount: 1000 });
    assert.deepEqual(prepared.response, { merchant_uid: 'conf-prep-0', amount: 1000, currency: null });
  });

  test('every endpoint’s success answer has the shape the table names for it', async () => {
    const item: Record<string, string[]> = {
      Payment: PAYMENT_PROPERTIES,
      Customer: CUSTOMER_PROPERTIES,
      ScheduleResult: SCHEDULE_PROPERTIES,
      PaymentPrepare: ['merchant_uid', 'amount', 'currency'],
      Auth: ['access_token', 'expired_at', 'now'],
    };
    const page = (list: string[]) => (r: any) => {
      assert.deepEqual(sorted(Object.keys(r)), ['list', 'next', 'previous', 'total']);
      assert.ok(r.list.length > 0, 'an example row');
      for (const row of r.list) assertShape(row, list);
    };
    const checks: Record<string, (r: any) => void> = {
      PaymentPage: page(PAYMENT_PROPERTIES),
      SchedulePage: page(SCHEDULE_PROPERTIES),
      'Customer[]': (r) => r.forEach((c: any) => assertShape(c, CUSTOMER_PROPERTIES)),
      'ScheduleResult[]': (r) => r.forEach((s: any) => assertShape(s, SCHEDULE_PROPERTIES)),
    };
    const at = start / 1000 + 10 * 86400;
    await call('POST', '/subscribe/customers/shape-1', CARD);
    const paid = (await call('POST', '/subscribe/payments/again', { customer_uid: 'shape-1', merchant_uid: 'shape-pay', amount: 100, name: 'n' })).response;
    /** One successful call per endpoint, in an order that leaves each the state it needs. */
    const calls: Array<[string, string, unknown?]> = [
      ['POST /users/getToken', '/users/getToken', { imp_key: 'test_key', imp_secret: 'test_secret' }],
      ['GET /subscribe/customers', '/subscribe/customers?customer_uid[]=shape-1'],
      ['GET /subscribe/customers/{customer_uid}', '/subscribe/customers/shape-1'],
      ['POST /subscribe/customers/{customer_uid}', '/subscribe/customers/shape-2', CARD],
      ['GET /subscribe/customers/{customer_uid}/payments', '/subscribe/customers/shape-1/payments'],
      ['POST /subscribe/payments/schedule', '/subscribe/payments/schedule', { customer_uid: 'shape-1', schedules: [{ merchant_uid: 'shape-s1', schedule_at: at, amount: 100 }, { merchant_uid: 'shape-s2', schedule_at: at, amount: 100 }] }],
      ['GET /subscribe/customers/{customer_uid}/schedules', `/subscribe/customers/shape-1/schedules?${ALL_TIME}`],
      ['GET /subscribe/payments/schedule/customers/{customer_uid}', `/subscribe/payments/schedule/customers/shape-1?${ALL_TIME}`],
      ['GET /subscribe/payments/schedule', `/subscribe/payments/schedule?schedule_from=${at}&schedule_to=${at + 1}`],
      ['GET /subscribe/payments/schedule/{merchant_uid}', '/subscribe/payments/schedule/shape-s1'],
      ['PUT /subscribe/payments/schedule/{merchant_uid}', '/subscribe/payments/schedule/shape-s1', { schedule_at: at + 60 }],
      ['POST /subscribe/payments/schedule/{merchant_uid}/reschedule', '/subscribe/payments/schedule/shape-s1/reschedule', { schedule_at: at + 120 }],
      ['POST /subscribe/payments/unschedule', '/subscribe/payments/unschedule', { merchant_uid: ['shape-s2'] }],
      ['GET /payments/{imp_uid}', `/payments/${paid.imp_uid}`],
      ['GET /payments/find/{merchant_uid}/{payment_status?}', '/payments/find/shape-pay/paid'],
      ['POST /payments/prepare', '/payments/prepare', { merchant_uid: 'shape-prep', amount: 100 }],
      ['PUT /payments/prepare', '/payments/prepare', { merchant_uid: 'shape-prep', amount: 200 }],
      ['GET /payments/prepare/{merchant_uid}', '/payments/prepare/shape-prep'],
      ['POST /subscribe/payments/onetime', '/subscribe/payments/onetime', { ...CARD, merchant_uid: 'shape-prep', amount: 200 }],
      ['POST /subscribe/payments/again', '/subscribe/payments/again', { customer_uid: 'shape-2', merchant_uid: 'shape-pay-2', amount: 100, name: 'n' }],
      ['POST /payments/cancel', '/payments/cancel', { imp_uid: paid.imp_uid }],
      ['DELETE /subscribe/customers/{customer_uid}', '/subscribe/customers/shape-2'],
    ];
    assert.deepEqual(sorted(calls.map(([key]) => key)), sorted(ENDPOINTS.map((e) => `${e.method} ${e.path}`)), 'one call per endpoint');
    for (const [key, path, body] of calls) {
      const e = ENDPOINTS.find((x) => `${x.method} ${x.path}` === key)!;
      const r = await call(e.method, path, body, key === 'POST /users/getToken' ? { headers: {} } : {});
      assert.deepEqual([r.status, r.code, r.message], [200, 0, null], `${key}: ${r.message}`);
      const check = checks[e.response];
      if (check) check(r.response);
      else assertShape(r.response, item[e.response]!);
    }
  });

  test('the table: every endpoint is routed, cites its PortOne docs path, and refuses a missing required parameter by name', async () => {
    for (const e of ENDPOINTS) {
      assert.match(e.docs, /^api\/rest-v1\/[\w.]+#(get|post|put|delete) \//);
      const missing = e.params.find((p) => p.required && p.in !== 'path');
      if (!missing || e.operation === 'getToken') continue;
      const path = e.path.replace(/\{(\w+)\??\}/g, 'x');
      const r = await call(e.method, path, e.method === 'GET' || e.method === 'DELETE' ? undefined : {});
      const expected = e.statuses.includes(400) ? 400 : 200;
      assert.deepEqual([r.status, r.code, r.response], [expected, -1, null], `${e.method} ${e.path}`);
      assert.ok(r.message!.includes(missing.name), `${e.method} ${e.path} names ${missing.name}: ${r.message}`);
    }
  });

  test('the README endpoint table lists exactly the table’s endpoints, statuses and docs paths, and what is left out', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| (GET|POST|PUT|DELETE) \| `([^`]+)` \| ([\d, ]+) \| `([^`]+)` \|/gm)].map((m) => m.slice(1, 5).join(' '));
    const expected = ENDPOINTS.map((e) => [e.method, e.path.replace('?}', '}'), e.statuses.join(', '), e.docs].join(' '));
    assert.deepEqual(rows, expected);
    for (const left of LEFT_OUT) assert.ok(readme.includes(left.split(' ')[1]!), `README lists ${left} as left out`);
  });

  test('limits from the schema: merchant_uid 40, customer_uid 80, name 40, listed values only', async () => {
    const long = await call('POST', '/subscribe/payments/again', { customer_uid: 'conf-1', merchant_uid: 'm'.repeat(41), amount: 1, name: 'n' });
    assert.deepEqual([long.status, long.code], [200, -1]);
    assert.match(long.message!, /merchant_uid.*40/);
    const name = await call('POST', '/subscribe/payments/again', { customer_uid: 'conf-1', merchant_uid: 'conf-n', amount: 1, name: 'n'.repeat(41) });
    assert.match(name.message!, /name.*40/);
    const status = await call('GET', `/subscribe/payments/schedule/customers/conf-1?${ALL_TIME}&schedule-status=done`);
    assert.deepEqual([status.status, status.code], [400, -1]);
    const type = await call('POST', '/subscribe/payments/again', { customer_uid: 'conf-1', merchant_uid: 'conf-t', amount: 'lots', name: 'n' });
    assert.match(type.message!, /amount must be a number/);
  });

  test('form bodies with PHP-style keys read like JSON, numbers included', async () => {
    const form = `customer_uid=conf-1&merchant_uid=conf-form-1&amount=1500&name=${encodeURIComponent('폼 결제')}&card_quota=0`;
    const r = await call('POST', '/subscribe/payments/again', form, { form: true });
    assert.equal(r.code, 0, r.message ?? '');
    assert.deepEqual([r.response.amount, r.response.name, r.response.card_quota], [1500, '폼 결제', 0]);
  });

  test('tokens: X-ImpTokenHeader, lower-case bearer and the raw token are all accepted', async () => {
    const variants: Array<Record<string, string>> = [{ 'x-imptokenheader': token }, { authorization: `bearer ${token}` }, { authorization: token }];
    for (const headers of variants) {
      assert.equal((await call('GET', '/subscribe/customers/conf-1', undefined, { headers })).code, 0);
    }
    assert.equal((await call('GET', '/subscribe/customers/conf-1', undefined, { headers: { 'x-imptokenheader': 'nope' } })).status, 401);
  });

  test('malformed percent-encoding is a 400 envelope, not a 500; a wrong method is 405', async () => {
    const bad = await call('GET', '/subscribe/customers/%E0%A4%A');
    assert.deepEqual([bad.status, bad.code, bad.response], [400, -1, null]);
    assert.match(bad.message!, /percent-encoding/);
    const method = await call('PUT', '/subscribe/customers/conf-1', {});
    assert.equal(method.status, 405);
  });

  test('birth is optional when issuing a key; schedule with card data issues the key in the same call', async () => {
    const noBirth = await call('POST', '/subscribe/customers/conf-nobirth', { card_number: TEST_CARDS.approve, expiry: FUTURE, channel_key: 'channel-key-1234' });
    assert.equal(noBirth.code, 0, noBirth.message ?? '');
    const r = await call('POST', '/subscribe/payments/schedule', {
      customer_uid: 'conf-new',
      ...CARD,
      pwd_2digit: '12',
      schedules: [{ merchant_uid: 'conf-new-1', schedule_at: start / 1000 + 3600, amount: 4900, name: '첫 달' }],
    });
    assert.equal(r.code, 0, r.message ?? '');
    assert.equal((await call('GET', '/subscribe/customers/conf-new')).response.card_number, '424242******4242');
    const badCard = await call('POST', '/subscribe/payments/schedule', {
      customer_uid: 'conf-new-bad',
      card_number: '4242-4242-4242-4241',
      expiry: FUTURE,
      schedules: [{ merchant_uid: 'conf-new-2', schedule_at: start / 1000 + 3600, amount: 4900 }],
    });
    assert.deepEqual([badCard.status, badCard.code], [200, -1]);
    assert.equal((await call('GET', '/subscribe/payments/schedule/conf-new-2')).status, 404);
  });

  test('pg picks the provider and MID the key and its payments report', async () => {
    const r = await call('POST', '/subscribe/customers/conf-pg', { ...CARD, pg: 'nice.nictest04m' });
    assert.deepEqual([r.response.pg_provider, r.response.pg_id], ['nice', 'nictest04m']);
    const p = await call('POST', '/subscribe/payments/again', { customer_uid: 'conf-pg', merchant_uid: 'conf-pg-1', amount: 100, name: 'n' });
    assert.deepEqual([p.response.pg_provider, p.response.pg_id], ['nice', 'nictest04m']);
  });

  test('GET /subscribe/customers: 200 for all, 207 with the found ones, 404 for none', async () => {
    const all = await call('GET', '/subscribe/customers?customer_uid[]=conf-1&customer_uid[]=conf-pg');
    assert.deepEqual([all.status, all.response.map((c: any) => c.customer_uid)], [200, ['conf-1', 'conf-pg']]);
    const some = await call('GET', '/subscribe/customers?customer_uid%5B%5D=conf-1&customer_uid%5B%5D=nobody');
    assert.deepEqual([some.status, some.code, some.response.length], [207, 0, 1]);
    const none = await call('GET', '/subscribe/customers?customer_uid[]=nobody');
    assert.deepEqual([none.status, none.code], [404, -1]);
  });

  test('find by merchant_uid (optionally by status), and a customer’s payments, paged', async () => {
    const found = await call('GET', '/payments/find/conf-pay-1');
    assert.equal(found.response.merchant_uid, 'conf-pay-1');
    assert.equal((await call('GET', '/payments/find/conf-pay-1/paid')).response.imp_uid, found.response.imp_uid);
    assert.deepEqual([(await call('GET', '/payments/find/conf-pay-1/failed')).status], [404]);
    assert.equal((await call('GET', '/payments/find/nothing-here')).status, 404);
    const page = await call('GET', '/subscribe/customers/conf-1/payments?page=1');
    assert.equal(page.response.total, page.response.list.length);
    assert.ok(page.response.list.some((p: any) => p.merchant_uid === 'conf-pay-1'));
    assert.deepEqual([page.response.previous, page.response.next], [0, 0]);
    assert.equal((await call('GET', '/subscribe/customers/nobody/payments')).status, 404);
  });

  test('schedule lookups: by merchant_uid, by customer (both paths), by time range; reschedule', async () => {
    assert.equal((await call('GET', '/subscribe/payments/schedule/conf-sch-1')).response.schedule_status, 'scheduled');
    const a = await call('GET', `/subscribe/payments/schedule/customers/conf-1?${ALL_TIME}`);
    const b = await call('GET', `/subscribe/customers/conf-1/schedules?${ALL_TIME}&schedule-status=scheduled`);
    assert.deepEqual(a.response.list.map((s: any) => s.merchant_uid), ['conf-sch-1']);
    assert.deepEqual(b.response, a.response);
    const outside = await call('GET', `/subscribe/customers/conf-1/schedules?from=0&to=${start / 1000 + 86400}`);
    assert.equal(outside.response.total, 0, 'to is exclusive');
    const range = await call('GET', `/subscribe/payments/schedule?schedule_from=${start / 1000}&schedule_to=${start / 1000 + 2 * 86400}&sorting=scheduled`);
    assert.deepEqual(range.response.list.map((s: any) => s.merchant_uid), ['conf-new-1', 'conf-sch-1']);
    const moved = await call('PUT', '/subscribe/payments/schedule/conf-sch-1', { schedule_at: start / 1000 + 2 * 86400 });
    assert.equal(moved.response.schedule_at, start / 1000 + 2 * 86400);
    const past = await call('POST', '/subscribe/payments/schedule/conf-sch-1/reschedule', { schedule_at: 1 });
    assert.deepEqual([past.status, past.code], [400, -1]);
    assert.equal((await call('GET', '/subscribe/payments/schedule/none')).status, 404);
    const nothing = await call('POST', '/subscribe/payments/unschedule', { customer_uid: 'conf-pg' });
    assert.deepEqual([nothing.status, nothing.code], [200, -1]);
  });

  test('cancel: partial then full, with history; refusals are HTTP 200 code -1; the cancelled webhook only when enabled', async () => {
    const hook = await startWebhookRecorder();
    const { received } = hook;
    api.setWebhookUrl(hook.url);
    try {
      const paid = await call('POST', '/subscribe/payments/again', { customer_uid: 'conf-1', merchant_uid: 'conf-refund', amount: 10000, name: 'n' });
      const part = await call('POST', '/payments/cancel', { imp_uid: paid.response.imp_uid, amount: 3000, reason: '부분 환불', checksum: 10000 });
      assert.deepEqual([part.code, part.response.status, part.response.cancel_amount], [0, 'paid', 3000]);
      assertShape(part.response.cancel_history[0], CANCEL_PROPERTIES);
      const over = await call('POST', '/payments/cancel', { imp_uid: paid.response.imp_uid, amount: 8000 });
      assert.deepEqual([over.status, over.code], [200, -1]);
      const stale = await call('POST', '/payments/cancel', { imp_uid: paid.response.imp_uid, checksum: 10000 });
      assert.deepEqual([stale.status, stale.code], [200, -1]);
      const rest = await call('POST', '/payments/cancel', 'merchant_uid=conf-refund&reason=churn&enable_webhook=true', { form: true });
      assert.deepEqual([rest.response.status, rest.response.cancel_amount, rest.response.cancel_history.length], ['cancelled', 10000, 2]);
      assert.ok(rest.response.cancelled_at > 0);
      const twice = await call('POST', '/payments/cancel', { imp_uid: paid.response.imp_uid });
      assert.deepEqual([twice.status, twice.code], [200, -1]);
      assert.match(twice.message!, /이미 전액취소/);
      assert.deepEqual((await call('POST', '/payments/cancel', { imp_uid: 'imp_000000000000' })).code, -1);

      for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(received, [
        {
          type: 'application/json',
          body: { imp_uid: paid.response.imp_uid, merchant_uid: 'conf-refund', status: 'cancelled', cancellation_id: rest.response.cancel_history[1].cancellation_id },
        },
      ]);
    } finally {
      api.setWebhookUrl(undefined);
      await hook.close();
    }
  });

  test('prepare: register, read, edit; a duplicate is refused; a charge of another amount is refused', async () => {
    assert.equal((await call('POST', '/payments/prepare', { merchant_uid: 'conf-prep', amount: 5000 })).code, 0);
    const dup = await call('POST', '/payments/prepare', { merchant_uid: 'conf-prep', amount: 5000 });
    assert.deepEqual([dup.status, dup.code], [200, -1]);
    assert.equal((await call('GET', '/payments/prepare/conf-prep')).response.amount, 5000);
    const unknown = await call('GET', '/payments/prepare/never');
    assert.deepEqual([unknown.status, unknown.code], [200, -1]);
    assert.equal((await call('PUT', '/payments/prepare', { merchant_uid: 'never', amount: 1 })).status, 404);
    const tampered = await call('POST', '/subscribe/payments/onetime', { ...CARD, merchant_uid: 'conf-prep', amount: 100 });
    assert.deepEqual([tampered.status, tampered.code], [200, -1]);
    assert.match(tampered.message!, /5000/);
    const edited = await call('PUT', '/payments/prepare', { merchant_uid: 'conf-prep', amount: 100 });
    assert.equal(edited.response.amount, 100);
    assert.equal((await call('POST', '/subscribe/payments/onetime', { ...CARD, merchant_uid: 'conf-prep', amount: 100 })).response.status, 'paid');
  });
});
