#!/usr/bin/env node
// `npm run demo`: the demo page on Vite's dev server and, when present, the reference merchant server
// (demo/server/start.ts: a local PortOne REST stand-in plus the merchant's /api endpoints), which Vite proxies as /api.
// Everything runs from node_modules: no network is needed. Ctrl+C stops both.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
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

/** Resolves true when nothing listens on host:port, so the usual ports are used whenever they are free. */
function portFree(port, host) {
  return new Promise((resolve) => {
    const probe = createNetServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/** A port the OS says is free now. */
function anyFreePort(host) {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
  });
}

/** Polls until the server answers HTTP at all (PGlite needs a moment to open its folder), or gives up. */
async function waitForHttp(url, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && merchant) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return false;
}

const serverEntry = join(root, 'demo', 'server', 'start.ts');
let apiUrl = null;
if (existsSync(serverEntry)) {
  // 8787/8788 when free; otherwise (a second demo, or the e2e run next to `npm run demo`) any free pair.
  const serverPort = (await portFree(8787, args.host)) ? 8787 : await anyFreePort(args.host);
  let mockPort = (await portFree(8788, args.host)) ? 8788 : await anyFreePort(args.host);
  if (mockPort === serverPort) mockPort = await anyFreePort(args.host);
  const env = {
    ...process.env,
    DEMO_HOST: args.host,
    DEMO_SERVER_PORT: String(serverPort),
    MOCK_API_PORT: String(mockPort),
    // One PGlite folder per page port: two servers must never open the same folder (the e2e run uses 5179).
    DEMO_DATA_DIR: process.env.DEMO_DATA_DIR || (port === 5173 ? '.data/demo' : `.data/demo-${port}`),
  };
  merchant = spawn(process.execPath, ['--import', 'tsx', serverEntry], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  merchant.on('exit', (code, signal) => {
    if (!stopping) console.error(`demo: the merchant server stopped (${signal ?? `exit code ${code}`}); the page keeps running without /api.`);
    merchant = null;
  });
  apiUrl = `http://${args.host.includes(':') ? `[${args.host}]` : args.host}:${serverPort}`;
  if (!(await waitForHttp(`${apiUrl}/api/subscriptions`, 45_000))) {
    console.error('demo: the merchant server did not answer within 45 s; the page starts without /api.');
  }
  process.env.IMP_DEMO_API_URL = apiUrl; // read by vite.config.ts for the /api proxy
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
if (merchant && apiUrl) console.log(`  merchant server    ${apiUrl}, proxied as /api`);
console.log('  Press Ctrl+C to stop.\n');
