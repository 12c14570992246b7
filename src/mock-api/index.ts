/**
 * `imp-billing/mock-api`: a local stand-in for PortOne's V1 REST API (`https://api.iamport.kr`), for the demo and
 * tests. Its endpoints, parameters and refusal statuses come from one table restated from PortOne's V1 schema
 * (./conformance.ts); the bookkeeping is in ./ledger.ts; a controllable clock runs schedules and delivers the
 * webhooks. It is not PortOne: no PG is reached and nothing leaves the machine except the webhooks you point it at.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BodyError, parseBody, readText } from '../shared/body.js';
import type { ImpEnvelope, PaymentStatus, ScheduleStatus, TokenResponse, WebhookBody } from '../shared/rest-types.js';
import { checkParams, matchEndpoint, ParamError, type RequestParams, type Endpoint, type Operation } from './conformance.js';
import { ApiFailure, Ledger } from './ledger.js';

export { TEST_CARDS, DECLINE_REASON } from '../shared/test-cards.js';
export { LIMITS } from './ledger.js';
export { ENDPOINTS, LEFT_OUT, type Endpoint, type ParamSpec } from './conformance.js';

export const TEST_CREDENTIALS = { impKey: 'test_key', impSecret: 'test_secret' } as const;

export interface MockApiOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Where executed schedules are reported, like the webhook URL in PortOne's console. */
  webhookUrl?: string;
  /** Start of the mock clock in ms since the epoch; defaults to the real time. */
  now?: number;
}

export interface ExecutedSchedule {
  imp_uid: string;
  merchant_uid: string;
  customer_uid: string | null;
  status: PaymentStatus;
  /** HTTP status of the webhook delivery, or the delivery error; null when no webhook URL is set. */
  webhook: { url: string; status?: number; error?: string } | null;
}

export interface MockApi {
  url: string;
  /** The mock clock, ms since the epoch. */
  now(): number;
  /**
   * Moves the clock forward, running every schedule that falls due in order (the clock stops at each one), and
   * awaits each webhook delivery before running the next, so a merchant that schedules the next payment from its
   * webhook sees that schedule run too when it falls inside the window.
   */
  advanceClock(ms: number): Promise<ExecutedSchedule[]>;
  setWebhookUrl(url: string | undefined): void;
  close(): Promise<void>;
}

const TOKEN_TTL_MS = 30 * 60 * 1000;
const BODY_LIMIT = 64 * 1024;
const WEBHOOK_TIMEOUT_MS = 10_000;
const MAX_ADVANCE_MS = 10 * 366 * 24 * 3600 * 1000;
/** A merchant that schedules into the past of the window would otherwise loop forever. */
const MAX_RUNS_PER_ADVANCE = 10_000;

export async function startMockApi(options: MockApiOptions = {}): Promise<MockApi> {
  let clock = options.now ?? Date.now();
  let webhookUrl = options.webhookUrl;
  const ledger = new Ledger(() => clock);
  // One credential pair, so one live token; PortOne hands back the same one while it is valid.
  let token: { value: string; expiresAt: number } | null = null;

  function issueToken(): TokenResponse {
    if (!token || token.expiresAt <= clock) {
      token = { value: randomBytes(20).toString('hex'), expiresAt: clock + TOKEN_TTL_MS };
    } else if (token.expiresAt - clock < 60_000) {
      token.expiresAt += 5 * 60_000; // PortOne extends a token with under a minute left by five minutes.
    }
    return { access_token: token.value, expired_at: Math.floor(token.expiresAt / 1000), now: Math.floor(clock / 1000) };
  }

  /**
   * The token as PortOne reads it: `Authorization: Bearer …` (any case), the raw token in `Authorization` (older
   * examples), or the `X-ImpTokenHeader` header of PortOne's earliest clients.
   */
  function authorised(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? req.headers['x-imptokenheader'] ?? '';
    const value = (Array.isArray(header) ? header[0]! : header).replace(/^bearer\s+/i, '').trim();
    return token !== null && value === token.value && token.expiresAt > clock;
  }

  async function route(req: IncomingMessage, raw: Record<string, unknown>, url: URL): Promise<Answer> {
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '');
    const segments = path.split('/').slice(1).map(decodeSegment);
    if (segments[0] === '__mock') return { status: 200, response: await mockControl(method, segments[1], raw) };

    const { matched, allowed } = matchEndpoint(method, segments);
    if (!matched) {
      if (allowed.length) throw new ApiFailure(405, `허용되지 않는 메서드입니다 (method not allowed; use ${allowed.join(', ')})`);
      throw new ApiFailure(404, `존재하지 않는 API입니다 (no such endpoint: ${method} ${path.slice(0, 100)})`);
    }
    const { endpoint } = matched;
    if (endpoint.operation !== 'getToken' && !authorised(req)) {
      throw new ApiFailure(401, '인증 토큰이 유효하지 않거나 만료되었습니다 (missing, invalid or expired access token)');
    }
    try {
      let params: RequestParams;
      try {
        params = checkParams(endpoint, matched.pathParams, url.searchParams, raw);
      } catch (error) {
        if (error instanceof ParamError) throw new ApiFailure('invalid', error.message);
        throw error;
      }
      return await operate(endpoint.operation, params);
    } catch (error) {
      if (error instanceof ApiFailure && typeof error.reason !== 'number') {
        throw new ApiFailure(refusalStatus(endpoint, error.reason), error.message);
      }
      throw error;
    }
  }

  async function operate(operation: Operation, p: RequestParams): Promise<Answer> {
    const ok = (response: unknown): Answer => ({ status: 200, response });
    switch (operation) {
      case 'getToken':
        if (p.imp_key !== TEST_CREDENTIALS.impKey || p.imp_secret !== TEST_CREDENTIALS.impSecret) {
          throw new ApiFailure(401, 'imp_key, imp_secret 파라미터가 올바르지 않습니다 (invalid imp_key or imp_secret)');
        }
        return ok(issueToken());
      case 'getCustomers': {
        const { list, complete } = ledger.getCustomers(p['customer_uid[]'] as string[]);
        return { status: complete ? 200 : 207, response: list };
      }
      case 'getCustomer':
        return ok(ledger.getCustomer(p.customer_uid as string));
      case 'issueCustomer':
        return ok(ledger.issueCustomer(p.customer_uid as string, p));
      case 'deleteCustomer':
        return ok(ledger.deleteCustomer(p.customer_uid as string));
      case 'customerPayments':
        return ok(ledger.customerPayments(p.customer_uid as string, p.page as number | undefined));
      case 'customerSchedules':
        return ok(
          ledger.listSchedules({
            customerUid: p.customer_uid as string,
            from: p.from as number,
            to: p.to as number,
            status: p['schedule-status'] as ScheduleStatus | undefined,
            page: p.page as number | undefined,
          }),
        );
      case 'schedulesByRange':
        return ok(
          ledger.listSchedules({
            from: p.schedule_from as number,
            to: p.schedule_to as number,
            status: p.schedule_status as ScheduleStatus | undefined,
            page: p.page as number | undefined,
            limit: p.limit as number | undefined,
            oldestFirst: p.sorting === 'scheduled',
          }),
        );
      case 'getPayment':
        return ok(ledger.getPayment(p.imp_uid as string));
      case 'findPayment':
        return ok(ledger.findPayment(p.merchant_uid as string, p.payment_status as PaymentStatus | undefined, p.sorting as string | undefined));
      case 'cancelPayment': {
        const { payment, noticeUrl, cancellationId } = ledger.cancel(p);
        // API cancels notify only when asked (opi/ko/integration/webhook/readme-v1); PortOne sends it on its own time.
        const url = noticeUrl ?? webhookUrl;
        if (p.enable_webhook === true && url) {
          void deliver(url, { imp_uid: payment.imp_uid, merchant_uid: payment.merchant_uid, status: payment.status, cancellation_id: cancellationId });
        }
        return ok(payment);
      }
      case 'preparePayment':
        return ok(ledger.prepare(p));
      case 'editPreparedPayment':
        return ok(ledger.editPrepared(p));
      case 'getPreparedPayment':
        return ok(ledger.getPrepared(p.merchant_uid as string));
      case 'onetime':
        return ok(ledger.onetime(p).payment);
      case 'again':
        return ok(ledger.again(p).payment);
      case 'schedule':
        return ok(ledger.schedule(p));
      case 'unschedule':
        return ok(ledger.unschedule(p));
      case 'getSchedule':
        return ok(ledger.getSchedule(p.merchant_uid as string));
      case 'reschedule':
        return ok(ledger.reschedule(p.merchant_uid as string, p.schedule_at as number));
    }
  }

  /** Test-only controls under /__mock, so a separate process (the demo server) can drive the clock. */
  async function mockControl(method: string, action: string | undefined, body: Record<string, unknown>): Promise<unknown> {
    if (action === 'clock' && method === 'GET') return { now: clock };
    if (action === 'advance' && method === 'POST') return { executed: await api.advanceClock(Number(body.ms)), now: clock };
    throw new ApiFailure(404, 'no such mock control');
  }

  async function deliver(url: string, payload: WebhookBody) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      await res.arrayBuffer(); // drain, so the connection is reusable
      return { url, status: res.status };
    } catch (error) {
      return { url, error: error instanceof Error ? error.message : String(error) };
    }
  }

  // Advances run one after another; two overlapping ones would interleave their clocks.
  let advancing: Promise<unknown> = Promise.resolve();

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    let status = 200;
    let envelope: ImpEnvelope<unknown>;
    try {
      const url = new URL(req.url ?? '/', 'http://mock.local');
      const body = parseBody(await readText(req, BODY_LIMIT), req.headers['content-type']);
      const answer = await route(req, body, url);
      status = answer.status;
      envelope = { code: 0, message: null, response: answer.response };
    } catch (error) {
      if (error instanceof ApiFailure || error instanceof BodyError) {
        status = error instanceof ApiFailure ? (error.reason as number) : error.status;
        envelope = { code: -1, message: error.message, response: null };
      } else {
        status = 500;
        envelope = { code: -1, message: '서버 내부 오류 (internal error in the stand-in)', response: null };
        console.error('[mock-api]', error);
      }
    }
    const json = JSON.stringify(envelope);
    // A refused oversized upload is still streaming in; closing stops reading it.
    if (status === 413) res.setHeader('connection', 'close');
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  }

  const api: MockApi = {
    url: '',
    now: () => clock,
    setWebhookUrl(url) {
      webhookUrl = url;
    },
    advanceClock(ms) {
      if (!Number.isFinite(ms) || ms < 0 || ms > MAX_ADVANCE_MS) {
        return Promise.reject(new ApiFailure(400, 'advanceClock takes 0 to 10 years in ms'));
      }
      const run = advancing.then(async () => {
        const target = clock + ms;
        const executed: ExecutedSchedule[] = [];
        for (let due = ledger.nextDue(target); due && executed.length < MAX_RUNS_PER_ADVANCE; due = ledger.nextDue(target)) {
          clock = Math.max(clock, due.schedule_at * 1000);
          const { payment, noticeUrl } = ledger.execute(due);
          const url = noticeUrl ?? webhookUrl;
          // PortOne's webhook body: no customer_uid (the webhook page lists none), failed schedules included.
          const payload: WebhookBody = { imp_uid: payment.imp_uid, merchant_uid: payment.merchant_uid, status: payment.status };
          executed.push({
            imp_uid: payment.imp_uid,
            merchant_uid: payment.merchant_uid,
            customer_uid: payment.customer_uid,
            status: payment.status,
            webhook: url ? await deliver(url, payload) : null,
          });
        }
        clock = Math.max(clock, target);
        return executed;
      });
      advancing = run.catch(() => undefined);
      return run;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  api.url = `http://${host}:${address.port}`;
  return api;
}

interface Answer {
  status: number;
  response: unknown;
}

/** A refused request's HTTP status: 404 or 400 only where PortOne lists them for the endpoint, else 200 (code -1). */
function refusalStatus(endpoint: Endpoint, reason: 'refused' | 'not-found' | 'invalid'): number {
  if (reason === 'not-found' && endpoint.statuses.includes(404)) return 404;
  if (reason === 'invalid' && endpoint.statuses.includes(400)) return 400;
  return 200;
}

/** A malformed %-escape is the client's mistake: 400, not a crash. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiFailure(400, `경로의 퍼센트 인코딩이 올바르지 않습니다 (malformed percent-encoding in the path: ${segment.slice(0, 40)})`);
  }
}
