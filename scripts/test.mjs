#!/usr/bin/env node
// Runs every suite (import directions, typecheck, browser unit/component tests, Node server tests, end-to-end) and prints one closing
// line, `total: N passed, N failed`, summed over all of them. Exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const only = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'imp-billing-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSuites = [];

function run(name, command, args, { env = {}, summary } = {}) {
  if (only.length && !only.includes(name)) return;
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const summaryFile = join(dir, `${name}.json`);
  const result = spawnSync(command, args, {
    stdio: summary === 'stdout' ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    env: { ...process.env, IMP_TEST_SUMMARY: summaryFile, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  let counts = { passed: 0, failed: 0, skipped: 0 };
  if (summary === 'stdout') {
    process.stdout.write(result.stdout ?? '');
    const num = (label) => Number((result.stdout ?? '').match(new RegExp(`^ℹ ${label} (\\d+)$`, 'm'))?.[1] ?? 0);
    counts = { passed: num('pass'), failed: num('fail') + num('cancelled'), skipped: num('skipped') };
  } else if (summary && existsSync(summaryFile)) {
    counts = JSON.parse(readFileSync(summaryFile, 'utf8'));
  } else if (summary === undefined) {
    counts = result.status === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
  }
  if (result.status !== 0 && counts.failed === 0) counts.failed = 1; // a crash before any test still fails the run
  for (const k of Object.keys(totals)) totals[k] += counts[k] ?? 0;
  if (result.status !== 0) failedSuites.push(name);
  console.log(`◀ ${name}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
}

const bin = (name) => join('node_modules', '.bin', name);

// A fresh clone: install the locked dependencies and the browser before anything else, so `npm test` alone suffices.
if (!existsSync(bin('wtr'))) {
  console.log('▶ installing dependencies (npm ci)');
  if (spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' }).status !== 0) process.exit(1);
}
/** Debian packages the tests use, installed when this runs as root on Debian and they are missing. */
let aptUpdated = false; // one `apt-get update` per run, however many packages are missing
function aptInstall(pkg, why) {
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return;
  console.log(`▶ installing Debian's ${pkg} ${why}`);
  aptUpdated ||= spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' }).status === 0;
  if (!aptUpdated) return;
  spawnSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

const chrome = process.env.CHROME_PATH || '/usr/bin/chromium';
if (!existsSync(chrome)) {
  if (!process.env.CHROME_PATH) aptInstall('chromium', 'for the browser tests');
  if (!existsSync(chrome)) {
    console.error(`No Chrome/Chromium at ${chrome}. Install one (Debian: apt-get install -y chromium; elsewhere: npx playwright install chromium) and set CHROME_PATH to its executable.`);
    process.exit(1);
  }
}
// The store tests also run against a real PostgreSQL when its binaries exist; without them they say why and use PGlite.
const hasPostgres = () => existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(join('/usr/lib/postgresql', v, 'bin', 'initdb')));
if (!process.env.PG_BIN && !hasPostgres()) aptInstall('postgresql', 'for the store tests (optional)');

run('imports', process.execPath, ['scripts/check-imports.mjs']); // the folder import directions of ARCHITECTURE.md
run('typecheck', bin('tsc'), ['-p', 'tsconfig.json']);
run('browser', bin('wtr'), ['--config', 'web-test-runner.config.js'], { summary: 'file' });
// Node's tests sit beside the code they test as `*.node.test.ts` (browser tests are plain `*.test.ts`); the files are
// listed here because Node 20's runner only discovers .js files by itself.
const nodeTests = ['src', 'demo']
  .flatMap((top) => readdirSync(top, { recursive: true, encoding: 'utf8' }).map((f) => join(top, f)))
  .filter((f) => f.endsWith('.node.test.ts'))
  .sort();
run('node', process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...nodeTests], { summary: 'stdout' });
run('examples', process.execPath, ['scripts/examples.mjs']); // packs the package and builds examples/ for e2e/dist.spec.ts
if (existsSync('e2e')) run('e2e', bin('playwright'), ['test'], { summary: 'file' });

console.log(`\n${failedSuites.length ? `failed suites: ${failedSuites.join(', ')}` : 'all suites passed'}`);
console.log(`total: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(failedSuites.length ? 1 : 0);
