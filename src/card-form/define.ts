import { defineElement } from '../ui/define-element.js';
import { ImpBillingCardForm } from './card-form.js';

export const CARD_FORM_TAG = 'imp-billing-card-form';

/** Registers `<imp-billing-card-form>` (see `defineElement`: idempotent, first definition wins, no-op on a server). */
export function defineImpBillingCardForm(): void {
  defineElement(CARD_FORM_TAG, ImpBillingCardForm);
}

export { ImpBillingCardForm };

// Importing this module registers the element, like the script-tag bundle does.
defineImpBillingCardForm();
