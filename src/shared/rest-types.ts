/**
 * The PortOne V1 REST shapes imp-billing uses (OAS `PaymentAnnotation`, `CustomerAnnotation`,
 * `ScheduleResultAnnotation`, `PaymentPrepareAnnotation`), with every property the schema lists. Shared by the
 * client and the local stand-in so the two cannot drift apart. Timestamps are unix seconds, as PortOne sends them;
 * 0 means "not happened"; null means PortOne has nothing for it.
 */

/** Every V1 answer: `code === 0` means OK; otherwise read `message`. */
export interface ImpEnvelope<T> {
  code: number;
  message: string | null;
  response: T | null;
}

export interface TokenResponse {
  access_token: string;
  expired_at: number;
  now: number;
}

export type PaymentStatus = 'ready' | 'paid' | 'cancelled' | 'failed';

export interface PaymentAnnotation {
  imp_uid: string;
  merchant_uid: string;
  pay_method: string;
  channel: 'pc' | 'mobile' | 'api';
  pg_provider: string;
  emb_pg_provider: string | null;
  pg_tid: string | null;
  pg_id: string | null;
  /** Whether the payment went through a test channel. */
  sandbox: boolean;
  escrow: boolean;
  apply_num: string | null;
  bank_code: string | null;
  bank_name: string | null;
  card_code: string | null;
  card_name: string | null;
  /** Issuer and publisher codes: only some PGs report them, null otherwise. */
  card_issuer_code: string | null;
  card_issuer_name: string | null;
  card_publisher_code: string | null;
  card_publisher_name: string | null;
  card_quota: number;
  /** Masked by PortOne; a full number never appears here. */
  card_number: string | null;
  card_type: number | null;
  vbank_code: string | null;
  vbank_name: string | null;
  vbank_num: string | null;
  vbank_holder: string | null;
  vbank_date: number;
  vbank_issued_at: number;
  name: string | null;
  amount: number;
  cancel_amount: number;
  currency: string;
  buyer_name: string | null;
  buyer_email: string | null;
  buyer_tel: string | null;
  buyer_addr: string | null;
  buyer_postcode: string | null;
  custom_data: string | null;
  user_agent: string | null;
  status: PaymentStatus;
  started_at: number;
  paid_at: number;
  failed_at: number;
  cancelled_at: number;
  fail_reason: string | null;
  cancel_reason: string | null;
  receipt_url: string | null;
  cancel_history: PaymentCancelAnnotation[];
  /** Deposits into a fixed virtual account; always empty for cards. */
  deposit_history: unknown[];
  cancel_receipt_urls: string[];
  cash_receipt_issued: boolean;
  customer_uid: string | null;
  /** `issue` (key issued with a first charge), `payment` (again), `payment.scheduled`, or null. */
  customer_uid_usage: 'issue' | 'payment' | 'payment.scheduled' | null;
  /** The promotion applied and its discount, or null. */
  promotion: { id: string; discount: number } | null;
}

/** One (partial) refund of a payment. */
export interface PaymentCancelAnnotation {
  pg_tid: string;
  amount: number;
  cancelled_at: number;
  reason: string | null;
  cancellation_id: string;
  receipt_url: string | null;
}

/** One page of a payment list (`GET /subscribe/customers/{customer_uid}/payments`). */
export interface PaymentPage {
  total: number;
  /** 0 when there is none. */
  previous: number;
  next: number;
  list: PaymentAnnotation[];
}

/** The amount registered for a merchant_uid before the payment (`/payments/prepare`). */
export interface PreparedPayment {
  merchant_uid: string;
  amount: number;
  /** null: the currency is not checked. */
  currency: string | null;
}

export interface CustomerAnnotation {
  customer_uid: string;
  pg_provider: string;
  pg_id: string;
  sandbox: boolean;
  customer_id: string | null;
  card_name: string | null;
  card_code: string | null;
  card_issuer_code: string | null;
  card_issuer_name: string | null;
  card_publisher_code: string | null;
  card_publisher_name: string | null;
  /** Masked. */
  card_number: string | null;
  card_type: number | null;
  customer_name: string | null;
  customer_tel: string | null;
  customer_email: string | null;
  customer_addr: string | null;
  customer_postcode: string | null;
  inserted: number;
  updated: number;
}

export type ScheduleStatus = 'scheduled' | 'executed' | 'revoked';

/** OAS `ScheduleResultAnnotation`: a registered schedule. */
export interface ScheduleAnnotation {
  customer_uid: string;
  merchant_uid: string;
  imp_uid: string | null;
  pg_provider: string | null;
  pg_id: string | null;
  customer_id: string | null;
  schedule_at: number;
  executed_at: number;
  revoked_at: number;
  amount: number;
  currency: string;
  name: string | null;
  buyer_name: string | null;
  buyer_email: string | null;
  buyer_tel: string | null;
  buyer_addr: string | null;
  buyer_postcode: string | null;
  custom_data: string | null;
  schedule_status: ScheduleStatus;
  payment_status: PaymentStatus | null;
  fail_reason: string | null;
  promotion_id: string | null;
}

/**
 * One page of `GET /subscribe/payments/schedule/customers/{customer_uid}` (20 a page). The schema declares a bare
 * array here, but PortOne's own Node client reads this paged object, as the stand-in answers.
 */
export interface SchedulePage {
  total: number;
  previous: number;
  next: number;
  list: ScheduleAnnotation[];
}

/** Card data for key-in issuance. Passed straight through to PortOne, never stored or logged. */
export interface CardInput {
  card_number: string;
  expiry: string;
  birth?: string;
  pwd_2digit?: string;
  cvc?: string;
}

export interface BuyerFields {
  buyer_name?: string;
  buyer_email?: string;
  buyer_tel?: string;
  buyer_addr?: string;
  buyer_postcode?: string;
}

/** How PortOne picks the PG: a channel key (console → 연동 정보), or the older `pg` (`{pg}` or `{pg}.{mid}`). */
export interface ChannelFields {
  channel_key?: string;
  /** A smart-routing group: PortOne issues a key on every channel of the group. */
  channel_group_id?: string;
  pg?: string;
}

export interface CustomerFields extends ChannelFields {
  customer_id?: string;
  customer_name?: string;
  customer_tel?: string;
  customer_email?: string;
  customer_addr?: string;
  customer_postcode?: string;
}

export interface OnetimeParams extends CardInput, BuyerFields {
  merchant_uid: string;
  amount: number;
  /** When present, the card is also stored as a billing key ("issue + first charge"). */
  customer_uid?: string;
  name?: string;
  pg?: string;
  /** Smart-routing group (the schema spells it in camelCase here); onetime takes no channel_key. */
  channelGroupId?: string;
  currency?: string;
  card_quota?: number;
  tax_free?: number;
  notice_url?: string;
  custom_data?: string;
}

export interface AgainParams extends BuyerFields {
  customer_uid: string;
  merchant_uid: string;
  amount: number;
  name: string;
  card_quota?: number;
  tax_free?: number;
  vat_amount?: number;
  notice_url?: string;
  custom_data?: string;
  product_type?: 'digital' | 'real';
  /** Picks the channel when the customer_uid holds a smart-routing (super) billing key. */
  channel_key?: string;
}

export interface ScheduleParams extends BuyerFields {
  merchant_uid: string;
  /** Unix seconds. */
  schedule_at: number;
  amount: number;
  name?: string;
  custom_data?: string;
  notice_url?: string;
  tax_free?: number;
  vat_amount?: number;
}

/** The rest of `POST /subscribe/payments/schedule`: card data issues the key in the same call when none exists. */
export interface ScheduleOptions extends Partial<CardInput> {
  channel_key?: string;
  customer_id?: string;
}

export interface CancelParams {
  /** One of imp_uid and merchant_uid; imp_uid wins when both are given. */
  imp_uid?: string;
  merchant_uid?: string;
  /** Omit (or 0) to refund what is left. */
  amount?: number;
  tax_free?: number;
  vat_amount?: number;
  /** The refundable balance you expect; PortOne refuses when its own differs. */
  checksum?: number;
  reason?: string;
  /** Sends the `cancelled` webhook (off by default for API cancels). */
  enable_webhook?: boolean;
}

export interface UnscheduleParams {
  /** Omit to revoke the given merchant_uids whoever they belong to. */
  customer_uid?: string;
  /** Omit to revoke every pending schedule of the customer. */
  merchant_uid?: string | string[];
}

/** The body PortOne POSTs to the webhook URL (`opi/ko/integration/webhook/readme-v1`). */
export interface WebhookBody {
  imp_uid: string;
  merchant_uid: string;
  status: PaymentStatus | string;
  /** Present when the webhook reports a cancellation. */
  cancellation_id?: string;
}
