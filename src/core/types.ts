/**
 * Our own types for the part of the PortOne (iamport) V1 browser SDK that imp-billing touches.
 * Community typings lag behind the SDK (no `bypass`, `channelKey`, `card.info`…), so we keep these.
 */

/** The global `IMP` object that `https://cdn.iamport.kr/v1/iamport.js` puts on `window`. */
export interface Iamport {
  init(merchantCode: string): void;
  request_pay(params: RequestPayParams, callback?: (response: RequestPayResponse) => void): void;
  /** Closes the SDK's window and its full-screen layer (current v1/iamport.js; absent from old versions). */
  close?(): void;
}

declare global {
  interface Window {
    IMP?: Iamport;
  }
}

/** Card data for Paymentwall Brick (issuance without a payment window). Never logged or stored. */
export interface CardInfo {
  /** `dddd-dddd-dddd-dddd` */
  number: string;
  /** `YYYY-MM` */
  expiry: string;
  cvc?: string;
}

/** The object handed to `IMP.request_pay`, with PortOne's own field names. */
export interface RequestPayParams {
  pg?: string;
  /** Newer SDK's alternative to `pg` (console → 결제 연동 → 채널 관리). */
  channelKey?: string;
  pay_method?: string;
  merchant_uid: string;
  name?: string;
  amount: number;
  /** Presence switches the PG window into billing-key issuance. */
  customer_uid?: string;
  customer_id?: string;
  currency?: string;
  language?: string;
  buyer_email?: string;
  buyer_name?: string;
  buyer_tel?: string;
  buyer_addr?: string;
  buyer_postcode?: string;
  m_redirect_url?: string;
  notice_url?: string | string[];
  custom_data?: unknown;
  tax_free?: number;
  vat_amount?: number;
  card?: { info?: CardInfo; [key: string]: unknown };
  bypass?: Record<string, unknown>;
  /** Any other field PortOne documents for a given PG (`period`, `popup`, `display`, …). */
  [field: string]: unknown;
}

/**
 * The callback's argument. Which fields arrive depends on the PG and the SDK version: the newest SDK sends only
 * `imp_uid`, `merchant_uid` and, on failure, `error_code` / `error_msg`; older flows send `success` or `imp_success`.
 */
export interface RequestPayResponse {
  success?: boolean;
  imp_success?: boolean;
  error_code?: string | null;
  error_msg?: string | null;
  imp_uid: string | null;
  merchant_uid: string;
  customer_uid?: string;
  pay_method?: string;
  paid_amount?: number;
  status?: 'ready' | 'paid' | 'failed';
  name?: string;
  pg_provider?: string;
  emb_pg_provider?: string;
  pg_tid?: string;
  card_name?: string;
  card_number?: string;
  buyer_name?: string;
  buyer_email?: string;
  buyer_tel?: string;
  buyer_addr?: string;
  buyer_postcode?: string;
  custom_data?: string | null;
  paid_at?: number;
  receipt_url?: string;
  apply_num?: string;
  currency?: string;
  [field: string]: unknown;
}

/** The query PortOne appends to `m_redirect_url` on mobile. Every value is untrusted text. */
export interface RedirectQuery {
  imp_uid?: string;
  merchant_uid?: string;
  /** `'true'` / `'false'`; primary flag where present. */
  imp_success?: string;
  /** Some PGs send this instead of `imp_success`. */
  success?: string;
  error_code?: string;
  error_msg?: string;
}
