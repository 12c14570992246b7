import { ImpBillingCardForm } from './card-form.js';

export const CARD_FORM_TAG = 'imp-billing-card-form';

/**
 * Registers `<imp-billing-card-form>`. Safe to call twice or from two bundles on one page (the first definition wins),
 * and a no-op during server rendering.
 */
export function defineImpBillingCardForm(): void {
  if (typeof customElements === 'undefined') return;
  if (!customElements.get(CARD_FORM_TAG)) customElements.define(CARD_FORM_TAG, ImpBillingCardForm);
}

export { ImpBillingCardForm };

// Importing this module registers the element, like the script-tag bundle does.
defineImpBillingCardForm();
