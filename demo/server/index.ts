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
  describeError,
  freshMerchantUid,
  ImpApiError,
  isSafeId,
  jsonOnly,
  openStore,
  toNodeHandler,
  toPaymentRecord,
  type BillingStore,
  type ExpectedOrder,
  type Handler,
  type HandlerResult,
  type ImpClient,
  type PaymentAnnotation,
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
/** Webhooks received, kept in memory for the page's table; the oldest go first. */
const MAX_WEBHOOK_LOG = 500;
/** What the "wrong secret" demonstration sends instead of the configured secret. */
const WRONG_SECRET = 'this_is_not_the_secret';

/** One webhook delivery as the merchant server saw it: what came in, what it verified, and what it answered. */
export interface WebhookLogEntry {
  /** Real time of receipt, ms. */
  received_at: number;
  /** The stand-in's clock at receipt, ms: the time the page's other tables use. */
  clock_at: number | null;
  imp_uid: string | null;
  merchant_uid: string | null;
  /** From the verified payment; null when the lookup failed. */
  customer_uid: string | null;
  /** The status in the body (a claim). */
  claimed_status: string | null;
  /** The status PortOne reported for the imp_uid. */
  verified_status: string | null;
  http_status: number;
  outcome: 'recorded' | 'duplicate' | 'not-recorded' | 'refused';
  next_merchant_uid: string | null;
  message: string | null;
  /** True for the demo's replays, so the page can tell them from the stand-in's first delivery. */
  replay: boolean;
}

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
  /** Every 500 is logged: the error's name and message, never a body. */
  const internalError = (error: unknown): HandlerResult => {
    console.error(`[demo server] answered 500: ${describeError(error)}`);
    return fail(500, 'internal', 'internal error');
  };

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
        return internalError(error);
      }
    };

  const customerUidOf = (body: Record<string, unknown>): string | null => (isSafeId(body.customer_uid) ? body.customer_uid : null);

  const again: Handler = guarded(async ({ body }) => {
    const customerUid = customerUidOf(body);
    if (!customerUid) return fail(400, 'invalid-params', 'customer_uid is required');
    const amount = body.amount === undefined ? DEMO_PLAN.amount : Number(body.amount);
    if (!Number.isSafeInteger(amount) || amount <= 0) return fail(400, 'invalid-params', 'amount is a positive integer');
    // PortOne refuses an unknown key with HTTP 200 and code -1; the merchant's own records say it more plainly.
    if (!(await store.getSubscription(customerUid))) return fail(404, 'not-found', 'no subscription with this customer_uid');
    const merchantUid = freshMerchantUid('again');
    remember(merchantUid, { amount, customer_uid: customerUid });
    const payment = await client.payAgain({ customer_uid: customerUid, merchant_uid: merchantUid, amount, name: DEMO_PLAN.name });
    // Declined attempts are kept too: the customer's history should show them.
    await store.recordPayment(toPaymentRecord(payment, 'again'));
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

  /** A full refund of the customer's latest paid payment (`POST /payments/cancel`), as for a first charge or on churn. */
  const refund: Handler = guarded(async ({ body }) => {
    const customerUid = customerUidOf(body);
    if (!customerUid) return fail(400, 'invalid-params', 'customer_uid is required');
    const last = (await store.listPayments({ customerUid })).find((p) => p.status === 'paid');
    if (!last) return fail(404, 'nothing-to-refund', 'no paid payment of this customer to refund');
    const payment = await client.cancelPayment({ imp_uid: last.imp_uid, reason: 'refund from the demo' });
    await store.recordPayment(toPaymentRecord(payment, 'refund'));
    return { status: 200, body: { ok: true, imp_uid: payment.imp_uid, status: payment.status, cancel_amount: payment.cancel_amount } };
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

  /**
   * The library's webhook handler, wrapped to keep a log for the page. Each request gets its own handler around a
   * client that remembers the payment it looked up, so the log can name the customer without a second lookup.
   */
  const webhookLog: WebhookLogEntry[] = [];
  const webhook: Handler = async (input) => {
    let verified: PaymentAnnotation | null = null;
    const watching: ImpClient = {
      ...client,
      getPayment: async (impUid) => (verified = await client.getPayment(impUid)),
    };
    const result = await createScheduleWebhookHandler({ client: watching, store })(input);
    const body = (result.body ?? {}) as Record<string, unknown>;
    const next = body.next as { merchant_uid?: string } | null | undefined;
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    const payment = verified as PaymentAnnotation | null;
    webhookLog.push({
      received_at: Date.now(),
      clock_at: await mockNow().catch(() => null),
      imp_uid: text(input.body.imp_uid),
      merchant_uid: text(input.body.merchant_uid),
      customer_uid: payment?.customer_uid ?? null,
      claimed_status: text(input.body.status),
      verified_status: payment?.status ?? null,
      http_status: result.status,
      outcome:
        result.status !== 200
          ? 'refused'
          : body.duplicate === true
            ? 'duplicate'
            : payment?.status === 'paid' || payment?.status === 'cancelled'
              ? 'recorded'
              : 'not-recorded',
      next_merchant_uid: next?.merchant_uid ?? null,
      message: text(body.message),
      replay: input.headers['x-demo-replay'] === '1',
    });
    if (webhookLog.length > MAX_WEBHOOK_LOG) webhookLog.shift();
    return result;
  };

  let selfUrl = '';
  /**
   * PortOne redelivers a webhook when it gets no 2xx in time, so a merchant sees the same notification twice. This
   * sends this customer's latest scheduled-payment notification again, over HTTP to this server's own /api/webhook,
   * exactly as the stand-in sent it the first time.
   */
  const replay: Handler = guarded(async ({ body }) => {
    const customerUid = customerUidOf(body);
    if (!customerUid) return fail(400, 'invalid-params', 'customer_uid is required');
    const executed = (await client.listSchedules(customerUid, { status: 'executed' })).list.filter((s) => s.imp_uid);
    const last = executed.sort((a, b) => b.executed_at - a.executed_at)[0];
    if (!last) return fail(404, 'nothing-to-replay', 'no scheduled payment has run for this customer yet');
    const payload = { imp_uid: last.imp_uid, merchant_uid: last.merchant_uid, status: last.payment_status };
    const res = await fetch(`${selfUrl}/api/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-demo-replay': '1' },
      body: JSON.stringify(payload),
    });
    const answer = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    return { status: 200, body: { ok: true, delivered: payload, webhook: { status: res.status, body: answer } } };
  });

  /**
   * What a misconfigured server sees: the same request as the page's other lookups, with a wrong imp_secret. PortOne
   * refuses the token with HTTP 401; the answer says so and carries PortOne's message (never the secret).
   */
  const wrongSecret: Handler = async ({ body }) => {
    const customerUid = customerUidOf(body);
    if (!customerUid) return fail(400, 'invalid-params', 'customer_uid is required');
    const misconfigured = createImpClient({ impKey: options.impKey ?? 'test_key', impSecret: WRONG_SECRET, baseUrl: mockApiUrl });
    try {
      await misconfigured.getBillingKey(customerUid);
      return { status: 200, body: { ok: true, message: 'PortOne accepted the secret' } };
    } catch (error) {
      if (!(error instanceof ImpApiError)) return internalError(error);
      // 502: PortOne, behind this server, refused; upstream_status is PortOne's own answer.
      return {
        status: 502,
        body: { ok: false, code: error.status === 401 ? 'unauthorized' : 'pg-error', upstream_status: error.status, message: error.message },
      };
    }
  };

  /** Everything the page shows, for one customer (`?customer_uid=`) or, without it, for the latest ones. */
  const overview = (customerUid: string | null): Handler =>
    guarded(async () => {
      const subscriptions = customerUid
        ? [await store.getSubscription(customerUid)].filter((s) => s !== null)
        : await store.listSubscriptions(MAX_LISTED_SUBSCRIPTIONS);
      const payments = await store.listPayments({ limit: 200, ...(customerUid ? { customerUid } : {}) });
      const schedules: Record<string, ScheduleAnnotation[]> = {};
      await Promise.all(
        subscriptions.map(async (s) => {
          schedules[s.customer_uid] = await client
            .listSchedules(s.customer_uid)
            .then((page) => page.list)
            .catch(() => []); // a key deleted at PortOne (or a stand-in restarted since) has no schedules to show
        }),
      );
      const webhooks = webhookLog.filter((w) => !customerUid || w.customer_uid === customerUid).reverse();
      return {
        status: 200,
        body: { ok: true, now: await mockNow(), store: store.kind, plan: DEMO_PLAN, subscriptions, payments, schedules, webhooks },
      };
    });

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>> = {
    '/api/card': toNodeHandler(createCardFormHandler({ ...common, plan: DEMO_PLAN })),
    '/api/verify': toNodeHandler(createVerifyHandler({ ...common, expectedOrder: (m) => orders.get(m) ?? null })),
    // Forms are for PortOne's webhook only; every route the page calls takes JSON (no cross-site form posts).
    '/api/webhook': toNodeHandler(webhook),
    '/api/again': toNodeHandler(jsonOnly(again)),
    '/api/schedule': toNodeHandler(jsonOnly(schedule)),
    '/api/refund': toNodeHandler(jsonOnly(refund)),
    '/api/advance': toNodeHandler(jsonOnly(advance)),
    '/api/replay-webhook': toNodeHandler(jsonOnly(replay)),
    '/api/wrong-secret': toNodeHandler(jsonOnly(wrongSecret)),
    '/api/subscriptions': (req, res) => {
      const wanted = new URL(req.url ?? '/', 'http://demo.local').searchParams.get('customer_uid');
      const customerUid = wanted === null ? null : customerUidOf({ customer_uid: wanted });
      const handler: Handler = wanted !== null && !customerUid ? async () => fail(400, 'invalid-params', 'customer_uid is malformed') : overview(customerUid);
      return toNodeHandler(handler, { methods: ['GET'] })(req, res);
    },
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
  // A server listening on every interface is still reached through loopback by its own replays.
  const selfHost = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '[::1]' : host;
  selfUrl = `http://${selfHost}:${address.port}`;

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
