import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStore, type BillingStore, type PaymentRecord } from './index.js';
import { describeOnPostgres } from '../test-helpers/postgres.js';

const payment = (imp_uid: string, extra: Partial<PaymentRecord> = {}): PaymentRecord => ({
  imp_uid,
  merchant_uid: `m-${imp_uid}`,
  customer_uid: 'cust-a',
  amount: 8900,
  status: 'paid',
  name: '월간 이용권',
  paid_at: 1_800_000_000,
  source: 'webhook',
  ...extra,
});

/** The same behaviour on every backend: PGlite always, PostgreSQL when its binaries are installed. */
function storeContract(name: string, open: () => Promise<BillingStore>) {
  describe(`store contract on ${name}`, () => {
    let store: BillingStore;
    before(async () => {
      store = await open();
    });
    after(() => store?.close());

    test('saves, re-saves and lists subscriptions', async () => {
      const s = await store.saveSubscription({
        customer_uid: 'cust-a',
        card_name: '신한카드',
        card_masked: '4242-****-****-4242',
        plan_name: 'monthly',
        amount: 8900,
        period_seconds: 2_592_000,
      });
      assert.equal(s.status, 'active');
      assert.equal(s.amount, 8900);
      await store.updateSubscription('cust-a', { status: 'past_due' });
      // Registering a new card replaces it, keeps the plan, and reactivates.
      const again = await store.saveSubscription({ customer_uid: 'cust-a', card_name: 'BC카드', card_masked: '6011-****-****-1117' });
      assert.deepEqual([again.status, again.card_name, again.amount, again.period_seconds], ['active', 'BC카드', 8900, 2_592_000]);
      assert.equal(await store.getSubscription('nobody'), null);
      assert.ok((await store.listSubscriptions()).some((x) => x.customer_uid === 'cust-a'));
    });

    test('patches only the named columns', async () => {
      await store.updateSubscription('cust-a', { next_merchant_uid: 'next-1', next_schedule_at: 1_900_000_000 });
      let s = await store.getSubscription('cust-a');
      assert.deepEqual([s?.next_merchant_uid, s?.next_schedule_at, s?.status], ['next-1', 1_900_000_000, 'active']);
      await store.updateSubscription('cust-a', { status: 'cancelled' });
      s = await store.getSubscription('cust-a');
      assert.deepEqual([s?.next_merchant_uid, s?.status], ['next-1', 'cancelled']);
      await store.updateSubscription('cust-a', { next_merchant_uid: null, next_schedule_at: null });
      s = await store.getSubscription('cust-a');
      assert.deepEqual([s?.next_merchant_uid, s?.next_schedule_at], [null, null]);
    });

    test('refuses to store a full card number', async () => {
      await assert.rejects(store.saveSubscription({ customer_uid: 'leak', card_masked: '4242 4242 4242 4242' }), /full card number/);
    });

    test('records a payment once and refreshes its status', async () => {
      assert.equal(await store.recordPayment(payment('imp_rec_1')), true);
      assert.equal(await store.recordPayment(payment('imp_rec_1')), false);
      assert.equal(await store.recordPayment(payment('imp_rec_1', { status: 'cancelled' })), false);
      const rows = (await store.listPayments({ customerUid: 'cust-a' })).filter((p) => p.imp_uid === 'imp_rec_1');
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.status, 'cancelled');
      assert.equal(rows[0]!.amount, 8900);
    });

    test('a webhook is done only once marked; marking is idempotent, also 200 times at once', async () => {
      assert.equal(await store.isWebhookDone('imp_done', 'paid'), false);
      await Promise.all(Array.from({ length: 200 }, () => store.markWebhookDone('imp_done', 'paid')));
      assert.equal(await store.isWebhookDone('imp_done', 'paid'), true);
      // Another status of the same payment (a later cancellation) is another webhook.
      assert.equal(await store.isWebhookDone('imp_done', 'cancelled'), false);
    });

    test('a verified payment saves its subscription only when this call recorded it, 200 times at once', async () => {
      await store.saveSubscription({ customer_uid: 'cust-v', card_masked: '4242-****-****-4242' });
      const results = await Promise.all(
        Array.from({ length: 200 }, () =>
          store.recordVerifiedPayment(payment('imp_verified', { customer_uid: 'cust-v' }), { customer_uid: 'cust-v', card_masked: '6011-****-****-1117' }),
        ),
      );
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal((await store.getSubscription('cust-v'))?.card_masked, '6011-****-****-1117');
      await store.saveSubscription({ customer_uid: 'cust-v', card_masked: '5555-****-****-4444' });
      await store.updateSubscription('cust-v', { status: 'cancelled' });
      const replay = await store.recordVerifiedPayment(payment('imp_verified', { customer_uid: 'cust-v' }), {
        customer_uid: 'cust-v',
        card_masked: '6011-****-****-1117',
      });
      assert.equal(replay, false);
      const after = await store.getSubscription('cust-v');
      assert.deepEqual([after?.status, after?.card_masked], ['cancelled', '5555-****-****-4444']);
      assert.equal(await store.recordVerifiedPayment(payment('imp_verified_2'), null), true);
      await assert.rejects(store.recordVerifiedPayment(payment('imp_leak'), { customer_uid: 'x', card_masked: '4242424242424242' }), /full card number/);
    });

    test('a payment the webhook recorded first is still verified once: the first verify saves, a replay does not', async () => {
      assert.equal(await store.recordPayment(payment('imp_webhook_first', { customer_uid: 'cust-w' })), true);
      const first = await store.recordVerifiedPayment(payment('imp_webhook_first', { customer_uid: 'cust-w', source: 'verify' }), {
        customer_uid: 'cust-w',
        card_masked: '4242-****-****-4242',
      });
      assert.equal(first, true, 'the webhook recorded it, but nobody had verified it yet');
      assert.equal((await store.getSubscription('cust-w'))?.card_masked, '4242-****-****-4242');
      await store.updateSubscription('cust-w', { status: 'cancelled' });
      const replay = await store.recordVerifiedPayment(payment('imp_webhook_first', { customer_uid: 'cust-w', source: 'verify' }), {
        customer_uid: 'cust-w',
        card_masked: '4242-****-****-4242',
      });
      assert.equal(replay, false);
      assert.equal((await store.getSubscription('cust-w'))?.status, 'cancelled');
    });

    test('lists are bounded', async () => {
      assert.ok((await store.listPayments({ limit: 10_000 })).length <= 500);
    });
  });
}

storeContract('PGlite (in memory)', () => openStore({ databaseUrl: '' }));

describeOnPostgres('on a throwaway PostgreSQL cluster', (database) => {
  storeContract('PostgreSQL (pg)', async () => openStore({ databaseUrl: await database('contract') }));

  test('three stores migrating one database at once agree', async () => {
    const url = await database('migrate_race');
    const stores = await Promise.all([openStore({ databaseUrl: url }), openStore({ databaseUrl: url }), openStore({ databaseUrl: url })]);
    await stores[0]!.saveSubscription({ customer_uid: 'x' });
    assert.equal((await stores[2]!.getSubscription('x'))?.customer_uid, 'x');
    assert.equal(stores[1]!.kind, 'postgres');
    await Promise.all(stores.map((s) => s.close()));
  });
});

test('PGlite persists to a folder across a restart, and migrations are not re-run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'imp-billing-pglite-'));
  try {
    const first = await openStore({ dataDir: join(dir, 'db'), databaseUrl: '' });
    assert.equal(first.kind, 'pglite');
    await first.saveSubscription({ customer_uid: 'persisted', card_masked: '4242-****-****-4242' });
    await first.recordPayment(payment('imp_persist'));
    await first.close();
    const second = await openStore({ dataDir: join(dir, 'db'), databaseUrl: '' });
    assert.equal((await second.getSubscription('persisted'))?.card_masked, '4242-****-****-4242');
    assert.equal((await second.listPayments()).length, 1);
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
