/**
 * What `<imp-billing-button>` needs only at a click or on a redirect return: building and validating the params, the
 * request, reading the return. The element (button.ts) paints without it and loads it with one `import()`, in
 * parallel with the SDK, at its preload trigger. Imports nothing from Lit, so the script-tag builds can ship it as one
 * self-contained chunk.
 */
import { BillingError } from '../core/errors.js';
import { buildRequestPayParams, isBlank, redactParams, type BillingOptions } from '../core/params.js';
import { consumeRedirectResult, stripRedirectKeys } from '../core/redirect.js';
import { checkSendable, DEFAULT_TIMEOUT_MS, sendRequest, warmRequestPath } from '../core/request.js';
import type { BillingResult } from '../core/result.js';
import type { Iamport, RequestPayParams } from '../core/types.js';
import { normalizeText } from '../core/text.js';
import { emit, type FailureVia, type ImpBillingFailureDetail } from '../ui/events.js';
import type { ImpBillingButton } from './button.js';
import { uiCopy } from './failure-copy.js';
import type { UiLang } from '../ui/lang.js';

/**
 * After this long with no answer (or half the timeout, if shorter), the status line tells the customer the button is
 * still waiting for the payment window.
 */
const STILL_WAITING_AFTER_MS = 10_000;

/** Misconfigurations already shown in the console, per element: each message once. */
const warned = new WeakMap<ImpBillingButton, Set<string>>();

/** Developers see a misconfiguration once in the console; messages never contain card data. */
function warnOnce(el: ImpBillingButton, message: string): void {
  let seen = warned.get(el);
  if (!seen) warned.set(el, (seen = new Set()));
  if (seen.has(message)) return;
  seen.add(message);
  console.warn(`[imp-billing] <imp-billing-button>: ${message}`);
}

/** How the status line reads: only a failure the customer did not choose is styled as an error. */
export type StatusTone = '' | 'neutral' | 'success' | 'error';

/**
 * The element's status line once the engine is here: busy (or a long wait for the window), else the last failure, else
 * the last success, else nothing.
 */
export function status(lang: UiLang, el: ImpBillingButton): { text: string; tone: StatusTone } {
  const copy = uiCopy(lang);
  const failure = el._failure;
  if (el.busy) return { text: el._waiting ? copy.waiting : copy.busy, tone: 'neutral' };
  if (failure) {
    const text = `${copy.failure[failure.code]}${failure.error_msg ? ` (${failure.error_msg})` : ''}`;
    return { text, tone: failure.code === 'cancelled' ? 'neutral' : 'error' };
  }
  return el._succeeded ? { text: copy.success, tone: 'success' } : { text: '', tone: '' };
}

/** Ahead of the first click: see warmRequestPath. */
export function warm(el: ImpBillingButton): void {
  warmRequestPath(() => optionsOf(el));
}

/**
 * The click, the element busy already: builds and validates the params, emits the request event and, with the SDK
 * present, calls `IMP.request_pay` before returning, so PG popups open inside the user's gesture. `sdkLoad`: the SDK
 * load a click started itself, alongside the engine's.
 */
export function click(el: ImpBillingButton, sdkLoad?: Promise<Iamport>): void {
  let params: RequestPayParams;
  try {
    params = buildRequestPayParams(optionsOf(el), { warn: (message) => warnOnce(el, message) });
    checkSendable(params, el.merchantCode);
  } catch (error) {
    failWith(el, error, 'local');
    return;
  }
  if (!emit(el, 'imp-billing-request', { params: redactParams(params) }, true)) {
    el._setBusy(false);
    return;
  }
  const merchantCode = el.merchantCode;
  const imp = el._imp;
  if (imp) request(el, params, merchantCode, imp);
  else (sdkLoad ?? el._loadSdk()).then((loaded) => request(el, params, merchantCode, loaded), (error: unknown) => failWith(el, error, 'local'));
}

/** A page that is PortOne's redirect return: reports the outcome meant for this element, once. */
export function reportRedirect(el: ImpBillingButton): boolean {
  const result = consumeRedirectResult({ customerUid: el.customerUid });
  if (!result) return false;
  report(el, result);
  // Back from the PG's pages at the top of a long page: the customer is shown the outcome, once its line is painted.
  void el.updateComplete.then(() => el.scrollIntoView({ block: 'nearest' }));
  return true;
}

/** Sends the params built on click as they are: building them again would only repeat the same checks. */
function request(el: ImpBillingButton, params: RequestPayParams, merchantCode: string | undefined, imp: Iamport): void {
  // A window open this long with no answer (or half the timeout, if shorter): the status line says the button waits.
  const after = Math.min(STILL_WAITING_AFTER_MS, (el.timeout ?? DEFAULT_TIMEOUT_MS) / 2);
  const waiting = setTimeout(() => {
    el._waiting = el.busy;
    el.requestUpdate();
  }, after);
  sendRequest(params, merchantCode, { imp, timeoutMs: el.timeout, pgProvider: el.pgProvider }).then(
    (result) => {
      clearTimeout(waiting);
      report(el, result);
    },
    (error: unknown) => {
      clearTimeout(waiting);
      failWith(el, error, 'local');
    },
  );
}

function report(el: ImpBillingButton, result: BillingResult): void {
  // The events carry the result without `ok` and `verifyOnServer` (the event type says both); a failure's detail
  // has no pg or response either.
  if (result.ok) {
    const { ok, verifyOnServer, ...detail } = result;
    el._setBusy(false);
    el._succeeded = true;
    el.requestUpdate(); // a redirect return may find the element idle already: ask for this render
    emit(el, 'imp-billing-success', detail);
  } else {
    const { ok, verifyOnServer, pg, response, ...detail } = result;
    el._fail(detail);
  }
}

function failWith(el: ImpBillingButton, error: unknown, via: FailureVia): void {
  const billing = error instanceof BillingError ? error : new BillingError('pg-error', String(error));
  if (billing.code === 'invalid-params') warnOnce(el, billing.message);
  el._fail({
    code: billing.code,
    message: billing.message,
    ...(billing.field !== undefined ? { field: billing.field } : {}),
    customer_uid: normalizeText(el.customerUid) ?? null,
    via,
  });
}

function optionsOf(el: ImpBillingButton): BillingOptions {
  const named: Record<string, unknown> = {
    pg: el.pg,
    channelKey: el.channelKey,
    pgProvider: el.pgProvider,
    customer_uid: el.customerUid,
    customer_id: el.customerId,
    amount: el.amount,
    merchant_uid: el.merchantUid,
    name: el.orderName,
    currency: el.currency,
    language: el.language,
    buyer_email: el.buyerEmail,
    buyer_name: el.buyerName,
    buyer_tel: el.buyerTel,
    buyer_addr: el.buyerAddr,
    buyer_postcode: el.buyerPostcode,
    m_redirect_url: el.redirectUrl,
    pay_method: el.payMethod,
    card: el.card ? { info: el.card } : undefined,
    bypass: el.bypass,
    custom_data: el.customData,
  };
  const options: Record<string, unknown> = { ...(el.params ?? {}) };
  for (const [key, value] of Object.entries(named)) if (value !== undefined && value !== null) options[key] = value;
  // The page default comes last: the attribute, then params.m_redirect_url, win over it.
  if (isBlank(options['m_redirect_url'])) options['m_redirect_url'] = defaultRedirectUrl();
  return { ...options, merchantCode: el.merchantCode };
}

/** This page without PortOne's return parameters, when it is served over http(s). */
function defaultRedirectUrl(): string | undefined {
  if (typeof location === 'undefined' || !/^https?:$/.test(location.protocol)) return undefined;
  return stripRedirectKeys(location.href);
}
