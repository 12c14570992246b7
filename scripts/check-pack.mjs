#!/usr/bin/env node
// What `npm pack` would publish: only built files, the manifest and the README; no tests, demo (nor its build in
// dist/demo), examples, sources, local data, environment files, keys, credentials or source maps that carry sources.
// Every path the package.json points at must be present.
// Run directly (after `npm run build`) for `npm pack --dry-run`; scripts/examples.mjs runs it on the real tarball.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const FORBIDDEN = [
  [/^(src|scripts|\.ci|\.github)\//, 'source or tooling folder'],
  // At any depth: the demo's production build lands in dist/demo/ (vite.config.ts), which `files: ["dist"]` would take.
  [/(^|\/)(test|tests|test-helpers|e2e|demo|examples|bench|test-results|playwright-report|coverage|artifacts|\.wtr)\//, 'test, demo, example or report folder'],
  [/(^|\/)\.data\//, 'local data (the demo and tests keep PGlite databases there)'],
  [/\.(test|spec)\.[cm]?[jt]sx?$/, 'test file'],
  [/(^|\/)\.env(\.|$)/, 'environment file'],
  [/(^|\/)\.npmrc$/, 'npm config (may hold a token)'],
  [/\.(pem|key|p12|pfx|tgz)$/, 'key or archive'],
  [/\.(db|sqlite3?)$/, 'database file'],
  [/(^|\/)node_modules\//, 'node_modules'],
  [/(^|\/)(index\.html|vite\.config\.[cm]?[jt]s|playwright\.config\.ts|tsconfig[\w.]*\.json)$/, 'app or tool config'],
];
/** Credentials that must never ship, whatever the file. (The mock API's documented `test_secret` is not one.) */
const SECRET_TEXT = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bAKIA[0-9A-Z]{16}\b/,
  /\bsk_live_[0-9a-zA-Z]{10,}/,
  /\bnpm_[0-9a-zA-Z]{36}\b/,
  /\b(ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{36}\b/,
  /\bgithub_pat_[0-9A-Za-z_]{40,}/,
  /\bxox[abposr]-[0-9A-Za-z-]{10,}/,
];

/** Paths package.json sends consumers to (main, types, unpkg, every exports target). */
function referencedPaths(pkg) {
  const out = new Set();
  const walk = (v) => {
    if (typeof v === 'string') out.add(v.replace(/^\.\//, ''));
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const field of ['main', 'module', 'types', 'unpkg', 'jsdelivr', 'exports', 'customElements']) walk(pkg[field]);
  return out;
}

/**
 * @param {{ files: { path: string, size: number }[], size: number, unpackedSize: number, entryCount: number }} pack
 *   one element of `npm pack --json`
 * @param {(path: string) => string} [readText] reads a packed file's text, for the secret and source-map scan
 * @returns {string[]} problems; empty when the package is fine
 */
export function checkPack(pack, readText = (path) => readFileSync(new URL(path, `file://${root}/`), 'utf8')) {
  const problems = [];
  const paths = new Set(pack.files.map((f) => f.path));
  for (const path of paths) {
    for (const [pattern, why] of FORBIDDEN) if (pattern.test(path)) problems.push(`${path}: ${why} must not be published`);
    if (!/\.(js|mjs|cjs|ts|json|map|txt|md)$/.test(path)) continue;
    const text = readText(path);
    if (path.endsWith('.map') && /"sourcesContent"\s*:/.test(text)) problems.push(`${path}: source map embeds sources`);
    // An inline map carries the sources inside the shipped file itself.
    if (/[#@]\s*sourceMappingURL=data:/.test(text)) problems.push(`${path}: inline source map`);
    for (const secret of SECRET_TEXT) if (secret.test(text)) problems.push(`${path}: looks like it contains a credential (${secret})`);
  }
  const pkg = JSON.parse(readText('package.json'));
  for (const path of referencedPaths(pkg)) if (!paths.has(path)) problems.push(`package.json points at ${path}, which is not in the package`);
  if (Object.keys(pkg.dependencies ?? {}).join() !== 'lit') problems.push(`runtime dependencies must be lit only, not ${Object.keys(pkg.dependencies ?? {})}`);
  return problems;
}

export function describePack(pack) {
  const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
  return `npm pack: ${pack.entryCount ?? pack.files.length} files, ${kB(pack.size)} packed, ${kB(pack.unpackedSize)} unpacked`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }));
  const problems = checkPack(pack);
  console.log(describePack(pack));
  for (const p of problems) console.error(`✗ ${p}`);
  process.exit(problems.length ? 1 : 0);
}
