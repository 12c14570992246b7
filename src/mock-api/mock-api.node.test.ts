import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startMockApi, TEST_CARDS, type MockApi } from './index.js';
import { startWebhookRecorder } from '../test-helpers/webhook-recorder.js';

const FUTURE = '2031-12';

describe('mock API (PortOne V1 stand-in)', () => {
  let api: MockApi;
  let token: string;
  /** Every response body, to prove no full card number ever leaves the stand-in. */
  const seen: string[] = [];

  async function call(method: string, path: string, body?: unknown, init: { form?: boolean; auth?: string | null } = {}) {
    const headers: Record<string, string> = {};
    const auth = init.auth === undefined ? `Bearer ${token}` : init.auth;
    if (auth) headers.authorization = auth;
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] = init.form ? 'application/x-www-form-urlencoded' : 'application/json';
      payload = init.form ? String(body) : JSON.stringify(body);
    }
    const res = await fetch(api.url + path, { method, headers, body: payload });
    const text = await res.text();
    seen.push(text);
    return { status: res.status, ...(JSON.parse(text) as { code: number; message: string | null; response: any }) };
  }

  /** Tokens live 30 minutes on the mock clock too, so tests that move it take a fresh one. */
  async function renew() {
    const t = await call('POST', '/users/getToken', { imp_key: 'test_key', imp_secret: 'test_secret' }, { auth: null });
    token = t.response.access_token;
  }

  before(async () => {
    api = await startMockApi({ now: Date.UTC(2026, 0, 15) });
    await renew();
  });
  after(() => api.close());

  test('getToken: envelope, 30-minute token, the same token while valid', async () => {
    const a = await call('POST', '/users/getToken', { imp_key: 'test_key', imp_secret: 'test_secret' }, { auth: null });
    assert.equal(a.code, 0);
    assert.equal(a.message, null);
    assert.equal(a.response.access_token, token);
    assert.equal(a.response.expired_at - a.response.now, 30 * 60);
  });

  test('getToken accepts a form body; wrong credentials get 401 with code -1', async () => {
    const form = await call('POST', '/users/getToken', 'imp_key=test_key&imp_secret=test_secret', { form: true, auth: null });
    assert.equal(form.response.access_token, token);
    const bad = await call('POST', '/users/getToken', { imp_key: 'test_key', imp_secret: 'nope' }, { auth: null });
    assert.equal(bad.status, 401);
    assert.equal(bad.code, -1);
    assert.equal(bad.response, null);
    assert.match(bad.message!, /imp_secret/);
  });

  test('Bearer and raw tokens are accepted; no token or a wrong one is 401', async () => {
    await call('POST', '/subscribe/customers/auth-1', { card_number: TEST_CARDS.approve, expiry: FUTURE, birth: '900101' });
    assert.equal((await call('GET', '/subscribe/customers/auth-1', undefined, { auth: token })).code, 0);
    assert.equal((await call('GET', '/subscribe/customers/auth-1')).code, 0);
    const none = await call('GET', '/subscribe/customers/auth-1', undefined, { auth: null });
    assert.deepEqual([none.status, none.code], [401, -1]);
    const wrong = await call('GET', '/subscribe/customers/auth-1', undefined, { auth: 'Bearer abc' });
    assert.equal(wrong.status, 401);
  });

  test('issuing a key returns a masked card and keeps only masked data', async () => {
    const r = await call('POST', '/subscribe/customers/cust-1', {
      card_number: '4242 4242 4242 4242',
      expiry: FUTURE,
      birth: '900101',
      pwd_2digit: '12',
      customer_name: '홍길동',
    });
    assert.equal(r.code, 0);
    assert.equal(r.response.customer_uid, 'cust-1');
    assert.equal(r.response.card_number, '424242******4242');
    assert.equal(r.response.card_name, '신한카드');
    assert.equal(r.response.customer_name, '홍길동');
    const got = await call('GET', '/subscribe/customers/cust-1');
    assert.deepEqual(got.response, r.response);
  });

  test('invalid card data is refused with HTTP 200, code -1 and a Korean / English message', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ card_number: '4242-4242-4242-4241', expiry: FUTURE, birth: '900101' }, /카드번호.*card_number/],
      [{ card_number: TEST_CARDS.approve, expiry: '2020-01', birth: '900101' }, /유효기간.*expired/],
      [{ card_number: TEST_CARDS.approve, expiry: FUTURE, birth: '901301' }, /생년월일.*birth/],
      [{ card_number: TEST_CARDS.approve, expiry: FUTURE, birth: '900101', pwd_2digit: '1' }, /비밀번호.*pwd_2digit/],
    ];
    for (const [body, message] of cases) {
      const r = await call('POST', '/subscribe/customers/bad-card', body);
      assert.deepEqual([r.status, r.code], [200, -1]);
      assert.match(r.message!, message);
    }
    assert.equal((await call('GET', '/subscribe/customers/bad-card')).status, 404);
  });

  test('unknown customer_uid: 404 on GET/DELETE, HTTP 200 on POST, code -1 and 존재하지 않는 everywhere', async () => {
    for (const [r, status] of [
      [await call('GET', '/subscribe/customers/nobody'), 404],
      [await call('POST', '/subscribe/payments/again', { customer_uid: 'nobody', merchant_uid: 'x-1', amount: 100, name: 'n' }), 200],
      [await call('POST', '/subscribe/payments/schedule', { customer_uid: 'nobody', schedules: [{ merchant_uid: 'x-2', schedule_at: 4e9, amount: 100 }] }), 200],
      [await call('DELETE', '/subscribe/customers/nobody'), 404],
    ] as const) {
      assert.deepEqual([r.status, r.code], [status, -1]);
      assert.match(r.message!, /존재하지 않는/);
      assert.equal(r.response, null);
    }
  });

  test('again: approves a good key, and a decline card resolves code 0 with status failed', async () => {
    const paid = await call('POST', '/subscribe/payments/again', { customer_uid: 'cust-1', merchant_uid: 'again-1', amount: 9900, name: '월간 이용권' });
    assert.equal(paid.code, 0);
    assert.match(paid.response.imp_uid, /^imp_\d{12}$/);
    assert.equal(paid.response.status, 'paid');
    assert.equal(paid.response.channel, 'api');
    assert.equal(paid.response.customer_uid_usage, 'payment');
    assert.equal(paid.response.card_number, '424242******4242');
    assert.ok(paid.response.paid_at > 0);

    await call('POST', '/subscribe/customers/decliner', { card_number: TEST_CARDS.decline, expiry: FUTURE, birth: '900101' });
    const failed = await call('POST', '/subscribe/payments/again', { customer_uid: 'decliner', merchant_uid: 'again-2', amount: 9900, name: 'x' });
    assert.equal(failed.code, 0);
    assert.equal(failed.response.status, 'failed');
    assert.match(failed.response.fail_reason, /승인거절/);
    assert.equal(failed.response.paid_at, 0);

    const lookup = await call('GET', `/payments/${paid.response.imp_uid}`);
    assert.deepEqual(lookup.response, paid.response);
    const missing = await call('GET', '/payments/imp_000000000000');
    assert.deepEqual([missing.status, missing.code], [404, -1]);
  });

  test('a paid merchant_uid is refused; a failed one may be retried', async () => {
    const dup = await call('POST', '/subscribe/payments/again', { customer_uid: 'cust-1', merchant_uid: 'again-1', amount: 9900, name: 'x' });
    assert.deepEqual([dup.status, dup.code, dup.response], [200, -1, null]);
    assert.match(dup.message!, /이미 결제/);
    const retry = await call('POST', '/subscribe/payments/again', { customer_uid: 'cust-1', merchant_uid: 'again-2', amount: 9900, name: 'x' });
    assert.equal(retry.response.status, 'paid');
  });

  test('seed 004: onetime without customer_uid charges without storing, with customer_uid also issues the key', async () => {
    const plain = await call('POST', '/subscribe/payments/onetime', {
      merchant_uid: 'order_id_8237352',
      card_number: TEST_CARDS.approve,
      expiry: FUTURE,
      birth: '820213',
      amount: 3000,
    });
    assert.equal(plain.response.status, 'paid');
    assert.equal(plain.response.customer_uid, null);
    const keyed = await call('POST', '/subscribe/payments/onetime', {
      customer_uid: 'your-customer-unique-id',
      merchant_uid: 'order_id_8237353',
      card_number: '5105-1051-0510-5100',
      expiry: FUTURE,
      birth: '820213',
      pwd_2digit: '00',
      amount: 3000,
    });
    assert.equal(keyed.response.status, 'paid');
    assert.equal(keyed.response.customer_uid_usage, 'issue');
    assert.equal(keyed.response.card_name, 'KB국민카드');
    const customer = await call('GET', '/subscribe/customers/your-customer-unique-id');
    assert.equal(customer.response.card_number, '510510******5100');
  });

  test('schedule (form-encoded like old examples), list, unschedule, and the clock runs it', async () => {
    const at = Math.floor(api.now() / 1000) + 3600;
    const body = `customer_uid=cust-1&schedules[0][merchant_uid]=sch-1&schedules[0][schedule_at]=${at}&schedules[0][amount]=8900&schedules[0][name]=${encodeURIComponent('월간 이용권 정기결제')}&schedules[1][merchant_uid]=sch-2&schedules[1][schedule_at]=${at + 7200}&schedules[1][amount]=8900`;
    const r = await call('POST', '/subscribe/payments/schedule', body, { form: true });
    assert.equal(r.code, 0, r.message ?? '');
    assert.deepEqual(r.response.map((s: any) => [s.merchant_uid, s.schedule_status]), [['sch-1', 'scheduled'], ['sch-2', 'scheduled']]);

    const again = await call('POST', '/subscribe/payments/schedule', { customer_uid: 'cust-1', schedules: [{ merchant_uid: 'sch-1', schedule_at: at, amount: 1 }] });
    assert.deepEqual([again.status, again.code], [200, -1]);
    assert.match(again.message!, /이미 예약된 merchant_uid입니다: sch-1 \(merchant_uid already scheduled\)/);
    const past = await call('POST', '/subscribe/payments/schedule', { customer_uid: 'cust-1', schedules: [{ merchant_uid: 'sch-p', schedule_at: 1, amount: 1 }] });
    assert.notEqual(past.code, 0);

    const revoked = await call('POST', '/subscribe/payments/unschedule', 'customer_uid=cust-1&merchant_uid[]=sch-2', { form: true });
    assert.deepEqual(revoked.response.map((s: any) => [s.merchant_uid, s.schedule_status]), [['sch-2', 'revoked']]);

    const executed = await api.advanceClock(2 * 3600 * 1000);
    assert.deepEqual(executed.map((e) => [e.merchant_uid, e.status, e.webhook]), [['sch-1', 'paid', null]]);
    await renew();
    const list = await call('GET', '/subscribe/payments/schedule/customers/cust-1?from=0&to=4294967295');
    const byUid = Object.fromEntries(list.response.list.map((s: any) => [s.merchant_uid, s]));
    assert.equal(byUid['sch-1'].schedule_status, 'executed');
    assert.equal(byUid['sch-1'].payment_status, 'paid');
    assert.equal(byUid['sch-2'].schedule_status, 'revoked');
    const payment = await call('GET', `/payments/${byUid['sch-1'].imp_uid}`);
    assert.equal(payment.response.customer_uid_usage, 'payment.scheduled');
    assert.equal(payment.response.paid_at, at);
  });

  test('the clock delivers the webhook and awaits it', async () => {
    const hook = await startWebhookRecorder();
    const { received } = hook;
    api.setWebhookUrl(hook.url);
    try {
      const at = Math.floor(api.now() / 1000) + 60;
      await call('POST', '/subscribe/payments/schedule', { customer_uid: 'decliner', schedules: [{ merchant_uid: 'sch-d', schedule_at: at, amount: 500 }] });
      const executed = await api.advanceClock(120_000);
      assert.equal(executed.length, 1);
      assert.equal(executed[0]!.webhook?.status, 200);
      assert.deepEqual(received, [
        { type: 'application/json', body: { imp_uid: executed[0]!.imp_uid, merchant_uid: 'sch-d', status: 'failed' } },
      ]);
    } finally {
      api.setWebhookUrl(undefined);
      await hook.close();
    }
  });

  test('tokens expire with the mock clock', async () => {
    await api.advanceClock(31 * 60 * 1000);
    const r = await call('GET', '/subscribe/customers/cust-1');
    assert.equal(r.status, 401);
    const t = await call('POST', '/users/getToken', { imp_key: 'test_key', imp_secret: 'test_secret' }, { auth: null });
    assert.notEqual(t.response.access_token, token);
    token = t.response.access_token;
    assert.equal((await call('GET', '/subscribe/customers/cust-1')).code, 0);
  });

  test('bounded: oversized bodies get 413, long ids and big batches are refused', async () => {
    const big = await call('POST', '/subscribe/payments/again', { customer_uid: 'cust-1', name: 'x'.repeat(70_000) });
    assert.equal(big.status, 413);
    const longId = await call('POST', `/subscribe/customers/${'a'.repeat(81)}`, { card_number: TEST_CARDS.approve, expiry: FUTURE });
    assert.deepEqual([longId.status, longId.code], [200, -1]);
    assert.match(longId.message!, /customer_uid.*80/);
    const schedules = Array.from({ length: 101 }, (_, i) => ({ merchant_uid: `b-${i}`, schedule_at: 4e9, amount: 1 }));
    const batch = await call('POST', '/subscribe/payments/schedule', { customer_uid: 'cust-1', schedules });
    assert.match(batch.message!, /100/);
    const unknown = await call('GET', '/nope');
    assert.deepEqual([unknown.status, unknown.code], [404, -1]);
  });

  test('no response ever contained a full card number', () => {
    for (const text of seen) {
      for (const card of [TEST_CARDS.approve, TEST_CARDS.decline, '5105-1051-0510-5100']) {
        assert.ok(!text.replace(/[\s-]/g, '').includes(card.replace(/-/g, '')), 'a full card number leaked');
      }
    }
  });
});
