/**
 * Framework-free request handlers for the merchant's server: `(input) => Promise<{ status, body }>`. Wrap them with
 * the adapters in ./adapters.ts for node:http / Express or for fetch-style runtimes.
 *
 * All three follow PortOne's rule of thumb: the browser only says *which* payment to look at; amounts, statuses and
 * card facts come from PortOne's REST API or from the merchant's own records.
 */
import { randomBytes } from 'node:crypto';
import { normalizeBirth, normalizeCardNumber, normalizeExpiry, normalizePassword2, type Checked } from '../core/card.js';
import { ImpApiError, type ImpClient } from './client.js';
import type { BillingStore, PaymentRecord, Subscription } from './store.js';
import type { PaymentAnnotation, PaymentStatus, ScheduleParams } from '../shared/rest-types.js';

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

interface Common {
  client: ImpClient;
  store: BillingStore;
  /** Where unexpected errors go; gets the error's name and message only. Defaults to console.error. */
  onError?: (message: string) => void;
}

const ID = /^[A-Za-z0-9_.:@-]{1,80}$/;

const refuse = (status: number, code: Refusal['code'], message: string, field?: string): HandlerResult => ({
  status,
  body: field ? { ok: false, code, message, field } : { ok: false, code, message },
});

function idField(body: Record<string, unknown>, field: string, required = true): string | null | HandlerResult {
  const value = body[field];
  if (value === undefined || value === null || value === '') {
    return required ? refuse(400, 'invalid-params', `${field} is required`, field) : null;
  }
  if (typeof value !== 'string' || !ID.test(value)) {
    return refuse(400, 'invalid-params', `${field} has 1–80 letters, digits or _.:@-`, field);
  }
  return value;
}

const isResult = (v: unknown): v is HandlerResult => typeof v === 'object' && v !== null && 'status' in v;

/**
 * Turns anything thrown while talking to PortOne into an answer for the browser. A 401 from PortOne is the
 * merchant's misconfiguration (wrong key or secret), said plainly; the secret itself is never part of it.
 */
function upstreamFailure(error: unknown, report: (m: string) => void): HandlerResult {
  if (error instanceof ImpApiError) {
    if (error.status === 401) {
      return refuse(502, 'pg-error', 'PortOne refused the merchant API credentials (HTTP 401): check imp_key / imp_secret on the server');
    }
    if (error.status === 0 || error.status >= 500) return refuse(502, 'pg-error', error.message);
    if (error.status === 404) return refuse(404, 'not-found', error.message);
    return refuse(422, 'pg-error', error.message);
  }
  report(`[imp-billing] ${error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'}`);
  return refuse(500, 'pg-error', 'internal error');
}

const defaultReport = (m: string) => console.error(m);

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
  return async (input) => {
    const uid = options.customerUid ? await options.customerUid(input) : idField(input.body, 'customer_uid');
    if (isResult(uid)) return uid;
    if (!uid || !ID.test(uid)) return refuse(400, 'invalid-params', 'customer_uid is required', 'customer_uid');

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
  };
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
  return async (input) => {
    const impUid = idField(input.body, 'imp_uid');
    if (isResult(impUid)) return impUid;
    const claimedMerchantUid = idField(input.body, 'merchant_uid', false);
    if (isResult(claimedMerchantUid)) return claimedMerchantUid;

    try {
      const payment = await options.client.getPayment(impUid!);
      if (claimedMerchantUid && claimedMerchantUid !== payment.merchant_uid) {
        return refuse(409, 'mismatch', 'merchant_uid does not belong to this payment', 'merchant_uid');
      }
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
      const recorded = payment.status === 'paid' ? await options.store.recordPayment(toPaymentRecord(payment, 'verify')) : false;
      if (order.customer_uid) {
        await options.store.saveSubscription({
          customer_uid: order.customer_uid,
          card_name: payment.card_name,
          card_masked: payment.card_number,
        });
      }
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
  };
}

// ---- (c) the schedule webhook (seed 003) -----------------------------------------------------------------------

export interface ScheduleWebhookOptions extends Common {
  /** Used when the subscription has no period of its own. Default 30 days. */
  periodSeconds?: number;
  /** Override the next charge; return null to end the chain. Default: same amount and name, one period later. */
  nextSchedule?: (
    payment: PaymentAnnotation,
    subscription: Subscription,
  ) => ScheduleParams | null | Promise<ScheduleParams | null>;
  /** ms since the epoch; the base for the next schedule_at only when PortOne reports no paid_at. */
  now?: () => number;
}

const DAY = 24 * 3600;

/** Fits PortOne's 40-character merchant_uid limit; unique without coordination between servers. */
export function freshMerchantUid(prefix = 'sub'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(6).toString('hex')}`;
}

export function createScheduleWebhookHandler(options: ScheduleWebhookOptions): Handler {
  const report = options.onError ?? defaultReport;
  const now = options.now ?? Date.now;
  return async (input) => {
    const impUid = idField(input.body, 'imp_uid');
    if (isResult(impUid)) return impUid;
    const claimedMerchantUid = idField(input.body, 'merchant_uid', false);
    if (isResult(claimedMerchantUid)) return claimedMerchantUid;

    let payment: PaymentAnnotation;
    try {
      // Verify by lookup: the body's status (and anything else in it) is never trusted.
      payment = await options.client.getPayment(impUid!);
    } catch (error) {
      return upstreamFailure(error, report);
    }
    if (claimedMerchantUid && claimedMerchantUid !== payment.merchant_uid) {
      return refuse(400, 'mismatch', 'merchant_uid does not belong to this payment', 'merchant_uid');
    }

    // Paid and later cancelled payments are recorded; a failed attempt only moves the subscription.
    const recordable = payment.status === 'paid' || payment.status === 'cancelled';
    let claimed: boolean;
    try {
      claimed = await options.store.claimWebhook(payment.imp_uid, payment.status, recordable ? toPaymentRecord(payment, 'webhook') : null);
    } catch (error) {
      return upstreamFailure(error, report);
    }
    if (!claimed) return { status: 200, body: { ok: true, duplicate: true, imp_uid: payment.imp_uid, status: payment.status } };

    try {
      const next = await followUp(payment);
      return { status: 200, body: { ok: true, duplicate: false, imp_uid: payment.imp_uid, status: payment.status, next } };
    } catch (error) {
      // Give the claim back so PortOne's redelivery does the follow-up; the payment row stays (re-recording is a no-op).
      await options.store.releaseWebhook(payment.imp_uid, payment.status).catch(() => undefined);
      return upstreamFailure(error, report);
    }
  };

  async function followUp(payment: PaymentAnnotation): Promise<{ merchant_uid: string; schedule_at: number } | null> {
    if (payment.customer_uid_usage !== 'payment.scheduled' || !payment.customer_uid) return null;
    const subscription = await options.store.getSubscription(payment.customer_uid);
    if (!subscription || subscription.status === 'cancelled') return null;
    if (payment.status === 'failed') {
      await options.store.updateSubscription(subscription.customer_uid, { status: 'past_due', next_merchant_uid: null, next_schedule_at: null });
      return null;
    }
    if (payment.status !== 'paid') return null;

    const period = subscription.period_seconds ?? options.periodSeconds ?? 30 * DAY;
    const base = payment.paid_at || Math.floor(now() / 1000);
    const next: ScheduleParams | null = options.nextSchedule
      ? await options.nextSchedule(payment, subscription)
      : {
          merchant_uid: freshMerchantUid(),
          // From the payment's own time (PortOne's clock), not ours: no drift across periods, no clock skew.
          schedule_at: base + period,
          amount: subscription.amount ?? payment.amount,
          ...(subscription.plan_name ?? payment.name ? { name: (subscription.plan_name ?? payment.name)! } : {}),
          ...(payment.buyer_name ? { buyer_name: payment.buyer_name } : {}),
          ...(payment.buyer_email ? { buyer_email: payment.buyer_email } : {}),
          ...(payment.buyer_tel ? { buyer_tel: payment.buyer_tel } : {}),
        };
    if (!next) return null;
    await options.client.schedule(subscription.customer_uid, [next]);
    await options.store.updateSubscription(subscription.customer_uid, {
      status: 'active',
      next_merchant_uid: next.merchant_uid,
      next_schedule_at: next.schedule_at,
    });
    return { merchant_uid: next.merchant_uid, schedule_at: next.schedule_at };
  }
}
