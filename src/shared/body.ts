/**
 * Request-body reading shared by the handler adapters and the mock API, in web-standard JavaScript only (no Node
 * globals), so it sits with the other runtime-neutral modules: a size limit enforced while streaming (so a huge
 * upload is cut off, not buffered), a read deadline, and JSON or form-urlencoded parsing, as PortOne accepts both.
 */

export const DEFAULT_BODY_LIMIT = 64 * 1024;
/** A body still arriving after this is cut off (Node's own request timeout is 300 s). */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 408 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/**
 * Reads an async-iterable byte stream (a Node `IncomingMessage`, a web `ReadableStream`) up to `limit` bytes and
 * within `timeoutMs`. At the deadline the read is abandoned, not the stream, so the caller can still answer 408.
 */
export async function readText(
  stream: AsyncIterable<Uint8Array | string>,
  limit = DEFAULT_BODY_LIMIT,
  timeoutMs = DEFAULT_BODY_TIMEOUT_MS,
): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const iterator = stream[Symbol.asyncIterator]();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BodyError(408, `the request body did not arrive within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    for (;;) {
      const pending = iterator.next();
      // The abandoned read settles when the connection closes; nothing waits for it.
      pending.catch(() => undefined);
      const step = await Promise.race([pending, deadline]);
      if (step.done) break;
      const chunk = step.value;
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      size += bytes.byteLength;
      // Slightly oversized bodies are drained so the client still reads the 413; stopping early destroys the
      // stream (and with it a Node socket), which is kept for uploads far beyond the limit.
      if (size > limit * 16) {
        await iterator.return?.();
        break;
      }
      if (size <= limit) chunks.push(bytes);
    }
  } finally {
    clearTimeout(timer);
  }
  if (size > limit) throw new BodyError(413, `request body over ${limit} bytes`);
  // Decoded once at the end, so a character split across chunks survives; TextDecoder (not Buffer) keeps this module
  // runtime-neutral, and it replaces bad UTF-8 with U+FFFD as Buffer's toString did.
  const bytes = new Uint8Array(Math.min(size, limit));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** Parses a body by its content type; an empty body is `{}`. Anything but JSON or a form is refused. */
export function parseBody(text: string, contentType: string | null | undefined): Record<string, unknown> {
  if (text.trim() === '') return {};
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return parseForm(text);
  if (type === 'application/json' || type === '' || type.endsWith('+json')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new BodyError(400, 'the body is not valid JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new BodyError(400, 'the body must be a JSON object');
    }
    return value as Record<string, unknown>;
  }
  throw new BodyError(415, `unsupported content type ${type}`);
}

const MAX_FORM_DEPTH = 3;
const MAX_FORM_INDEX = 100;

/**
 * Form bodies with PHP-style brackets, as PortOne's own examples send them: `merchant_uid[]=a&merchant_uid[]=b`,
 * `schedules[0][amount]=100`. Depth and array indexes are capped so a crafted key cannot allocate much.
 */
export function parseForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!m) continue;
    const path = [m[1]!, ...[...m[2]!.matchAll(/\[([^[\]]*)\]/g)].map((s) => s[1]!)];
    if (path.length > MAX_FORM_DEPTH + 1) throw new BodyError(400, `form key ${key.slice(0, 40)} is nested too deeply`);
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      const last = i === path.length - 1;
      const nextIsIndex = !last && (path[i + 1] === '' || /^\d+$/.test(path[i + 1]!));
      const slot = Array.isArray(node) ? indexOf(node, seg) : safeKey(seg);
      if (last) {
        (node as Record<string | number, unknown>)[slot] = value;
        break;
      }
      let child = (node as Record<string | number, unknown>)[slot];
      if (typeof child !== 'object' || child === null) {
        child = nextIsIndex ? [] : Object.create(null);
        (node as Record<string | number, unknown>)[slot] = child;
      }
      node = child as Record<string, unknown> | unknown[];
    }
  }
  return root;
}

function indexOf(list: unknown[], seg: string): number {
  const i = seg === '' ? list.length : Number(seg);
  if (!Number.isInteger(i) || i > MAX_FORM_INDEX) throw new BodyError(400, 'a form array is too long');
  return i;
}

function safeKey(seg: string): string {
  if (seg === '__proto__' || seg === 'constructor' || seg === 'prototype') throw new BodyError(400, 'invalid form key');
  return seg;
}
