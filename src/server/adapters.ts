/**
 * Thin adapters from the framework-free handlers to node:http / Express `(req, res)` and to fetch-style
 * `(Request) => Response` runtimes. Bodies are size-limited and time-limited while read; answers are JSON and never
 * cached; every 500 is logged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyError, DEFAULT_BODY_LIMIT, DEFAULT_BODY_TIMEOUT_MS, parseBody, readText } from '../shared/body.js';
import { describeError, type Handler, type HandlerInput, type HandlerResult } from './handlers.js';

export interface AdapterOptions {
  /** Bytes; default 64 KiB. */
  limit?: number;
  /** How long the body may take to arrive, ms; default 10 000. A slower body is answered 408. */
  bodyTimeoutMs?: number;
  /** Default ['POST']. */
  methods?: string[];
  /** Where a handler's unexpected throw is logged (name and message, never the body); default console.error. */
  onError?: (message: string) => void;
}

const INTERNAL_ERROR: HandlerResult = { status: 500, body: { ok: false, code: 'pg-error', message: 'internal error' } };

function internalError(error: unknown, options: AdapterOptions): HandlerResult {
  (options.onError ?? ((m: string) => console.error(m)))(`[imp-billing] answered 500: ${describeError(error)}`);
  return INTERNAL_ERROR;
}

/** After a refused upload (too big, too slow) the rest of it may still be arriving: close instead of reading it. */
const closesConnection = (status: number) => status === 408 || status === 413;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } as const;

async function run(
  handler: Handler,
  method: string,
  headers: Record<string, string | undefined>,
  readBody: () => Promise<Record<string, unknown>>,
  options: AdapterOptions,
): Promise<HandlerResult> {
  const methods = options.methods ?? ['POST'];
  if (!methods.includes(method.toUpperCase())) {
    return { status: 405, body: { ok: false, code: 'invalid-params', message: `use ${methods.join(' or ')}` } };
  }
  let input: HandlerInput;
  try {
    input = { body: await readBody(), headers };
  } catch (error) {
    if (error instanceof BodyError) return { status: error.status, body: { ok: false, code: 'invalid-params', message: error.message } };
    throw error;
  }
  return handler(input);
}

/** An Express-style request: a Node request, possibly with `body` already parsed by a body-parser middleware. */
export type NodeRequest = IncomingMessage & { body?: unknown };

/** For `http.createServer(toNodeHandler(h))` or `app.post('/api/card', toNodeHandler(h))`. */
export function toNodeHandler(handler: Handler, options: AdapterOptions = {}) {
  const limit = options.limit ?? DEFAULT_BODY_LIMIT;
  const timeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  return async (req: NodeRequest, res: ServerResponse): Promise<void> => {
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    let result: HandlerResult;
    try {
      result = await run(
        handler,
        req.method ?? 'GET',
        headers,
        async () => {
          // Express with express.json() has consumed the stream already.
          if (typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body)) return req.body as Record<string, unknown>;
          return parseBody(await readText(req, limit, timeoutMs), headers['content-type']);
        },
        options,
      );
    } catch (error) {
      result = internalError(error, options);
    }
    const json = JSON.stringify(result.body);
    if (closesConnection(result.status)) res.setHeader('connection', 'close');
    res.writeHead(result.status, { ...JSON_HEADERS, 'content-length': Buffer.byteLength(json) });
    res.end(json);
  };
}

/** Express names it differently; same function. */
export const toExpressHandler = toNodeHandler;

/** For fetch-style servers (Hono, Bun, Deno, Next.js route handlers, Cloudflare-style workers). */
export function toFetchHandler(handler: Handler, options: AdapterOptions = {}) {
  const limit = options.limit ?? DEFAULT_BODY_LIMIT;
  const timeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  return async (request: Request): Promise<Response> => {
    const headers: Record<string, string | undefined> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    let result: HandlerResult;
    try {
      result = await run(
        handler,
        request.method,
        headers,
        async () => {
          const stream = request.body as unknown as AsyncIterable<Uint8Array> | null;
          return parseBody(stream ? await readText(stream, limit, timeoutMs) : '', headers['content-type']);
        },
        options,
      );
    } catch (error) {
      result = internalError(error, options);
    }
    return new Response(JSON.stringify(result.body), { status: result.status, headers: JSON_HEADERS });
  };
}
