// Transfer sizes (minified, then gzip -9) of what a page downloads before <imp-billing-button> works, measured on a
// build made by scripts/build.mjs's buildAll (scripts/bench.mjs builds into a temporary folder, not dist/).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const gzipBytes = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** The sandbox window's tag name: only the sandbox's code contains it, so it marks sandbox code in any output file. */
const SANDBOX_MARKER = 'imp-billing-sandbox-dialog';

/** Relative specifiers a built file imports statically (`import … from`, `export … from`, bare `import "x"`). */
function staticImports(code) {
  return [...code.matchAll(/\b(?:import|export)\s*(?:[\w$*{},\s]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]);
}

function dynamicImports(code) {
  return [...code.matchAll(/\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g)].map((m) => m[1]);
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
      external: ['lit', 'lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*', '@lit/*'],
      legalComments: 'none',
      logLevel: 'warning',
    });
    const esm = describeEntry(join(esmOut, 'index.js'));
    const esmCode = esm.files.map((f) => readFileSync(f, 'utf8')).join('\n');

    const iife = readFileSync(join(out, 'imp-billing.iife.js'));
    return {
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
      esmLitExternal: !/lit\$\d|lit-html|ReactiveElement/.test(esmCode.replace(/from\s*["']lit[^"']*["']/g, '')),
    };
  } finally {
    rmSync(esmOut, { recursive: true, force: true });
  }
}
