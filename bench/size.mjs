// Transfer sizes (minified, then gzip -9) of what a page downloads before <imp-billing-button> works, measured on a
// build made by scripts/build.mjs's buildAll (scripts/bench.mjs builds into a temporary folder, not dist/).
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

export const gzipBytes = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** The sandbox window's tag name: only the sandbox's code contains it, so it marks sandbox code in any output file. */
const SANDBOX_MARKER = 'imp-billing-sandbox-dialog';

/** Relative specifiers a built file imports statically (`import … from`, `export … from`, bare `import "x"`). */
function staticImports(code) {
  return [...code.matchAll(/\b(?:import|export)\s*(?:[\w$*{},\s]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]);
}

/** `import("./x.js")`, and the script-tag builds' `import(chunkUrl("chunks/x.js", <own URL>, …))` (minified name). */
function dynamicImports(code) {
  return [...code.matchAll(/\bimport\(\s*(?:[\w$]+\(\s*)?["']((?:\.{1,2}\/|chunks\/)[^"']+)["']/g)].map((m) => m[1]);
}

/** The entry and every file it reaches through static imports: what the browser fetches before running the entry. */
function criticalPath(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(readFileSync(file, 'utf8'))) visit(join(dirname(file), spec));
  };
  visit(entry);
  return [...seen];
}

/** The entry's critical path, and the lazily imported files that hold the sandbox. */
function describeEntry(entry) {
  const files = criticalPath(entry);
  const lazy = files.flatMap((f) => dynamicImports(readFileSync(f, 'utf8')).map((spec) => join(dirname(f), spec)));
  const hasSandbox = (f) => readFileSync(f, 'utf8').includes(SANDBOX_MARKER);
  return {
    files,
    staticSandbox: files.some(hasSandbox),
    sandboxFiles: [...new Set(lazy)].filter((f) => !files.includes(f) && hasSandbox(f)),
  };
}

/** gzip of each file on its own, summed: the files travel as separate responses. */
const gzipOfFiles = (files) => files.reduce((sum, f) => sum + gzipBytes(readFileSync(f)), 0);
const bytesOfFiles = (files) => files.reduce((sum, f) => sum + readFileSync(f).length, 0);

/** Marks engine code in any output file: the engine's own warm-up merchant_uid, which nothing else contains. */
const ENGINE_MARKER = 'warm-up';

/** An app's first paint from its entry file `main`: the gzip of its critical path, and whether engine code is on it. */
function firstPaintOf(main) {
  const files = criticalPath(main);
  return { gzipBytes: gzipOfFiles(files), hasEngine: files.some((f) => readFileSync(f, 'utf8').includes(ENGINE_MARKER)) };
}

const LIT = ['lit', 'lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*', '@lit/*'];

/** The package in `app`'s node_modules as npm installs it: its package.json, and `out` (a buildAll folder) as dist/. */
function installPackage(app, out) {
  const pkg = join(app, 'node_modules', 'imp-billing');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), readFileSync(join(root, 'package.json')));
  cpSync(out, join(pkg, 'dist'), { recursive: true });
}

/**
 * An app whose code is `import 'imp-billing'` and nothing else, against the package as npm installs it (its
 * package.json with `sideEffects`, `out` as dist/), in a temporary git-ignored folder of the repository so that `lit`
 * resolves to the repository's copy. Built twice with `vite build` (production; Rolldown splits by module and
 * drops unused re-exports, where esbuild's splitting would pull the engine into a shared chunk through the core's
 * re-exports):
 *   esmFirstPaint  Lit external: the package's bytes on an app's first-paint path (the shell, plus Vite's own helper
 *                  for lazy chunks, about 0.6 kB, which any app with a lazy import carries once).
 *   appBundle      Lit bundled: the app's real main chunk.
 * Each with whether engine code reached the first-paint files.
 */
async function measureApp(out) {
  const { build: viteBuild } = await import('vite');
  const app = mkdtempSync(join(root, '.bench-app-'));
  try {
    installPackage(app, out);
    writeFileSync(join(app, 'package.json'), '{ "name": "bench-app", "private": true, "type": "module" }');
    writeFileSync(join(app, 'index.html'), '<!doctype html><imp-billing-button customer-uid="c"></imp-billing-button><script type="module" src="./main.js"></script>');
    writeFileSync(join(app, 'main.js'), "import 'imp-billing';\n");

    const viteBuild1 = async (name, external) => {
      const outDir = join(app, name);
      await viteBuild({ root: app, configFile: false, logLevel: 'silent', build: { outDir, target: 'es2022', modulePreload: { polyfill: false }, rollupOptions: { external } } });
      const html = readFileSync(join(outDir, 'index.html'), 'utf8');
      return firstPaintOf(join(outDir, html.match(/<script type="module"[^>]*src="\/([^"]+)"/)[1]));
    };
    const esmFirstPaint = await viteBuild1('lit-external', [/^lit($|\/)/, /^lit-html($|\/)/, /^lit-element($|\/)/, /^@lit\//]);
    const appBundle = await viteBuild1('with-lit', []);
    return { esmFirstPaint, appBundle };
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

/**
 * An app bundled by esbuild (as Angular's CLI does), `lit` external: the gzip of the files its entry loads statically,
 * for `main` as its whole code. esbuild gives a module reached both from the entry (even through a re-export nothing
 * uses) and from a lazy chunk to a chunk the entry imports, so `import 'imp-billing'` ships the core on the first paint;
 * `import 'imp-billing/button'` does not.
 */
async function measureEsbuildApp(out, main) {
  const app = mkdtempSync(join(root, '.bench-esbuild-app-'));
  try {
    installPackage(app, out);
    writeFileSync(join(app, 'main.js'), main);
    await build({
      entryPoints: [join(app, 'main.js')],
      outdir: join(app, 'out'),
      bundle: true,
      splitting: true,
      format: 'esm',
      minify: true,
      target: 'es2022',
      external: LIT,
      legalComments: 'none',
      logLevel: 'error',
    });
    return firstPaintOf(join(app, 'out', 'main.js'));
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

/** @param {string} out a folder built by buildAll */
export async function measureSizes(out) {
  const esmOut = mkdtempSync(join(tmpdir(), 'imp-billing-bench-esm-'));
  try {
    const rel = (base) => (f) => relative(base, f).split(sep).join('/');

    // <script type="module" src=dist/imp-billing.bundle.js>: Lit inside, an entry plus the chunk it shares with the sandbox.
    const bundle = describeEntry(join(out, 'imp-billing.bundle.js'));

    // The npm entry as an app's bundler sees it: dist/index.js bundled and minified, `lit` left to the app.
    await build({
      entryPoints: { index: join(out, 'index.js') },
      outdir: esmOut,
      bundle: true,
      splitting: true, // keeps the sandbox behind its import(), as app bundlers do
      format: 'esm',
      minify: true,
      platform: 'browser',
      target: 'es2022',
      external: LIT,
      legalComments: 'none',
      logLevel: 'warning',
    });
    const esm = describeEntry(join(esmOut, 'index.js'));
    const esmCode = esm.files.map((f) => readFileSync(f, 'utf8')).join('\n');

    const iife = readFileSync(join(out, 'imp-billing.iife.js'));
    const engineFile = readdirSync(join(out, 'chunks')).find((f) => /^engine-.*\.js$/.test(f));
    const engineGzipBytes = gzipBytes(readFileSync(join(out, 'chunks', engineFile)));
    const app = await measureApp(out);
    const esbuildButtonApp = await measureEsbuildApp(out, "import 'imp-billing/button';\n");
    const esbuildIndexApp = await measureEsbuildApp(out, "import 'imp-billing';\n");
    const bundleCode = bundle.files.map((f) => readFileSync(f, 'utf8')).join('\n');
    return {
      firstPaintGzipBytes: gzipOfFiles(bundle.files),
      iifeFirstPaintGzipBytes: gzipBytes(iife),
      esmFirstPaintGzipBytes: app.esmFirstPaint.gzipBytes,
      appBundleGzipBytes: app.appBundle.gzipBytes,
      esbuildButtonAppFirstPaintGzipBytes: esbuildButtonApp.gzipBytes,
      esbuildButtonAppHasEngine: esbuildButtonApp.hasEngine,
      esbuildIndexAppFirstPaintGzipBytes: esbuildIndexApp.gzipBytes,
      engineGzipBytes,
      clickReadyGzipBytes: gzipOfFiles(bundle.files) + engineGzipBytes,
      engineFile: `chunks/${engineFile}`,
      engineInFirstPaint: bundleCode.includes(ENGINE_MARKER) || iife.includes(ENGINE_MARKER),
      engineInAppMainChunk: app.appBundle.hasEngine || app.esmFirstPaint.hasEngine,
      bundleGzipBytes: gzipOfFiles(bundle.files),
      bundleMinBytes: bytesOfFiles(bundle.files),
      bundleFiles: bundle.files.map(rel(out)),
      bundleStaticallyImportsSandbox: bundle.staticSandbox,
      sandboxGzipBytes: gzipOfFiles(bundle.sandboxFiles),
      sandboxFiles: bundle.sandboxFiles.map(rel(out)),
      iifeGzipBytes: gzipBytes(iife),
      iifeMinBytes: iife.length,
      iifeIncludesSandbox: iife.includes(SANDBOX_MARKER),
      esmGzipBytes: gzipOfFiles(esm.files),
      esmMinBytes: bytesOfFiles(esm.files),
      esmFiles: esm.files.map(rel(esmOut)),
      esmStaticallyImportsSandbox: esm.staticSandbox,
      esmSandboxGzipBytes: gzipOfFiles(esm.sandboxFiles),
      // Lit's own marker strings: a bundle that inlined Lit would contain them.
      esmLitExternal: !/lit\$\d|lit-html|ReactiveElement/.test(esmCode.replace(/import\s*\{[^}]*\}\s*from\s*["']lit[^"']*["']/g, '')),
    };
  } finally {
    rmSync(esmOut, { recursive: true, force: true });
  }
}
