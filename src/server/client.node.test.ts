import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { startMockApi, TEST_CARDS, type MockApi } from '../mock-api/index.js';
import { createCardFormHandler, createImpClient, ImpApiError, openStore, type BillingStore, type ImpClient } from './index.js';

const CARD = { card_number: TEST_CARDS.approve, expiry: '2031-12', birth: '900101', pwd_2digit: '12' };

/** Wraps fetch to count requests per path. */
function countingFetch() {
  const counts = new Map<string, number>();
  const fn: typeof fetch = (input, init) => {
    const path = new URL(String(input)).pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    return fetch(input, init);
  };
  return { fn, count: (path: string) => counts.get(path) ?? 0 };
}

describe('createImpClient against the mock API', () => {
  let api: MockApi;
  let client: ImpClient;
  let counter: ReturnType<typeof countingFetch>;
  let store: BillingStore;

  before(async () => {
    // Opened first: PGlite's start-up blocks the event loop, which would stall the mock's keep-alive sockets mid-test.
    store = await openStore({ databaseUrl: '' });
    api = await startMockApi();
    counter = countingFetch();
    client = createImpClient({ impKey: 'test_key', impSecret: 'test_secret', baseUrl: api.url, fetch: counter.fn });
  });
  after(async () => {
    await api.close();
    await store.close();
  });

  test('the token is fetched once and shared, also by concurrent first calls', async () => {
    await client.issueBillingKey('c-token', CARD);
    await Promise.all(Array.from({ length: 10 }, () => client.getBillingKey('c-token')));
    assert.equal(await client.getToken(), await client.getToken());
    assert.equal(counter.count('/users/getToken'), 1);
  });

  test('a 401 (token expired early) refreshes the token once and retries', async () => {
    // The client still trusts its cached token (its own clock did not move); the mock's clock did.
    await api.advanceClock(31 * 60 * 1000);
    const before = counter.count('/users/getToken');
    const customer = await client.getBillingKey('c-token');
    assert.equal(customer.customer_uid, 'c-token');
    assert.equal(counter.count('/users/getToken'), before + 1);
  });

  test('a persistent 401 is retried only once, then rejects', async () => {
    let apiCalls = 0;
    const stub: typeof fetch = async (input) => {
      if (String(input).endsWith('/users/getToken')) {
        return Response.json({ code: 0, message: null, response: { access_token: 't', expired_at: 2000, now: 200 } });
      }
      apiCalls++;
      return Response.json({ code: -1, message: 'Unauthorized', response: null }, { status: 401 });
    };
    const c = createImpClient({ impKey: 'k', impSecret: 's', baseUrl: 'http://unused.invalid', fetch: stub });
    await assert.rejects(c.getPayment('imp_1'), (e: unknown) => e instanceof ImpApiError && e.status === 401 && e.code === -1);
    assert.equal(apiCalls, 2);
  });

  test('a wrong secret rejects with ImpApiError(code -1, status 401) and never shows the secret', async () => {
    const secret = 'very-secret-value';
    const bad = createImpClient({ impKey: 'test_key', impSecret: secret, baseUrl: api.url });
    const error = await bad.payAgain({ customer_uid: 'c-token', merchant_uid: 'x', amount: 1, name: 'n' }).catch((e: unknown) => e);
    assert.ok(error instanceof ImpApiError);
    assert.equal(error.code, -1);
    assert.equal(error.status, 401);
    assert.ok(!inspect(error, { depth: 5 }).includes(secret));
    assert.ok(!JSON.stringify(error).includes(secret));
  });

  test('a declined card resolves with status failed (PortOne answers code 0)', async () => {
    await client.issueBillingKey('c-decline', { ...CARD, card_number: TEST_CARDS.decline });
    const payment = await client.payAgain({ customer_uid: 'c-decline', merchant_uid: 'decl-1', amount: 9900, name: 'plan' });
    assert.equal(payment.status, 'failed');
    assert.ok(payment.fail_reason);
    assert.equal((await client.getPayment(payment.imp_uid)).status, 'failed');
  });

  test('HTTP 200 with code ≠ 0 rejects with PortOne’s code and message; 404 lookups too', async () => {
    const unknown = await client.payAgain({ customer_uid: 'nobody', merchant_uid: 'u-1', amount: 1, name: 'n' }).catch((e: unknown) => e);
    assert.ok(unknown instanceof ImpApiError);
    assert.deepEqual([unknown.code, unknown.status], [-1, 200]);
    assert.match(unknown.message, /존재하지 않는 customer_uid/);

    const card = await client.issueBillingKey('c-bad', { ...CARD, card_number: '4242-4242-4242-4241' }).catch((e: unknown) => e);
    assert.ok(card instanceof ImpApiError);
    assert.deepEqual([card.code, card.status], [-1, 200]);
    assert.match(card.message, /카드번호/);
    assert.ok(!card.message.includes('4242424242424241'));

    const missing = await client.getBillingKey('nobody').catch((e: unknown) => e);
    assert.ok(missing instanceof ImpApiError);
    assert.deepEqual([missing.code, missing.status], [-1, 404]);
  });

  test('stubbed PortOne: HTTP 200 with code 1 rejects with that code and message', async () => {
    const stub: typeof fetch = async (input) =>
      String(input).endsWith('/users/getToken')
        ? Response.json({ code: 0, message: null, response: { access_token: 't', expired_at: 2000, now: 200 } })
        : Response.json({ code: 1, message: '이미 결제가 이루어진 거래건입니다', response: null });
    const c = createImpClient({ impKey: 'k', impSecret: 's', baseUrl: 'http://unused.invalid', fetch: stub });
    await assert.rejects(c.payAgain({ customer_uid: 'c', merchant_uid: 'm', amount: 1, name: 'n' }), (e: unknown) =>
      e instanceof ImpApiError && e.code === 1 && e.status === 200 && e.message === '이미 결제가 이루어진 거래건입니다');
  });

  test('new calls: getCustomers, findPayment, cancelPayment, prepare, schedule with card data, listSchedules by range', async () => {
    await client.issueBillingKey('c-new', CARD);
    const customers = await client.getCustomers(['c-new', 'c-token', 'nobody']);
    assert.deepEqual(customers.map((c) => c.customer_uid), ['c-new', 'c-token']);
    await assert.rejects(client.getCustomers(['nobody']), (e: unknown) => e instanceof ImpApiError && e.status === 404);

    const paid = await client.payAgain({ customer_uid: 'c-new', merchant_uid: 'new-1', amount: 5000, name: 'first month' });
    assert.equal((await client.findPayment('new-1')).imp_uid, paid.imp_uid);
    assert.equal((await client.findPayment('new-1', 'paid')).imp_uid, paid.imp_uid);
    await assert.rejects(client.findPayment('new-1', 'cancelled'), (e: unknown) => e instanceof ImpApiError && e.status === 404);
    const refunded = await client.cancelPayment({ imp_uid: paid.imp_uid, reason: 'refund of the first charge' });
    assert.deepEqual([refunded.status, refunded.cancel_amount], ['cancelled', 5000]);
    await assert.rejects(client.cancelPayment({ imp_uid: paid.imp_uid }), (e: unknown) => e instanceof ImpApiError && e.code === -1 && /이미 전액취소/.test(e.message));

    assert.deepEqual(await client.preparePayment('prep-1', 7000), { merchant_uid: 'prep-1', amount: 7000, currency: null });
    assert.equal((await client.getPreparedPayment('prep-1')).amount, 7000);

    const at = Math.floor(api.now() / 1000) + 86400;
    await client.schedule('c-card', [{ merchant_uid: 'cc-1', schedule_at: at, amount: 100 }], { ...CARD, channel_key: 'channel-key-1' });
    assert.equal((await client.getBillingKey('c-card')).card_number, '424242******4242');
    assert.equal((await client.listSchedules('c-card', { from: at, to: at + 1 })).total, 1);
    assert.equal((await client.listSchedules('c-card', { from: at + 1 })).total, 0);
  });

  test('the whole seed 004 / 003 surface round-trips', async () => {
    const onetime = await client.payOnetime({ merchant_uid: 'ot-1', amount: 3000, ...CARD });
    assert.equal(onetime.customer_uid, null);
    const issued = await client.payOnetime({ merchant_uid: 'ot-2', amount: 3000, customer_uid: 'c-ot', ...CARD });
    assert.equal(issued.customer_uid_usage, 'issue');

    const at = Math.floor(api.now() / 1000) + 86400;
    const scheduled = await client.schedule('c-ot', [
      { merchant_uid: 'cs-1', schedule_at: at, amount: 8900, name: 'monthly' },
      { merchant_uid: 'cs-2', schedule_at: at + 86400, amount: 8900, name: 'monthly' },
    ]);
    assert.deepEqual(scheduled.map((s) => s.schedule_status), ['scheduled', 'scheduled']);
    const revoked = await client.unschedule({ customer_uid: 'c-ot', merchant_uid: ['cs-2'] });
    assert.deepEqual(revoked.map((s) => s.merchant_uid), ['cs-2']);
    const page = await client.listSchedules('c-ot', { status: 'scheduled' });
    assert.deepEqual(page.list.map((s) => s.merchant_uid), ['cs-1']);

    const deleted = await client.deleteBillingKey('c-ot', 'customer left');
    assert.equal(deleted.customer_uid, 'c-ot');
    await assert.rejects(client.getBillingKey('c-ot'), (e: unknown) => e instanceof ImpApiError && e.code === -1 && e.status === 404);
  });

  test('the card form handler sends its channelKey to PortOne as channel_key', async () => {
    const bodies: Array<Record<string, unknown>> = [];
    const recording: typeof fetch = (input, init) => {
      if (String(input).includes('/subscribe/customers/')) bodies.push(JSON.parse(String(init?.body)));
      return fetch(input, init);
    };
    const viaChannel = createImpClient({ impKey: 'test_key', impSecret: 'test_secret', baseUrl: api.url, fetch: recording });
    const handler = createCardFormHandler({ client: viaChannel, store, channelKey: 'channel-key-0123' });
    const r = await handler({ body: { customer_uid: 'c-channel', ...CARD }, headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(bodies[0]?.channel_key, 'channel-key-0123');
  });

  test('unreachable PortOne and non-JSON answers reject with ImpApiError', async () => {
    const down = createImpClient({ impKey: 'k', impSecret: 's', baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 });
    await assert.rejects(down.getToken(), (e: unknown) => e instanceof ImpApiError && e.status === 0 && e.code === -1);
    const html: typeof fetch = async () => new Response('<html>bad gateway</html>', { status: 502 });
    const proxy = createImpClient({ impKey: 'k', impSecret: 's', fetch: html });
    await assert.rejects(proxy.getToken(), (e: unknown) => e instanceof ImpApiError && e.status === 502);
  });
});
