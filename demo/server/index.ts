/**
 * The demo's reference merchant server: the three imp-billing/server handlers plus a few JSON endpoints that let the
 * demo page walk a subscription through its life (charge again, schedule, advance the mock clock, list everything).
 * It talks to the local PortOne stand-in (src/mock-api); pointed at https://api.iamport.kr with real keys, the same
 * handlers serve a real shop.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createCardFormHandler,
  createImpClient,
  createScheduleWebhookHandler,
  createVerifyHandler,
  freshMerchantUid,
  ImpApiError,
  openStore,
  toNodeHandler,
  toPaymentRecord,
  type BillingStore,
  type ExpectedOrder,
  type Handler,
  type HandlerResult,
  type ScheduleAnnotation,
} from '../../src/server/index.js';

export interface DemoServerOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** The mock API (or PortOne) base URL. */
  mockApiUrl: string;
  /** PGlite folder; in memory when omitted. DATABASE_URL (or `databaseUrl`) switches to PostgreSQL. */
  dataDir?: string;
  databaseUrl?: string;
  impKey?: string;
  impSecret?: string;
  /** Origins allowed to call the API from a browser; default: any http://localhost:* or http://127.0.0.1:* page. */
  allowOrigin?: (origin: string) => boolean;
}

export interface DemoServer {
  url: string;
  store: BillingStore;
  close(): Promise<void>;
}

const DAY = 24 * 3600;
/** The demo's only plan. */
export const DEMO_PLAN = { name: '월간 이용권 정기결제', amount: 9900, periodSeconds: 30 * DAY } as const;
/** The verifier's order book is demo-only memory; bounded so a long session cannot grow it. */
const MAX_ORDERS = 1000;
const MAX_LISTED_SUBSCRIPTIONS = 50;

const loopback = (origin: string) => /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(origin);

export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const mockApiUrl = options.mockApiUrl.replace(/\/+$/, '');
  const store = await openStore({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {}),
  });
  const client = createImpClient({
    impKey: options.impKey ?? 'test_key',
    impSecret: options.impSecret ?? 'test_secret',
    baseUrl: mockApiUrl,
  });
  const orders = new Map<string, ExpectedOrder>();
  const remember = (merchantUid: string, order: ExpectedOrder) => {
    orders.set(merchantUid, order);
    if (orders.size > MAX_ORDERS) orders.delete(orders.keys().next().value!);
  };
  const common = { client, store };

  /** The stand-in's clock (ms): the demo schedules relative to it, since advancing it is the point of the demo. */
  async function mockNow(): Promise<number> {
    const res = await fetch(`${mockApiUrl}/__mock/clock`);
    const body = (await res.json()) as { response?: { now?: number } };
    return body.response?.now ?? Date.now();
  }

  const fail = (status: number, code: string, message: string): HandlerResult => ({ status, body: { ok: false, code, message } });

  /** The demo routes' shared error path: PortOne refusals come back as they are, with their code. */
  const guarded =
    (handler: Handler): Handler =>
    async (input) => {
      try {
        return await handler(input);
      } catch (error) {
        if (error instanceof ImpApiError) {
          const status = error.status === 401 ? 502 : error.status === 404 ? 404 : 422;
          return { status, body: { ok: false, code: error.status === 404 ? 'not-found' : 'pg-error', message: error.message, pg_code: error.code } };
        }
        return fail(500, 'internal', 'internal error');
      }
    };

  const customerUidOf = (body: Record<string, unknown>): string | null =>
    typeof body.customer_uid === 'string' && /^[A-Za-z0-9_.:@-]{1,80}$/.test(body.customer_uid) ? body.customer_uid : null;

  const again: Handler = guarded(async ({ body }) => {
    const customerUid = customerUidOf(body);
    if (!customerUid) return fail(400, 'invalid-params', 'customer_uid is required');
    const amount = body.amount === undefined ? DEMO_PLAN.amount : Number(body.amount);
    if (!Number.isSafeInteger(amount) || amount <= 0) return fail(400, 'invalid-params', 'amount is a positive integer');
    const merchantUid = freshMerchantUid('again');
    remember(merchantUid, { amount, customer_uid: customerUid });
    const payment = await client.payAgain({ customer_uid: customerUid, merchant_uid: merchantUid, amount, name: DEMO_PLAN.name });
    if (payment.status === 'paid') await store.recordPayment(toPaymentRecord(payment, 'again'));
    // A decline is an answer, not an error: PortOne says code 0, status 'failed'.
    return {
      status: 200,
      body: {
        ok: payment.status === 'paid',
        imp_uid: payment.imp_uid,
        merchant_uid: payment.merchant_uid,
        status: payment.status,
        amount: payment.amount,
        fail_reason: payment.fail_reason,
      },
    };
  });

  const schedule: Handler = guarded(async ({ body }) => {
    const customerUid = customerUidOf(body);
    if (!customerUid) return fail(400, 'invalid-params', 'customer_uid is required');
    const subscription = await store.getSubscription(customerUid);
    if (!subscription) return fail(404, 'not-found', 'no subscription with this customer_uid');
    const inSeconds = body.in_seconds === undefined ? (subscription.period_seconds ?? DEMO_PLAN.periodSeconds) : Number(body.in_seconds);
    if (!Number.isSafeInteger(inSeconds) || inSeconds < 60 || inSeconds > 366 * DAY) {
      return fail(400, 'invalid-params', 'in_seconds is between 60 and 366 days');
    }
    const pending = (await client.listSchedules(customerUid, { status: 'scheduled' })).list;
    if (pending.length > 0) return fail(409, 'already-scheduled', 'the next payment is already scheduled');
    const next = {
      merchant_uid: freshMerchantUid(),
      schedule_at: Math.floor((await mockNow()) / 1000) + inSeconds,
      amount: subscription.amount ?? DEMO_PLAN.amount,
      name: subscription.plan_name ?? DEMO_PLAN.name,
    };
    const [scheduled] = await client.schedule(customerUid, [next]);
    await store.updateSubscription(customerUid, { status: 'active', next_merchant_uid: next.merchant_uid, next_schedule_at: next.schedule_at });
    return { status: 200, body: { ok: true, schedule: scheduled } };
  });

  const advance: Handler = guarded(async ({ body }) => {
    const ms = body.ms !== undefined ? Number(body.ms) : Number(body.days ?? 0) * DAY * 1000;
    if (!Number.isFinite(ms) || ms <= 0) return fail(400, 'invalid-params', 'give ms or days (> 0)');
    const res = await fetch(`${mockApiUrl}/__mock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ms }),
    });
    const answer = (await res.json()) as { code: number; message: string | null; response: unknown };
    if (!res.ok || answer.code !== 0) return fail(res.status === 200 ? 502 : res.status, 'pg-error', answer.message ?? 'advance failed');
    return { status: 200, body: { ok: true, ...(answer.response as object) } };
  });

  const overview: Handler = guarded(async () => {
    const subscriptions = await store.listSubscriptions(MAX_LISTED_SUBSCRIPTIONS);
    const payments = await store.listPayments({ limit: 200 });
    const schedules: Record<string, ScheduleAnnotation[]> = {};
    await Promise.all(
      subscriptions.map(async (s) => {
        schedules[s.customer_uid] = await client
          .listSchedules(s.customer_uid)
          .then((page) => page.list)
          .catch(() => []); // a key deleted at PortOne has no schedules to show
      }),
    );
    return { status: 200, body: { ok: true, now: await mockNow(), store: store.kind, plan: DEMO_PLAN, subscriptions, payments, schedules } };
  });

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>> = {
    '/api/card': toNodeHandler(createCardFormHandler({ ...common, plan: DEMO_PLAN })),
    '/api/verify': toNodeHandler(createVerifyHandler({ ...common, expectedOrder: (m) => orders.get(m) ?? null })),
    '/api/webhook': toNodeHandler(createScheduleWebhookHandler(common)),
    '/api/again': toNodeHandler(again),
    '/api/schedule': toNodeHandler(schedule),
    '/api/advance': toNodeHandler(advance),
    '/api/subscriptions': toNodeHandler(overview, { methods: ['GET'] }),
  };
  const allowOrigin = options.allowOrigin ?? loopback;

  const server = createServer((req, res) => {
    const origin = req.headers.origin;
    if (origin && allowOrigin(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
      res.setHeader('access-control-allow-methods', 'GET, POST');
      res.setHeader('access-control-allow-headers', 'content-type');
    }
    const route = routes[new URL(req.url ?? '/', 'http://demo.local').pathname];
    if (req.method === 'OPTIONS') return void res.writeHead(route ? 204 : 404).end();
    if (!route) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"ok":false,"code":"not-found"}');
    void route(req, res);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    store,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await store.close();
    },
  };
}
