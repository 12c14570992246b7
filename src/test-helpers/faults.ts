/**
 * The failures real merchant servers meet, made on purpose: a proxy in front of the PortOne stand-in that can lose an
 * answer or hold a request, and a way to make an in-process server "die" (nothing it started ever finishes).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does with one request:
 * - `pass`: forwards it and relays the answer;
 * - `drop-answer`: forwards it, lets PortOne finish, then closes the connection without an answer (a lost answer);
 * - `hold-after`: forwards it, PortOne acts on it, the answer is kept back until the proxy closes;
 * - `hold-before`: never forwards it (PortOne never sees it).
 */
export type Fault = 'pass' | 'drop-answer' | 'hold-after' | 'hold-before';

export interface FaultyProxy {
  url: string;
  /** Where requests go; can change between scenarios. */
  target: string;
  /** Decides per request; default: pass everything. */
  rule: (method: string, path: string) => Fault;
  /** Requests currently held back. */
  held(): number;
  close(): Promise<void>;
}

export async function startFaultyProxy(target: string): Promise<FaultyProxy> {
  const sockets = new Set<Socket>();
  let holding = 0;
  const proxy: FaultyProxy = {
    url: '',
    target,
    rule: () => 'pass',
    held: () => holding,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? '/';
    const fault = proxy.rule(req.method ?? 'GET', path.split('?')[0]!);
    if (fault === 'hold-before') {
      holding++;
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'authorization', 'accept']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const upstream = await fetch(proxy.target + path, {
      method: req.method ?? 'GET',
      headers,
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    const body = Buffer.from(await upstream.arrayBuffer());
    if (fault === 'hold-after') {
      holding++;
      return;
    }
    if (fault === 'drop-answer') {
      req.socket.destroy();
      return;
    }
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', 511, resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

const never = new Promise<never>(() => undefined);

/**
 * Wraps an object's async methods so that after `kill()` nothing it started settles and nothing new starts: the
 * in-process picture of a SIGKILL (the process's in-flight work never reaches its next line).
 */
export function killable<T extends object>(target: T): { value: T; kill(): void } {
  let dead = false;
  const value = new Proxy(target, {
    get(obj, key, receiver) {
      const member = Reflect.get(obj, key, receiver) as unknown;
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        if (dead) return never;
        const result = (member as (...a: unknown[]) => unknown).apply(obj, args);
        if (!(result instanceof Promise)) return result;
        return result.then(
          (v) => (dead ? never : v),
          (e) => (dead ? never : Promise.reject(e)),
        );
      };
    },
  });
  return {
    value,
    kill() {
      dead = true;
    },
  };
}
