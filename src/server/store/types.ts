/** The merchant-side records (subscriptions, payments, finished webhook follow-ups) and the store that keeps them. */
import type { PaymentStatus } from '../../shared/rest-types.js';

export type SubscriptionStatus = 'active' | 'past_due' | 'cancelled';

export interface Subscription {
  customer_uid: string;
  status: SubscriptionStatus;
  card_name: string | null;
  /** PortOne's masked number; the store refuses anything that looks like a full card number. */
  card_masked: string | null;
  plan_name: string | null;
  amount: number | null;
  period_seconds: number | null;
  next_merchant_uid: string | null;
  /** Unix seconds. */
  next_schedule_at: number | null;
  created_at: string;
  updated_at: string;
}

export type SubscriptionInput = Pick<Subscription, 'customer_uid'> &
  Partial<Pick<Subscription, 'card_name' | 'card_masked' | 'plan_name' | 'amount' | 'period_seconds'>>;

export type SubscriptionPatch = Partial<Pick<Subscription, 'status' | 'next_merchant_uid' | 'next_schedule_at'>>;

export interface PaymentRecord {
  imp_uid: string;
  merchant_uid: string;
  customer_uid: string | null;
  amount: number;
  status: PaymentStatus;
  name: string | null;
  /** Unix seconds; 0 when not paid. */
  paid_at: number;
  /** Which path recorded it first: 'webhook', 'verify', 'again', … */
  source: string;
  recorded_at?: string;
}

export interface BillingStore {
  readonly kind: 'pglite' | 'postgres';
  /** Inserts or refreshes the card on file (re-registration replaces the card, as PortOne does) and reactivates. */
  saveSubscription(input: SubscriptionInput): Promise<Subscription>;
  getSubscription(customerUid: string): Promise<Subscription | null>;
  listSubscriptions(limit?: number): Promise<Subscription[]>;
  updateSubscription(customerUid: string, patch: SubscriptionPatch): Promise<void>;
  /** True when this call recorded the payment; a known imp_uid only has its status refreshed. */
  recordPayment(payment: PaymentRecord): Promise<boolean>;
  listPayments(options?: { customerUid?: string; limit?: number }): Promise<PaymentRecord[]>;
  /**
   * Records a verified payment and, only when this call is its first verification (it was unknown, or known only
   * from another source such as the webhook), saves `subscription` in the same statement. True then: a replay of the
   * same imp_uid changes nothing.
   */
  recordVerifiedPayment(payment: PaymentRecord, subscription: SubscriptionInput | null): Promise<boolean>;
  /** True once the follow-up of the webhook for (imp_uid, verified status) has finished. */
  isWebhookDone(impUid: string, status: string): Promise<boolean>;
  /** Marks that follow-up finished; marking it again is a no-op. */
  markWebhookDone(impUid: string, status: string): Promise<void>;
  close(): Promise<void>;
}
