import { findPending, forgetPending, sessionStore } from './pending.js';
import { normalizeText } from './text.js';
import { lookupPg } from './pg-rules.js';
import { classifyOutcome, type BillingFailure, type BillingResult } from './result.js';
import { REDIRECT_KEYS } from './redirect-keys.js';
import type { RedirectQuery } from './types.js';

export { REDIRECT_KEYS };

/** Longest value we accept for an id; real ones are short (imp_ + 12 digits; merchant_uid ≤ 40). */
const MAX_ID_LENGTH = 100;
const MAX_MESSAGE_LENGTH = 500;
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

export interface ReadRedirectOptions {
  /** Where the request notes are; default `sessionStorage`. */
  storage?: Storage | null;
}

function parseFlag(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return undefined; // Anything else is not a statement either way.
}

function readQuery(search: URLSearchParams): RedirectQuery {
  const query: RedirectQuery = {};
  for (const key of REDIRECT_KEYS) {
    const value = search.get(key); // First value wins: merchant_uid arrives twice on some iOS flows.
    if (value !== null) query[key] = value;
  }
  return query;
}

function malformed(query: RedirectQuery, what: string): BillingFailure {
  return {
    ok: false,
    code: 'pg-error',
    message: `Malformed ${what} in the return address; check the payment on your server.`,
    error_code: null,
    error_msg: null,
    via: 'redirect',
    imp_uid: null,
    merchant_uid: null,
    customer_uid: null,
    pg: null,
    response: query,
    verifyOnServer: true,
  };
}

/**
 * Turns a mobile `m_redirect_url` return into a `BillingResult`, matched with the recorded request when there is one.
 * Returns `null` when the URL is not a return. Every value is untrusted text.
 */
export function readRedirectResult(url: string | URL, options: ReadRedirectOptions = {}): BillingResult | null {
  let parsed: URL;
  try {
    parsed = new URL(String(url), 'http://localhost/');
  } catch {
    return null;
  }
  const query = readQuery(parsed.searchParams);
  const storage = options.storage === undefined ? sessionStore() : options.storage;
  const hasFlagOrError = query.imp_success !== undefined || query.success !== undefined || query.error_code !== undefined;
  const merchantUid = query.merchant_uid?.trim() || undefined;
  const note = merchantUid && merchantUid.length <= MAX_ID_LENGTH ? findPending(merchantUid, storage) : null;
  // A blank imp_uid is no id: otherwise `?imp_uid=+` alone would report a success that names no payment.
  const isReturn = !!query.imp_uid?.trim() || (!!merchantUid && (hasFlagOrError || note !== null));
  if (!isReturn) return null;

  const impUid = query.imp_uid?.trim() || null;
  if ((impUid && (impUid.length > MAX_ID_LENGTH || /[\u0000-\u001f<>"']/.test(impUid))) ) return malformed(query, 'imp_uid');
  if (merchantUid && (merchantUid.length > MAX_ID_LENGTH || /[\u0000-\u001f]/.test(merchantUid))) return malformed(query, 'merchant_uid');

  const clean = (value: string | undefined, max: number) =>
    value === undefined || value.trim() === '' ? null : value.replace(CONTROL_CHARS, '').slice(0, max);
  const error_code = clean(query.error_code, MAX_ID_LENGTH);
  const error_msg = clean(query.error_msg, MAX_MESSAGE_LENGTH);
  const flag = parseFlag(query.imp_success) ?? parseFlag(query.success);
  const pg = note?.pg ?? null;
  const common = {
    via: 'redirect' as const,
    imp_uid: impUid,
    merchant_uid: merchantUid ?? null,
    customer_uid: note?.customer_uid ?? null,
    pg,
    response: query,
    verifyOnServer: true as const,
  };
  const outcome = classifyOutcome({ error_code, error_msg, flag, imp_uid: impUid }, 'redirect');
  if (outcome.ok) {
    const awaitingWebhook = note?.awaitingWebhook ?? (pg ? (lookupPg(pg).rule?.awaitsWebhook ?? false) : false);
    return { ok: true, awaitingWebhook, ...common };
  }
  return { ok: false, code: outcome.code, message: outcome.message, error_code, error_msg, ...common };
}

/**
 * `href` (absolute, or path + query + hash) without PortOne's return pairs. Every other pair stays exactly as written:
 * re-serialising through URLSearchParams would turn `%20` into `+` and `flag` into `flag=`, which routers that decode
 * with decodeURIComponent read differently. Each pair's key is decoded the way URLSearchParams decodes it, so
 * `imp%5Fuid` goes too; empty pairs (`&&`, a trailing `&`) and a query left empty are dropped.
 */
export function stripRedirectKeys(href: string): string {
  const hashAt = href.indexOf('#');
  const hash = hashAt < 0 ? '' : href.slice(hashAt);
  const beforeHash = hashAt < 0 ? href : href.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  if (queryAt < 0) return href;
  const kept = beforeHash
    .slice(queryAt + 1)
    .split('&')
    .filter((pair) => {
      if (pair === '') return false;
      const [key] = new URLSearchParams(pair).keys();
      return !(REDIRECT_KEYS as readonly string[]).includes(key ?? '');
    });
  return beforeHash.slice(0, queryAt) + (kept.length > 0 ? `?${kept.join('&')}` : '') + hash;
}

export interface ConsumeRedirectOptions extends ReadRedirectOptions {
  /** Only consume a return recorded for this customer_uid (or one recorded for nobody in particular). */
  customerUid?: string;
  /** The window whose location is read and cleaned; default the global `window`. */
  window?: Window;
}

/**
 * Reads the current page's redirect return, removes PortOne's parameters from the address bar with
 * `history.replaceState` (so a reload does not report it twice) and forgets the request note. Returns `null` when the
 * page is not a return, or is one recorded for a different customer_uid (left for its own element).
 */
export function consumeRedirectResult(options: ConsumeRedirectOptions = {}): BillingResult | null {
  const win = options.window ?? (typeof window === 'undefined' ? undefined : window);
  if (!win) return null;
  const result = readRedirectResult(win.location.href, options);
  if (!result) return null;
  const customerUid = normalizeText(options.customerUid);
  if (customerUid !== undefined && result.customer_uid !== null && result.customer_uid !== customerUid) {
    return null;
  }
  const url = new URL(win.location.href);
  const cleaned = stripRedirectKeys(url.pathname + url.search + url.hash);
  try {
    win.history.replaceState(win.history.state, '', cleaned);
  } catch {
    /* a sandboxed document may refuse; the result is still reported once by the caller */
  }
  if (result.merchant_uid) forgetPending(result.merchant_uid, options.storage === undefined ? sessionStore() : options.storage);
  return result;
}
