#!/usr/bin/env node
// Builds the package, `npm pack`s it, checks the tarball's contents, and builds every example against the tarball —
// installed like a user installs it, never linked to the source tree:
//   examples/classic, examples/module   the tarball's dist/ is copied next to index.html
//   examples/react, vue, svelte, angular  `npm install` of their pinned dependencies from the registry plus the tarball
//                                       (file:../.pack/imp-billing.tgz), then `vite build` into their dist/
// Re-runs skip an example's install when its package.json and the tarball are unchanged (hash stamp in its
// node_modules), reinstall only imp-billing when only the tarball changed, and skip `vite build` when neither the
// tarball nor the app's files changed. e2e/dist.spec.ts serves the results.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildAll } from './build.mjs';
import { checkPack, describePack } from './check-pack.mjs';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const examples = join(root, 'examples');
const packDir = join(examples, '.pack');
const tarball = join(packDir, 'imp-billing.tgz');
const PLAIN = ['classic', 'module'];
const APPS = ['react', 'vue', 'svelte', 'angular'];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const sha = (...parts) => createHash('sha256').update(parts.join('\0')).digest('hex');
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

async function run(cmd, args, cwd) {
  try {
    return await exec(cmd, args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } });
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}`);
  }
}

/** npm pack → examples/.pack/imp-billing.tgz (a fixed name, so the apps' file: dependency never changes). */
async function pack() {
  mkdirSync(packDir, { recursive: true });
  const { stdout } = await run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], root);
  const [info] = JSON.parse(stdout);
  renameSync(join(packDir, info.filename), tarball);
  const problems = checkPack(info);
  console.log(describePack(info));
  if (problems.length) throw new Error(`the package contains what it must not:\n  ${problems.join('\n  ')}`);
}

/** The tarball's own files, so the plain pages use exactly what was packed. */
async function unpackDist() {
  const tmp = mkdtempSync(join(tmpdir(), 'imp-billing-pack-'));
  try {
    await run('tar', ['-xzf', tarball, '-C', tmp], root);
    for (const name of PLAIN) {
      const target = join(examples, name, 'dist');
      rmSync(target, { recursive: true, force: true });
      cpSync(join(tmp, 'package', 'dist'), target, { recursive: true });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function buildApp(name, tarHash) {
  const dir = join(examples, name);
  const stampFile = join(dir, 'node_modules', '.imp-billing-example-stamp.json');
  const depsHash = sha(readFileSync(join(dir, 'package.json'), 'utf8'), process.version);
  const stamp = existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, 'utf8')) : {};
  let how = 'up to date';
  if (stamp.depsHash !== depsHash) {
    // No lockfile: the apps pin their direct dependencies, and a lockfile would pin the tarball's integrity too.
    await run(npm, ['install', '--no-audit', '--no-fund', '--no-package-lock', '--prefer-offline'], dir);
    how = 'installed';
  } else if (stamp.tarHash !== tarHash) {
    // Same app dependencies, new build of imp-billing: reinstall just the tarball (npm unpacks it like any package).
    await run(npm, ['install', '--no-audit', '--no-fund', '--no-package-lock', '--prefer-offline', '--no-save', tarball], dir);
    how = 'reinstalled imp-billing';
  }
  // The app's own files and the tarball decide its output; unchanged inputs keep the previous build.
  const buildHash = sha(tarHash, ...appFiles(dir).map((f) => `${f}\0${readFileSync(join(dir, f), 'utf8')}`));
  const built = stamp.buildHash === buildHash && existsSync(join(dir, 'dist', 'index.html'));
  if (!built) await run(process.execPath, [join(dir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], dir);
  writeFileSync(stampFile, JSON.stringify({ depsHash, tarHash, buildHash }));
  return `${name}: ${how}, ${built ? 'build up to date' : 'built'}`;
}

/** An app's source files (relative paths), without installed or built output. */
function appFiles(dir, sub = '') {
  return readdirSync(join(dir, sub), { withFileTypes: true })
    .filter((e) => !['node_modules', 'dist'].includes(e.name))
    .flatMap((e) => (e.isDirectory() ? appFiles(dir, join(sub, e.name)) : [join(sub, e.name)]))
    .sort();
}

export async function buildExamples() {
  await buildAll();
  await pack();
  await unpackDist();
  const tarHash = sha(readFileSync(tarball).toString('base64'));
  // Installs are mostly network and cache; running the three together roughly halves a cold run.
  const results = await Promise.allSettled(APPS.map((name) => buildApp(name, tarHash)));
  for (const r of results) console.log(r.status === 'fulfilled' ? `✓ ${r.value}` : `✗ ${r.reason.message}`);
  console.log(`examples ready in ${elapsed()}`);
  if (results.some((r) => r.status === 'rejected')) throw new Error('an example failed to build');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildExamples().catch((error) => {
    console.error(error.message ?? error);
    process.exit(1);
  });
}
