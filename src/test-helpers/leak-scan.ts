/**
 * A scanner for card data left behind on a page: every attribute, text node and form-control value in the light DOM
 * and in every open shadow root (recursively), Web Storage, cookies, the URL and history state, the URLs the page
 * fetched, and whatever a recorder caught while a flow ran (console calls, custom-event details, uncaught errors,
 * fetch requests). Used by src/button/card-hygiene.test.ts.
 */

/** One piece of card data, with every digit sequence it may be written as (separators are matched separately). */
export interface Secret {
  name: string;
  /** Digit sequences, e.g. ['203107', '0731'] for an expiry that may also show up as MM/YY. */
  forms: string[];
}

/** Where text was found, and the text. */
export interface Place {
  place: string;
  text: string;
}

export interface Hit {
  secret: string;
  place: string;
  /** The match with a few characters either side, so a report says what leaked and how. */
  snippet: string;
}

/**
 * Spaces, hyphens, dots, slashes, underscores, `+` and their URL encodings between any two digits: "any format".
 * Up to three of them, so "5409 - 7823" still counts.
 */
const SEPARATOR = String.raw`(?:[\s\-./_+]|%20|%2[dDfF]){0,3}`;

/**
 * Short values (CVC, password digits, birth date) must not be part of a longer digit run, or every random imp_uid
 * would "contain" them; a leak of such a value is a token of its own. Card numbers are long enough to match anywhere.
 */
export function secretPatterns(secret: Secret): RegExp[] {
  return secret.forms.map((digits) => {
    const body = digits.split('').join(SEPARATOR);
    return digits.length >= 12 ? new RegExp(body, 'g') : new RegExp(String.raw`(?<!\d)${body}(?!\d)`, 'g');
  });
}

export function findSecrets(secrets: readonly Secret[], places: readonly Place[]): Hit[] {
  const hits: Hit[] = [];
  for (const secret of secrets) {
    const patterns = secretPatterns(secret);
    for (const { place, text } of places) {
      for (const pattern of patterns) {
        for (const m of text.matchAll(pattern)) {
          const from = Math.max(0, m.index - 12);
          hits.push({ secret: secret.name, place, snippet: text.slice(from, m.index + m[0].length + 12) });
        }
      }
    }
  }
  return hits;
}

const hitKey = (h: Hit) => `${h.secret}\u0000${h.place}\u0000${h.snippet}`;

/**
 * Hits in `after` that were not already there in `before`. The test page carries a random session id in its URL and
 * inline script, which may by chance contain a 2- or 3-digit value; such a hit exists before any card data is typed
 * and is not a leak. A real leak of the same value elsewhere has another place or snippet and still shows.
 */
export function newHits(before: readonly Hit[], after: readonly Hit[]): Hit[] {
  const seen = new Set(before.map(hitKey));
  return after.filter((h) => !seen.has(hitKey(h)));
}

// ---- deep stringification -----------------------------------------------------------------------------------------

/**
 * Every string and number reachable from `value`, own non-enumerable properties included (an Error's message, stack
 * and cause), Map and Set entries, and an element's outerHTML. JSON.stringify would miss all of those.
 */
export function deepText(value: unknown, limit = 20_000): string {
  const out: string[] = [];
  const seen = new WeakSet<object>();
  let budget = limit;
  const visit = (v: unknown, depth: number): void => {
    if (budget-- <= 0) return;
    if (v === null || v === undefined) return;
    const t = typeof v;
    if (t === 'string' || t === 'number' || t === 'bigint' || t === 'boolean') {
      out.push(String(v));
      return;
    }
    if (t === 'symbol') {
      out.push(String(v));
      return;
    }
    if (t !== 'object' && t !== 'function') return;
    const obj = v as object;
    if (seen.has(obj) || depth > 12) return;
    seen.add(obj);
    if (t === 'function') return; // source text of callbacks is code, not data
    if (typeof Window !== 'undefined' && obj instanceof Window) return;
    if (typeof Node !== 'undefined' && obj instanceof Node) {
      out.push(obj instanceof Element ? obj.outerHTML : (obj.textContent ?? obj.nodeName));
      if (obj instanceof HTMLInputElement || obj instanceof HTMLTextAreaElement) out.push(obj.value);
      return;
    }
    if (obj instanceof Map) {
      for (const [k, item] of obj) {
        visit(k, depth + 1);
        visit(item, depth + 1);
      }
      return;
    }
    if (obj instanceof Set) {
      for (const item of obj) visit(item, depth + 1);
      return;
    }
    for (const key of Reflect.ownKeys(obj)) {
      out.push(String(key));
      const descriptor = Object.getOwnPropertyDescriptor(obj, key);
      // Data properties only: running a getter could change what is being inspected.
      if (descriptor && 'value' in descriptor) visit(descriptor.value, depth + 1);
    }
    // An Error's own "message"/"stack" are covered above; a subclass may keep them on the prototype chain.
    if (obj instanceof Error) {
      out.push(obj.name, obj.message, String(obj.stack ?? ''));
      visit((obj as Error & { cause?: unknown }).cause, depth + 1);
    }
  };
  visit(value, 0);
  return out.join('\n');
}

/** JSON as the brief asks for event details; never throws. deepText covers what JSON cannot express. */
function jsonOf(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return (
      JSON.stringify(value, (_k, v: unknown) => {
        if (typeof v === 'bigint') return String(v);
        if (typeof v === 'object' && v !== null) {
          if (seen.has(v)) return '[cycle]';
          seen.add(v);
        }
        return v;
      }) ?? ''
    );
  } catch (error) {
    return `[unserialisable: ${String(error)}]`;
  }
}

// ---- recording what a flow does ------------------------------------------------------------------------------------

/** Console methods left alone: they create objects or namespaces and take no message. */
const NOT_MESSAGES = new Set(['Console', 'context', 'createTask', 'clear', 'profile', 'profileEnd']);
const IMP_BILLING_EVENTS = ['imp-billing-request', 'imp-billing-success', 'imp-billing-failure'];

export interface FetchRecord {
  url: string;
  method: string;
  headers: string;
  /** The request body. The card form's POST body is the intended channel for card data and is not scanned. */
  body: string;
}

export interface Recorder {
  console: string[];
  events: { type: string; json: string; deep: string }[];
  errors: string[];
  fetches: FetchRecord[];
  /** Everything recorded, as scannable places (fetch bodies excluded, see FetchRecord.body). */
  places(): Place[];
  stop(): void;
}

export type FetchResponder = (request: FetchRecord) => Promise<Response> | Response;

/**
 * Starts recording before a flow: replaces every console method (nothing is printed), listens on window in the
 * capture phase for the imp-billing-* events, records every CustomEvent dispatched by script anywhere (including
 * non-bubbling and non-composed ones inside shadow roots, which no window listener hears), uncaught errors, and —
 * when `respond` is given — answers fetch() like a merchant server would.
 */
export function startRecording(options: { respond?: FetchResponder } = {}): Recorder {
  const rec: Recorder = {
    console: [],
    events: [],
    errors: [],
    fetches: [],
    places() {
      return [
        ...rec.console.map((text, i) => ({ place: `console #${i}`, text })),
        ...rec.events.flatMap((e, i) => [
          { place: `event #${i} ${e.type} (JSON)`, text: e.json },
          { place: `event #${i} ${e.type} (deep)`, text: e.deep },
        ]),
        ...rec.errors.map((text, i) => ({ place: `uncaught error #${i}`, text })),
        ...rec.fetches.flatMap((f, i) => [
          { place: `fetch #${i} url`, text: `${f.method} ${f.url}` },
          { place: `fetch #${i} headers`, text: f.headers },
        ]),
      ];
    },
    stop() {
      for (const undo of undos.reverse()) undo();
      undos.length = 0;
    },
  };
  const undos: (() => void)[] = [];

  const con = console as unknown as Record<string, unknown>;
  for (const name of Object.keys(con)) {
    const original = con[name];
    if (typeof original !== 'function' || NOT_MESSAGES.has(name)) continue;
    con[name] = (...args: unknown[]) => {
      rec.console.push(`${name}: ${args.map((a) => deepText(a)).join(' | ')}`);
    };
    undos.push(() => (con[name] = original));
  }

  // Events dispatched by the capture listener and by the dispatchEvent hook are the same events: record once.
  const recorded = new WeakSet<Event>();
  const record = (event: Event) => {
    if (recorded.has(event)) return;
    recorded.add(event);
    const detail = (event as CustomEvent).detail;
    rec.events.push({ type: event.type, json: jsonOf(detail), deep: deepText(detail) });
  };
  const onEvent = (event: Event) => record(event);
  for (const type of IMP_BILLING_EVENTS) {
    window.addEventListener(type, onEvent, true);
    undos.push(() => window.removeEventListener(type, onEvent, true));
  }
  const dispatch = EventTarget.prototype.dispatchEvent;
  EventTarget.prototype.dispatchEvent = function (this: EventTarget, event: Event): boolean {
    if (event instanceof CustomEvent) record(event);
    return dispatch.call(this, event);
  };
  undos.push(() => (EventTarget.prototype.dispatchEvent = dispatch));

  const onError = (e: ErrorEvent) => rec.errors.push(`${e.message}\n${deepText(e.error)}`);
  const onRejection = (e: PromiseRejectionEvent) => rec.errors.push(deepText(e.reason));
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  undos.push(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  });

  if (options.respond) {
    const respond = options.respond;
    const originalFetch = window.fetch;
    window.fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const request = new Request(input, init);
      const record: FetchRecord = {
        url: request.url,
        method: request.method,
        headers: Array.from(request.headers, ([k, v]) => `${k}: ${v}`).join('\n'),
        body: await request.text(),
      };
      rec.fetches.push(record);
      init.signal?.throwIfAborted();
      return respond(record);
    }) as typeof fetch;
    undos.push(() => (window.fetch = originalFetch));
  }
  return rec;
}

// ---- the page itself ------------------------------------------------------------------------------------------------

function describe(el: Element): string {
  const id = el.id ? `#${el.id}` : '';
  const name = el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : '';
  return `${el.localName}${id}${name}`;
}

/** Attributes, text, comments and control values of every node under `root`, entering open shadow roots. */
function domPlaces(root: Node, path: string, out: Place[]): void {
  for (const node of Array.from(root.childNodes)) {
    if (node instanceof Element) {
      const here = `${path} > ${describe(node)}`;
      for (const attr of Array.from(node.attributes)) out.push({ place: `attribute ${here} @${attr.name}`, text: `${attr.name}=${attr.value}` });
      if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement || node instanceof HTMLSelectElement) {
        out.push({ place: `value of ${here}`, text: node.value });
      }
      if (node instanceof HTMLTemplateElement) domPlaces(node.content, `${here} (template)`, out);
      if (node.shadowRoot) domPlaces(node.shadowRoot, `${here} ::shadow`, out);
      domPlaces(node, here, out);
    } else if (node instanceof CharacterData) {
      out.push({ place: `${node instanceof Comment ? 'comment' : 'text'} in ${path}`, text: node.data });
    }
  }
}

function storagePlaces(storage: Storage, name: string): Place[] {
  const out: Place[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i)!;
    out.push({ place: `${name} ${JSON.stringify(key)}`, text: `${key}=${storage.getItem(key)}` });
  }
  return out;
}

/** Everything on the page a later script, extension, screenshot or analytics tag could read. */
export function pagePlaces(): Place[] {
  const out: Place[] = [];
  domPlaces(document, 'document', out);
  out.push(...storagePlaces(localStorage, 'localStorage'), ...storagePlaces(sessionStorage, 'sessionStorage'));
  out.push({ place: 'document.cookie', text: document.cookie });
  out.push({ place: 'location.href', text: location.href });
  out.push({ place: 'history.state', text: deepText(history.state) });
  out.push({ place: 'window.name', text: window.name });
  // A GET with card data in its query would sit in server and proxy logs.
  for (const entry of performance.getEntriesByType('resource')) out.push({ place: 'resource URL', text: entry.name });
  return out;
}

/** The page and what `rec` recorded, scanned for `secrets`. */
export function scan(secrets: readonly Secret[], rec?: Recorder): Hit[] {
  return findSecrets(secrets, [...pagePlaces(), ...(rec?.places() ?? [])]);
}

/** A readable list for an assertion message. */
export function report(hits: readonly Hit[]): string {
  return hits.map((h) => `${h.secret} in ${h.place}: …${h.snippet}…`).join('\n');
}
