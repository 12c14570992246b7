/**
 * The verifier for a billing-key window (the button's success event). PortOne records the window as a payment:
 * `ready` with nothing charged when the key is only issued (amount 0, or a PG whose amount is display-only), `paid`
 * when issuance charges. Either way what the merchant needs is the key itself, so this handler checks the payment
 * PortOne recorded against the merchant's pending registration, then that the billing key exists for that
 * `customer_uid` (and PG) with `GET /subscribe/customers/{customer_uid}`, and only then records the subscription.
 */
import { lookupPg } from '../core/pg-rules.js';
import { ImpApiError } from './client.js';
import {
  defaultReport,
  fetchClaimedPayment,
  jsonOnly,
  isResult,
  refuse,
  toPaymentRecord,
  upstreamFailure,
  type Common,
  type Handler,
  type HandlerInput,
} from './handlers.js';

/** The registration the merchant's server created before the button opened (its merchant_uid went to `merchant-uid`). */
export interface ExpectedRegistration {
  /** The customer the key must be bound to: from your records, never from the browser. */
  customer_uid: string;
  /** The PG code the key must be issued by (`jtnet`, `kcp_billing`; a `.{MID}` suffix is ignored). */
  pg?: string;
  /**
   * What issuance charges: 0 (default) for key-only, when PortOne records the window as `ready`; above 0 for an
   * issue-and-charge window, which must be `paid` with exactly this amount.
   */
  amount?: number;
  /** Saved on the subscription, for the schedule webhook's next charge. */
  plan?: { name: string; amount: number; periodSeconds: number };
}

export interface BillingKeyVerifyHandlerOptions extends Common {
  /**
   * Your pending registration by the merchant_uid PortOne reports (not the one the browser sent), and only for the
   * customer of this request's session: return null for anyone else's.
   */
  expectedRegistration: (
    merchantUid: string,
    input: HandlerInput,
  ) => ExpectedRegistration | null | Promise<ExpectedRegistration | null>;
}

/** The browser's answer: `ok` with the key's facts, or `awaiting-webhook` (HTTP 202) until the PG's pingback. */
export interface BillingKeyVerified {
  ok: true;
  status: 'registered' | 'awaiting-webhook';
  imp_uid: string;
  merchant_uid: string;
  customer_uid: string;
  pg_provider: string;
  card_name: string | null;
  masked: string | null;
  /** What issuance charged (0 for key-only). */
  amount: number;
}

const pgCode = (pg: string) => lookupPg(pg).code;

export function createBillingKeyVerifyHandler(options: BillingKeyVerifyHandlerOptions): Handler {
  const report = options.onError ?? defaultReport;
  // JSON only, like the other browser-facing handlers: a page on another site cannot post JSON without a preflight.
  return jsonOnly(async (input) => {
    try {
      const found = await fetchClaimedPayment(options.client, input.body);
      if (isResult(found)) return found;
      const { payment } = found;
      const expected = await options.expectedRegistration(payment.merchant_uid, input);
      if (!expected) return refuse(404, 'unknown-order', 'no pending registration with this merchant_uid', 'merchant_uid');
      if (payment.customer_uid !== expected.customer_uid) {
        return refuse(409, 'mismatch', 'the payment carries another customer_uid', 'customer_uid');
      }
      if (expected.pg && pgCode(payment.pg_provider) !== pgCode(expected.pg)) {
        return refuse(409, 'mismatch', `the window was issued by ${payment.pg_provider}, expected ${pgCode(expected.pg)}`, 'pg');
      }
      const charge = expected.amount ?? 0;
      const awaitingWebhook = lookupPg(payment.pg_provider).rule?.awaitsWebhook === true;
      if (payment.status === 'ready' && awaitingWebhook) return { status: 202, body: verified(payment, 'awaiting-webhook', null) };
      const wanted = charge > 0 ? 'paid' : 'ready';
      if (payment.status !== wanted) {
        return refuse(409, 'mismatch', `the payment is ${payment.status}, expected ${wanted}`, 'status');
      }
      if (charge > 0 && payment.amount !== charge) return refuse(409, 'mismatch', 'the charged amount differs from the registration', 'amount');

      const key = await options.client.getBillingKey(expected.customer_uid).catch((error: unknown) => {
        if (error instanceof ImpApiError && error.status === 404) return null;
        throw error;
      });
      if (!key) return refuse(409, 'mismatch', 'PortOne holds no billing key for this customer_uid', 'customer_uid');
      if (expected.pg && pgCode(key.pg_provider) !== pgCode(expected.pg)) {
        return refuse(409, 'mismatch', `the billing key belongs to ${key.pg_provider}, expected ${pgCode(expected.pg)}`, 'pg');
      }

      if (payment.status === 'paid') await options.store.recordPayment(toPaymentRecord(payment, 'verify'));
      await options.store.saveSubscription({
        customer_uid: expected.customer_uid,
        card_name: key.card_name,
        card_masked: key.card_number,
        ...(expected.plan
          ? { plan_name: expected.plan.name, amount: expected.plan.amount, period_seconds: expected.plan.periodSeconds }
          : {}),
      });
      return { status: 200, body: verified(payment, 'registered', key) };
    } catch (error) {
      return upstreamFailure(error, report);
    }
  });
}

function verified(
  payment: { imp_uid: string; merchant_uid: string; customer_uid: string | null; pg_provider: string; amount: number; status: string },
  status: BillingKeyVerified['status'],
  key: { card_name: string | null; card_number: string | null } | null,
): BillingKeyVerified {
  return {
    ok: true,
    status,
    imp_uid: payment.imp_uid,
    merchant_uid: payment.merchant_uid,
    customer_uid: payment.customer_uid!,
    pg_provider: payment.pg_provider,
    card_name: key?.card_name ?? null,
    masked: key?.card_number ?? null,
    amount: payment.status === 'paid' ? payment.amount : 0,
  };
}
