/**
 * A typed PortOne V1 REST client for the merchant's server. It keeps the API secret and the card data out of every
 * error, message and log line: errors carry PortOne's `code`/`message` and the HTTP status, nothing from the request.
 */
import type {
  AgainParams,
  CancelParams,
  CardInput,
  CustomerAnnotation,
  CustomerFields,
  ImpEnvelope,
  OnetimeParams,
  PaymentAnnotation,
  PaymentStatus,
  PreparedPayment,
  ScheduleAnnotation,
  SchedulePage,
  ScheduleOptions,
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

/**
 * A refusal by PortOne, with its `code` and `message`: PortOne refuses most billing calls with HTTP 200 and
 * `code` ≠ 0 (a bad card, an unknown customer_uid, a used merchant_uid), and lookups of something missing with 404.
 * `code` -1 with `status` 0 means PortOne could not be reached.
 */
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
  /** Unix seconds, inclusive; default 0. PortOne requires a range, so the client always sends one. */
  from?: number;
  /** Unix seconds, exclusive; default the end of unsigned 32-bit UNIX time (2106). */
  to?: number;
  status?: ScheduleStatus;
  page?: number;
}

export interface ImpClient {
  /** A valid access token, cached until a minute before PortOne says it expires. */
  getToken(): Promise<string>;
  issueBillingKey(customerUid: string, card: CardInput & CustomerFields): Promise<CustomerAnnotation>;
  getBillingKey(customerUid: string): Promise<CustomerAnnotation>;
  /** Several keys at once; the ones PortOne does not find are left out (HTTP 207), none found rejects. */
  getCustomers(customerUids: string[]): Promise<CustomerAnnotation[]>;
  deleteBillingKey(customerUid: string, reason?: string): Promise<CustomerAnnotation>;
  payOnetime(params: OnetimeParams): Promise<PaymentAnnotation>;
  /** Resolves even when the card is declined: check `status === 'paid'` (a decline is `'failed'` + `fail_reason`). */
  payAgain(params: AgainParams): Promise<PaymentAnnotation>;
  /** With card data in `options` and no key yet for the customer_uid, PortOne issues the key in the same call. */
  schedule(customerUid: string, schedules: ScheduleParams[], options?: ScheduleOptions): Promise<ScheduleAnnotation[]>;
  unschedule(params: UnscheduleParams): Promise<ScheduleAnnotation[]>;
  listSchedules(customerUid: string, query?: ListSchedulesQuery): Promise<SchedulePage>;
  getPayment(impUid: string): Promise<PaymentAnnotation>;
  /** The latest payment for a merchant_uid, optionally only one of a status. */
  findPayment(merchantUid: string, status?: PaymentStatus): Promise<PaymentAnnotation>;
  /** Refunds all of a paid payment (or `amount` of it); resolves the payment as it stands after the refund. */
  cancelPayment(params: CancelParams): Promise<PaymentAnnotation>;
  /** Registers the amount a payment for this merchant_uid must have; PortOne refuses any other. */
  preparePayment(merchantUid: string, amount: number): Promise<PreparedPayment>;
  getPreparedPayment(merchantUid: string): Promise<PreparedPayment>;
}

/**
 * An id as one URL path segment. `.` and `..` (also written %2E) are resolved away by URL parsing and would name
 * another endpoint, so ids made only of dots are refused before any request.
 */
function pathSegment(id: string): string {
  if (/^\.*$/.test(id)) throw new TypeError('an id that is empty or only dots cannot be sent to PortOne');
  return encodeURIComponent(id);
}

/** The last second of unsigned 32-bit UNIX time: "no upper bound" for PortOne's required `to`. */
const END_OF_TIME = 0xffff_ffff;

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

  return {
    getToken,
    issueBillingKey: async (customerUid, card) => call('POST', `/subscribe/customers/${pathSegment(customerUid)}`, card),
    getBillingKey: async (customerUid) => call('GET', `/subscribe/customers/${pathSegment(customerUid)}`),
    deleteBillingKey: async (customerUid, reason) =>
      call('DELETE', `/subscribe/customers/${pathSegment(customerUid)}${reason ? `?reason=${encodeURIComponent(reason)}` : ''}`),
    payOnetime: (params) => call('POST', '/subscribe/payments/onetime', params),
    payAgain: (params) => call('POST', '/subscribe/payments/again', params),
    getCustomers(customerUids) {
      const q = new URLSearchParams(customerUids.map((uid) => ['customer_uid[]', uid]));
      return call('GET', `/subscribe/customers?${q}`);
    },
    schedule: (customerUid, schedules, options = {}) =>
      call('POST', '/subscribe/payments/schedule', { ...options, customer_uid: customerUid, schedules }),
    unschedule: (params) => call('POST', '/subscribe/payments/unschedule', params),
    async listSchedules(customerUid, query = {}) {
      const q = new URLSearchParams({ from: String(query.from ?? 0), to: String(query.to ?? END_OF_TIME) });
      if (query.status) q.set('schedule-status', query.status);
      if (query.page !== undefined) q.set('page', String(query.page));
      return call('GET', `/subscribe/payments/schedule/customers/${pathSegment(customerUid)}?${q}`);
    },
    getPayment: async (impUid) => call('GET', `/payments/${pathSegment(impUid)}`),
    findPayment: async (merchantUid, status) => call('GET', `/payments/find/${pathSegment(merchantUid)}${status ? `/${status}` : ''}`),
    cancelPayment: (params) => call('POST', '/payments/cancel', params),
    preparePayment: (merchantUid, amount) => call('POST', '/payments/prepare', { merchant_uid: merchantUid, amount }),
    getPreparedPayment: async (merchantUid) => call('GET', `/payments/prepare/${pathSegment(merchantUid)}`),
  };
}
