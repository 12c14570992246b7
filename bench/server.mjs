// The bench's local site on 127.0.0.1 (a free port):
//   /pages/…          bench/pages/
//   /dist/…           a build folder (the bench builds into a temporary one)
//   /sdk/iamport.js   bench/fake-iamport.js after `sdkLatencyMs`, every request counted (and the engine chunk's)
// Every response is cross-origin isolated (COOP + COEP), which gives performance.now() microsecond resolution
// instead of Chrome's coarsened 100 µs, and is `no-store`, so the SDK count is requests, not cache misses.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
const HEADERS = {
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

/** A file under `dir`, or null when the path leaves it or does not exist. */
function fileIn(dir, path) {
  const file = normalize(join(dir, path));
  if (relative(dir, file).startsWith('..') || !existsSync(file) || !statSync(file).isFile()) return null;
  return file;
}

export async function startBenchServer({ distDir, sdkLatencyMs = 100 }) {
  const counts = { sdk: 0, engine: 0 };
  const fakeSdk = readFileSync(join(benchDir, 'fake-iamport.js'));
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/sdk/iamport.js') {
      counts.sdk++;
      setTimeout(() => res.writeHead(200, { ...HEADERS, 'content-type': TYPES['.js'] }).end(fakeSdk), sdkLatencyMs);
      return;
    }
    if (/^\/dist\/chunks\/engine-[^/]+\.js$/.test(path)) counts.engine++;
    const file = path.startsWith('/pages/')
      ? fileIn(join(benchDir, 'pages'), path.slice('/pages/'.length))
      : path.startsWith('/dist/')
        ? fileIn(distDir, path.slice('/dist/'.length))
        : null;
    if (!file) return void res.writeHead(404, HEADERS).end();
    res.writeHead(200, { ...HEADERS, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    counts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
