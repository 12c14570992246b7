/**
 * The shared ledger seen from the merchant's server: what the browser sandbox reports to the mock API
 * (POST /__sandbox/payments, built by the sandbox's own reportOf) is verified by createBillingKeyVerifyHandler and
 * then charged and scheduled through the ordinary REST client.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SANDBOX_PAYMENTS_PATH, startMockApi, type MockApi } from '../mock-api/index.js';
import { reportOf, reportToMock, type LedgerFacts } from '../sandbox/ledger-link.js';
import type { RequestPayResponse } from '../core/types.js';
import {
  createBillingKeyVerifyHandler,
  createImpClient,
  createScheduleWebhookHandler,
  openStore,
  toNodeHandler,
  type BillingStore,
  type ExpectedRegistration,
  type ImpClient,
} from './index.js';

let api: MockApi;
let store: BillingStore;
let client: ImpClient;
let webhookServer: Server;
const webhooks: Array<{ status: number; body: any }> = [];
const registrations = new Map<string, ExpectedRegistration>();
let seq = 0;

before(async () => {
  store = await openStore({ databaseUrl: '' });
  api = await startMockApi({ pingbackDelayMs: 50 });
  client = createImpClient({ impKey: 'test_key', impSecret: 'test_secret', baseUrl: api.url });
  const webhook = toNodeHandler(createScheduleWebhookHandler({ client, store }));
  webhookServer = createServer((req, res) => {
    // Observe what the merchant's webhook handler answered.
    const end = res.end.bind(res);
    res.end = ((chunk: any, ...rest: any[]) => {
      if (chunk) webhooks.push({ status: res.statusCode, body: JSON.parse(String(chunk)) });
      return end(chunk, ...rest);
    }) as typeof res.end;
    void webhook(req, res);
  });
  await new Promise<void>((resolve) => webhookServer.listen(0, '127.0.0.1', resolve));
  api.setWebhookUrl(`http://127.0.0.1:${(webhookServer.address() as AddressInfo).port}/`);
});

after(async () => {
  await api.close();
  webhookServer.closeAllConnections();
  await new Promise((resolve) => webhookServer.close(resolve));
});

const verify = createBillingKeyVerifyHandler({
  get client() {
    return client;
  },
  get store() {
    return store;
  },
  expectedRegistration: (merchantUid) => registrations.get(merchantUid) ?? null,
});

/** What the sandbox would hand the page for an approved (or declined) window. */
function sandboxAnswer(over: Partial<RequestPayResponse> & { customer_uid: string }): RequestPayResponse {
  seq += 1;
  return {
    success: true,
    imp_success: true,
    imp_uid: `imp_${String(100_000_000_000 + seq * 7919)}`,
    merchant_uid: `reg_${seq}_${Date.now()}`,
    pay_method: 'card',
    currency: 'KRW',
    status: 'ready',
    card_name: 'KB국민카드',
    card_number: '4242********4242',
    buyer_email: 'gildong@example.com',
    ...over,
  };
}

/** The facts the sandbox reports with an answer; `status` from the answer, as the sandbox worked it out. */
function factsFor(answer: RequestPayResponse, facts: { amount: number; pg: string; awaitingWebhook?: boolean }): LedgerFacts {
  const status = answer.status ?? 'ready';
  return {
    awaitingWebhook: false,
    viaRedirect: false,
    status,
    card: status === 'failed' ? null : { name: 'KB국민카드', masked: answer.card_number ?? '4242********4242' },
    ...facts,
  };
}

async function issue(over: Partial<RequestPayResponse> & { customer_uid: string }, facts: { amount: number; pg: string; awaitingWebhook?: boolean }) {
  const answer = sandboxAnswer(over);
  await reportToMock(api.url, reportOf(answer, factsFor(answer, facts)));
  return answer;
}

const input = (body: Record<string, unknown>) => ({ body, headers: { 'content-type': 'application/json' } });

describe('createBillingKeyVerifyHandler against what the sandbox recorded', () => {
  test('key-only (jtnet, amount 0): the ready payment and the key are verified, then again and schedule use the key', async () => {
    const answer = await issue({ customer_uid: 'cu_keyonly', status: 'ready' }, { amount: 0, pg: 'jtnet.tjtnet0001' });
    registrations.set(answer.merchant_uid, { customer_uid: 'cu_keyonly', pg: 'jtnet', plan: { name: '월간', amount: 9900, periodSeconds: 30 * 86400 } });

    const result = await verify(input({ imp_uid: answer.imp_uid, merchant_uid: answer.merchant_uid }));
    assert.equal(result.status, 200, JSON.stringify(result.body));
    assert.deepEqual(result.body, {
      ok: true,
      status: 'registered',
      imp_uid: answer.imp_uid,
      merchant_uid: answer.merchant_uid,
      customer_uid: 'cu_keyonly',
      pg_provider: 'jtnet',
      card_name: 'KB국민카드',
      masked: '4242********4242',
      amount: 0,
    });
    assert.equal((await store.getSubscription('cu_keyonly'))?.card_masked, '4242********4242');
    const key = await client.getBillingKey('cu_keyonly');
    assert.deepEqual([key.pg_provider, key.pg_id, key.card_number], ['jtnet', 'tjtnet0001', '4242********4242']);

    const again = await client.payAgain({ customer_uid: 'cu_keyonly', merchant_uid: `again_${seq}`, amount: 9900, name: '월간' });
    assert.equal(again.status, 'paid');
    const at = Math.floor(api.now() / 1000) + 3600;
    await client.schedule('cu_keyonly', [{ merchant_uid: `sched_${seq}`, schedule_at: at, amount: 9900, name: '월간' }]);
    const [run] = await api.advanceClock(2 * 3600 * 1000);
    assert.equal(run?.status, 'paid');
    assert.equal(run?.webhook?.status, 200);
    const next = (await store.getSubscription('cu_keyonly'))!;
    assert.equal(next.next_schedule_at, at + 30 * 86400, 'the webhook scheduled the next payment one period later');

    // A replayed verify (an old imp_uid, sent again) rewrites nothing: a cancelled subscription stays cancelled.
    await store.updateSubscription('cu_keyonly', { status: 'cancelled' });
    const replay = await verify(input({ imp_uid: answer.imp_uid, merchant_uid: answer.merchant_uid }));
    assert.equal(replay.status, 200);
    assert.equal((await store.getSubscription('cu_keyonly'))?.status, 'cancelled');
  });

  test('issue-and-charge (jtnet, amount 1004): paid with the amount; another amount or customer is refused', async () => {
    const answer = await issue({ customer_uid: 'cu_charge', status: 'paid', paid_amount: 1004 }, { amount: 1004, pg: 'jtnet' });
    registrations.set(answer.merchant_uid, { customer_uid: 'cu_charge', pg: 'jtnet', amount: 1000 });
    let result = await verify(input({ imp_uid: answer.imp_uid }));
    assert.deepEqual([result.status, (result.body as any).field], [409, 'amount']);
    registrations.set(answer.merchant_uid, { customer_uid: 'someone_else', amount: 1004 });
    result = await verify(input({ imp_uid: answer.imp_uid }));
    assert.deepEqual([result.status, (result.body as any).field], [409, 'customer_uid']);
    registrations.set(answer.merchant_uid, { customer_uid: 'cu_charge', pg: 'kcp_billing', amount: 1004 });
    result = await verify(input({ imp_uid: answer.imp_uid }));
    assert.deepEqual([result.status, (result.body as any).field], [409, 'pg']);
    registrations.set(answer.merchant_uid, { customer_uid: 'cu_charge', pg: 'jtnet', amount: 1004 });
    result = await verify(input({ imp_uid: answer.imp_uid }));
    assert.equal(result.status, 200);
    assert.equal((result.body as any).amount, 1004);
    // Key-only expected, but the window charged: refused, the merchant did not plan this charge.
    registrations.set(answer.merchant_uid, { customer_uid: 'cu_charge' });
    result = await verify(input({ imp_uid: answer.imp_uid }));
    assert.deepEqual([result.status, (result.body as any).field], [409, 'status']);
  });

  test('a declined window is recorded failed, issues no key, and does not verify', async () => {
    const answer = await issue(
      { customer_uid: 'cu_declined', success: false, imp_success: false, status: 'failed', error_msg: '[거절] 카드 한도초과' },
      { amount: 0, pg: 'jtnet' },
    );
    registrations.set(answer.merchant_uid, { customer_uid: 'cu_declined' });
    const payment = await client.getPayment(answer.imp_uid!);
    assert.deepEqual([payment.status, payment.fail_reason], ['failed', '[거절] 카드 한도초과']);
    await assert.rejects(client.getBillingKey('cu_declined'), (e: any) => e.status === 404);
    const result = await verify(input({ imp_uid: answer.imp_uid }));
    assert.deepEqual([result.status, (result.body as any).field], [409, 'status']);
  });

  test('Paymentwall: ready and awaiting the webhook (202) until the pingback; then paid, keyed and verified', async () => {
    const before = webhooks.length;
    const answer = await issue(
      { customer_uid: 'cu_pw', status: 'paid', currency: 'USD', paid_amount: 50 },
      { amount: 50, pg: 'paymentwall', awaitingWebhook: true },
    );
    registrations.set(answer.merchant_uid, { customer_uid: 'cu_pw', pg: 'paymentwall', amount: 50 });
    let result = await verify(input({ imp_uid: answer.imp_uid }));
    assert.equal(result.status, 202);
    assert.equal((result.body as any).status, 'awaiting-webhook');
    await assert.rejects(client.getBillingKey('cu_pw'), (e: any) => e.status === 404);

    for (let i = 0; i < 100 && webhooks.length === before; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(webhooks.at(-1)?.body.imp_uid, answer.imp_uid, 'the pingback reached the merchant webhook');
    assert.equal(webhooks.at(-1)?.body.status, 'paid');
    result = await verify(input({ imp_uid: answer.imp_uid }));
    assert.equal(result.status, 200, JSON.stringify(result.body));
    assert.equal((await client.getBillingKey('cu_pw')).pg_provider, 'paymentwall');
    // The webhook recorded the paid payment first; the verification still saves the subscription.
    assert.equal((await store.getSubscription('cu_pw'))?.card_masked, '4242********4242');
  });
});

describe('the sandbox-only endpoint', () => {
  test('answers CORS preflights, refuses a reused merchant_uid and anything that is not a masked number', async () => {
    const pre = await fetch(api.url + SANDBOX_PAYMENTS_PATH, { method: 'OPTIONS' });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');

    const answer = await issue({ customer_uid: 'cu_once', status: 'paid' }, { amount: 100, pg: 'jtnet' });
    const again = { ...sandboxAnswer({ customer_uid: 'cu_once', status: 'paid' }), merchant_uid: answer.merchant_uid };
    await assert.rejects(reportToMock(api.url, reportOf(again, factsFor(again, { amount: 100, pg: 'jtnet' }))), /F1002/);

    const leaky = sandboxAnswer({ customer_uid: 'cu_leak', card_number: '4242424242424242' });
    await assert.rejects(reportToMock(api.url, reportOf(leaky, factsFor(leaky, { amount: 0, pg: 'jtnet' }))), /card_number/);
    await assert.rejects(client.getBillingKey('cu_leak'), (e: any) => e.status === 404);
  });

  test('an unreachable mock is named in the error', async () => {
    await assert.rejects(
      reportToMock('http://127.0.0.1:9', reportOf(sandboxAnswer({ customer_uid: 'x' }), factsFor(sandboxAnswer({ customer_uid: 'x' }), { amount: 0, pg: 'jtnet' }))),
      /127\.0\.0\.1:9 did not answer/,
    );
  });
});
