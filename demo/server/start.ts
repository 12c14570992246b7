/**
 * Starts the local PortOne stand-in and the demo merchant server together and prints their URLs.
 *   node --import tsx demo/server/start.ts
 * Env: DEMO_SERVER_PORT (8787), MOCK_API_PORT (8788), DEMO_HOST (127.0.0.1), DEMO_DATA_DIR (.data/demo, PGlite),
 * DATABASE_URL (use PostgreSQL instead), IMP_KEY / IMP_SECRET (default test_key / test_secret; set a wrong secret to
 * see how a 401 from PortOne is reported).
 */
import { startMockApi } from '../../src/mock-api/index.js';
import { startDemoServer } from './index.js';

const host = process.env.DEMO_HOST ?? '127.0.0.1';
const serverPort = Number(process.env.DEMO_SERVER_PORT ?? 8787);
const mockPort = Number(process.env.MOCK_API_PORT ?? 8788);
const dataDir = process.env.DEMO_DATA_DIR ?? '.data/demo';
const urlHost = host.includes(':') ? `[${host}]` : host;

const mock = await startMockApi({ port: mockPort, host, webhookUrl: `http://${urlHost}:${serverPort}/api/webhook` });
let demo: Awaited<ReturnType<typeof startDemoServer>>;
try {
  demo = await startDemoServer({
    port: serverPort,
    host,
    mockApiUrl: mock.url,
    dataDir,
    ...(process.env.IMP_KEY ? { impKey: process.env.IMP_KEY } : {}),
    ...(process.env.IMP_SECRET ? { impSecret: process.env.IMP_SECRET } : {}),
  });
} catch (error) {
  await mock.close();
  throw error;
}

const storage = demo.store.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${dataDir}`;
console.log(`PortOne V1 stand-in (mock API): ${mock.url}`);
console.log(`demo merchant server:           ${demo.url}  (card form → ${demo.url}/api/card, webhook ← ${demo.url}/api/webhook)`);
console.log(`storage:                        ${storage}`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await demo.close();
  await mock.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
