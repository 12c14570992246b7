/**
 * A typed PortOne V1 REST client for the merchant's server. It keeps the API secret and the card data out of every
 * error, message and log line: errors carry PortOne's `code`/`message` and the HTTP status, nothing from the request.
 */
import type {
  AgainParams,
  CardInput,
  CustomerAnnotation,
  CustomerFields,
  ImpEnvelope,
  OnetimeParams,
  PaymentAnnotation,
  ScheduleAnnotation,
  SchedulePage,
  ScheduleParams,
  ScheduleStatus,
  TokenResponse,
  UnscheduleParams,
} from '../shared/rest-types.js';

export const DEFAULT_BASE_URL = 'https://api.iamport.kr';

export interface ImpClientOptions {
  impKey: string;
  impSecret: string;
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Per request; PortOne's own webhook read timeout is 30 s. */
  timeoutMs?: number;
}

/** A refusal by PortOne (`code` ≠ 0 or an HTTP error), or -1 / status 0 when PortOne could not be reached. */
export class ImpApiError extends Error {
  readonly code: number;
  readonly status: number;

  constructor(code: number, message: string, status: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImpApiError';
    this.code = code;
    this.status = status;
  }
}

export interface ListSchedulesQuery {
  /** Unix seconds. */
  from?: number;
  to?: number;
  status?: ScheduleStatus;
  page?: number;
}

export interface ImpClient {
  /** A valid access token, cached until a minute before PortOne says it expires. */
  getToken(): Promise<string>;
  issueBillingKey(customerUid: string, card: CardInput & CustomerFields): Promise<CustomerAnnotation>;
  getBillingKey(customerUid: string): Promise<CustomerAnnotation>;
  deleteBillingKey(customerUid: string, reason?: string): Promise<CustomerAnnotation>;
  payOnetime(params: OnetimeParams): Promise<PaymentAnnotation>;
  /** Resolves even when the card is declined: check `status === 'paid'` (a decline is `'failed'` + `fail_reason`). */
  payAgain(params: AgainParams): Promise<PaymentAnnotation>;
  schedule(customerUid: string, schedules: ScheduleParams[]): Promise<ScheduleAnnotation[]>;
  unschedule(params: UnscheduleParams): Promise<ScheduleAnnotation[]>;
  listSchedules(customerUid: string, query?: ListSchedulesQuery): Promise<SchedulePage>;
  getPayment(impUid: string): Promise<PaymentAnnotation>;
}

/** Refresh this long before PortOne's expiry, so a token never dies between our check and PortOne's. */
const TOKEN_MARGIN_MS = 60_000;

export function createImpClient(options: ImpClientOptions): ImpClient {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? 30_000;
  let cached: { token: string; validUntil: number } | null = null;
  let pending: Promise<string> | null = null;

  async function send(method: string, path: string, body: unknown, token: string | null): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      return await doFetch(baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // The cause is a network error (no request data in it); keep it for debugging.
      throw new ImpApiError(-1, `PortOne could not be reached (${method} ${path.split('?')[0]})`, 0, { cause: error });
    }
  }

  async function unwrap<T>(res: Response): Promise<T> {
    let envelope: ImpEnvelope<T> | null = null;
    try {
      envelope = (await res.json()) as ImpEnvelope<T>;
    } catch {
      // fall through: a proxy error page or an empty body
    }
    if (!envelope || typeof envelope.code !== 'number') {
      throw new ImpApiError(-1, `PortOne answered HTTP ${res.status} without its JSON envelope`, res.status);
    }
    if (!res.ok || envelope.code !== 0) {
      throw new ImpApiError(envelope.code === 0 ? -1 : envelope.code, envelope.message ?? `HTTP ${res.status}`, res.status);
    }
    return envelope.response as T;
  }

  async function fetchToken(): Promise<string> {
    const started = Date.now();
    const res = await send('POST', '/users/getToken', { imp_key: options.impKey, imp_secret: options.impSecret }, null);
    const t = await unwrap<TokenResponse>(res);
    // PortOne's clock may differ from ours, so use the lifetime it grants (expired_at − now), not expired_at itself.
    cached = { token: t.access_token, validUntil: started + (t.expired_at - t.now) * 1000 - TOKEN_MARGIN_MS };
    return t.access_token;
  }

  function getToken(): Promise<string> {
    if (cached && Date.now() < cached.validUntil) return Promise.resolve(cached.token);
    // Concurrent callers share one getToken request.
    pending ??= fetchToken().finally(() => {
      pending = null;
    });
    return pending;
  }

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = await getToken();
    let res = await send(method, path, body, token);
    if (res.status === 401) {
      // Revoked or expired early: refresh once and retry once. A 401 means PortOne did nothing, so retrying a
      // charge cannot charge twice. Only drop the token if no one has replaced it meanwhile.
      await res.body?.cancel();
      if (cached?.token === token) cached = null;
      res = await send(method, path, body, await getToken());
    }
    return unwrap<T>(res);
  }

  const enc = encodeURIComponent;

  return {
    getToken,
    issueBillingKey: (customerUid, card) => call('POST', `/subscribe/customers/${enc(customerUid)}`, card),
    getBillingKey: (customerUid) => call('GET', `/subscribe/customers/${enc(customerUid)}`),
    deleteBillingKey: (customerUid, reason) =>
      call('DELETE', `/subscribe/customers/${enc(customerUid)}${reason ? `?reason=${enc(reason)}` : ''}`),
    payOnetime: (params) => call('POST', '/subscribe/payments/onetime', params),
    payAgain: (params) => call('POST', '/subscribe/payments/again', params),
    schedule: (customerUid, schedules) => call('POST', '/subscribe/payments/schedule', { customer_uid: customerUid, schedules }),
    unschedule: (params) => call('POST', '/subscribe/payments/unschedule', params),
    listSchedules(customerUid, query = {}) {
      const q = new URLSearchParams();
      if (query.from !== undefined) q.set('from', String(query.from));
      if (query.to !== undefined) q.set('to', String(query.to));
      if (query.status) q.set('schedule-status', query.status);
      if (query.page !== undefined) q.set('page', String(query.page));
      const qs = q.toString() ? `?${q}` : '';
      return call('GET', `/subscribe/payments/schedule/customers/${enc(customerUid)}${qs}`);
    },
    getPayment: (impUid) => call('GET', `/payments/${enc(impUid)}`),
  };
}
