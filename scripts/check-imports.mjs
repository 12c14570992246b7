#!/usr/bin/env node
// The import directions of src/ (ARCHITECTURE.md explains them). Every relative import of every file under src/ is
// checked against RULES; a sideways import (say card-form → button, mock-api → server, sandbox → mock-api) fails
// `npm test`. Before checking the tree, the checker proves itself on a made-up tree that holds each kind of
// violation, so a broken checker cannot pass silently.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Which folders of src/ a folder's modules may import statically (their own folder always). `(root)` is the entry
 * files directly in src/ (index.ts, pure.ts, events.ts, jsx.ts). `dynamic` lists what only `import()` may reach.
 */
export const RULES = {
  shared: { imports: [] }, // runtime-neutral: used by the browser and Node alike, so it leans on nothing
  core: { imports: [] },
  ui: { imports: ['core'] }, // what both elements share: lang, definition, events, styles
  '(root)': { imports: ['core', 'ui', 'button', 'card-form'] }, // the entry points: index, pure, jsx
  button: { imports: ['core', 'ui'], dynamic: ['sandbox'] }, // the sandbox stays out of the main bundle
  'card-form': { imports: ['core', 'ui'] },
  sandbox: { imports: ['core', 'shared'] },
  react: { imports: ['button', 'card-form', 'ui'] },
  server: { imports: ['core', 'shared'] },
  'mock-api': { imports: ['core', 'shared'] },
  'test-helpers': { imports: ['*'] }, // test code; only tests may import it
};

/** Tests (`*.test.ts`, `*.typecheck.ts`) may import any module, test-helpers included. */
const isTest = (file) => /\.(test|typecheck)\.[cm]?[jt]sx?$/.test(file);

/** The src/ folder a path (relative to src/, `/`-separated) belongs to. */
function folderOf(path) {
  const slash = path.indexOf('/');
  return slash < 0 ? '(root)' : path.slice(0, slash);
}

/** `[specifier, dynamic]` for every relative import, re-export and `import()` in a module's text. */
function importsOf(text) {
  const found = [];
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1'); // comments are not imports
  for (const m of code.matchAll(/\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/g)) found.push([m[1], false]);
  for (const m of code.matchAll(/\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)) found.push([m[1], true]);
  return found;
}

/**
 * Checks `files` (path relative to src/ → text) and returns one line per forbidden import.
 * @param {Map<string, string>} files
 */
export function checkImports(files) {
  const problems = [];
  for (const [file, text] of files) {
    const from = folderOf(file);
    const rule = RULES[from];
    if (!rule) {
      problems.push(`${file}: folder "${from}" has no entry in scripts/check-imports.mjs RULES; say what it may import`);
      continue;
    }
    for (const [specifier, dynamic] of importsOf(text)) {
      const target = posix.normalize(posix.join(posix.dirname(file), specifier));
      if (target.startsWith('../')) {
        problems.push(`${file}: imports ${specifier}, outside src/`);
        continue;
      }
      const to = folderOf(target);
      if (to === from || isTest(file)) continue;
      if (to === 'test-helpers') {
        problems.push(`${file}: imports ${specifier}; test helpers are for tests only`);
        continue;
      }
      const allowed = rule.imports.includes('*') || rule.imports.includes(to) || (dynamic && rule.dynamic?.includes(to));
      if (!allowed) {
        const how = !dynamic && rule.dynamic?.includes(to) ? ' statically (only import() may reach it)' : '';
        problems.push(`${file}: ${from} may not import ${to}${how} (${specifier})`);
      }
    }
  }
  return problems;
}

/** A made-up tree with one import of each forbidden kind beside allowed ones: each must be reported, nothing else. */
function selfCheck() {
  const tree = new Map([
    ['card-form/card-form.ts', "import { uiCopy } from '../button/messages.js';\nimport { luhnValid } from '../core/card.js';"],
    ['mock-api/index.ts', "import type { ImpEnvelope } from '../server/types.js';\nexport { TEST_CARDS } from '../shared/test-cards.js';"],
    ['sandbox/sandbox.ts', "import {\n  TEST_CARDS,\n} from '../mock-api/cards.js';"],
    ['button/button.ts', "import { installImpSandbox } from '../sandbox/index.js';\nconst chunk = () => import('../sandbox/index.js');"],
    ['core/request.ts', "import { fakeImp } from '../test-helpers/fake-imp.js';\n// import { x } from '../button/button.js';"],
    ['shared/body.ts', "export * from '../core/card.js';"],
    ['core/redirect.test.ts', "import { MemoryStorage } from '../test-helpers/core-helpers.js';"],
    ['widgets/new.ts', "import { x } from './x.js';"],
  ]);
  const expected = [
    'card-form/card-form.ts: card-form may not import button (../button/messages.js)',
    'mock-api/index.ts: mock-api may not import server (../server/types.js)',
    'sandbox/sandbox.ts: sandbox may not import mock-api (../mock-api/cards.js)',
    'button/button.ts: button may not import sandbox statically (only import() may reach it) (../sandbox/index.js)',
    'core/request.ts: imports ../test-helpers/fake-imp.js; test helpers are for tests only',
    'shared/body.ts: shared may not import core (../core/card.js)',
    'widgets/new.ts: folder "widgets" has no entry in scripts/check-imports.mjs RULES; say what it may import',
  ];
  const got = checkImports(tree);
  if (JSON.stringify(got) !== JSON.stringify(expected)) {
    console.error('check-imports self-check failed: the checker does not report what it must.');
    console.error(`expected:\n  ${expected.join('\n  ')}\ngot:\n  ${got.join('\n  ')}`);
    process.exit(2);
  }
  return expected.length;
}

function sourceTree(dir) {
  const files = new Map();
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!/\.[cm]?[jt]sx?$/.test(entry) || entry.endsWith('.d.ts')) continue;
    files.set(entry.split('\\').join('/'), readFileSync(join(dir, entry), 'utf8'));
  }
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const proven = selfCheck();
  const src = fileURLToPath(new URL('../src/', import.meta.url));
  const files = sourceTree(src);
  const problems = checkImports(files);
  for (const p of problems) console.error(`✗ src/${p}`);
  console.log(
    `check-imports: self-check caught ${proven} planted violations; ${files.size} modules in ${relative(process.cwd(), src) || 'src'}, ` +
      `${problems.length} forbidden import${problems.length === 1 ? '' : 's'}`,
  );
  process.exit(problems.length ? 1 : 0);
}
