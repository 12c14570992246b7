import type { BillingErrorCode } from './errors.js';
import type { RedirectQuery, RequestPayResponse } from './types.js';

/** Where an outcome came from: the SDK's callback (PC, iframe PGs) or the mobile `m_redirect_url` return. */
export type ResultVia = 'callback' | 'redirect';

interface ResultBase {
  via: ResultVia;
  imp_uid: string | null;
  merchant_uid: string | null;
  /** From the request (PortOne does not echo it reliably); `null` when a redirect could not be matched. */
  customer_uid: string | null;
  pg: string | null;
  /** The raw SDK response or redirect query. Untrusted: the browser can forge it. */
  response: RequestPayResponse | RedirectQuery;
  /**
   * Always true. A browser-side outcome is a claim, not proof: confirm it on your server with PortOne
   * (`GET /payments/{imp_uid}` or `GET /subscribe/customers/{customer_uid}`) before granting anything.
   */
  verifyOnServer: true;
}

export interface BillingSuccess extends ResultBase {
  ok: true;
  /** The key is usable for `again`/`schedule` only after PortOne's webhook arrives (Paymentwall pingback). */
  awaitingWebhook: boolean;
}

export interface BillingFailure extends ResultBase {
  ok: false;
  code: Extract<BillingErrorCode, 'cancelled' | 'pg-error' | 'timeout'>;
  message: string;
  error_code: string | null;
  error_msg: string | null;
}

export type BillingResult = BillingSuccess | BillingFailure;

/**
 * The customer's own cancellation, as PortOne's windows word it: one pattern per family of windows, its sources in
 * the comment above it (comments, so the shipped bundle carries no citations). Narrow on purpose: a card error such as
 * "취소된 카드" is a PG refusal, not a cancellation. A match in error_code or error_msg makes the outcome `cancelled`,
 * whichever window (payment or billing-key) it came from.
 */
export const CANCEL_WORDINGS: readonly RegExp[] = Object.freeze([
  // PG payment windows: "[결제포기] 사용자가 결제를 취소하셨습니다" and the like (opi/ko/integration/pg/v1/inicis); the
  // checkout service's billing-key window closed by the customer: F400 "사용자가 빌링키 발급을 취소하였습니다."
  // (v1/iamport.js 1.19.0, issue 11).
  /결제포기|사용자[가의에]?\s*(결제를\s*|빌링키\s*발급을\s*)?취소|취소하셨습니다/,
  // Toss Payments' code for a window the customer closed.
  // opi/ko/integration/pg/v1/newtoss/readme
  /PAY_PROCESS_CANCELED/,
  // English-language PG windows
  /user\s+cancel|cancel(?:l)?ed by (?:the )?user/i,
]);

export type Outcome = { ok: true } | { ok: false; code: 'cancelled' | 'pg-error'; message: string };

function failure(error_code: string | null, error_msg: string | null): Outcome {
  const said = `${error_code ?? ''} ${error_msg ?? ''}`;
  if (CANCEL_WORDINGS.some((pattern) => pattern.test(said))) {
    return { ok: false, code: 'cancelled', message: 'The customer cancelled the payment window.' };
  }
  return {
    ok: false,
    code: 'pg-error',
    message: `The payment company refused${error_msg ? `: ${error_msg}` : '.'}`,
  };
}

/**
 * Decides an outcome from PortOne's fields. `via: 'callback'` (the SDK's answer): a success needs no error and either
 * an `imp_uid` or a true flag, with no false flag — so the checkout service's `{ merchant_uid, error_msg }` is a
 * failure and its bare `{ imp_uid, merchant_uid, customer_uid }` a success. `via: 'redirect'` keeps the mobile
 * return's own documented shape: a failure needs an error or a false flag (`imp_success=false`).
 */
export function classifyOutcome(
  fields: { error_code: string | null; error_msg: string | null; flag: boolean | undefined; imp_uid: string | null },
  via: ResultVia,
): Outcome {
  const { error_code, error_msg, flag } = fields;
  if (error_code !== null || flag === false) return failure(error_code, error_msg);
  if (via === 'redirect') return { ok: true };
  if (error_msg !== null) return failure(null, error_msg);
  if (fields.imp_uid !== null || flag === true) return { ok: true };
  return { ok: false, code: 'pg-error', message: 'The payment window answered with no imp_uid or result: nothing was issued.' };
}
