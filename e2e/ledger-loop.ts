/**
 * The whole billing loop offline, shared by ledger-loop.spec.ts (desktop: the sandbox answers through the callback)
 * and ledger-loop.mobile.spec.ts (iPhone: it answers by navigating to m_redirect_url). For each PG case: the
 * merchant's server creates the registration → the button opens the sandbox window (with `sandbox-api`, so the
 * sandbox records what it issues in the mock API) → the page posts the success event to the server, which verifies
 * it against the mock with createBillingKeyVerifyHandler → first `again` → a scheduled payment runs → its webhook
 * schedules the next one.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { startMockApi, type MockApi } from '../src/mock-api/index.js';
import {
  createBillingKeyVerifyHandler,
  createImpClient,
  createScheduleWebhookHandler,
  freshMerchantUid,
  openStore,
  toNodeHandler,
  type BillingStore,
  type ExpectedRegistration,
  type ImpClient,
} from '../src/server/index.js';
import { approveSandbox } from '../src/testing/index.js';

const DAY = 24 * 3600;
const PLAN = { name: '월간 이용권', amount: 9900, periodSeconds: 30 * DAY };

interface LoopCase {
  title: string;
  pg: string;
  amount: number;
  extra?: Record<string, string>;
  /** What the verifier answers first (202 while Paymentwall's pingback is pending). */
  firstVerify: 200 | 202;
}

const CASES: LoopCase[] = [
  { title: 'jtnet, amount 0 (key only)', pg: 'jtnet', amount: 0, firstVerify: 200 },
  { title: 'jtnet, amount 1004 (issue and charge)', pg: 'jtnet', amount: 1004, firstVerify: 200 },
  {
    title: 'paymentwall (key usable after the pingback webhook)',
    pg: 'paymentwall',
    amount: 50,
    extra: { currency: 'USD', 'order-name': 'Monthly plan', 'buyer-email': 'gildong@example.com', 'buyer-name': 'Gildong Hong' },
    firstVerify: 202,
  },
];

export function defineLedgerLoopTests(): void {
  let api: MockApi;
  let store: BillingStore;
  let client: ImpClient;
  let merchant: Server;
  let merchantUrl: string;
  const registrations = new Map<string, ExpectedRegistration>();
  const verifyStatuses: number[] = [];

  test.beforeAll(async () => {
    store = await openStore({ databaseUrl: '' });
    api = await startMockApi({ pingbackDelayMs: 3000 });
    client = createImpClient({ impKey: 'test_key', impSecret: 'test_secret', baseUrl: api.url });
    const common = { client, store };
    const routes: Record<string, ReturnType<typeof toNodeHandler>> = {
      '/api/billing/verify': toNodeHandler(
        createBillingKeyVerifyHandler({ ...common, expectedRegistration: (m) => registrations.get(m) ?? null }),
      ),
      '/api/webhook': toNodeHandler(createScheduleWebhookHandler(common)),
    };
    merchant = createServer((req, res) => {
      const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
      if (route) return void route(req, res);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => merchant.listen(0, '127.0.0.1', resolve));
    merchantUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}`;
    api.setWebhookUrl(`${merchantUrl}/api/webhook`);
  });

  test.afterAll(async () => {
    await api?.close();
    merchant?.closeAllConnections();
    await new Promise((resolve) => merchant?.close(resolve));
  });

  /** The page's same-origin /api, answered by this test's merchant server (as the demo's Vite proxy would). */
  async function routeApi(page: Page) {
    await page.route('**/api/billing/verify', async (route) => {
      const response = await route.fetch({ url: `${merchantUrl}/api/billing/verify` });
      verifyStatuses.push(response.status());
      await route.fulfill({ response });
    });
  }

  for (const c of CASES) {
    test(`the whole loop offline: ${c.title}`, async ({ page }) => {
      await routeApi(page);
      // 1. The merchant's server creates the pending registration before the button opens anything.
      const customerUid = `cu_${c.pg}_${c.amount}_${Date.now().toString(36)}`;
      const merchantUid = freshMerchantUid('reg');
      registrations.set(merchantUid, { customer_uid: customerUid, pg: c.pg, amount: c.amount, plan: PLAN });
      const query = new URLSearchParams({
        pg: c.pg,
        amount: String(c.amount),
        'customer-uid': customerUid,
        'merchant-uid': merchantUid,
        'sandbox-api': api.url,
        ...c.extra,
      });
      verifyStatuses.length = 0;
      await page.goto(`/e2e/fixtures/ledger-loop.html?${query}`);
      await expect(page.locator('body[data-ready]')).toBeAttached(); // a click before the element is defined does nothing

      // 2. The customer approves in the sandbox window; the sandbox records the payment and the key in the mock.
      await page.locator('imp-billing-button').click();
      await approveSandbox(page);

      // 3. The page posts the success event; the server verifies it against the mock (Paymentwall: after the pingback).
      await expect(page.locator('#verified')).toHaveAttribute('data-status', '200', { timeout: 20_000 });
      const verified = JSON.parse((await page.locator('#verified').textContent())!);
      expect(verified).toMatchObject({ ok: true, status: 'registered', customer_uid: customerUid, merchant_uid: merchantUid, pg_provider: c.pg });
      expect(verifyStatuses[0]).toBe(c.firstVerify);
      // Desktop answers through the callback; on a phone these PGs leave for m_redirect_url and come back.
      const via = test.info().project.name === 'mobile' ? 'redirect' : 'callback';
      await expect(page.locator('#verified')).toHaveAttribute('data-via', via);
      expect((await client.getPayment(verified.imp_uid)).channel).toBe(via === 'redirect' ? 'mobile' : 'pc');
      expect((await store.getSubscription(customerUid))?.card_masked).toBe('4242********4242');

      // 4. The first charge with the key.
      const first = await client.payAgain({ customer_uid: customerUid, merchant_uid: freshMerchantUid('again'), amount: PLAN.amount, name: PLAN.name });
      expect(first.status).toBe('paid');

      // 5. A scheduled payment runs; its webhook schedules the next one a period later.
      const at = Math.floor(api.now() / 1000) + DAY;
      await client.schedule(customerUid, [{ merchant_uid: freshMerchantUid('sub'), schedule_at: at, amount: PLAN.amount, name: PLAN.name }]);
      const runs = await api.advanceClock(2 * DAY * 1000);
      const run = runs.find((r) => r.customer_uid === customerUid)!;
      expect(run).toMatchObject({ status: 'paid', webhook: { status: 200 } });
      const subscription = (await store.getSubscription(customerUid))!;
      expect(subscription.next_schedule_at).toBe(at + PLAN.periodSeconds);
      const pending = await client.listSchedules(customerUid, { status: 'scheduled' });
      expect(pending.list.map((s) => s.merchant_uid)).toEqual([subscription.next_merchant_uid]);
    });
  }
}
