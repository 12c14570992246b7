import { BillingError } from './errors.js';
import { looksLikeCardNumber, WITHHELD_CARD_NUMBER } from './card.js';
import { buildRequestPayParams, redactParams, required, type BillingOptions, type BuildContext } from './params.js';
import { forgetPending, recordPending, sessionStore } from './pending.js';
import { amountRuleFor, mayRedirect, ruleFor } from './pg-rules.js';
import { classifyOutcome, type BillingResult } from './result.js';
import type { Iamport, RequestPayParams, RequestPayResponse } from './types.js';

export interface RequestContext extends BuildContext {
  /** The SDK object, usually from `loadImp()`. */
  imp: Iamport;
  /**
   * Give up waiting for the callback after this long, close the SDK's window (`IMP.close()`) and resolve a `timeout`
   * failure. Default `DEFAULT_TIMEOUT_MS` (5 minutes); `Infinity` waits forever.
   */
  timeoutMs?: number;
  /** The PG behind a channel key (`pgProvider` of the options): whose rules decide redirects, charges and webhooks. */
  pgProvider?: string;
  /** Where the redirect note goes; default `sessionStorage`. `null` disables it. */
  storage?: Storage | null;
  /** Called synchronously with the final params just before `IMP.request_pay`. */
  onParams?: (params: RequestPayParams) => void;
}

/**
 * How long to wait for the SDK's answer. A customer needs a minute or two in a billing-key window (card number, then an
 * app-card or SMS check); PG windows give up after about ten. When PortOne's service is down the SDK never answers at
 * all, and five minutes is about as long as a customer will watch a busy button before leaving: past it, the window is
 * closed and the element says to check before retrying (an amount that may be a charge stays held, see below).
 */
export const DEFAULT_TIMEOUT_MS = 300_000;

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

/**
 * Says what the page lacks when the SDK throws for it: PortOne's 1.x SDKs are jQuery plugins, and `IMP.init` throws
 * on a page without jQuery.
 */
function sdkThrew(step: 'IMP.init' | 'IMP.request_pay', cause: unknown): BillingError {
  const said = cause instanceof Error ? cause.message : String(cause);
  // The message reaches the failure event; an SDK that echoes a card number must not put it there.
  const shown = looksLikeCardNumber(said) ? WITHHELD_CARD_NUMBER : said.replace(/\.$/, '');
  const page = globalThis as { jQuery?: unknown };
  const missing =
    typeof page.jQuery !== 'function'
      ? ' No jQuery on this page: PortOne\'s 1.x SDK needs it first.'
      : '';
  return new BillingError('pg-error', `${step} threw: ${shown}.${missing}`, { cause });
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
    const pgProvider = typeof options?.pgProvider === 'string' ? options.pgProvider.trim() : undefined;
    return sendRequest(buildRequestPayParams(options, context), options.merchantCode, { ...context, pgProvider });
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
    throw required('merchantCode', ': the 고객사 식별코드 (imp00000000) from the PortOne console');
  }
  const customerUid = params.customer_uid as string;
  if (inFlight.has(customerUid)) {
    throw new BillingError('in-flight', `customer_uid "${customerUid}" has a request open; wait for its result.`, {
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
      throw new BillingError('sdk-load-failed', 'requestBillingKey needs { imp } from loadImp().');
    }
    const customerUid = params.customer_uid as string;
    const { imp } = context;
    const pg = params.pg ?? null;
    const rule = ruleFor({ pg, pgProvider: context.pgProvider });
    const awaitingWebhook = rule?.awaitsWebhook ?? false;
    const storage = context.storage === undefined ? sessionStore() : context.storage;
    // Paymentwall Brick charges on the call itself, with no window for the customer to see.
    const chargesWithoutWindow = !!params.card?.info;
    const redirects = mayRedirect(rule, chargesWithoutWindow);
    const amountRule = rule ? amountRuleFor(rule, params.pay_method) : undefined;
    // Whether this answer can be a charge: Brick, a PG that always charges, or an amount above 0 that is not known to
    // be display-only (zero-is-key-only PGs charge it; an unknown PG may).
    const mayCharge = chargesWithoutWindow || amountRule === 'charged' || (params.amount > 0 && amountRule !== 'display-only');
    const timeoutMs = context.timeoutMs ?? DEFAULT_TIMEOUT_MS;

    inFlight.add(customerUid);
    let done = false;
    let heldAfterTimeout = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      done = true;
      clearTimeout(timer);
      inFlight.delete(customerUid);
    };
    let step: 'IMP.init' | 'IMP.request_pay' = 'IMP.init';
    try {
      initOnce(imp, merchantCode);
      step = 'IMP.request_pay';
      if (redirects) {
        recordPending({ merchant_uid: params.merchant_uid, customer_uid: customerUid, pg, awaitingWebhook, at: Date.now() }, storage);
      }
      context.onParams?.(params);
      if (Number.isFinite(timeoutMs)) {
        const waited = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
        timer = setTimeout(() => {
          if (done) return;
          // The SDK's full-screen layer would otherwise stay over the page and cover the button.
          try {
            imp.close?.();
          } catch {
            /* a window that cannot close changes nothing in the outcome */
          }
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
            message:
              `No answer from the payment ${chargesWithoutWindow ? 'company' : 'window'} in ${waited}. Check your server: ` +
              (mayCharge
                ? 'the card may have been charged; this customer stays blocked until the answer or a reload.'
                : 'the key may have been issued.'),
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
        }, timeoutMs);
      }
      imp.request_pay(params, (response) => {
        if (heldAfterTimeout) {
          heldAfterTimeout = false;
          inFlight.delete(customerUid);
        }
        if (done) return;
        finish();
        if (redirects) forgetPending(params.merchant_uid, storage);
        resolve(resultFromCallback(response ?? ({} as RequestPayResponse), params, awaitingWebhook));
      });
    } catch (cause) {
      finish();
      if (redirects) forgetPending(params.merchant_uid, storage);
      reject(sdkThrew(step, cause));
    }
  });
}

/**
 * The one reader of the SDK's callback, whatever its shape: flags (`success`/`imp_success`) on the iframe path, the
 * checkout service's bare `{ imp_uid, merchant_uid, customer_uid }` or `{ merchant_uid, error_code?, error_msg }`,
 * and the "no PG configured" answer whose key the SDK spells `error_coe`. The checkout service may answer with its
 * own issue id as merchant_uid, so the result reports the merchant_uid that was sent; `response` is kept as is.
 */
function resultFromCallback(response: RequestPayResponse, params: RequestPayParams, awaitingWebhook: boolean): BillingResult {
  const error_code = textOrNull(response.error_code) ?? textOrNull(response['error_coe']);
  const error_msg = textOrNull(response.error_msg);
  const imp_uid = textOrNull(response.imp_uid);
  const common = {
    via: 'callback' as const,
    imp_uid,
    merchant_uid: params.merchant_uid,
    customer_uid: params.customer_uid ?? null,
    pg: params.pg ?? null,
    response,
    verifyOnServer: true as const,
  };
  const outcome = classifyOutcome({ error_code, error_msg, flag: flagOf(response), imp_uid }, 'callback');
  if (outcome.ok) return { ok: true, awaitingWebhook, ...common };
  return { ok: false, code: outcome.code, message: outcome.message, error_code, error_msg, ...common };
}
