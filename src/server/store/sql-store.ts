/**
 * The store's SQL: plain PostgreSQL that runs the same on PGlite and on a PostgreSQL server.
 *
 * Idempotency lives in the database (primary keys + INSERT … ON CONFLICT), never in a JS check-then-insert, so it
 * holds across concurrent requests and across several server processes.
 */
import { looksLikeCardNumber } from '../../core/card.js';
import type { PaymentStatus } from '../../shared/rest-types.js';
import type { Driver } from './drivers.js';
import type { BillingStore, PaymentRecord, Subscription, SubscriptionInput, SubscriptionStatus } from './types.js';

const MAX_LIST = 500;
const SUBSCRIPTION_COLUMNS =
  'customer_uid, status, card_name, card_masked, plan_name, amount, period_seconds, next_merchant_uid, next_schedule_at, created_at, updated_at';
const PAYMENT_COLUMNS = 'imp_uid, merchant_uid, customer_uid, amount, status, name, paid_at, source, recorded_at';

export function createSqlStore(driver: Driver): BillingStore {
  const q = driver.query.bind(driver);

  return {
    kind: driver.kind,

    async saveSubscription(input) {
      assertMasked(input.card_masked);
      const { rows } = await q<SubscriptionRow>(
        `${saveSubscriptionSql('VALUES ($1, $2, $3, $4, $5, $6)')} RETURNING ${SUBSCRIPTION_COLUMNS}`,
        subscriptionParams(input),
      );
      return toSubscription(rows[0]!);
    },

    async getSubscription(customerUid) {
      const { rows } = await q<SubscriptionRow>(
        `SELECT ${SUBSCRIPTION_COLUMNS} FROM imp_billing_subscriptions WHERE customer_uid = $1`,
        [customerUid],
      );
      return rows[0] ? toSubscription(rows[0]) : null;
    },

    async listSubscriptions(limit = 100) {
      const { rows } = await q<SubscriptionRow>(
        `SELECT ${SUBSCRIPTION_COLUMNS} FROM imp_billing_subscriptions ORDER BY created_at DESC, customer_uid LIMIT $1`,
        [clampLimit(limit)],
      );
      return rows.map(toSubscription);
    },

    async updateSubscription(customerUid, patch) {
      // Each column is set only when the patch names it (undefined = leave alone, null = clear).
      await q(
        `UPDATE imp_billing_subscriptions SET
           status = CASE WHEN $2::boolean THEN $3::text ELSE status END,
           next_merchant_uid = CASE WHEN $4::boolean THEN $5::text ELSE next_merchant_uid END,
           next_schedule_at = CASE WHEN $6::boolean THEN $7::bigint ELSE next_schedule_at END,
           updated_at = now()
         WHERE customer_uid = $1`,
        [
          customerUid,
          patch.status !== undefined,
          patch.status ?? null,
          patch.next_merchant_uid !== undefined,
          patch.next_merchant_uid ?? null,
          patch.next_schedule_at !== undefined,
          patch.next_schedule_at ?? null,
        ],
      );
    },

    async recordPayment(p) {
      const { rows } = await q<{ inserted: boolean }>(
        `INSERT INTO imp_billing_payments AS p (imp_uid, merchant_uid, customer_uid, amount, status, name, paid_at, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (imp_uid) DO UPDATE SET status = EXCLUDED.status, updated_at = now()
           WHERE p.status IS DISTINCT FROM EXCLUDED.status
         RETURNING (xmax = 0) AS inserted`,
        paymentParams(p),
      );
      // xmax = 0 only on a fresh insert; an update returns false, an unchanged row returns nothing.
      return rows[0]?.inserted === true;
    },

    async listPayments(options = {}) {
      const limit = clampLimit(options.limit ?? 100);
      const { rows } = options.customerUid
        ? await q<PaymentRow>(
            `SELECT ${PAYMENT_COLUMNS} FROM imp_billing_payments WHERE customer_uid = $1 ORDER BY recorded_at DESC, imp_uid LIMIT $2`,
            [options.customerUid, limit],
          )
        : await q<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM imp_billing_payments ORDER BY recorded_at DESC, imp_uid LIMIT $1`, [
            limit,
          ]);
      return rows.map(toPayment);
    },

    async recordVerifiedPayment(payment, subscription) {
      assertMasked(subscription?.card_masked);
      const { rows } = await q<{ recorded: number }>(
        `WITH recorded AS (
           INSERT INTO imp_billing_payments AS p (imp_uid, merchant_uid, customer_uid, amount, status, name, paid_at, source)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           -- Recorded by the webhook but not yet verified: this call is the first verification. Only a row already
           -- carrying this source (an earlier verify) makes it a replay; the row lock orders concurrent calls.
           ON CONFLICT (imp_uid) DO UPDATE SET source = EXCLUDED.source, updated_at = now()
             WHERE p.source IS DISTINCT FROM EXCLUDED.source
           RETURNING imp_uid
         ), saved AS (
           ${saveSubscriptionSql('SELECT $9::text, $10::text, $11::text, $12::text, $13::bigint, $14::integer FROM recorded WHERE $15::boolean')}
           RETURNING customer_uid
         )
         SELECT count(*)::int AS recorded FROM recorded`,
        [...paymentParams(payment), ...subscriptionParams(subscription ?? { customer_uid: '' }), subscription !== null],
      );
      return Number(rows[0]?.recorded) === 1;
    },

    async isWebhookDone(impUid, status) {
      const { rows } = await q('SELECT 1 FROM imp_billing_webhooks WHERE imp_uid = $1 AND status = $2', [impUid, status]);
      return rows.length > 0;
    },

    async markWebhookDone(impUid, status) {
      await q('INSERT INTO imp_billing_webhooks (imp_uid, status) VALUES ($1, $2) ON CONFLICT DO NOTHING', [impUid, status]);
    },

    close: () => driver.close(),
  };
}

// ---- row mapping -----------------------------------------------------------------------------------------------

type SubscriptionRow = Record<keyof Subscription, unknown>;
type PaymentRow = Record<keyof PaymentRecord, unknown>;

/** Inserts a subscription from `source` (VALUES or SELECT); a known customer gets the new card and is reactivated. */
function saveSubscriptionSql(source: string): string {
  return `INSERT INTO imp_billing_subscriptions AS s (customer_uid, card_name, card_masked, plan_name, amount, period_seconds)
         ${source}
         ON CONFLICT (customer_uid) DO UPDATE SET
           status = 'active',
           card_name = COALESCE(EXCLUDED.card_name, s.card_name),
           card_masked = COALESCE(EXCLUDED.card_masked, s.card_masked),
           plan_name = COALESCE(EXCLUDED.plan_name, s.plan_name),
           amount = COALESCE(EXCLUDED.amount, s.amount),
           period_seconds = COALESCE(EXCLUDED.period_seconds, s.period_seconds),
           updated_at = now()`;
}

function subscriptionParams(input: SubscriptionInput): unknown[] {
  return [
    input.customer_uid,
    input.card_name ?? null,
    input.card_masked ?? null,
    input.plan_name ?? null,
    input.amount ?? null,
    input.period_seconds ?? null,
  ];
}

function paymentParams(p: PaymentRecord): unknown[] {
  return [p.imp_uid, p.merchant_uid, p.customer_uid, p.amount, p.status, p.name, p.paid_at, p.source];
}

// bigint arrives as a string from `pg`; timestamps as Date from both drivers.
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));

function toSubscription(r: SubscriptionRow): Subscription {
  return {
    customer_uid: String(r.customer_uid),
    status: String(r.status) as SubscriptionStatus,
    card_name: str(r.card_name),
    card_masked: str(r.card_masked),
    plan_name: str(r.plan_name),
    amount: num(r.amount),
    period_seconds: num(r.period_seconds),
    next_merchant_uid: str(r.next_merchant_uid),
    next_schedule_at: num(r.next_schedule_at),
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
  };
}

function toPayment(r: PaymentRow): PaymentRecord {
  return {
    imp_uid: String(r.imp_uid),
    merchant_uid: String(r.merchant_uid),
    customer_uid: str(r.customer_uid),
    amount: Number(r.amount),
    status: String(r.status) as PaymentStatus,
    name: str(r.name),
    paid_at: Number(r.paid_at),
    source: String(r.source),
    recorded_at: iso(r.recorded_at),
  };
}

function clampLimit(limit: number): number {
  return Math.min(MAX_LIST, Math.max(1, Math.floor(limit) || 1));
}

/** A last guard: a full card number must never reach the database, whatever the caller passed. */
function assertMasked(value: string | null | undefined): void {
  if (value && looksLikeCardNumber(value)) {
    throw new TypeError('card_masked looks like a full card number; store only the masked form');
  }
}
