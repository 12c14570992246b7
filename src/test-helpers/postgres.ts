/**
 * A throwaway PostgreSQL cluster from Debian's `postgresql` package, on a loopback port in a temp dir, for the store
 * tests. Runs initdb/pg_ctl as the `postgres` user when the tests run as root (PostgreSQL refuses to run as root).
 * postgresUnavailable() says why not (binaries missing), so callers can register their tests with `{ skip: reason }`;
 * describeOnPostgres() does that, the start and the stop for a describe block.
 */
import { execFile, execFileSync } from 'node:child_process';
import { after, before, describe } from 'node:test';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface Postgres {
  url: string;
  /** A new empty database on the cluster, so suites never see each other's rows. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

function findBinDir(): string | null {
  if (process.env.PG_BIN) return existsSync(join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = join(root, v, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Why a PostgreSQL cluster cannot be started here, or undefined when it can. Checked before tests register. */
export function postgresUnavailable(): string | undefined {
  if (!findBinDir()) return 'PostgreSQL binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql, or set PG_BIN)';
  if (process.getuid?.() === 0 && postgresIds() === null) return 'running as root and there is no postgres user to run PostgreSQL as';
  return undefined;
}

function postgresIds(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/**
 * A describe block on one throwaway cluster, started before its tests and stopped after them; skipped, with the reason
 * said once, where no cluster can run here. `database(name)` creates a fresh database on it and gives its URL.
 */
export function describeOnPostgres(name: string, body: (database: (name: string) => Promise<string>) => void): void {
  const unavailable = postgresUnavailable();
  if (unavailable) console.log(`${name}: skipped, ${unavailable}`);
  describe(name, { skip: unavailable }, () => {
    let postgres: Postgres | undefined;
    before(async () => {
      postgres = await startPostgres();
      console.log(`${name}: a throwaway cluster at ${postgres.url}`);
    });
    after(() => postgres?.stop());
    body((database) => postgres!.createDatabase(database));
  });
}

/** Starts the cluster; rejects if it cannot (call postgresUnavailable() first to skip cleanly). */
export async function startPostgres(): Promise<Postgres> {
  const bin = findBinDir();
  const unavailable = postgresUnavailable();
  if (!bin || unavailable) throw new Error(unavailable);
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot ? postgresIds() : null;
  // As root, run each binary as postgres (PostgreSQL refuses root); otherwise as ourselves.
  const cmd = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];

  const dir = mkdtempSync(join(tmpdir(), 'imp-billing-pg-'));
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const data = join(dir, 'data');
  const port = await freePort();

  let started = false;
  const stopSync = () => {
    if (started) {
      try {
        execFileSync(...cmd('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']), { stdio: 'ignore', cwd: dir });
      } catch {
        // already stopped
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A crashed test run must not leave a postgres behind.
  process.once('exit', stopSync);

  try {
    await run(...cmd('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']), { cwd: dir });
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
    await run(...cmd('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']), { cwd: dir });
    started = true;
  } catch (error) {
    stopSync();
    process.removeListener('exit', stopSync);
    throw error;
  }

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(name)}`;
    },
    async stop() {
      process.removeListener('exit', stopSync);
      if (started) await run(...cmd('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']), { cwd: dir }).catch(() => undefined);
      started = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
