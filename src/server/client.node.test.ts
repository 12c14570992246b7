import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { startMockApi, TEST_CARDS, type MockApi } from '../mock-api/index.js';
import { createImpClient, ImpApiError, type ImpClient } from './index.js';

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

  before(async () => {
    api = await startMockApi();
    counter = countingFetch();
    client = createImpClient({ impKey: 'test_key', impSecret: 'test_secret', baseUrl: api.url, fetch: counter.fn });
  });
  after(() => api.close());

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

  test('PortOne refusals reject with code, message and HTTP status', async () => {
    const unknown = await client.payAgain({ customer_uid: 'nobody', merchant_uid: 'u-1', amount: 1, name: 'n' }).catch((e: unknown) => e);
    assert.ok(unknown instanceof ImpApiError);
    assert.deepEqual([unknown.code, unknown.status], [1, 404]);
    assert.match(unknown.message, /존재하지 않는/);

    const card = await client.issueBillingKey('c-bad', { ...CARD, card_number: '4242-4242-4242-4241' }).catch((e: unknown) => e);
    assert.ok(card instanceof ImpApiError);
    assert.equal(card.status, 400);
    assert.ok(!card.message.includes('4242424242424241'));
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
    await assert.rejects(client.getBillingKey('c-ot'), (e: unknown) => e instanceof ImpApiError && e.code === 1);
  });

  test('unreachable PortOne and non-JSON answers reject with ImpApiError', async () => {
    const down = createImpClient({ impKey: 'k', impSecret: 's', baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 });
    await assert.rejects(down.getToken(), (e: unknown) => e instanceof ImpApiError && e.status === 0 && e.code === -1);
    const html: typeof fetch = async () => new Response('<html>bad gateway</html>', { status: 502 });
    const proxy = createImpClient({ impKey: 'k', impSecret: 's', fetch: html });
    await assert.rejects(proxy.getToken(), (e: unknown) => e instanceof ImpApiError && e.status === 502);
  });
});
