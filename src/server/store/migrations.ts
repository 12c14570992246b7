/** The schema, as append-only migrations that several servers starting on one database apply exactly once. */
import type { Driver } from './drivers.js';

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
