import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startMockApi, TEST_CARDS, type MockApi } from '../mock-api/index.js';
import {
  createCardFormHandler,
  createImpClient,
  createScheduleWebhookHandler,
  createVerifyHandler,
  openStore,
  toFetchHandler,
  toNodeHandler,
  type BillingStore,
  type ExpectedOrder,
  type Handler,
  type ImpClient,
} from './index.js';

const CARD = { card_number: '4242 4242 4242 4242', expiry: '2031-12', birth: '900101', pwd_2digit: '12' };
/** What a browser's fetch with a JSON body sends. */
const input = (body: Record<string, unknown>) => ({ body, headers: { 'content-type': 'application/json' } });

describe('server handlers', () => {
  let api: MockApi;
  let store: BillingStore;
  let client: ImpClient;
  let cardForm: Handler;
  let verify: Handler;
  const orders = new Map<string, ExpectedOrder>();
  const logged: string[] = [];

  before(async () => {
    api = await startMockApi();
    store = await openStore({ databaseUrl: '' });
    client = createImpClient({ impKey: 'test_key', impSecret: 'test_secret', baseUrl: api.url });
    const onError = (m: string) => logged.push(m);
    cardForm = createCardFormHandler({ client, store, onError, plan: { name: 'monthly', amount: 8900, periodSeconds: 2_592_000 } });
    verify = createVerifyHandler({ client, store, onError, expectedOrder: (m) => orders.get(m) ?? null });
  });
  after(async () => {
    await api.close();
    await store.close();
  });

  describe('card form endpoint (seed 001 STEP 02–03)', () => {
    test('issues the key, stores the subscription, answers without card data', async () => {
      const r = await cardForm(input({ customer_uid: 'gildong_0001_1234', ...CARD }));
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { ok: true, customer_uid: 'gildong_0001_1234', card_name: '신한카드', masked: '424242******4242' });
      const sub = await store.getSubscription('gildong_0001_1234');
      assert.deepEqual([sub?.status, sub?.card_masked, sub?.amount], ['active', '424242******4242', 8900]);
      assert.equal((await client.getBillingKey('gildong_0001_1234')).card_number, '424242******4242');
    });

    test('each invalid field is refused locally with its name, before PortOne is called', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ ...CARD, customer_uid: '' }, 'customer_uid'],
        [{ ...CARD, customer_uid: 'bad uid with spaces' }, 'customer_uid'],
        [{ ...CARD, customer_uid: 'c', card_number: '4242 4242 4242 4241' }, 'card_number'],
        [{ ...CARD, customer_uid: 'c', expiry: '2001-01' }, 'expiry'],
        [{ ...CARD, customer_uid: 'c', birth: '990230' }, 'birth'],
        [{ ...CARD, customer_uid: 'c', birth: '1234567890' }, 'birth'],
        [{ ...CARD, customer_uid: 'c', pwd_2digit: 'ab' }, 'pwd_2digit'],
      ];
      for (const [body, field] of cases) {
        const r = await cardForm(input(body));
        assert.equal(r.status, 400, field);
        const b = r.body as Record<string, unknown>;
        assert.deepEqual([b.ok, b.code, b.field], [false, 'invalid-params', field]);
        assert.ok(!JSON.stringify(b).includes('4242'), 'the refusal echoes no card data');
      }
      await assert.rejects(client.getBillingKey('c'));
    });

    test('a business registration number is accepted as birth (corporate card)', async () => {
      const r = await cardForm(input({ customer_uid: 'corp-1', ...CARD, birth: '220-81-62517' }));
      assert.equal(r.status, 200);
    });

    test('a session-derived customer_uid overrides the body', async () => {
      const handler = createCardFormHandler({ client, store, customerUid: () => 'from-session' });
      const r = await handler(input({ customer_uid: 'from-body', ...CARD }));
      assert.equal((r.body as { customer_uid: string }).customer_uid, 'from-session');
      assert.equal(await store.getSubscription('from-body'), null);
    });

    test('wrong merchant credentials are a clear 502, without the secret', async () => {
      const bad = createImpClient({ impKey: 'test_key', impSecret: 'wrong-secret-xyz', baseUrl: api.url });
      const r = await createCardFormHandler({ client: bad, store })(input({ customer_uid: 'c-401', ...CARD }));
      assert.equal(r.status, 502);
      const b = r.body as Record<string, string>;
      assert.equal(b.code, 'pg-error');
      assert.match(b.message!, /401/);
      assert.ok(!JSON.stringify(b).includes('wrong-secret-xyz'));
    });
  });

  describe('payment verifier', () => {
    let paid: { imp_uid: string; merchant_uid: string };
    before(async () => {
      const p = await client.payAgain({ customer_uid: 'gildong_0001_1234', merchant_uid: 'order-1', amount: 8900, name: 'monthly' });
      paid = { imp_uid: p.imp_uid, merchant_uid: p.merchant_uid };
      orders.set('order-1', { amount: 8900, customer_uid: 'gildong_0001_1234' });
    });

    test('confirms a paid payment that matches the order and records it once', async () => {
      const r = await verify(input(paid));
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { ok: true, ...paid, customer_uid: 'gildong_0001_1234', amount: 8900, status: 'paid', recorded: true });
      const again = await verify(input(paid));
      assert.equal((again.body as { recorded: boolean }).recorded, false);
    });

    test('never trusts the browser: amount, status, merchant_uid and unknown orders are checked', async () => {
      orders.set('order-1', { amount: 100 });
      let r = await verify(input({ ...paid, amount: 100 }));
      assert.deepEqual([r.status, (r.body as Record<string, string>).field], [409, 'amount']);

      orders.set('order-1', { amount: 8900, status: 'cancelled' });
      r = await verify(input(paid));
      assert.deepEqual([r.status, (r.body as Record<string, string>).field], [409, 'status']);

      orders.set('order-1', { amount: 8900, customer_uid: 'someone-else' });
      r = await verify(input(paid));
      assert.deepEqual([r.status, (r.body as Record<string, string>).field], [409, 'customer_uid']);

      r = await verify(input({ ...paid, merchant_uid: 'order-2' }));
      assert.deepEqual([r.status, (r.body as Record<string, string>).field], [409, 'merchant_uid']);

      orders.delete('order-1');
      r = await verify(input(paid));
      assert.deepEqual([r.status, (r.body as Record<string, string>).code], [404, 'unknown-order']);

      r = await verify(input({ imp_uid: 'imp_000000000000' }));
      assert.deepEqual([r.status, (r.body as Record<string, string>).code], [404, 'not-found']);
      r = await verify(input({}));
      assert.deepEqual([r.status, (r.body as Record<string, string>).field], [400, 'imp_uid']);
    });

    test('a declined payment is reported as failed, not confirmed', async () => {
      await client.issueBillingKey('decliner', { ...CARD, card_number: TEST_CARDS.decline });
      const p = await client.payAgain({ customer_uid: 'decliner', merchant_uid: 'order-d', amount: 500, name: 'x' });
      orders.set('order-d', { amount: 500 });
      const r = await verify(input({ imp_uid: p.imp_uid }));
      assert.equal(r.status, 409);
      assert.match((r.body as Record<string, string>).message!, /failed/);
    });
  });

  describe('adapters', () => {
    const echo: Handler = async (i) => ({ status: 201, body: { got: i.body, type: i.headers['content-type'] ?? null } });

    test('fetch-style: JSON and form bodies, 405, 413, bad JSON', async () => {
      const h = toFetchHandler(echo);
      const json = await h(new Request('http://x/', { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } }));
      assert.equal(json.status, 201);
      assert.equal(json.headers.get('cache-control'), 'no-store');
      assert.deepEqual((await json.json()).got, { a: 1 });
      const form = await h(
        new Request('http://x/', { method: 'POST', body: 'a=1&b[]=2&b[]=3', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      );
      assert.deepEqual({ ...(await form.json()).got }, { a: '1', b: ['2', '3'] });
      assert.equal((await h(new Request('http://x/', { method: 'GET' }))).status, 405);
      const big = await h(new Request('http://x/', { method: 'POST', body: JSON.stringify({ a: 'x'.repeat(70_000) }) }));
      assert.equal(big.status, 413);
      const bad = await h(new Request('http://x/', { method: 'POST', body: '{nope', headers: { 'content-type': 'application/json' } }));
      assert.equal(bad.status, 400);
    });

    test('node:http / Express-style: reads the stream, or a body already parsed by middleware', async () => {
      const handler = toNodeHandler(echo);
      const server = createServer((req, res) => {
        if (req.url === '/parsed') Object.assign(req, { body: { pre: 'parsed' } });
        void handler(req, res);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      try {
        const r = await fetch(`${base}/`, { method: 'POST', body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        assert.equal(r.status, 201);
        assert.deepEqual({ ...(await r.json()).got }, { x: '1' });
        const parsed = await fetch(`${base}/parsed`, { method: 'POST' });
        assert.deepEqual((await parsed.json()).got, { pre: 'parsed' });
        assert.equal((await fetch(`${base}/`)).status, 405);
        const big = await fetch(`${base}/`, { method: 'POST', body: 'x'.repeat(100_000), headers: { 'content-type': 'application/json' } });
        assert.equal(big.status, 413);
      } finally {
        await new Promise((r) => server.close(r));
      }
    });
  });

  describe('edges', () => {
    test('ids made only of dots are refused, naming the field, before PortOne is called', async () => {
      for (const id of ['.', '..', '...']) {
        const r = await verify(input({ imp_uid: id }));
        assert.deepEqual([r.status, (r.body as Record<string, string>).field], [400, 'imp_uid'], id);
        const c = await cardForm(input({ customer_uid: id, ...CARD }));
        assert.deepEqual([c.status, (c.body as Record<string, string>).field], [400, 'customer_uid'], id);
      }
      let fetched = 0;
      const counting = createImpClient({
        impKey: 'test_key',
        impSecret: 'test_secret',
        baseUrl: api.url,
        fetch: (...args) => (fetched++, fetch(...args)),
      });
      await assert.rejects(counting.getPayment('..'));
      await assert.rejects(counting.getBillingKey('.'));
      assert.equal(fetched, 0, 'a dot segment never reaches a URL, where it would name another path');
    });

    test('the browser-facing routes take JSON only; the webhook takes forms too', async () => {
      for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
        const headers = type ? { 'content-type': type } : {};
        const c = await cardForm({ body: { customer_uid: 'csrf-1', ...CARD }, headers });
        assert.equal(c.status, 415, `card form with ${type}`);
        const v = await verify({ body: { imp_uid: 'imp_123456789012' }, headers });
        assert.equal(v.status, 415, `verify with ${type}`);
      }
      assert.equal(await store.getSubscription('csrf-1'), null);
      const webhook = createScheduleWebhookHandler({ client, store, onError: (m) => logged.push(m) });
      const r = await webhook({ body: { imp_uid: 'imp_000000000000' }, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(r.status, 404, 'a form webhook is looked up, not refused for its type');
    });

    test("a PortOne-issued merchant_uid is compared, never refused for its characters", async () => {
      const merchantUid = '주문-2024/0001 #7';
      const p = await client.payAgain({ customer_uid: 'gildong_0001_1234', merchant_uid: merchantUid, amount: 1000, name: 'x' });
      const webhook = createScheduleWebhookHandler({ client, store, onError: (m) => logged.push(m) });
      const r = await webhook({ body: { imp_uid: p.imp_uid, merchant_uid: merchantUid, status: 'paid' }, headers: {} });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal((await store.listPayments({ limit: 500 })).filter((x) => x.merchant_uid === merchantUid).length, 1);
      orders.set(merchantUid, { amount: 1000 });
      const v = await verify(input({ imp_uid: p.imp_uid, merchant_uid: merchantUid }));
      assert.equal(v.status, 200, JSON.stringify(v.body));
      const wrong = await webhook({ body: { imp_uid: p.imp_uid, merchant_uid: '주문-2024/0001 #8', status: 'paid' }, headers: {} });
      assert.deepEqual([wrong.status, (wrong.body as Record<string, string>).field], [400, 'merchant_uid']);
    });

    test('a merchant callback that throws is a 500, logged without the card number in its message', async () => {
      const lines: string[] = [];
      const handler = createCardFormHandler({
        client,
        store,
        onError: (m) => lines.push(m),
        customerUid: () => {
          throw new Error('session store down while handling 4242424242424242');
        },
      });
      const r = await handler(input({ ...CARD }));
      assert.equal(r.status, 500);
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, /Error/);
      assert.ok(!lines.join('').includes('4242424242424242'));
    });

    test('the adapters log every 500 they answer', async () => {
      const lines: string[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => lines.push(args.join(' '));
      try {
        const h = toFetchHandler(async () => {
          throw new TypeError('boom');
        });
        const r = await h(new Request('http://x/', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }));
        assert.equal(r.status, 500);
      } finally {
        console.error = original;
      }
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, /TypeError: boom/);
    });

    test('a body that stops arriving is cut off at the read deadline with a 408', async () => {
      const handler = toNodeHandler(async () => ({ status: 200, body: { ok: true } }), { bodyTimeoutMs: 200 });
      const server = createServer((req, res) => void handler(req, res));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const { port } = server.address() as { port: number };
      try {
        const answer = await new Promise<string>((resolve) => {
          const socket = connect(port, '127.0.0.1', () => {
            socket.write('POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"a":');
          });
          let text = '';
          socket.on('data', (d) => (text += d));
          socket.on('close', () => resolve(text));
          // The test's own bound: without a deadline the server would wait for Node's 300 s request timeout.
          setTimeout(() => socket.destroy(), 3000);
        });
        assert.match(answer, /^HTTP\/1\.1 408/);
      } finally {
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
      }
      // The same in fetch-style runtimes: a stream that sends a little and then nothing.
      const stalled = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"a":'));
        },
      });
      const h = toFetchHandler(async () => ({ status: 200, body: { ok: true } }), { bodyTimeoutMs: 200 });
      const r = await h(new Request('http://x/', { method: 'POST', body: stalled, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit));
      assert.equal(r.status, 408);
    });
  });

  test('nothing unexpected was logged', () => {
    assert.deepEqual(logged, []);
  });
});
