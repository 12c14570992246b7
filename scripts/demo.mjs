#!/usr/bin/env node
// `npm run demo`: the demo page on Vite's dev server and, when present, the reference merchant server
// (demo/server/start.ts: a local PortOne REST stand-in plus the merchant's /api endpoints), which Vite proxies as /api.
// Everything runs from node_modules: no network is needed. Ctrl+C stops both.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT || '5173' },
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  console.error(`demo: ${error.message}\nUsage: node scripts/demo.mjs [--port 5173] [--host 127.0.0.1]`);
  process.exit(2);
}
if (args.help) {
  console.log('Usage: node scripts/demo.mjs [--port 5173] [--host 127.0.0.1]\nStarts the demo page and, if present, demo/server/start.ts.');
  process.exit(0);
}
const port = Number(args.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`demo: --port must be a port number; got ${JSON.stringify(args.port)}`);
  process.exit(2);
}

/** Child processes and servers to stop on the way out. */
let merchant = null;
let vite = null;
let stopping = false;

async function stop(code) {
  if (stopping) return;
  stopping = true;
  merchant?.kill('SIGTERM');
  await vite?.close().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => stop(130));
process.on('SIGTERM', () => stop(143));
// Whatever else ends this process (an uncaught error, process.exit) must not leave the merchant server behind.
process.on('exit', () => merchant?.kill('SIGTERM'));

const serverEntry = join(root, 'demo', 'server', 'start.ts');
if (existsSync(serverEntry)) {
  merchant = spawn(process.execPath, ['--import', 'tsx', serverEntry], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  merchant.on('exit', (code, signal) => {
    if (!stopping) console.error(`demo: the merchant server stopped (${signal ?? `exit code ${code}`}); the page keeps running without /api.`);
    merchant = null;
  });
} else {
  console.log('demo: demo/server/start.ts not found; serving the page without the merchant server (/api).');
}

const { createServer } = await import('vite');
try {
  vite = await createServer({
    root,
    configFile: join(root, 'vite.config.ts'),
    server: { port, host: args.host, strictPort: true },
  });
  await vite.listen();
} catch (error) {
  console.error(`demo: could not start the page on ${args.host}:${port}: ${error.message}`);
  await stop(1);
}

const pageUrl = `http://${args.host}:${port}/`;
console.log(`\n  imp-billing demo   ${pageUrl}`);
console.log(`  English            ${pageUrl}?lang=en`);
if (merchant) console.log('  merchant server    proxied as /api (see its own lines above)');
console.log('  Press Ctrl+C to stop.\n');
