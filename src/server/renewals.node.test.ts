/**
 * Renewals exactly once, under the failures real servers meet: a webhook storm across instances, an instance killed
 * mid-storm followed by PortOne's redelivery, PortOne scheduling but its answer lost followed by redelivery, and a
 * replayed verify. Every scenario ends with the same check: every payment recorded once, exactly one pending next
 * payment (at PortOne, and the one the subscription points at) per active subscription, none for a cancelled one.
 * On PGlite with two in-process instances always; on PostgreSQL with three server processes when it is installed.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { after, before, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startMockApi, TEST_CARDS, type ExecutedSchedule, type MockApi } from '../mock-api/index.js';
import { createImpClient, openStore, type BillingStore, type ImpClient } from './index.js';
import { killable, startFaultyProxy, type FaultyProxy } from '../test-helpers/faults.js';
import { DAY, orderId, postJson, startMerchant } from '../test-helpers/merchant.js';
import { describeOnPostgres } from '../test-helpers/postgres.js';

const CARD = { card_number: TEST_CARDS.approve, expiry: '2031-12', birth: '900101', pwd_2digit: '12' };
const OTHER_CARD = { ...CARD, card_number: '6011 1111 1111 1117' };
const PLAN = { name: '월간 이용권', amount: 8900, periodSeconds: 30 * DAY };
const SCHEDULE_PATH = '/subscribe/payments/schedule';

interface Instance {
  url: string;
  /** Between this instance and PortOne. */
  proxy: FaultyProxy;
  /** Dies at once: SIGKILL for a process; for an in-process instance nothing it started finishes. */
  kill(): Promise<void>;
}

interface Cluster {
  /** For the assertions: the same database the instances use. */
  store: BillingStore;
  instances: Instance[];
  close(): Promise<void>;
}

type Delivery = { status: number; body: any };

async function deliver(instance: Instance, e: ExecutedSchedule): Promise<Delivery> {
  try {
    return await postJson(`${instance.url}/api/webhook`, { imp_uid: e.imp_uid, merchant_uid: e.merchant_uid, status: e.status });
  } catch {
    return { status: 0, body: null }; // the connection died: PortOne redelivers
  }
}

const ok = (d: Delivery) => d.status >= 200 && d.status < 300;

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function renewalSuite(name: string, startCluster: () => Promise<Cluster>) {
  describe(`renewals exactly once on ${name}`, () => {
    let cluster: Cluster;
    let api: MockApi;
    let portone: ImpClient;

    before(async () => {
      cluster = await startCluster();
    });
    after(() => cluster?.close());
    beforeEach(async () => {
      // A fresh PortOne per scenario; customers carry the scenario's prefix in the shared database.
      await api?.close();
      api = await startMockApi();
      portone = createImpClient({ impKey: 'test_key', impSecret: 'test_secret', baseUrl: api.url });
      for (const i of cluster.instances) {
        i.proxy.target = api.url;
        i.proxy.rule = () => 'pass';
      }
    });
    after(() => api?.close());

    /** n subscriptions, each with a paid first scheduled payment whose webhook is not delivered yet. */
    async function subscribe(prefix: string, n: number): Promise<ExecutedSchedule[]> {
      const at = Math.floor(api.now() / 1000) + 60;
      for (let i = 0; i < n; i++) {
        const uid = `${prefix}-${i}`;
        await portone.issueBillingKey(uid, CARD);
        await cluster.store.saveSubscription({ customer_uid: uid, plan_name: PLAN.name, amount: PLAN.amount, period_seconds: PLAN.periodSeconds });
        await portone.schedule(uid, [{ merchant_uid: `${prefix}-first-${i}`, schedule_at: at, amount: PLAN.amount, name: PLAN.name }]);
      }
      return runDue(prefix, 120_000);
    }

    async function runDue(prefix: string, ms: number): Promise<ExecutedSchedule[]> {
      return (await api.advanceClock(ms)).filter((e) => e.customer_uid?.startsWith(`${prefix}-`));
    }

    /** Every payment recorded once; one pending next payment per active subscription, and the subscription knows it. */
    async function assertExactlyOnce(prefix: string, paidImpUids: string[]): Promise<void> {
      const recorded = (await cluster.store.listPayments({ limit: 500 })).filter((p) => p.customer_uid?.startsWith(`${prefix}-`));
      assert.deepEqual(recorded.map((p) => p.imp_uid).sort(), [...paidImpUids].sort(), 'every payment recorded exactly once');
      const subscriptions = (await cluster.store.listSubscriptions(500)).filter((s) => s.customer_uid.startsWith(`${prefix}-`));
      assert.ok(subscriptions.length > 0);
      for (const s of subscriptions) {
        const pending = (await portone.listSchedules(s.customer_uid, { status: 'scheduled' })).list;
        if (s.status === 'active') {
          assert.equal(pending.length, 1, `${s.customer_uid}: exactly one pending next payment at PortOne`);
          assert.equal(s.next_merchant_uid, pending[0]!.merchant_uid, `${s.customer_uid}: the subscription points at it`);
        } else {
          assert.equal(pending.length, 0, `${s.customer_uid} (${s.status}): nothing pending`);
        }
      }
    }

    test('storm: every webhook delivered to every instance twice at once, for two periods', async () => {
      const n = 20;
      let executed = await subscribe('storm', n);
      const paid: string[] = [];
      for (let period = 0; period < 2; period++) {
        assert.equal(executed.length, n);
        const started = performance.now();
        const answers = await Promise.all(executed.flatMap((e) => cluster.instances.flatMap((i) => [deliver(i, e), deliver(i, e)])));
        const ms = performance.now() - started;
        console.log(`renewals (${name}): ${answers.length} deliveries of ${n} webhooks across ${cluster.instances.length} instances took ${ms.toFixed(0)} ms`);
        assert.ok(answers.every(ok), JSON.stringify(answers.find((a) => !ok(a))));
        paid.push(...executed.map((e) => e.imp_uid));
        await assertExactlyOnce('storm', paid);
        executed = await runDue('storm', PLAN.periodSeconds * 1000 + 120_000);
      }
    });

    test("PortOne schedules but its answer is lost; PortOne's redelivery schedules nothing twice", async () => {
      const n = 10;
      const executed = await subscribe('lost', n);
      const [first, second] = [cluster.instances[0]!, cluster.instances.at(-1)!];
      first.proxy.rule = (method, path) => (method === 'POST' && path === SCHEDULE_PATH ? 'drop-answer' : 'pass');
      const answers = await Promise.all(executed.map((e) => deliver(first, e)));
      assert.ok(answers.every((a) => a.status >= 500), `a delivery that could not finish asks for redelivery: ${JSON.stringify(answers[0])}`);
      const redelivered = await Promise.all(executed.map((e) => deliver(second, e)));
      assert.ok(redelivered.every(ok), JSON.stringify(redelivered.find((a) => !ok(a))));
      await assertExactlyOnce('lost', executed.map((e) => e.imp_uid));
    });

    test('a replayed verify changes nothing and tells a stranger nothing', async () => {
      const owner = 'verify-owner';
      const stranger = 'verify-stranger';
      const [a, b] = [cluster.instances[0]!, cluster.instances.at(-1)!];
      assert.equal((await postJson(`${a.url}/api/card`, { customer_uid: owner, ...CARD })).status, 200);
      const paid = await portone.payAgain({ customer_uid: owner, merchant_uid: orderId(owner, PLAN.amount, 1), amount: PLAN.amount, name: PLAN.name });
      const body = { imp_uid: paid.imp_uid, merchant_uid: paid.merchant_uid };
      const first = await postJson(`${a.url}/api/verify`, body, { 'x-customer': owner });
      assert.deepEqual([first.status, first.body.recorded], [200, true]);
      // Later the owner registers another card, then cancels.
      assert.equal((await postJson(`${b.url}/api/card`, { customer_uid: owner, ...OTHER_CARD })).status, 200);
      await cluster.store.updateSubscription(owner, { status: 'cancelled' });
      const before = await cluster.store.getSubscription(owner);

      // The stranger has an active subscription of their own with its next payment pending.
      assert.equal((await postJson(`${a.url}/api/card`, { customer_uid: stranger, ...CARD })).status, 200);
      const next = { merchant_uid: 'verify-stranger-next', schedule_at: Math.floor(api.now() / 1000) + DAY, amount: PLAN.amount };
      await portone.schedule(stranger, [next]);
      await cluster.store.updateSubscription(stranger, { next_merchant_uid: next.merchant_uid, next_schedule_at: next.schedule_at });

      const replays = await Promise.all(
        cluster.instances.flatMap((i) => Array.from({ length: 5 }, () => postJson(`${i.url}/api/verify`, body, { 'x-customer': owner }))),
      );
      assert.ok(replays.every((r) => r.status === 200 && r.body.recorded === false), JSON.stringify(replays[0]));
      const after = await cluster.store.getSubscription(owner);
      assert.deepEqual(
        [after?.status, after?.card_masked, after?.card_name, after?.updated_at],
        [before?.status, before?.card_masked, before?.card_name, before?.updated_at],
        'a replay rewrites no status and no card',
      );

      const stolen = await postJson(`${b.url}/api/verify`, body, { 'x-customer': stranger });
      assert.equal(stolen.status, 404);
      assert.ok(!JSON.stringify(stolen.body).includes(owner) && !JSON.stringify(stolen.body).includes(String(PLAN.amount)));
      await assertExactlyOnce('verify', [paid.imp_uid]);
    });

    test('an extra paid schedule is recorded and reported, never a second chain', async () => {
      const executed = await subscribe('extra', 2);
      await Promise.all(executed.map((e, i) => deliver(cluster.instances[i % cluster.instances.length]!, e)));
      // Someone schedules an extra charge for extra-0 by hand; it runs before the renewal.
      const at = Math.floor(api.now() / 1000) + DAY;
      await portone.schedule('extra-0', [{ merchant_uid: 'extra-0-by-hand', schedule_at: at, amount: 100, name: 'extra' }]);
      const [extra] = await runDue('extra', 2 * DAY * 1000);
      assert.equal(extra?.merchant_uid, 'extra-0-by-hand');
      const answers = await Promise.all(cluster.instances.map((i) => deliver(i, extra!)));
      assert.ok(answers.every(ok), JSON.stringify(answers.find((a) => !ok(a))));
      await assertExactlyOnce('extra', [...executed.map((e) => e.imp_uid), extra!.imp_uid]);
    });

    test("an instance killed mid-storm: PortOne's redelivery finishes its renewals, nothing twice", async () => {
      const n = 24;
      const executed = await subscribe('crash', n);
      const victim = cluster.instances[0]!;
      const others = cluster.instances.slice(1);
      // The victim dies with half its renewals before PortOne saw the schedule and half after PortOne made it.
      let calls = 0;
      victim.proxy.rule = (method, path) => (method === 'POST' && path === SCHEDULE_PATH ? (calls++ % 2 ? 'hold-after' : 'hold-before') : 'pass');
      const toVictim = executed.filter((_, i) => i % cluster.instances.length === 0);
      const deliveries = executed.map((e, i) => deliver(cluster.instances[i % cluster.instances.length]!, e));
      await until(() => victim.proxy.held() === toVictim.length, 'the victim to be in the middle of every renewal it received');
      await victim.kill();
      const answers = await Promise.all(deliveries);
      console.log(`renewals (${name}): 1 of ${cluster.instances.length} instances killed with ${toVictim.length} of ${n} renewals in flight; ${answers.filter((a) => !ok(a)).length} deliveries without a 2xx redelivered`);
      const failed = executed.filter((_, i) => !ok(answers[i]!));
      assert.ok(failed.length >= toVictim.length, 'the deliveries to the killed instance did not succeed');

      // PortOne redelivers what got no 2xx, to whichever instance its load balancer picks.
      const redelivered = await Promise.all(failed.map((e, i) => deliver(others[i % others.length]!, e)));
      assert.ok(redelivered.every(ok), JSON.stringify(redelivered.find((a) => !ok(a))));
      await assertExactlyOnce('crash', executed.map((e) => e.imp_uid));
    });
  });
}

// ---- PGlite: two instances in one process, sharing the store --------------------------------------------------

renewalSuite('PGlite, 2 in-process instances', async () => {
  const store = await openStore({ databaseUrl: '' });
  const proxies: FaultyProxy[] = [];
  const closers: Array<() => Promise<void>> = [];
  const instances: Instance[] = [];
  for (let i = 0; i < 2; i++) {
    const proxy = await startFaultyProxy('http://127.0.0.1:9');
    proxies.push(proxy);
    const client = killable(createImpClient({ impKey: 'test_key', impSecret: 'test_secret', baseUrl: proxy.url }));
    const own = killable(store);
    const merchant = await startMerchant({ apiUrl: proxy.url, store: own.value, client: client.value });
    closers.push(() => merchant.close());
    instances.push({
      url: merchant.url,
      proxy,
      async kill() {
        client.kill();
        own.kill();
        await merchant.close();
      },
    });
  }
  return {
    store,
    instances,
    async close() {
      for (const c of closers) await c();
      for (const p of proxies) await p.close();
      await store.close();
    },
  };
});

// ---- PostgreSQL: three server processes on one database -------------------------------------------------------

describeOnPostgres('PostgreSQL', (database) => {
  renewalSuite('PostgreSQL, 3 server processes', async () => {
    const databaseUrl = await database('renewals');
    const store = await openStore({ databaseUrl });
    const script = fileURLToPath(new URL('../test-helpers/merchant-process.ts', import.meta.url));
    const children: ChildProcess[] = [];
    const proxies: FaultyProxy[] = [];
    const instances = await Promise.all(
      Array.from({ length: 3 }, async (): Promise<Instance> => {
        const proxy = await startFaultyProxy('http://127.0.0.1:9');
        proxies.push(proxy);
        const child = spawn(process.execPath, ['--import', 'tsx', script], {
          env: { ...process.env, API_URL: proxy.url, DATABASE_URL: databaseUrl },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        children.push(child);
        const lines = createInterface({ input: child.stdout! });
        const [line] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => ['exited'])])) as string[];
        const url = /^listening (\S+)$/.exec(line ?? '')?.[1];
        if (!url) throw new Error(`a merchant process did not start: ${line}`);
        return {
          url,
          proxy,
          async kill() {
            const exited = once(child, 'exit');
            child.kill('SIGKILL');
            await exited;
          },
        };
      }),
    );
    return {
      store,
      instances,
      async close() {
        for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
        for (const p of proxies) await p.close();
        await store.close();
      },
    };
  });
});
