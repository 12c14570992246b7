import type { BillingErrorCode } from '../core/errors.js';
import type { RedirectQuery, RequestPayParams, RequestPayResponse } from '../core/types.js';

/** Where a failure was decided: before reaching PortOne, in the SDK callback, on the mobile return, or by the server. */
export type FailureVia = 'local' | 'callback' | 'redirect' | 'server';

/** `imp-billing-request`: cancelable; fired with the params about to be sent, card data redacted. */
export interface ImpBillingRequestDetail {
  params: RequestPayParams;
}

/** `imp-billing-success`: a claim to confirm on your server before trusting it. */
export interface ImpBillingSuccessDetail {
  imp_uid: string | null;
  merchant_uid: string | null;
  customer_uid: string | null;
  pg: string | null;
  via: 'callback' | 'redirect' | 'server';
  /** True where the key is usable only after PortOne's webhook (Paymentwall). */
  awaitingWebhook: boolean;
  /** The raw SDK response, redirect query, or server answer. */
  response: RequestPayResponse | RedirectQuery | Record<string, unknown>;
}

/** `imp-billing-failure`. */
export interface ImpBillingFailureDetail {
  code: BillingErrorCode;
  message: string;
  /** PortOne's field name when a parameter is at fault (`customer_uid`, `card.info.number`, …). */
  field?: string;
  error_code?: string | null;
  error_msg?: string | null;
  imp_uid?: string | null;
  merchant_uid?: string | null;
  customer_uid?: string | null;
  via: FailureVia;
}

export type ImpBillingRequestEvent = CustomEvent<ImpBillingRequestDetail>;
export type ImpBillingSuccessEvent = CustomEvent<ImpBillingSuccessDetail>;
export type ImpBillingFailureEvent = CustomEvent<ImpBillingFailureDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'imp-billing-request': ImpBillingRequestEvent;
    'imp-billing-success': ImpBillingSuccessEvent;
    'imp-billing-failure': ImpBillingFailureEvent;
  }
}

/** Every imp-billing event bubbles and crosses shadow roots, like native input events. */
export function emit<K extends 'imp-billing-request' | 'imp-billing-success' | 'imp-billing-failure'>(
  target: EventTarget,
  type: K,
  detail: GlobalEventHandlersEventMap[K]['detail'],
  cancelable = false,
): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
}
