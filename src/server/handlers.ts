/**
 * Framework-free request handlers for the merchant's server: `(input) => Promise<{ status, body }>`. Wrap them with
 * the adapters in ./adapters.ts for node:http / Express or for fetch-style runtimes.
 *
 * All three follow PortOne's rule of thumb: the browser only says *which* payment to look at; amounts, statuses and
 * card facts come from PortOne's REST API or from the merchant's own records.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  looksLikeCardNumber,
  WITHHELD_CARD_NUMBER,
  normalizeBirth,
  normalizeCardNumber,
  normalizeExpiry,
  normalizePassword2,
  type Checked,
} from '../core/card.js';
import { ImpApiError, type ImpClient } from './client.js';
import type { PaymentAnnotation, PaymentStatus, ScheduleParams } from '../shared/rest-types.js';
import type { BillingStore, PaymentRecord, Subscription } from './store/index.js';

export interface HandlerInput {
  /** The parsed JSON or form body. */
  body: Record<string, unknown>;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
}

export interface HandlerResult {
  status: number;
  body: unknown;
}

export type Handler = (input: HandlerInput) => Promise<HandlerResult>;

/** What a handler answers when it refuses; `field` names the offending input with PortOne's parameter name. */
export interface Refusal {
  ok: false;
  code: 'invalid-params' | 'pg-error' | 'not-found' | 'unknown-order' | 'mismatch';
  message: string;
  field?: string;
}

export interface Common {
  client: ImpClient;
  store: BillingStore;
  /**
   * Where unexpected errors and unchained payments are reported, one line each: the error's name and message (withheld
   * when it holds a card-number-like value), never a request body. Defaults to console.error.
   */
  onError?: (message: string) => void;
}

/** Ids we choose or pass on (imp_uid, customer_uid). Dots alone would be a `.`/`..` path segment at PortOne. */
const ID = /^(?!\.+$)[A-Za-z0-9_.:@-]{1,80}$/;

/** True for an id this library accepts as an imp_uid or customer_uid. */
export const isSafeId = (value: unknown): value is string => typeof value === 'string' && ID.test(value);

/** A merchant_uid from a request is only compared with PortOne's, so any text is taken, within a sane length. */
const MAX_CLAIMED_MERCHANT_UID = 256;

export const refuse = (status: number, code: Refusal['code'], message: string, field?: string): HandlerResult => ({
  status,
  body: field ? { ok: false, code, message, field } : { ok: false, code, message },
});

function idField(body: Record<string, unknown>, field: string, required = true): string | null | HandlerResult {
  const value = body[field];
  if (value === undefined || value === null || value === '') {
    return required ? refuse(400, 'invalid-params', `${field} is required`, field) : null;
  }
  if (!isSafeId(value)) {
    return refuse(400, 'invalid-params', `${field} has 1–80 letters, digits or _.:@- (not only dots)`, field);
  }
  return value;
}

/** The merchant_uid a request claims: never patterned (PortOne issues what the merchant chose), only compared. */
function claimedMerchantUid(body: Record<string, unknown>): string | null | HandlerResult {
  const value = body.merchant_uid;
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || value.length > MAX_CLAIMED_MERCHANT_UID) {
    return refuse(400, 'invalid-params', `merchant_uid is text of at most ${MAX_CLAIMED_MERCHANT_UID} characters`, 'merchant_uid');
  }
  return value;
}

/**
 * For browser-facing routes: answers 415 unless the body was sent as JSON. A page on another site can post a form,
 * text or a body without a type without asking first; a JSON body needs a CORS preflight, which the merchant's server
 * grants only to its own pages. The card form and verify handlers have it built in; forms stay for the webhook, as PortOne may
 * send them.
 */
export function jsonOnly(handler: Handler): Handler {
  return async (input) => {
    const type = (input.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type === 'application/json' || type.endsWith('+json')) return handler(input);
    return refuse(415, 'invalid-params', 'send the body as application/json');
  };
}

export const isResult = (v: unknown): v is HandlerResult => typeof v === 'object' && v !== null && 'status' in v;

/**
 * PortOne's record of the payment the browser names by imp_uid, or a refusal: a malformed id, or a merchant_uid the
 * browser claims that is not this payment's. Whatever the client throws is left to the caller.
 */
export async function fetchClaimedPayment(
  client: ImpClient,
  body: Record<string, unknown>,
): Promise<{ payment: PaymentAnnotation } | HandlerResult> {
  const impUid = idField(body, 'imp_uid');
  if (isResult(impUid)) return impUid;
  const claimed = claimedMerchantUid(body);
  if (isResult(claimed)) return claimed;
  const payment = await client.getPayment(impUid!);
  if (claimed !== null && claimed !== payment.merchant_uid) {
    return refuse(409, 'mismatch', 'merchant_uid does not belong to this payment', 'merchant_uid');
  }
  return { payment };
}

/**
 * Turns anything thrown while talking to PortOne into an answer for the browser. A 401 from PortOne is the
 * merchant's misconfiguration (wrong key or secret), said plainly; the secret itself is never part of it.
 */
export function upstreamFailure(error: unknown, report: (m: string) => void): HandlerResult {
  if (error instanceof ImpApiError) {
    if (error.status === 401) {
      return refuse(502, 'pg-error', 'PortOne refused the merchant API credentials (HTTP 401): check imp_key / imp_secret on the server');
    }
    if (error.status === 0 || error.status >= 500) return refuse(502, 'pg-error', error.message);
    if (error.status === 404) return refuse(404, 'not-found', error.message);
    return refuse(422, 'pg-error', error.message);
  }
  report(`[imp-billing] answered 500: ${describeError(error)}`);
  return refuse(500, 'pg-error', 'internal error');
}

/** One log line for an error: its name and message, the message withheld when it holds a card-number-like value. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'a non-Error value was thrown';
  return `${error.name}: ${looksLikeCardNumber(error.message) ? WITHHELD_CARD_NUMBER : error.message}`;
}

export const defaultReport = (m: string) => console.error(m);

export function toPaymentRecord(p: PaymentAnnotation, source: string): PaymentRecord {
  return {
    imp_uid: p.imp_uid,
    merchant_uid: p.merchant_uid,
    customer_uid: p.customer_uid,
    amount: p.amount,
    status: p.status,
    name: p.name,
    paid_at: p.paid_at,
    source,
  };
}

// ---- (a) the card form's endpoint (seed 001, STEP 02–03) -------------------------------------------------------

export interface CardFormHandlerOptions extends Common {
  /**
   * The customer_uid to register, from your session. Without it the body's `customer_uid` is used, which lets any
   * visitor register a card under any id: fine for the demo, not for production.
   */
  customerUid?: (input: HandlerInput) => string | null | Promise<string | null>;
  /** The channel key (console → 연동 정보) that issues the key: the same one the browser button uses. */
  channelKey?: string;
  /** The older way to pick the channel when the account has several (e.g. `kcp.{site code}`). */
  pg?: string;
  /** The plan the subscription starts on; the webhook handler reads amount and period from it. */
  plan?: { name: string; amount: number; periodSeconds: number };
}

export interface CardFormSuccess {
  ok: true;
  customer_uid: string;
  card_name: string | null;
  /** PortOne's masked card number. */
  masked: string | null;
}

const CARD_FIELDS: ReadonlyArray<[field: string, check: (v: unknown) => Checked]> = [
  ['card_number', normalizeCardNumber],
  ['expiry', (v) => normalizeExpiry(v)],
  ['birth', normalizeBirth],
  ['pwd_2digit', normalizePassword2],
];

export function createCardFormHandler(options: CardFormHandlerOptions): Handler {
  const report = options.onError ?? defaultReport;
  return jsonOnly(async (input) => {
    let uid: string | null | HandlerResult;
    try {
      uid = options.customerUid ? await options.customerUid(input) : idField(input.body, 'customer_uid');
    } catch (error) {
      return upstreamFailure(error, report);
    }
    if (isResult(uid)) return uid;
    if (!isSafeId(uid)) return refuse(400, 'invalid-params', 'customer_uid is required', 'customer_uid');

    const card: Record<string, string> = {};
    for (const [field, check] of CARD_FIELDS) {
      const result = check(input.body[field]);
      // core's messages never contain the value they reject, so they are safe to send back.
      if (!result.ok) return refuse(400, 'invalid-params', result.message, field);
      card[field] = result.value;
    }

    try {
      const customer = await options.client.issueBillingKey(uid, {
        card_number: card.card_number!,
        expiry: card.expiry!,
        birth: card.birth!,
        pwd_2digit: card.pwd_2digit!,
        ...(options.channelKey ? { channel_key: options.channelKey } : {}),
        ...(options.pg ? { pg: options.pg } : {}),
      });
      await options.store.saveSubscription({
        customer_uid: uid,
        card_name: customer.card_name,
        card_masked: customer.card_number,
        ...(options.plan
          ? { plan_name: options.plan.name, amount: options.plan.amount, period_seconds: options.plan.periodSeconds }
          : {}),
      });
      const body: CardFormSuccess = { ok: true, customer_uid: uid, card_name: customer.card_name, masked: customer.card_number };
      return { status: 200, body };
    } catch (error) {
      return upstreamFailure(error, report);
    }
  });
}

// ---- (b) payment-complete verifier for the button's success event ----------------------------------------------

export interface ExpectedOrder {
  amount: number;
  /** Accepted statuses; default 'paid'. */
  status?: PaymentStatus | PaymentStatus[];
  /** When set, the payment must carry this billing key, and the subscription is saved on success. */
  customer_uid?: string;
}

export interface VerifyHandlerOptions extends Common {
  /** Your own record of the order, by the merchant_uid PortOne reports (not the one the browser sent). */
  expectedOrder: (merchantUid: string, input: HandlerInput) => ExpectedOrder | null | Promise<ExpectedOrder | null>;
}

export function createVerifyHandler(options: VerifyHandlerOptions): Handler {
  const report = options.onError ?? defaultReport;
  return jsonOnly(async (input) => {
    try {
      const found = await fetchClaimedPayment(options.client, input.body);
      if (isResult(found)) return found;
      const { payment } = found;
      const order = await options.expectedOrder(payment.merchant_uid, input);
      if (!order) return refuse(404, 'unknown-order', 'no order with this merchant_uid', 'merchant_uid');
      const statuses = [order.status ?? 'paid'].flat();
      if (payment.amount !== order.amount) return refuse(409, 'mismatch', 'the paid amount differs from the order', 'amount');
      if (!statuses.includes(payment.status)) {
        return refuse(409, 'mismatch', `the payment is ${payment.status}, expected ${statuses.join(' or ')}`, 'status');
      }
      if (order.customer_uid !== undefined && payment.customer_uid !== order.customer_uid) {
        return refuse(409, 'mismatch', 'the payment carries another billing key', 'customer_uid');
      }
      // Only the call that records the payment saves the subscription (one statement): a replayed imp_uid, however
      // often and wherever it is sent, rewrites no status, card or plan.
      const recorded =
        payment.status === 'paid'
          ? await options.store.recordVerifiedPayment(
              toPaymentRecord(payment, 'verify'),
              order.customer_uid ? { customer_uid: order.customer_uid, card_name: payment.card_name, card_masked: payment.card_number } : null,
            )
          : false;
      return {
        status: 200,
        body: {
          ok: true,
          imp_uid: payment.imp_uid,
          merchant_uid: payment.merchant_uid,
          customer_uid: payment.customer_uid,
          amount: payment.amount,
          status: payment.status,
          recorded,
        },
      };
    } catch (error) {
      return upstreamFailure(error, report);
    }
  });
}

// ---- (c) the schedule webhook (seed 003) -----------------------------------------------------------------------

export interface ScheduleWebhookOptions extends Common {
  /** Used when the subscription has no period of its own. Default 30 days. */
  periodSeconds?: number;
  /**
   * Override the next charge; return null to end the chain. Default: same amount and name, one period later. Its
   * merchant_uid is always `nextMerchantUid(payment.imp_uid)`, which is what makes a second schedule impossible.
   */
  nextSchedule?: (
    payment: PaymentAnnotation,
    subscription: Subscription,
  ) => Omit<ScheduleParams, 'merchant_uid'> | null | Promise<Omit<ScheduleParams, 'merchant_uid'> | null>;
  /** ms since the epoch; the base for the next schedule_at only when PortOne reports no paid_at. */
  now?: () => number;
}

const DAY = 24 * 3600;

/** Fits PortOne's 40-character merchant_uid limit; unique without coordination between servers. */
export function freshMerchantUid(prefix = 'sub'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(6).toString('hex')}`;
}

/**
 * The merchant_uid of the payment that follows a paid one, derived from its imp_uid: every server, every delivery and
 * every retry asks PortOne for the same one, and PortOne schedules a merchant_uid once. 24 characters (PortOne allows
 * 40): 120 bits of SHA-256 in base64url, as short as the random ids were, so tables that show it keep their width.
 */
export function nextMerchantUid(paidImpUid: string): string {
  return `sub_${createHash('sha256').update(paidImpUid).digest().subarray(0, 15).toString('base64url')}`;
}

/**
 * PortOne's refusal of a merchant_uid that is already scheduled: the proof that an earlier attempt, whose answer was
 * lost, did schedule it. Read from the message, the one part of the refusal that names the reason.
 */
export function isDuplicateMerchantUidError(error: unknown): boolean {
  return error instanceof ImpApiError && error.code !== 0 && error.message.includes('이미 예약된 merchant_uid');
}

type NextPayment = { merchant_uid: string; schedule_at: number };

/**
 * The schedule webhook. Its follow-up (record the payment, schedule the next one, point the subscription at it) is
 * safe to run again, so every delivery runs it until one finishes and marks it done; only then is a delivery a
 * duplicate. Nothing is claimed, so a server that dies mid-way leaves nothing behind but work the next delivery
 * finishes. A delivery that cannot finish answers 503, which PortOne's redelivery (5xx or no answer) sends again.
 */
export function createScheduleWebhookHandler(options: ScheduleWebhookOptions): Handler {
  const report = options.onError ?? defaultReport;
  const now = options.now ?? Date.now;
  return async (input) => {
    const impUid = idField(input.body, 'imp_uid');
    if (isResult(impUid)) return impUid;
    const claimed = claimedMerchantUid(input.body);
    if (isResult(claimed)) return claimed;

    let payment: PaymentAnnotation;
    try {
      // Verify by lookup: the body's status (and anything else in it) is never trusted.
      payment = await options.client.getPayment(impUid!);
    } catch (error) {
      return upstreamFailure(error, report);
    }
    if (claimed !== null && claimed !== payment.merchant_uid) {
      return refuse(400, 'mismatch', 'merchant_uid does not belong to this payment', 'merchant_uid');
    }

    const answer = { ok: true, imp_uid: payment.imp_uid, status: payment.status };
    try {
      if (await options.store.isWebhookDone(payment.imp_uid, payment.status)) return { status: 200, body: { ...answer, duplicate: true } };
      // Paid and later cancelled payments are recorded; a failed attempt only moves the subscription.
      if (payment.status === 'paid' || payment.status === 'cancelled') await options.store.recordPayment(toPaymentRecord(payment, 'webhook'));
      const next = await followUp(payment);
      await options.store.markWebhookDone(payment.imp_uid, payment.status);
      return { status: 200, body: { ...answer, duplicate: false, next } };
    } catch (error) {
      report(`[imp-billing] webhook ${payment.imp_uid} (${payment.status}) not finished, answered 503 for PortOne to redeliver: ${describeError(error)}`);
      return refuse(503, 'pg-error', 'the webhook could not be processed completely; deliver it again');
    }
  };

  async function followUp(payment: PaymentAnnotation): Promise<NextPayment | null> {
    if (payment.customer_uid_usage !== 'payment.scheduled' || !payment.customer_uid) return null;
    if (payment.status !== 'paid' && payment.status !== 'failed') return null;
    const subscription = await options.store.getSubscription(payment.customer_uid);
    if (!subscription || subscription.status === 'cancelled') return null;
    const merchantUid = nextMerchantUid(payment.imp_uid);
    // An earlier delivery got this far and stopped before marking itself done.
    if (subscription.next_merchant_uid === merchantUid) return { merchant_uid: merchantUid, schedule_at: subscription.next_schedule_at ?? 0 };
    // Chains stay single: only the payment the subscription waits for (or the first, when it waits for none) goes on.
    const expected =
      subscription.next_merchant_uid === payment.merchant_uid || (subscription.next_merchant_uid === null && subscription.status === 'active');
    if (!expected) {
      report(
        `[imp-billing] ${payment.status} payment ${payment.imp_uid} of ${subscription.customer_uid} is not the subscription's next payment (${subscription.next_merchant_uid ?? 'none'}): recorded, not chained`,
      );
      return null;
    }
    if (payment.status === 'failed') {
      await options.store.updateSubscription(subscription.customer_uid, { status: 'past_due', next_merchant_uid: null, next_schedule_at: null });
      return null;
    }

    const period = subscription.period_seconds ?? options.periodSeconds ?? 30 * DAY;
    const base = payment.paid_at || Math.floor(now() / 1000);
    const params = options.nextSchedule
      ? await options.nextSchedule(payment, subscription)
      : {
          // From the payment's own time (PortOne's clock), not ours: no drift across periods, no clock skew.
          schedule_at: base + period,
          amount: subscription.amount ?? payment.amount,
          ...(subscription.plan_name ?? payment.name ? { name: (subscription.plan_name ?? payment.name)! } : {}),
          ...(payment.buyer_name ? { buyer_name: payment.buyer_name } : {}),
          ...(payment.buyer_email ? { buyer_email: payment.buyer_email } : {}),
          ...(payment.buyer_tel ? { buyer_tel: payment.buyer_tel } : {}),
        };
    if (!params) return null;
    const next: ScheduleParams = { ...params, merchant_uid: merchantUid };
    try {
      await options.client.schedule(subscription.customer_uid, [next]);
    } catch (error) {
      if (!isDuplicateMerchantUidError(error)) throw error;
    }
    await options.store.updateSubscription(subscription.customer_uid, {
      status: 'active',
      next_merchant_uid: next.merchant_uid,
      next_schedule_at: next.schedule_at,
    });
    return { merchant_uid: next.merchant_uid, schedule_at: next.schedule_at };
  }
}
