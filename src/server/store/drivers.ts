/**
 * The two ways to reach PostgreSQL: PGlite (Postgres in WASM, a folder or memory, nothing to install) and a PostgreSQL
 * server through `pg`. Both libraries are optional peers, loaded with a dynamic import, so nothing here reaches the
 * browser bundle.
 */
import { mkdir } from 'node:fs/promises';
import type { BillingStore } from './types.js';

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
