/**
 * The merchant-side records (subscriptions, payments, finished webhook follow-ups) behind one small interface, in
 * plain PostgreSQL: PGlite by default (a folder or memory, nothing to install), a PostgreSQL server through `pg` when
 * DATABASE_URL is set.
 */
import { pgliteDriver, postgresDriver } from './drivers.js';
import { migrate } from './migrations.js';
import { createSqlStore } from './sql-store.js';
import type { BillingStore } from './types.js';

export { pgliteDriver, postgresDriver, type Driver, type Sql } from './drivers.js';
export { migrate, MIGRATIONS } from './migrations.js';
export { createSqlStore } from './sql-store.js';
export type * from './types.js';

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
