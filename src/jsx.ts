/**
 * `imp-billing/jsx`: types for writing `<imp-billing-button>` and `<imp-billing-card-form>` directly in React 19 JSX
 * (no wrapper component).
 *
 * ```ts
 * import 'imp-billing';          // registers the element
 * import type {} from 'imp-billing/jsx';
 * <imp-billing-button merchant-code="imp00000000" customerUid={id} onimp-billing-success={(e) => …} />
 * ```
 *
 * React 19 sets a prop as a property when the element has it (`customerUid`, `card`, `params`), else as an attribute
 * (`merchant-code`), and binds `on<exact event name>` props as listeners: `onimp-billing-success`, all lower case and
 * hyphenated, never `onImpBillingSuccess` (that would listen for an event named "ImpBillingSuccess"). Preact binds
 * the same prop names the same way; see {@link ImpBillingButtonJsxProps} for its augmentation.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { ImpBillingButton } from './button/button.js';
import type { ImpBillingCardForm } from './card-form/card-form.js';
import type { ImpBillingFailureEvent, ImpBillingRequestEvent, ImpBillingSuccessEvent } from './ui/events.js';

/** Event props under the exact event names, as React 19 and Preact bind them on custom elements. */
export interface ImpBillingEventProps {
  'onimp-billing-request'?: (event: ImpBillingRequestEvent) => void;
  'onimp-billing-success'?: (event: ImpBillingSuccessEvent) => void;
  'onimp-billing-failure'?: (event: ImpBillingFailureEvent) => void;
}

/** The element's public properties; attribute spellings (`merchant-code`) are accepted too, as any hyphenated JSX name is. */
export type ImpBillingButtonProperties = Partial<
  Pick<
    ImpBillingButton,
    | 'merchantCode' | 'pg' | 'channelKey' | 'pgProvider' | 'customerUid' | 'customerId' | 'amount' | 'merchantUid' | 'orderName'
    | 'currency' | 'language' | 'buyerEmail' | 'buyerName' | 'buyerTel' | 'buyerAddr' | 'buyerPostcode' | 'redirectUrl'
    | 'payMethod' | 'sdkSrc' | 'sdkNonce' | 'sdkTimeout' | 'timeout' | 'sandbox' | 'disabled' | 'preload' | 'card'
    | 'bypass' | 'customData' | 'params'
  >
>;

/**
 * Framework-neutral props of `<imp-billing-button>` (properties + events). Preact users augment with it:
 * `declare module 'preact' { namespace JSX { interface IntrinsicElements { 'imp-billing-button':
 * JSX.HTMLAttributes<HTMLElement> & ImpBillingButtonJsxProps } } }`.
 */
export type ImpBillingButtonJsxProps = ImpBillingButtonProperties & ImpBillingEventProps;

/** Properties and events of `<imp-billing-card-form>` (it fires success and failure, no request event). */
export type ImpBillingCardFormJsxProps = Partial<Pick<ImpBillingCardForm, 'action' | 'customerUid' | 'disabled' | 'timeout'>> &
  Omit<ImpBillingEventProps, 'onimp-billing-request'>;

/** What React 19 accepts on `<imp-billing-button>`: HTML attributes, ref, children (the label), properties, events. */
export type ImpBillingButtonReactProps = DetailedHTMLProps<HTMLAttributes<ImpBillingButton>, ImpBillingButton> &
  ImpBillingButtonJsxProps & { class?: string };

export type ImpBillingCardFormReactProps = DetailedHTMLProps<HTMLAttributes<ImpBillingCardForm>, ImpBillingCardForm> &
  ImpBillingCardFormJsxProps & { class?: string };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'imp-billing-button': ImpBillingButtonReactProps;
      'imp-billing-card-form': ImpBillingCardFormReactProps;
    }
  }
}
