import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startMockApi, TEST_CARDS, type MockApi } from '../mock-api/index.js';
import { openStore, type BillingStore } from './index.js';
import { DAY, postJson, startMerchant, type Merchant } from '../test-helpers/merchant.js';

const CARD = { card_number: TEST_CARDS.approve, expiry: '2031-12', birth: '900101', pwd_2digit: '12' };
const PLAN = { name: '월간 이용권 정기결제', amount: 8900, periodSeconds: 30 * DAY };

describe('the life of a subscription (seeds 001 → 004 → 003)', () => {
  let api: MockApi;
  let store: BillingStore;
  let merchant: Merchant;
  const uid = 'gildong_0001_1234';
  let firstImpUid = '';

  before(async () => {
    api = await startMockApi({ now: Date.UTC(2026, 0, 1) });
    store = await openStore({ databaseUrl: '' });
    merchant = await startMerchant({ apiUrl: api.url, store, plan: PLAN });
    api.setWebhookUrl(`${merchant.url}/api/webhook`);
  });
  after(async () => {
    await merchant.close();
    await api.close();
    await store.close();
  });

  const scheduled = async (customerUid = uid) => (await merchant.client.listSchedules(customerUid, { status: 'scheduled' })).list;

  test('the card form endpoint issues the billing key', async () => {
    const r = await postJson(`${merchant.url}/api/card`, { customer_uid: uid, ...CARD });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { ok: true, customer_uid: uid, card_name: '신한카드', masked: '424242******4242' });
  });

  test('charge again, confirmed by the verifier', async () => {
    const p = await merchant.client.payAgain({ customer_uid: uid, merchant_uid: 'first-charge', amount: PLAN.amount, name: PLAN.name });
    assert.equal(p.status, 'paid');
    merchant.orders.set('first-charge', { amount: PLAN.amount, customer_uid: uid });
    const r = await postJson(`${merchant.url}/api/verify`, { imp_uid: p.imp_uid, merchant_uid: p.merchant_uid }, { 'x-customer': uid });
    assert.equal(r.body.ok, true);
    assert.equal(r.body.recorded, true);
  });

  test('schedule → clock → webhook → recorded → the next schedule appears one period later', async () => {
    const at = Math.floor(api.now() / 1000) + DAY;
    await merchant.client.schedule(uid, [{ merchant_uid: 'sched-1', schedule_at: at, amount: PLAN.amount, name: PLAN.name }]);

    const executed = await api.advanceClock(2 * DAY * 1000);
    assert.equal(executed.length, 1);
    assert.equal(executed[0]!.status, 'paid');
    assert.equal(executed[0]!.webhook?.status, 200);
    firstImpUid = executed[0]!.imp_uid;

    const recorded = (await store.listPayments({ customerUid: uid })).find((p) => p.imp_uid === firstImpUid);
    assert.deepEqual([recorded?.status, recorded?.source, recorded?.amount], ['paid', 'webhook', PLAN.amount]);

    const next = await scheduled();
    assert.equal(next.length, 1);
    assert.equal(next[0]!.schedule_at, at + PLAN.periodSeconds);
    assert.notEqual(next[0]!.merchant_uid, 'sched-1');
    assert.ok(next[0]!.merchant_uid.length <= 40);
    const sub = await store.getSubscription(uid);
    assert.deepEqual([sub?.next_merchant_uid, sub?.next_schedule_at], [next[0]!.merchant_uid, next[0]!.schedule_at]);
  });

  test('a replayed webhook records nothing twice and schedules nothing twice', async () => {
    const before = (await store.listPayments({ customerUid: uid })).length;
    for (let i = 0; i < 3; i++) {
      const r = await postJson(`${merchant.url}/api/webhook`, { imp_uid: firstImpUid, merchant_uid: 'sched-1', status: 'paid' });
      assert.equal(r.status, 200);
      assert.equal(r.body.duplicate, true);
    }
    assert.equal((await store.listPayments({ customerUid: uid })).length, before);
    assert.equal((await scheduled()).length, 1);
  });

  test('three more periods run by themselves, each scheduling the next', async () => {
    const executed = await api.advanceClock(90 * DAY * 1000);
    assert.equal(executed.length, 3);
    assert.ok(executed.every((e) => e.status === 'paid' && e.webhook?.status === 200));
    const payments = await store.listPayments({ customerUid: uid });
    assert.equal(payments.length, 5); // first charge + 4 scheduled
    assert.equal(new Set(payments.map((p) => p.imp_uid)).size, 5);
    assert.equal((await scheduled()).length, 1);
  });

  test('a declined scheduled charge marks the subscription past_due and stops the chain', async () => {
    const r = await postJson(`${merchant.url}/api/card`, { customer_uid: 'decliner', ...CARD, card_number: TEST_CARDS.decline });
    assert.equal(r.status, 200);
    await merchant.client.schedule('decliner', [
      { merchant_uid: 'decl-1', schedule_at: Math.floor(api.now() / 1000) + 60, amount: PLAN.amount, name: PLAN.name },
    ]);
    const executed = await api.advanceClock(120_000);
    assert.deepEqual(executed.map((e) => [e.customer_uid, e.status]), [['decliner', 'failed']]);
    assert.equal((await store.getSubscription('decliner'))?.status, 'past_due');
    assert.equal((await scheduled('decliner')).length, 0);
    assert.equal((await store.listPayments({ customerUid: 'decliner' })).length, 0);
  });

  test('forged or mismatched webhooks are refused and record nothing', async () => {
    const before = (await store.listPayments({ limit: 500 })).length;
    const forged = await postJson(`${merchant.url}/api/webhook`, { imp_uid: 'imp_123456789012', merchant_uid: 'x', status: 'paid' });
    assert.equal(forged.status, 404);
    const mismatch = await postJson(`${merchant.url}/api/webhook`, { imp_uid: firstImpUid, merchant_uid: 'not-it', status: 'paid' });
    assert.equal(mismatch.status, 400);
    const empty = await postJson(`${merchant.url}/api/webhook`, {});
    assert.equal(empty.status, 400);
    assert.equal((await store.listPayments({ limit: 500 })).length, before);
  });
});
