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
 * The customer's own cancellation, as PGs word it ("[결제포기] 사용자가 결제를 취소하셨습니다", Toss's
 * PAY_PROCESS_CANCELED). Narrow on purpose: a card error such as "취소된 카드" is a PG refusal, not a cancellation.
 */
const CANCELLED = /결제포기|사용자[가의에]?\s*(결제를\s*)?취소|취소하셨습니다|PAY_PROCESS_CANCELED|user\s+cancel|cancel(?:l)?ed by (?:the )?user/i;

/**
 * Decides an outcome from PortOne's fields. `error_code` means failure whatever the flags say; otherwise an explicit
 * `false` flag (imp_success first) means failure; otherwise success (the newest SDK sends only the two ids).
 */
export function classifyOutcome(fields: {
  error_code: string | null;
  error_msg: string | null;
  flag: boolean | undefined;
}): { ok: true } | { ok: false; code: 'cancelled' | 'pg-error'; message: string } {
  const { error_code, error_msg } = fields;
  if (error_code === null && fields.flag !== false) return { ok: true };
  const cancelled = CANCELLED.test(`${error_code ?? ''} ${error_msg ?? ''}`);
  if (cancelled) return { ok: false, code: 'cancelled', message: 'The customer closed or cancelled the payment window.' };
  return {
    ok: false,
    code: 'pg-error',
    message: error_msg ? `The payment company refused the request: ${error_msg}` : 'The payment company reported a failure.',
  };
}
