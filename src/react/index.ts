/**
 * `imp-billing/react`: React components for `<imp-billing-button>` and `<imp-billing-card-form>`, made with
 * `@lit/react` so that properties are set as properties (objects such as `card` or `params` never become attributes)
 * and the `imp-billing-*` events arrive as typed `onImpBilling…` props. Works with React 18 and 19. Importing it
 * registers both elements.
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { ImpBillingButton as ImpBillingButtonElement } from '../button/button.js';
import { BUTTON_TAG, defineImpBillingButton } from '../button/define.js';
import { ImpBillingCardForm as ImpBillingCardFormElement } from '../card-form/card-form.js';
import { CARD_FORM_TAG, defineImpBillingCardForm } from '../card-form/define.js';
import type { ImpBillingFailureEvent, ImpBillingRequestEvent, ImpBillingSuccessEvent } from '../ui/events.js';

// A React user imports the component to render it, so registering here is expected; define is idempotent and a
// no-op during server rendering.
defineImpBillingButton();
defineImpBillingCardForm();

/** Prop name → DOM event name. React never sees the hyphenated event names itself. */
const resultEvents = {
  onImpBillingSuccess: 'imp-billing-success' as EventName<ImpBillingSuccessEvent>,
  onImpBillingFailure: 'imp-billing-failure' as EventName<ImpBillingFailureEvent>,
};
const buttonEvents = { ...resultEvents, onImpBillingRequest: 'imp-billing-request' as EventName<ImpBillingRequestEvent> };

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
  events: buttonEvents,
  displayName: 'ImpBillingButton',
});

/**
 * `<imp-billing-card-form>` as a React component: a key-in card form that posts to your server (`action`).
 *
 * ```tsx
 * <ImpBillingCardForm action="/api/billing/card" customerUid={user.id} onImpBillingSuccess={() => navigate('/done')} />
 * ```
 */
export const ImpBillingCardForm = createComponent({
  react: React,
  tagName: CARD_FORM_TAG,
  elementClass: ImpBillingCardFormElement,
  events: resultEvents,
  displayName: 'ImpBillingCardForm',
});

export type ImpBillingButtonProps = React.ComponentProps<typeof ImpBillingButton>;
export type ImpBillingCardFormProps = React.ComponentProps<typeof ImpBillingCardForm>;
export type { ImpBillingButtonElement, ImpBillingCardFormElement };
export type { ImpBillingFailureEvent, ImpBillingRequestEvent, ImpBillingSuccessEvent } from '../ui/events.js';
