#!/usr/bin/env node
// `npm run build`: everything the npm package ships, into dist/ (plus custom-elements.json at the root).
//
//   dist/**/*.js              ES modules, one per source file, `lit` (and react, @lit/react, pg…) left as bare imports,
//                             so bundlers tree-shake and dedupe Lit; the sandbox stays behind its dynamic import.
//   dist/**/*.d.ts            declarations (tsc -p tsconfig.build.json)
//   dist/imp-billing.bundle.js  self-registering <script type="module"> bundle, Lit inside, minified; the sandbox is
//                             a lazily loaded chunk under dist/chunks/
//   dist/imp-billing.iife.js  the same for a classic <script>, sandbox inlined, global `ImpBilling`
//   custom-elements.json      from the elements' JSDoc (custom-elements-manifest.config.mjs)
//
// Node-only entries (src/server, src/mock-api) come out of the same per-module pass when their sources exist.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');

/** The classic-script global: the self-defining entry's API plus the sandbox, which has no module loader to lazy-load it. */
const IIFE_ENTRY = `export * from './src/index.ts';
export { installImpSandbox, isImpSandbox } from './src/sandbox/index.ts';`;

const common = {
  absWorkingDir: root,
  target: 'es2022',
  tsconfig: join(root, 'tsconfig.json'), // useDefineForClassFields: false, which Lit's reactive fields need
  logLevel: 'warning',
  // No "development" condition: Lit's exports map then resolves to its production build (no dev-mode warnings).
};

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'test-helpers' ? [] : sourceFiles(path); // tests' helpers are not published
    return /\.tsx?$/.test(e.name) && !/\.(test|spec|typecheck)\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Unbundled ESM: every import stays as written, so `lit` remains a bare specifier and dist/ mirrors src/. */
function buildModules(out) {
  return build({ ...common, entryPoints: sourceFiles(src), outdir: out, outbase: src, format: 'esm', bundle: false, platform: 'neutral' });
}

/** Minified, Lit inside, for <script type="module" src>. Splitting keeps the sandbox out of the critical path. */
function buildModuleBundle(out) {
  return build({
    ...common,
    entryPoints: { 'imp-billing.bundle': join(src, 'index.ts') },
    outdir: out,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    bundle: true,
    splitting: true,
    minify: true,
    platform: 'browser',
    legalComments: 'linked', // Lit's BSD licence notice, in a side file instead of the hot path
  });
}

/**
 * package.json's `sideEffects` names dist/index.js, so esbuild would treat src/index.ts as side-effect-free when it is
 * imported rather than an entry point, and drop its `define…()` calls. It is imported by the IIFE's entry: say so.
 */
const selfDefiningEntry = {
  name: 'self-defining-entry',
  setup(b) {
    b.onResolve({ filter: /^\.\/src\/index\.ts$/ }, (args) => ({ path: join(args.resolveDir, args.path), sideEffects: true }));
  },
};

/**
 * Minified IIFE for a classic <script src> (a module script works too): a single file, so the dynamically imported
 * sandbox is inlined.
 */
function buildIife(out) {
  return build({
    ...common,
    plugins: [selfDefiningEntry],
    stdin: { contents: IIFE_ENTRY, resolveDir: root, sourcefile: 'imp-billing.iife.ts', loader: 'ts' },
    outfile: join(out, 'imp-billing.iife.js'),
    format: 'iife',
    globalName: 'ImpBilling',
    // `var ImpBilling` is global only in a classic script; this line makes the same file work as a module script too.
    footer: { js: 'globalThis.ImpBilling=ImpBilling;' },
    bundle: true,
    minify: true,
    platform: 'browser',
    legalComments: 'linked',
  });
}

/** Declarations only; `npm test` typechecks, so skipping the check here keeps the build at a couple of seconds. */
function buildDeclarations(out) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  return new Promise((resolve, reject) => {
    const args = [tsc, '-p', join(root, 'tsconfig.build.json'), '--noCheck', '--outDir', out];
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tsc exited with ${code}`))));
  });
}

/** The manifest as the analyzer produces it from the current sources (also used by the staleness test). */
export async function generateManifest() {
  const { cli } = await import('@custom-elements-manifest/analyzer/cli.js');
  const manifest = await cli({ argv: ['analyze', '--config', 'custom-elements-manifest.config.mjs'], cwd: root, noWrite: true });
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

async function writeManifest() {
  const file = join(root, 'custom-elements.json');
  const text = await generateManifest();
  // Rewritten only on change, so a build leaves a clean git tree when the docs did not change.
  if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
}

/**
 * @param {{ log?: (line: string) => void, outDir?: string, types?: boolean }} [options] `outDir` (default dist/) is
 *   emptied first; another folder lets `npm run bench` measure a fresh build without pulling dist/ from under a
 *   concurrent test. `types: false` skips the declarations and the manifest, which a size measurement does not need.
 */
export async function buildAll({ log = console.log, outDir = dist, types = true } = {}) {
  const started = performance.now();
  rmSync(outDir, { recursive: true, force: true });
  const steps = [buildModules(outDir), buildModuleBundle(outDir), buildIife(outDir)];
  if (types) steps.push(buildDeclarations(outDir), writeManifest());
  await Promise.all(steps);
  const ms = Math.round(performance.now() - started);
  log(`built ${relative(process.cwd(), outDir) || 'dist'}/${types ? ' and custom-elements.json' : ''} in ${ms} ms`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildAll().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
