/**
 * `imp-billing/react`: React components for the imp-billing elements, made with `@lit/react` so that properties are
 * set as properties (objects such as `card` or `params` never become attributes) and the `imp-billing-*` events
 * arrive as typed `onImpBilling…` props. Works with React 18 and 19. Importing it registers the elements.
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { ImpBillingButton as ImpBillingButtonElement } from '../button/button.js';
import { BUTTON_TAG, defineImpBillingButton } from '../button/define.js';
import type { ImpBillingFailureEvent, ImpBillingRequestEvent, ImpBillingSuccessEvent } from '../events.js';

// A React user imports the component to render it, so registering here is expected; define is idempotent and a
// no-op during server rendering.
defineImpBillingButton();

/** Prop name → DOM event name. React never sees the hyphenated event names itself. */
const billingEvents = {
  onImpBillingRequest: 'imp-billing-request' as EventName<ImpBillingRequestEvent>,
  onImpBillingSuccess: 'imp-billing-success' as EventName<ImpBillingSuccessEvent>,
  onImpBillingFailure: 'imp-billing-failure' as EventName<ImpBillingFailureEvent>,
};

/**
 * `<imp-billing-button>` as a React component.
 *
 * ```tsx
 * <ImpBillingButton merchantCode="imp00000000" pg="kcp_billing" customerUid={user.id}
 *   onImpBillingSuccess={(e) => verifyOnServer(e.detail.imp_uid)} />
 * ```
 */
export const ImpBillingButton = createComponent({
  react: React,
  tagName: BUTTON_TAG,
  elementClass: ImpBillingButtonElement,
  events: billingEvents,
  displayName: 'ImpBillingButton',
});

export type ImpBillingButtonProps = React.ComponentProps<typeof ImpBillingButton>;
export type { ImpBillingButtonElement };
export type { ImpBillingFailureEvent, ImpBillingRequestEvent, ImpBillingSuccessEvent } from '../events.js';
