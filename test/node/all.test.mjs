// Node 20's test runner only discovers .js/.cjs/.mjs files in a folder, so `node --import tsx --test test/node/`
// lands here and loads the TypeScript suites (tsx compiles them). Node versions that strip types find the .ts files
// themselves; importing them again there would run every test twice.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

if (!process.features.typescript) {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.test.ts')).sort()) {
    await import(pathToFileURL(dir + file).href);
  }
}
