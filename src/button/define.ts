import { defineElement } from '../ui/define-element.js';
import { ImpBillingButton } from './button.js';

export const BUTTON_TAG = 'imp-billing-button';

/** Registers `<imp-billing-button>` (see `defineElement`: idempotent, first definition wins, no-op on a server). */
export function defineImpBillingButton(): void {
  defineElement(BUTTON_TAG, ImpBillingButton);
}
