/**
 * The script-tag builds' entry (dist/imp-billing.bundle.js, dist/imp-billing.iife.js): defines `<imp-billing-button>`
 * and exports what a page may need before the first click. The element's engine and the sandbox arrive as chunks;
 * the plain-function core (buildRequestPayParams, requestBillingKey, …) is in the npm entries.
 */
import { defineImpBillingButton } from './button/define.js';

export { ImpBillingButton, type PreloadMode } from './button/button.js';
export { defineImpBillingButton, BUTTON_TAG } from './button/define.js';
export { BillingError, type BillingErrorCode } from './core/errors.js';
export { loadImp, DEFAULT_SDK_SRC, type LoadImpOptions } from './core/loader.js';

defineImpBillingButton();
