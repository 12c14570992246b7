/**
 * Everything imp-billing offers, with no side effect on import: the element classes (not registered), their
 * `define…` functions, the plain-function core and the event types. `imp-billing` (index) is this plus registration.
 */
export * from './core/index.js';
export type * from './ui/events.js';
export { ImpBillingButton, type PreloadMode } from './button/button.js';
export { defineImpBillingButton, BUTTON_TAG } from './button/define.js';
