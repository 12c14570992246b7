import { BillingError } from './errors.js';
import type { Iamport } from './types.js';

/** PortOne's jQuery-free V1 SDK. */
export const DEFAULT_SDK_SRC = 'https://cdn.iamport.kr/v1/iamport.js';
const DEFAULT_LOAD_TIMEOUT_MS = 15_000;

/**
 * How long a load waits for an answer: `timeoutMs` (the element's `sdk-timeout`) when it is a positive number, else
 * 15 s, and at most the longest delay a timer takes (about 24.8 days). An empty or mistyped attribute (0, NaN) would
 * otherwise fail every load at once, and so would a longer delay: browsers fire those at once.
 */
export function loadTimeout(timeoutMs: number | undefined): number {
  return timeoutMs! > 0 ? Math.min(timeoutMs!, 2 ** 31 - 1) : DEFAULT_LOAD_TIMEOUT_MS;
}

export interface LoadImpOptions {
  /** Script URL; default `https://cdn.iamport.kr/v1/iamport.js`. */
  src?: string;
  /** CSP nonce given to the injected `<script>`. */
  nonce?: string;
  /** How long to wait before giving up; default (and for a value that is not a positive number) 15 s. */
  timeoutMs?: number;
}

/** One load per script URL. A failed load is forgotten so that the next call tries again (a cached failure is a bug). */
const loads = new Map<string, Promise<Iamport>>();

/** Tags whose load failed (error, timeout, no IMP). Never waited on again: their events have fired already. */
const failedScripts = new WeakSet<HTMLScriptElement>();

function findScript(href: string): HTMLScriptElement | null {
  for (const script of document.querySelectorAll<HTMLScriptElement>('script[src]')) {
    if (!failedScripts.has(script) && script.src === href) return script;
  }
  return null;
}

function load(src: string, nonce: string | undefined, timeoutMs: number): Promise<Iamport> {
  return new Promise<Iamport>((resolve, reject) => {
    // A new tag resolves `src` against the page as the browser will (an invalid URL fails to load like any other).
    const fresh = document.createElement('script');
    fresh.src = src;
    const found = findScript(fresh.src);
    const ours = !found;
    const el = found ?? fresh;
    if (ours) {
      el.async = true;
      el.dataset['impBilling'] = '';
      if (nonce) el.nonce = nonce;
    }
    const failure = (why: string) => new BillingError('sdk-load-failed', `SDK ${src} ${why}.`);
    const settle = (error?: BillingError) => {
      clearTimeout(timer);
      el.removeEventListener('load', onLoad);
      el.removeEventListener('error', onError);
      if (!error && window.IMP) return resolve(window.IMP);
      // Drop our failed tag, and never reuse a failed one of the page's own, so a retry injects a fresh one
      // instead of waiting on a dead element until the timeout.
      failedScripts.add(el);
      if (ours) el.remove();
      reject(error ?? failure('did not define window.IMP'));
    };
    const onLoad = () => settle();
    const onError = () => settle(failure('could not be loaded (network or CSP)'));
    const timer = setTimeout(() => settle(failure(`did not load within ${timeoutMs} ms`)), timeoutMs);
    el.addEventListener('load', onLoad);
    el.addEventListener('error', onError);
    if (ours) document.head.appendChild(el);
  });
}

/**
 * Loads PortOne's V1 SDK once per page and resolves `window.IMP`. Reuses an `IMP` already on the page or a matching
 * `<script>` tag; concurrent calls share one load; a failure rejects with `BillingError('sdk-load-failed')` and is
 * forgotten, so calling again retries. Resolves `null` where there is no `window` (server rendering).
 */
export function loadImp(options: LoadImpOptions = {}): Promise<Iamport | null> {
  if (typeof window === 'undefined' || typeof document === 'undefined') return Promise.resolve(null);
  if (window.IMP) return Promise.resolve(window.IMP);
  const src = options.src ?? DEFAULT_SDK_SRC;
  let pending = loads.get(src);
  if (!pending) {
    pending = load(src, options.nonce, loadTimeout(options.timeoutMs));
    loads.set(src, pending);
    pending.catch(() => loads.delete(src));
  }
  return pending;
}
