#!/usr/bin/env node
// `npm run build`: everything the npm package ships, into dist/ (plus custom-elements.json at the root).
//
//   dist/**/*.js              ES modules, one per source file, `lit` (and react, @lit/react, pg…) left as bare imports,
//                             so bundlers tree-shake and dedupe Lit; the element's engine and the sandbox stay behind
//                             their dynamic imports, so an app's main chunk gets the element's shell only.
//   dist/**/*.d.ts            declarations (tsc -p tsconfig.build.json)
//   dist/chunks/engine-HASH.js   the element's engine (params, request, redirect reader, PG table): one
//                             self-contained module, no Lit, shared by both script-tag builds
//   dist/chunks/sandbox-HASH.js  the offline sandbox, Lit inside, likewise shared
//   dist/imp-billing.bundle.js  self-registering <script type="module"> shell, Lit inside, minified; imports the
//                             chunks relative to its own URL (import.meta.url), or from its exact version when a CDN
//                             package URL named it (src/button/chunk-url.ts)
//   dist/imp-billing.iife.js  the same shell for a classic <script>, global `ImpBilling`; imports the same chunks
//                             the same way from its own script URL, so a CSP allowing the script's origin suffices
//   dist/imp-billing.sandbox.iife.js  classic add-on: `ImpBilling.installImpSandbox` for pages without modules
//   custom-elements.json      from the elements' JSDoc (custom-elements-manifest.config.mjs)
//
// The script-tag files and chunks are minified twice: esbuild, then terser's safe compression (minifyShipped).
//
// Node-only entries (src/server, src/mock-api) come out of the same per-module pass when their sources exist.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { minify } from 'terser';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');

/** The script-tag builds' entry; not part of the per-module npm output. */
const SCRIPT_TAG_ENTRY = join(src, 'script-tag.ts');
/** Where the script-tag shells find their chunks: theirs alone, so not in the npm output either. */
const CHUNK_URL = join(src, 'button', 'chunk-url.ts');

/** The classic add-on: the sandbox's installer on the `ImpBilling` global, for pages that script it without modules. */
const SANDBOX_IIFE_ENTRY = `import { installImpSandbox, isImpSandbox } from './src/sandbox/index.ts';
Object.assign((globalThis.ImpBilling ??= {}), { installImpSandbox, isImpSandbox });`;

/**
 * Minifies the CSS inside Lit's css`…` templates of *.styles.ts files (esbuild minifies the JS around them, not the
 * text of a template): comments out, whitespace collapsed. The templates hold no `${…}` interpolation.
 */
const minifyCss = {
  name: 'minify-css',
  setup(b) {
    b.onLoad({ filter: /\.styles\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const contents = text.replace(/css`([^`]*)`/g, (_, body) => {
        if (body.includes('${')) throw new Error(`${args.path}: an interpolation in css\`\`, which minify-css does not handle`);
        const min = body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/:\s+/g, ':')
          .replace(/;}/g, '}')
          .replace(/([\s:(,])0\.(\d)/g, '$1.$2') // 0.5em → .5em
          .replace(/\[([\w-]+)='([\w-]+)'\]/g, '[$1=$2]') // [part='message'] → [part=message]
          .trim();
        return `css\`${min}\``;
      });
      return { contents, loader: 'ts' };
    });
  },
};

const common = {
  absWorkingDir: root,
  plugins: [minifyCss],
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
  const entryPoints = sourceFiles(src).filter((f) => f !== SCRIPT_TAG_ENTRY && f !== CHUNK_URL);
  return build({ ...common, entryPoints, outdir: out, outbase: src, format: 'esm', bundle: false, platform: 'neutral' });
}

// Lit's licence in a side file beside each script (FILE.LEGAL.txt, shipped in the package), with no comment pointing at
// it in the hot path; Korean text as UTF-8 (3 bytes a syllable) instead of \\uXXXX escapes (6).
const minified = { bundle: true, minify: true, platform: 'browser', legalComments: 'external', charset: 'utf8' };

/**
 * The engine and the sandbox as self-contained hashed modules under dist/chunks/, each one file, so a module script
 * and a classic script can both import them by URL. Returns their paths relative to dist/.
 */
async function buildChunks(out) {
  const result = await build({
    ...common,
    ...minified,
    entryPoints: { engine: join(src, 'button', 'engine.ts'), sandbox: join(src, 'sandbox', 'element-sandbox.ts') },
    outdir: out,
    entryNames: 'chunks/[name]-[hash]',
    format: 'esm',
    metafile: true,
  });
  const chunks = {};
  for (const [file, meta] of Object.entries(result.metafile.outputs)) {
    if (!meta.entryPoint) continue;
    const name = meta.entryPoint.endsWith('engine.ts') ? 'engine' : 'sandbox';
    chunks[name] = relative(out, join(root, file)).split('\\').join('/');
    // The engine must stay free of Lit: the shell brings its own copy, and a second one would be paid for at the click.
    if (name === 'engine' && Object.keys(meta.inputs).some((f) => f.includes('node_modules/lit'))) {
      throw new Error('the engine chunk pulls in Lit: an import in src/button/engine.ts reaches the element');
    }
  }
  return chunks;
}

/** The package's name and version: a shell loaded by a CDN package URL takes its chunks from exactly this version. */
const { name: PACKAGE_NAME, version: PACKAGE_VERSION } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/**
 * Replaces the element's chunk loaders (engine-chunk.ts, sandbox-chunk.ts) with imports of the built chunks by URL,
 * found by src/button/chunk-url.ts from `base`: an expression naming the script's own URL, or `scriptUrl` of the
 * virtual module `script-url` whose source is `scriptUrlModule`.
 */
function chunksByUrl(chunks, base, scriptUrlModule) {
  const loaders = { 'engine-chunk.ts': ['engineChunk', chunks.engine], 'sandbox-chunk.ts': ['sandboxChunk', chunks.sandbox] };
  const prelude = `${scriptUrlModule ? `import { scriptUrl } from 'script-url';\n` : ''}import { chunkUrl } from ${JSON.stringify(CHUNK_URL)};\n`;
  const pkg = `${JSON.stringify(PACKAGE_NAME)}, ${JSON.stringify(PACKAGE_VERSION)}`;
  return {
    name: 'chunks-by-url',
    setup(b) {
      b.onLoad({ filter: /[\\/]button[\\/](engine|sandbox)-chunk\.ts$/ }, (args) => {
        const [name, file] = loaders[args.path.split(/[\\/]/).pop()];
        return { loader: 'js', contents: `${prelude}export const ${name} = { load: () => import(chunkUrl(${JSON.stringify(file)}, ${base}, ${pkg})) };` };
      });
      if (!scriptUrlModule) return;
      b.onResolve({ filter: /^script-url$/ }, () => ({ path: 'script-url', namespace: 'script-url' }));
      b.onLoad({ filter: /.*/, namespace: 'script-url' }, () => ({ loader: 'js', contents: scriptUrlModule, resolveDir: root }));
    },
  };
}

/**
 * The script-tag shells take `ReactiveElement` and `css` from `@lit/reactive-element`, the package `lit` re-exports them
 * from: through `lit`'s index esbuild keeps all of Lit (lit-element's module has side effects), though the button
 * renders without lit-html. Any other import of 'lit' in the shell then fails the build ("No matching export").
 */
const litBaseOnly = {
  name: 'lit-base-only',
  setup(b) {
    const litDir = join(root, 'node_modules', 'lit');
    b.onResolve({ filter: /^lit$/ }, (args) =>
      args.pluginData === 'lit-base-only' ? undefined : b.resolve('@lit/reactive-element', { resolveDir: litDir, kind: args.kind, pluginData: 'lit-base-only' }),
    );
  },
};

/** Minified, Lit inside, for <script type="module" src>: the shell alone, one file at the root of dist/. */
function buildModuleBundle(out, chunks) {
  return build({
    ...common,
    ...minified,
    plugins: [minifyCss, litBaseOnly, chunksByUrl(chunks, 'import.meta.url')],
    entryPoints: { 'imp-billing.bundle': SCRIPT_TAG_ENTRY },
    outdir: out,
    format: 'esm',
  });
}

/**
 * The IIFE's own URL, taken while it runs: `document.currentScript` for a classic script; loaded as a module script
 * (where currentScript is null) it finds its own tag by the URL forms `isIifeUrl` knows. A renamed copy must be loaded
 * as a classic script.
 */
const IIFE_SCRIPT_URL = `import { isIifeUrl } from ${JSON.stringify(CHUNK_URL)};
export const scriptUrl = (document.currentScript ?? [...document.scripts].find((s) => isIifeUrl(s.src, ${JSON.stringify(PACKAGE_NAME)}))).src;`;

/**
 * The classic global: the script-tag entry's exports merged into `ImpBilling` (the sandbox add-on merges into the
 * same object, so the two files work in either order), as a plain object rather than esbuild's namespace getters.
 */
const IIFE_ENTRY = `import { BillingError, BUTTON_TAG, DEFAULT_SDK_SRC, defineImpBillingButton, ImpBillingButton, loadImp } from './src/script-tag.ts';
Object.assign((globalThis.ImpBilling ??= {}), { BillingError, BUTTON_TAG, DEFAULT_SDK_SRC, defineImpBillingButton, ImpBillingButton, loadImp });`;

/**
 * Minified IIFE for a classic <script src> (a module script works too: the global is set explicitly): the same shell,
 * the same chunks.
 */
function buildIife(out, chunks) {
  return build({
    ...common,
    ...minified,
    plugins: [minifyCss, litBaseOnly, chunksByUrl(chunks, 'scriptUrl', IIFE_SCRIPT_URL)],
    stdin: { contents: IIFE_ENTRY, resolveDir: root, sourcefile: 'imp-billing.iife.ts', loader: 'ts' },
    outfile: join(out, 'imp-billing.iife.js'),
    format: 'iife',
  });
}

/** The classic add-on that puts the sandbox installer on `ImpBilling` (Lit inside, like the sandbox chunk). */
function buildSandboxIife(out) {
  return build({
    ...common,
    ...minified,
    stdin: { contents: SANDBOX_IIFE_ENTRY, resolveDir: root, sourcefile: 'imp-billing.sandbox.iife.ts', loader: 'ts' },
    outfile: join(out, 'imp-billing.sandbox.iife.js'),
    format: 'iife',
  });
}

/**
 * A second minification of the files a page downloads as they are (the script-tag shells, their chunks, the sandbox
 * add-on): terser's safe compression after esbuild's takes about 2% more off the gzip size (measured by
 * `npm run bench`); the npm modules stay unminified for the app's own bundler. Licences are in the side files already.
 */
async function minifyShipped(out) {
  const files = ['imp-billing.bundle.js', 'imp-billing.iife.js', 'imp-billing.sandbox.iife.js', ...readdirSync(join(out, 'chunks')).filter((f) => f.endsWith('.js')).map((f) => `chunks/${f}`)];
  await Promise.all(
    files.map(async (file) => {
      const path = join(out, file);
      const { code } = await minify(readFileSync(path, 'utf8'), {
        module: !file.includes('.iife.'),
        ecma: 2022,
        compress: { passes: 2 },
        format: { comments: false },
      });
      writeFileSync(path, code);
    }),
  );
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

/**
 * The manifest as the analyzer produces it from the current sources. Every module it names (a module's path, an
 * export's or superclass's module) must be a file the package ships, `dist/x.js` built from `src/x.ts`: the build
 * fails on any other, such as a path left relative to the file that re-exports it.
 */
async function generateManifest() {
  const { cli } = await import('@custom-elements-manifest/analyzer/cli.js');
  const manifest = await cli({ argv: ['analyze', '--config', 'custom-elements-manifest.config.mjs'], cwd: root, noWrite: true });
  const named = manifest.modules.flatMap((mod) => [
    mod.path,
    ...(mod.exports ?? []).map((ex) => ex.declaration?.module),
    ...(mod.declarations ?? []).map((d) => d.superclass?.module),
  ]);
  const unshipped = named.filter((path) => path && !existsSync(join(src, path.replace(/^dist\//, '').replace(/\.js$/, '.ts'))));
  if (unshipped.length) throw new Error(`custom-elements.json names modules the package does not ship: ${[...new Set(unshipped)].join(', ')}`);
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
  const scriptTagBuilds = buildChunks(outDir).then((chunks) => Promise.all([buildModuleBundle(outDir, chunks), buildIife(outDir, chunks)]));
  const shipped = Promise.all([scriptTagBuilds, buildSandboxIife(outDir)]).then(() => minifyShipped(outDir));
  const steps = [buildModules(outDir), shipped];
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
