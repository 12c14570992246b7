/**
 * The mock API's sandbox-only endpoint, `POST /__sandbox/payments`: the browser sandbox (`installImpSandbox(window,
 * { api })`, or `<imp-billing-button sandbox sandbox-api="…">`) reports each window it answered, so the payment and
 * the billing key exist here under the imp_uid the browser got, and the merchant's server can look them up, charge
 * the key (`again`) and schedule with it, all offline. PortOne has no such endpoint: its SDK and its REST API share
 * one database, which this stands in for.
 *
 * Paymentwall issues the key only on its asynchronous pingback: the payment stays `ready` with no key until
 * `pingbackDelayMs` later, then turns `paid`, the key appears and the webhook is sent.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBody, readText } from '../shared/body.js';
import type { CustomerAnnotation, ImpEnvelope, PaymentAnnotation, PaymentStatus } from '../shared/rest-types.js';
import { SANDBOX_PAYMENTS_PATH, type SandboxReport } from '../shared/sandbox-report.js';
import { ApiFailure, LIMITS, paymentDefaults, type Ledger } from './ledger.js';

/** Default delay of the simulated Paymentwall pingback. */
export const PINGBACK_DELAY_MS = 1500;

export interface SandboxDesk {
  /** Answers the request when it is the desk's; false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>;
  /** Drops pingbacks not yet delivered. */
  close(): void;
}

type Notify = (payload: { imp_uid: string; merchant_uid: string; status: string }) => Promise<unknown>;

const CORS = {
  // Sandbox-only and loopback-only: any page under test may report, as any page may load the SDK.
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
};
const IMP_UID = /^imp_\d{12}$/;
/** A masked number: digits, `*` and dashes, with at most ten digits left (PortOne shows the first six and last four). */
const MASKED = /^[\d*-]{8,25}$/;
const MAX_VISIBLE_DIGITS = 10;
const STATUSES = new Set(['ready', 'paid', 'failed']);
/** A sanity cap on ids; the browser side already refused what PortOne would (merchant_uid 40, customer_uid 80). */
const MAX_ID_LENGTH = 80;
const seconds = (ms: number) => Math.floor(ms / 1000);

export function createSandboxDesk(options: {
  ledger: Ledger;
  now: () => number;
  notify: Notify;
  pingbackDelayMs?: number;
}): SandboxDesk {
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const pingbackDelayMs = options.pingbackDelayMs ?? PINGBACK_DELAY_MS;

  function record(body: Record<string, unknown>): PaymentAnnotation {
    const report = checked(body);
    const now = seconds(options.now());
    const awaiting = report.awaiting_webhook === true && report.status === 'paid';
    const first = paymentOf(report, awaiting ? 'ready' : report.status, now);
    const issuesKey = report.customer_uid && report.status !== 'failed';
    options.ledger.recordSandbox(first, issuesKey && !awaiting ? keyOf(report, now) : null);
    if (awaiting) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        const at = seconds(options.now());
        options.ledger.recordSandbox(paymentOf(report, 'paid', at), keyOf(report, at));
        void options.notify({ imp_uid: report.imp_uid, merchant_uid: report.merchant_uid, status: 'paid' });
      }, pingbackDelayMs);
      timers.add(timer);
    }
    return options.ledger.getPayment(report.imp_uid);
  }

  return {
    async handle(req, res, path) {
      if (path !== SANDBOX_PAYMENTS_PATH) return false;
      if (req.method === 'OPTIONS') {
        res.writeHead(204, CORS).end();
        return true;
      }
      let status = 200;
      let envelope: ImpEnvelope<unknown>;
      try {
        if (req.method !== 'POST') throw new ApiFailure(405, 'POST only');
        const body = parseBody(await readText(req, 16 * 1024), req.headers['content-type']);
        envelope = { code: 0, message: null, response: record(body) };
      } catch (error) {
        // PortOne's way, as the rest of the stand-in: a refusal (a used merchant_uid) is HTTP 200 with code -1.
        status = !(error instanceof ApiFailure) ? 400 : typeof error.reason === 'number' ? error.reason : error.reason === 'refused' ? 200 : 400;
        const message = error instanceof Error ? error.message : String(error);
        envelope = { code: error instanceof ApiFailure ? error.code : -1, message, response: null };
      }
      res.writeHead(status, { ...CORS, 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(envelope));
      return true;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

function checked(body: Record<string, unknown>): SandboxReport {
  const bad = (field: string) => new ApiFailure(400, `${field} is not valid (sandbox report)`);
  if (typeof body.imp_uid !== 'string' || !IMP_UID.test(body.imp_uid)) throw bad('imp_uid');
  for (const field of ['merchant_uid', 'customer_uid']) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || value === '' || value.length > MAX_ID_LENGTH) throw bad(field);
  }
  if (typeof body.merchant_uid !== 'string') throw bad('merchant_uid');
  if (typeof body.amount !== 'number' || !Number.isFinite(body.amount) || body.amount < 0) throw bad('amount');
  if (typeof body.status !== 'string' || !STATUSES.has(body.status)) throw bad('status');
  if (body.card_number != null && (typeof body.card_number !== 'string' || !MASKED.test(body.card_number) || body.card_number.replace(/\D/g, '').length > MAX_VISIBLE_DIGITS)) {
    throw bad('card_number');
  }
  for (const [field, value] of Object.entries(body)) {
    if (typeof value === 'string' && value.length > LIMITS.customData) throw bad(field);
  }
  return body as unknown as SandboxReport;
}

const orNull = (value: string | null | undefined) => (value === undefined || value === '' ? null : value);

function paymentOf(r: SandboxReport, status: PaymentStatus, now: number): PaymentAnnotation {
  const paid = status === 'paid';
  return {
    ...paymentDefaults(),
    imp_uid: r.imp_uid,
    merchant_uid: r.merchant_uid,
    pay_method: r.pay_method ?? 'card',
    channel: r.channel ?? 'pc',
    pg_provider: r.pg_provider ?? 'sandbox',
    pg_tid: paid ? `T${r.imp_uid.slice(4)}` : null,
    pg_id: orNull(r.pg_id) ?? 'IMP_BILLING_SANDBOX',
    apply_num: null,
    card_code: null,
    card_name: orNull(r.card_name),
    card_quota: 0,
    card_number: orNull(r.card_number),
    card_type: r.card_number ? 0 : null,
    name: orNull(r.name),
    amount: r.amount,
    currency: r.currency ?? 'KRW',
    buyer_name: orNull(r.buyer_name),
    buyer_email: orNull(r.buyer_email),
    buyer_tel: orNull(r.buyer_tel),
    buyer_addr: orNull(r.buyer_addr),
    buyer_postcode: orNull(r.buyer_postcode),
    custom_data: orNull(r.custom_data),
    user_agent: 'imp-billing sandbox',
    status,
    started_at: now,
    paid_at: paid ? now : 0,
    failed_at: status === 'failed' ? now : 0,
    fail_reason: status === 'failed' ? orNull(r.fail_reason) : null,
    receipt_url: null,
    customer_uid: orNull(r.customer_uid),
    customer_uid_usage: r.customer_uid ? 'issue' : null,
  };
}

function keyOf(r: SandboxReport, now: number): CustomerAnnotation {
  return {
    customer_uid: r.customer_uid!,
    pg_provider: r.pg_provider ?? 'sandbox',
    pg_id: orNull(r.pg_id) ?? 'IMP_BILLING_SANDBOX',
    sandbox: false,
    customer_id: null,
    card_name: orNull(r.card_name),
    card_code: null,
    card_issuer_code: null,
    card_issuer_name: null,
    card_publisher_code: null,
    card_publisher_name: null,
    card_number: orNull(r.card_number),
    card_type: r.card_number ? 0 : null,
    customer_name: orNull(r.buyer_name),
    customer_tel: orNull(r.buyer_tel),
    customer_email: orNull(r.buyer_email),
    customer_addr: orNull(r.buyer_addr),
    customer_postcode: orNull(r.buyer_postcode),
    inserted: now,
    updated: now,
  };
}
