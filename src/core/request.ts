import { BillingError } from './errors.js';
import { looksLikeCardNumber } from './card.js';
import { buildRequestPayParams, redactParams, type BillingOptions, type BuildContext } from './params.js';
import { forgetPending, recordPending, sessionStore } from './pending.js';
import { lookupPg } from './pg-rules.js';
import { classifyOutcome, type BillingResult } from './result.js';
import type { Iamport, RequestPayParams, RequestPayResponse } from './types.js';

export interface RequestContext extends BuildContext {
  /** The SDK object, usually from `loadImp()`. */
  imp: Iamport;
  /** Give up waiting for the callback after this long and resolve a `timeout` failure. Default: wait forever. */
  timeoutMs?: number;
  /** Where the redirect note goes; default `sessionStorage`. `null` disables it. */
  storage?: Storage | null;
  /** Called synchronously with the final params just before `IMP.request_pay`. */
  onParams?: (params: RequestPayParams) => void;
}

/** customer_uids with a request open on this page: a repeated call could charge twice (Paymentwall Brick). */
const inFlight = new Set<string>();
const initialised = new WeakMap<Iamport, string>();

export function isInFlight(customerUid: string): boolean {
  return inFlight.has(customerUid);
}

/** PortOne warns against calling `IMP.init` twice; call it again only when the merchant code changes. */
export function initOnce(imp: Iamport, merchantCode: string): void {
  if (initialised.get(imp) === merchantCode) return;
  imp.init(merchantCode);
  initialised.set(imp, merchantCode);
}

function flagOf(response: RequestPayResponse): boolean | undefined {
  const flag = response.imp_success ?? response.success;
  return typeof flag === 'boolean' ? flag : undefined;
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

let warmed = false;

/**
 * Does once, ahead of the first click, what is slow only the first time on a page: opening its sessionStorage (the
 * pending note), the first random draw (merchant_uid) and the first run of the params build, dry, on `options()`
 * with a fixed merchant_uid (none is used up) and no warnings, its result or refusal dropped. The element calls it
 * when it preloads the SDK, never on import.
 */
export function warmRequestPath(options: () => BillingOptions): void {
  if (warmed) return;
  warmed = true;
  try {
    void sessionStore()?.length;
    globalThis.crypto?.getRandomValues(new Uint8Array(1));
    redactParams(buildRequestPayParams({ ...options(), merchant_uid: 'warm-up' }, { warn() {} }));
  } catch {
    /* the click meets (and reports) the same refusal or failure */
  }
}

/**
 * Builds and validates the params, then calls `IMP.init` (once) and `IMP.request_pay` synchronously, before
 * returning, so a click handler keeps the user's gesture and PG popups are not blocked. Resolves the callback's
 * outcome; rejects with a `BillingError` for invalid params (`invalid-params`), a second call for the same
 * customer_uid while one is open (`in-flight`), or an SDK that throws (`pg-error`).
 */
export function requestBillingKey(options: BillingOptions, context: RequestContext): Promise<BillingResult> {
  try {
    return sendRequest(buildRequestPayParams(options, context), options.merchantCode, context);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * The refusals that need no SDK: a missing merchant code (`invalid-params`, field `merchantCode`) and an open request
 * for the same customer (`in-flight`). Returns the trimmed merchant code. The element runs it before its request event
 * and the SDK load, so neither can hide these behind a later failure; sendRequest runs it again at the call.
 */
export function checkSendable(params: RequestPayParams, merchantCodeInput: unknown): string {
  const merchantCode = typeof merchantCodeInput === 'string' ? merchantCodeInput.trim() : '';
  if (!merchantCode) {
    throw new BillingError('invalid-params', 'merchantCode is required: the 고객사 식별코드 (imp00000000) from the PortOne console, passed to IMP.init.', {
      field: 'merchantCode',
    });
  }
  const customerUid = params.customer_uid as string;
  if (inFlight.has(customerUid)) {
    throw new BillingError('in-flight', `A billing-key request for customer_uid "${customerUid}" is already open; wait for its result.`, {
      field: 'customer_uid',
    });
  }
  return merchantCode;
}

/**
 * requestBillingKey after the build, for params built already: the element builds them once, on click, for its
 * request event, and hands them on. Not in the package's exports. Refusals reject; request_pay still runs before
 * this returns (a promise executor runs synchronously).
 */
export function sendRequest(params: RequestPayParams, merchantCodeInput: unknown, context: RequestContext): Promise<BillingResult> {
  return new Promise<BillingResult>((resolve, reject) => {
    const merchantCode = checkSendable(params, merchantCodeInput);
    if (!context?.imp || typeof context.imp.request_pay !== 'function') {
      throw new BillingError('sdk-load-failed', 'requestBillingKey needs the SDK object: pass { imp } from loadImp().');
    }
    const customerUid = params.customer_uid as string;
    const { imp } = context;
    const pg = params.pg ?? null;
    const rule = pg ? lookupPg(pg).rule : undefined;
    const awaitingWebhook = rule?.awaitsWebhook ?? false;
    const storage = context.storage === undefined ? sessionStore() : context.storage;
    // Paymentwall Brick charges on the call itself, with no window for the customer to see.
    const chargesWithoutWindow = !!params.card?.info;
    const mayRedirect = !rule?.callbackOnMobile && !chargesWithoutWindow;
    // Whether this answer can be a charge: Brick, a PG that always charges, or an amount above 0 that is not known to
    // be display-only (zero-is-key-only PGs charge it; an unknown PG may).
    const mayCharge = chargesWithoutWindow || rule?.amount === 'charged' || (params.amount > 0 && rule?.amount !== 'display-only');

    inFlight.add(customerUid);
    let done = false;
    let heldAfterTimeout = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      done = true;
      clearTimeout(timer);
      inFlight.delete(customerUid);
    };
    try {
      initOnce(imp, merchantCode);
      if (mayRedirect) {
        recordPending({ merchant_uid: params.merchant_uid, customer_uid: customerUid, pg, awaitingWebhook, at: Date.now() }, storage);
      }
      context.onParams?.(params);
      if (context.timeoutMs !== undefined) {
        const waited = context.timeoutMs < 1000 ? `${context.timeoutMs} ms` : `${Math.round(context.timeoutMs / 1000)} s`;
        timer = setTimeout(() => {
          if (done) return;
          if (mayCharge) {
            // A late answer may still be a charge: keep this customer blocked until it arrives (or the page reloads),
            // so a retry cannot charge twice.
            done = true;
            heldAfterTimeout = true;
          } else {
            finish();
          }
          resolve({
            ok: false,
            code: 'timeout',
            message: mayCharge
              ? `No answer from the ${chargesWithoutWindow ? 'payment company' : 'payment window'} within ${waited}. The card may have been charged: check with your server; new requests for this customer stay blocked until the answer arrives or the page reloads.`
              : `No answer from the payment window within ${waited}. Check with your server before trying again: the key may have been issued.`,
            error_code: null,
            error_msg: null,
            via: 'callback',
            imp_uid: null,
            merchant_uid: params.merchant_uid,
            customer_uid: customerUid,
            pg,
            response: { imp_uid: null, merchant_uid: params.merchant_uid },
            verifyOnServer: true,
          });
        }, context.timeoutMs);
      }
      imp.request_pay(params, (response) => {
        if (heldAfterTimeout) {
          heldAfterTimeout = false;
          inFlight.delete(customerUid);
        }
        if (done) return;
        finish();
        if (mayRedirect) forgetPending(params.merchant_uid, storage);
        resolve(resultFromCallback(response ?? ({} as RequestPayResponse), params, awaitingWebhook));
      });
    } catch (cause) {
      finish();
      if (mayRedirect) forgetPending(params.merchant_uid, storage);
      const said = cause instanceof Error ? cause.message : String(cause);
      // The message reaches the failure event; an SDK that echoes a card number must not put it there.
      const shown = looksLikeCardNumber(said) ? '(message withheld: it contains a card-number-like value)' : said;
      reject(new BillingError('pg-error', `IMP.request_pay threw: ${shown}`, { cause }));
    }
  });
}

function resultFromCallback(response: RequestPayResponse, params: RequestPayParams, awaitingWebhook: boolean): BillingResult {
  const error_code = textOrNull(response.error_code);
  const error_msg = textOrNull(response.error_msg);
  const common = {
    via: 'callback' as const,
    imp_uid: textOrNull(response.imp_uid),
    merchant_uid: textOrNull(response.merchant_uid) ?? params.merchant_uid,
    customer_uid: params.customer_uid ?? null,
    pg: params.pg ?? null,
    response,
    verifyOnServer: true as const,
  };
  const outcome = classifyOutcome({ error_code, error_msg, flag: flagOf(response) });
  if (outcome.ok) return { ok: true, awaitingWebhook, ...common };
  return { ok: false, code: outcome.code, message: outcome.message, error_code, error_msg, ...common };
}
