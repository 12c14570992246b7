/**
 * The script-tag builds' entry (dist/imp-billing.bundle.js, dist/imp-billing.iife.js): the button's own entry
 * (`imp-billing/button`), which defines `<imp-billing-button>` and exports what a page may need before the first click.
 * The element's engine and the sandbox arrive as chunks; the plain-function core (buildRequestPayParams,
 * requestBillingKey, …) is in the npm entries.
 */
export * from './button/index.js';
