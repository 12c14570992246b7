/**
 * What the browser sandbox reports to the mock API's sandbox-only endpoint (src/mock-api/sandbox-desk.ts), shared
 * by both ends so they cannot drift apart. Card data arrives already reduced to the test mask.
 */
import type { PaymentStatus } from './rest-types.js';

export const SANDBOX_PAYMENTS_PATH = '/__sandbox/payments';

/** The sandbox's answer to one window. */
export interface SandboxReport {
  imp_uid: string;
  merchant_uid: string;
  customer_uid?: string | null;
  /** The PG code the request was routed to (without `.{MID}`), and the MID if one was given. */
  pg_provider?: string | null;
  pg_id?: string | null;
  pay_method?: string;
  /** The amount the request asked for; charged only when `status` is `paid`. */
  amount: number;
  currency?: string;
  status: Extract<PaymentStatus, 'ready' | 'paid' | 'failed'>;
  /** Paymentwall: the key exists only after the pingback. */
  awaiting_webhook?: boolean;
  name?: string | null;
  buyer_name?: string | null;
  buyer_email?: string | null;
  buyer_tel?: string | null;
  buyer_addr?: string | null;
  buyer_postcode?: string | null;
  card_name?: string | null;
  /** Masked by the sandbox; a number with more than ten digits visible is refused. */
  card_number?: string | null;
  fail_reason?: string | null;
  custom_data?: string | null;
  /** `pc` for a callback, `mobile` for an m_redirect_url return. */
  channel?: 'pc' | 'mobile';
}
