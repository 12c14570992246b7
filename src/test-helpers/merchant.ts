/**
 * A minimal merchant server for the tests: the three handlers on node:http, talking to a mock API. The demo server
 * (demo/server) is the fuller reference; this one keeps the tests independent of the demo's extra routes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createCardFormHandler,
  createImpClient,
  createScheduleWebhookHandler,
  createVerifyHandler,
  toNodeHandler,
  type BillingStore,
  type ExpectedOrder,
  type ImpClient,
} from '../server/index.js';

export const DAY = 24 * 3600;

export interface Merchant {
  url: string;
  client: ImpClient;
  /** Orders the verifier accepts, by merchant_uid. */
  orders: Map<string, ExpectedOrder>;
  close(): Promise<void>;
}

export async function startMerchant(options: {
  apiUrl: string;
  store: BillingStore;
  plan?: { name: string; amount: number; periodSeconds: number };
  /** Instead of a client for apiUrl (e.g. one that can be killed). */
  client?: ImpClient;
}): Promise<Merchant> {
  const client = options.client ?? createImpClient({ impKey: 'test_key', impSecret: 'test_secret', baseUrl: options.apiUrl });
  const orders = new Map<string, ExpectedOrder>();
  const common = { client, store: options.store, onError: (m: string) => console.error(m) };
  const routes: Record<string, ReturnType<typeof toNodeHandler>> = {
    '/api/card': toNodeHandler(createCardFormHandler({ ...common, ...(options.plan ? { plan: options.plan } : {}) })),
    // The session is the x-customer header here: an order is only ever confirmed to the customer who placed it.
    '/api/verify': toNodeHandler(
      createVerifyHandler({
        ...common,
        expectedOrder: (m, { headers }) => {
          const order = orders.get(m) ?? orderFromId(m);
          return order && order.customer_uid === headers['x-customer'] ? order : null;
        },
      }),
    ),
    '/api/webhook': toNodeHandler(createScheduleWebhookHandler(common)),
  };
  const server = createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (route) return void route(req, res);
    res.writeHead(404).end();
  });
  // Room for the load test's 200 simultaneous deliveries without the OS refusing connections.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', 511, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    client,
    orders,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Orders for merchant servers running as separate processes, whose `orders` map the test cannot reach: the id itself
 * says what it should have paid, `order@{customer_uid}@{amount}@{n}`.
 */
export const orderId = (customerUid: string, amount: number, n: number) => `order@${customerUid}@${amount}@${n}`;

function orderFromId(merchantUid: string): ExpectedOrder | null {
  const [kind, customerUid, amount] = merchantUid.split('@');
  return kind === 'order' && customerUid && amount ? { customer_uid: customerUid, amount: Number(amount) } : null;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}
