import { ImpBillingButton } from './button.js';

export const BUTTON_TAG = 'imp-billing-button';

/**
 * Registers `<imp-billing-button>`. Safe to call twice or from two bundles on one page (the first definition wins),
 * and a no-op during server rendering.
 */
export function defineImpBillingButton(): void {
  if (typeof customElements === 'undefined') return;
  const existing = customElements.get(BUTTON_TAG);
  if (!existing) customElements.define(BUTTON_TAG, ImpBillingButton);
  else if (existing !== ImpBillingButton) {
    console.warn(`[imp-billing] <${BUTTON_TAG}> is defined by another copy.`);
  }
}
