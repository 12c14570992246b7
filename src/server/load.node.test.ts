/**
 * Bounded load: 200 scheduled payments, their 200 webhooks delivered at once on 127.0.0.1, then all 200 replayed at
 * once, then one webhook 200 times at once. Every payment must be recorded exactly once and scheduled next exactly once.
 * Runs on PGlite always and on a throwaway PostgreSQL cluster when its binaries are installed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startMockApi, TEST_CARDS, type ExecutedSchedule, type MockApi } from '../mock-api/index.js';
import { openStore, type BillingStore } from './index.js';
import { DAY, postJson, startMerchant, type Merchant } from '../test-helpers/merchant.js';
import { describeOnPostgres } from '../test-helpers/postgres.js';

const N = 200;
const CARD = { card_number: TEST_CARDS.approve, expiry: '2031-12', birth: '900101' };
const PLAN = { name: 'load', amount: 1000, periodSeconds: 30 * DAY };

function loadSuite(name: string, open: () => Promise<BillingStore>) {
  describe(`200 concurrent webhooks on ${name}`, () => {
    let api: MockApi;
    let store: BillingStore;
    let merchant: Merchant;
    let executed: ExecutedSchedule[] = [];

    before(async () => {
      // No webhook URL: the clock only runs the schedules, and the test delivers the webhooks itself, all at once.
      api = await startMockApi();
      store = await open();
      merchant = await startMerchant({ apiUrl: api.url, store });
      const at = Math.floor(api.now() / 1000) + 60;
      for (let i = 0; i < N; i++) {
        const uid = `load-${i}`;
        await merchant.client.issueBillingKey(uid, CARD);
        await store.saveSubscription({ customer_uid: uid, plan_name: PLAN.name, amount: PLAN.amount, period_seconds: PLAN.periodSeconds });
        await merchant.client.schedule(uid, [{ merchant_uid: `load-first-${i}`, schedule_at: at, amount: PLAN.amount, name: PLAN.name }]);
      }
      executed = await api.advanceClock(120_000);
      assert.equal(executed.length, N);
    });
    after(async () => {
      await merchant?.close();
      await api?.close();
      await store?.close();
    });

    const deliverAll = (list: ExecutedSchedule[]) =>
      Promise.all(list.map((e) => postJson(`${merchant.url}/api/webhook`, { imp_uid: e.imp_uid, merchant_uid: e.merchant_uid, status: e.status })));

    test(`${N} distinct payments delivered at once: each recorded exactly once, each next payment scheduled once`, async () => {
      const started = performance.now();
      const answers = await deliverAll(executed);
      const ms = performance.now() - started;

      assert.ok(answers.every((a) => a.status === 200 && a.body.duplicate === false), JSON.stringify(answers.find((a) => a.status !== 200)));
      const payments = await store.listPayments({ limit: 500 });
      const recorded = payments.filter((p) => p.source === 'webhook');
      assert.equal(recorded.length, N);
      assert.equal(new Set(recorded.map((p) => p.imp_uid)).size, N);
      console.log(`load (${name}): ${N} concurrent webhook deliveries on 127.0.0.1 took ${ms.toFixed(0)} ms; ${recorded.length} payments recorded`);

      for (const i of [0, 99, 199]) {
        const pending = (await merchant.client.listSchedules(`load-${i}`, { status: 'scheduled' })).list;
        assert.equal(pending.length, 1);
      }
      const subs = await store.listSubscriptions(500);
      assert.equal(subs.filter((s) => s.customer_uid.startsWith('load-') && s.next_merchant_uid).length, N);
    });

    test(`all ${N} replayed at once: all duplicates, nothing recorded or scheduled again`, async () => {
      const started = performance.now();
      const answers = await deliverAll(executed);
      const ms = performance.now() - started;
      assert.ok(answers.every((a) => a.status === 200 && a.body.duplicate === true));
      assert.equal((await store.listPayments({ limit: 500 })).length, N);
      console.log(`load (${name}): ${N} concurrent replays took ${ms.toFixed(0)} ms; still ${N} payments recorded`);
      for (const i of [0, 100, 199]) {
        assert.equal((await merchant.client.listSchedules(`load-${i}`, { status: 'scheduled' })).list.length, 1);
      }
    });

    test(`one webhook delivered ${N} times at once: recorded once, next payment scheduled once`, async () => {
      // Run one subscription's next schedule, then hammer its webhook.
      const sub = await store.getSubscription('load-7');
      const at = sub!.next_schedule_at!;
      const ran = (await api.advanceClock((at - Math.floor(api.now() / 1000) + 1) * 1000)).filter((e) => e.customer_uid === 'load-7');
      assert.equal(ran.length, 1);
      const answers = await deliverAll(Array.from({ length: N }, () => ran[0]!));
      // Deliveries that arrive before the first one finishes run the (idempotent) follow-up too; all succeed.
      assert.ok(answers.every((a) => a.status === 200), JSON.stringify(answers.find((a) => a.status !== 200)));
      const next = answers.map((a) => a.body.next?.merchant_uid).filter(Boolean);
      assert.equal(new Set(next).size, 1, 'every delivery names the same next payment');
      assert.equal((await store.listPayments({ customerUid: 'load-7' })).length, 2);
      assert.equal((await merchant.client.listSchedules('load-7', { status: 'scheduled' })).list.length, 1);
    });
  });
}

loadSuite('PGlite', () => openStore({ databaseUrl: '' }));

describeOnPostgres('PostgreSQL', (database) => {
  loadSuite('PostgreSQL', async () => openStore({ databaseUrl: await database('load') }));
});
