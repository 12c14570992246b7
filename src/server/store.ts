/**
 * The merchant-side records (subscriptions, payments, processed webhooks) behind one small interface, in plain
 * PostgreSQL. The same SQL and migrations run on PGlite (Postgres in WASM, the default: a folder or memory, nothing to
 * install) and on a PostgreSQL server through `pg` when DATABASE_URL is set. Both drivers are optional and loaded
 * with a dynamic import, so nothing here reaches the browser bundle.
 *
 * Idempotency lives in the database (primary keys + INSERT … ON CONFLICT DO NOTHING), never in a JS
 * check-then-insert, so it holds across concurrent requests and across several server processes.
 */
import { mkdir } from 'node:fs/promises';
import { looksLikeCardNumber } from '../core/card.js';
import type { PaymentStatus } from '../shared/rest-types.js';

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
   * Claims a webhook for (imp_uid, verified status) and, in the same statement, records `payment` if given.
   * Exactly one of any number of concurrent claims gets `true`.
   */
  claimWebhook(impUid: string, status: string, payment: PaymentRecord | null): Promise<boolean>;
  /** Gives a claim back when its follow-up work failed, so PortOne's retry processes it again. */
  releaseWebhook(impUid: string, status: string): Promise<void>;
  close(): Promise<void>;
}

// ---- drivers ---------------------------------------------------------------------------------------------------

export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface Driver extends Sql {
  readonly kind: BillingStore['kind'];
  transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function pgliteDriver(dataDir?: string): Promise<Driver> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const db = new PGlite(dataDir);
  await db.waitReady;
  return {
    kind: 'pglite',
    query: (text, params) => db.query(text, params),
    transaction: (fn) => db.transaction((tx) => fn({ query: (text, params) => tx.query(text, params) })),
    close: () => db.close(),
  };
}

export async function postgresDriver(connectionString: string): Promise<Driver> {
  const pg = (await import('pg')).default;
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle client losing its server connection would otherwise crash the process with an unhandled 'error'.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    // pg types rows loosely; the store's row mappers are where types are checked.
    query: async <T>(text: string, params?: unknown[]) => (await pool.query(text, params)) as unknown as { rows: T[] },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <T>(text: string, params?: unknown[]) => (await client.query(text, params)) as unknown as { rows: T[] },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

// ---- schema ----------------------------------------------------------------------------------------------------

/** Append-only: a released version is never edited, only followed by a new one. */
export const MIGRATIONS: ReadonlyArray<{ version: number; statements: string[] }> = [
  {
    version: 1,
    statements: [
      `CREATE TABLE imp_billing_subscriptions (
        customer_uid text PRIMARY KEY,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'past_due', 'cancelled')),
        card_name text,
        card_masked text,
        plan_name text,
        amount bigint,
        period_seconds integer,
        next_merchant_uid text,
        next_schedule_at bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE imp_billing_payments (
        imp_uid text PRIMARY KEY,
        merchant_uid text NOT NULL,
        customer_uid text,
        amount bigint NOT NULL,
        status text NOT NULL,
        name text,
        paid_at bigint NOT NULL DEFAULT 0,
        source text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX imp_billing_payments_customer ON imp_billing_payments (customer_uid, recorded_at DESC)`,
      `CREATE TABLE imp_billing_webhooks (
        imp_uid text NOT NULL,
        status text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (imp_uid, status)
      )`,
    ],
  },
];

/** Any number, so two servers starting on one database agree on who migrates. */
const MIGRATION_LOCK = 0x1b_b111;

export async function migrate(driver: Driver): Promise<void> {
  await driver.transaction(async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await sql.query(
      'CREATE TABLE IF NOT EXISTS imp_billing_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await sql.query<{ version: number }>('SELECT version FROM imp_billing_migrations');
    const applied = new Set(rows.map((r) => Number(r.version)));
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      for (const statement of m.statements) await sql.query(statement);
      await sql.query('INSERT INTO imp_billing_migrations (version) VALUES ($1)', [m.version]);
    }
  });
}

// ---- the store -------------------------------------------------------------------------------------------------

export interface OpenStoreOptions {
  /** PGlite's folder; in memory when omitted. Ignored when a database URL is used. */
  dataDir?: string;
  /** Defaults to `process.env.DATABASE_URL`; when set, a PostgreSQL server is used through `pg`. */
  databaseUrl?: string;
}

export async function openStore(options: OpenStoreOptions = {}): Promise<BillingStore> {
  const url = options.databaseUrl ?? process.env.DATABASE_URL;
  const driver = url ? await postgresDriver(url) : await pgliteDriver(options.dataDir);
  try {
    await migrate(driver);
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw error;
  }
  return createSqlStore(driver);
}

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
        `INSERT INTO imp_billing_subscriptions AS s (customer_uid, card_name, card_masked, plan_name, amount, period_seconds)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (customer_uid) DO UPDATE SET
           status = 'active',
           card_name = COALESCE(EXCLUDED.card_name, s.card_name),
           card_masked = COALESCE(EXCLUDED.card_masked, s.card_masked),
           plan_name = COALESCE(EXCLUDED.plan_name, s.plan_name),
           amount = COALESCE(EXCLUDED.amount, s.amount),
           period_seconds = COALESCE(EXCLUDED.period_seconds, s.period_seconds),
           updated_at = now()
         RETURNING ${SUBSCRIPTION_COLUMNS}`,
        [
          input.customer_uid,
          input.card_name ?? null,
          input.card_masked ?? null,
          input.plan_name ?? null,
          input.amount ?? null,
          input.period_seconds ?? null,
        ],
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

    async claimWebhook(impUid, status, payment) {
      // One statement, so the claim and the record commit together: a crash cannot leave a claim without its payment.
      const { rows } = await q<{ claimed: number }>(
        `WITH claim AS (
           INSERT INTO imp_billing_webhooks (imp_uid, status) VALUES ($1, $2)
           ON CONFLICT DO NOTHING
           RETURNING imp_uid
         ), record AS (
           INSERT INTO imp_billing_payments AS p (imp_uid, merchant_uid, customer_uid, amount, status, name, paid_at, source)
           SELECT $3::text, $4::text, $5::text, $6::bigint, $7::text, $8::text, $9::bigint, $10::text FROM claim WHERE $11::boolean
           ON CONFLICT (imp_uid) DO UPDATE SET status = EXCLUDED.status, updated_at = now()
             WHERE p.status IS DISTINCT FROM EXCLUDED.status
           RETURNING imp_uid
         )
         SELECT count(*)::int AS claimed FROM claim`,
        [impUid, status, ...(payment ? paymentParams(payment) : [null, null, null, null, null, null, null, null]), payment !== null],
      );
      return Number(rows[0]?.claimed) === 1;
    },

    async releaseWebhook(impUid, status) {
      await q('DELETE FROM imp_billing_webhooks WHERE imp_uid = $1 AND status = $2', [impUid, status]);
    },

    close: () => driver.close(),
  };
}

// ---- row mapping -----------------------------------------------------------------------------------------------

type SubscriptionRow = Record<keyof Subscription, unknown>;
type PaymentRow = Record<keyof PaymentRecord, unknown>;

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
