/**
 * `imp-billing/mock-api`: a local stand-in for PortOne's V1 REST API (`https://api.iamport.kr`), for the demo and
 * tests. Same paths, envelope, token auth and refusal style; a controllable clock runs schedules and delivers the
 * webhook. It is not PortOne: no PG is reached and nothing leaves the machine except the webhook you point it at.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BodyError, parseBody, readText } from '../shared/body.js';
import type { ImpEnvelope, PaymentStatus, TokenResponse } from '../shared/rest-types.js';
import { ApiFailure, Ledger } from './ledger.js';

export { TEST_CARDS, DECLINE_REASON } from '../shared/test-cards.js';
export { LIMITS } from './ledger.js';

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

  function authorised(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    // Bearer per the current docs; the raw token per older examples.
    const value = header.startsWith('Bearer ') ? header.slice(7).trim() : header.trim();
    return token !== null && value === token.value && token.expiresAt > clock;
  }

  async function route(req: IncomingMessage, body: Record<string, unknown>, url: URL): Promise<unknown> {
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '');
    const seg = path.split('/').slice(1).map(decodeURIComponent);

    if (path === '/users/getToken') {
      if (method !== 'POST') throw methodNotAllowed();
      if (body.imp_key !== TEST_CREDENTIALS.impKey || body.imp_secret !== TEST_CREDENTIALS.impSecret) {
        throw new ApiFailure(401, -1, 'imp_key, imp_secret 파라미터가 올바르지 않습니다 (invalid imp_key or imp_secret)');
      }
      return issueToken();
    }
    if (seg[0] === '__mock') return mockControl(method, seg[1], body);
    if (!authorised(req)) {
      throw new ApiFailure(401, -1, '인증 토큰이 유효하지 않거나 만료되었습니다 (missing, invalid or expired access token)');
    }

    if (seg[0] === 'subscribe' && seg[1] === 'customers' && seg.length === 3) {
      const customerUid = seg[2]!;
      if (method === 'POST') return ledger.issueCustomer(customerUid, body);
      if (method === 'GET') return ledger.getCustomer(customerUid);
      if (method === 'DELETE') return ledger.deleteCustomer(customerUid);
      throw methodNotAllowed();
    }
    if (seg[0] === 'subscribe' && seg[1] === 'payments') {
      const action = seg.slice(2).join('/');
      if (method === 'POST' && action === 'onetime') return ledger.onetime(body);
      if (method === 'POST' && action === 'again') return ledger.again(body);
      if (method === 'POST' && action === 'schedule') return ledger.schedule(body);
      if (method === 'POST' && action === 'unschedule') return ledger.unschedule(body);
      if (method === 'GET' && seg[2] === 'schedule' && seg[3] === 'customers' && seg.length === 5) {
        return ledger.listSchedules(seg[4]!, url.searchParams);
      }
      if (method === 'GET' && seg[2] === 'schedule' && seg.length === 4) return ledger.getSchedule(seg[3]!);
    }
    if (seg[0] === 'payments' && seg.length === 2 && method === 'GET') return ledger.getPayment(seg[1]!);
    throw new ApiFailure(404, -1, `존재하지 않는 API입니다 (no such endpoint: ${method} ${path.slice(0, 100)})`);
  }

  /** Test-only controls under /__mock, so a separate process (the demo server) can drive the clock. */
  async function mockControl(method: string, action: string | undefined, body: Record<string, unknown>): Promise<unknown> {
    if (action === 'clock' && method === 'GET') return { now: clock };
    if (action === 'advance' && method === 'POST') return { executed: await api.advanceClock(Number(body.ms)), now: clock };
    throw new ApiFailure(404, -1, 'no such mock control');
  }

  async function deliver(url: string, payload: { imp_uid: string; merchant_uid: string; status: string }) {
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
      envelope = { code: 0, message: null, response: await route(req, body, url) };
    } catch (error) {
      if (error instanceof ApiFailure || error instanceof BodyError) {
        status = error.status;
        envelope = { code: error instanceof ApiFailure ? error.code : -1, message: error.message, response: null };
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
        return Promise.reject(new ApiFailure(400, 1, 'advanceClock takes 0 to 10 years in ms'));
      }
      const run = advancing.then(async () => {
        const target = clock + ms;
        const executed: ExecutedSchedule[] = [];
        for (let due = ledger.nextDue(target); due && executed.length < MAX_RUNS_PER_ADVANCE; due = ledger.nextDue(target)) {
          clock = Math.max(clock, due.schedule_at * 1000);
          const { payment, noticeUrl } = ledger.execute(due);
          const url = noticeUrl ?? webhookUrl;
          const payload = { imp_uid: payment.imp_uid, merchant_uid: payment.merchant_uid, status: payment.status };
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

function methodNotAllowed(): ApiFailure {
  return new ApiFailure(405, -1, '허용되지 않는 메서드입니다 (method not allowed)');
}
