/**
 * `imp-billing/button`: registers `<imp-billing-button>` and exports what a page needs before the first click (the
 * element, its `define`, `loadImp`, `BillingError`), and nothing of the plain-function core. esbuild (and with it
 * Angular's CLI) puts every module an entry re-exports beside the element on the first paint: through `imp-billing`,
 * whose re-exports of the core the engine chunk shares, that is the whole core; through this entry only the shell.
 * The script-tag builds are this entry too (src/script-tag.ts).
 */
import { defineImpBillingButton } from './define.js';

export { ImpBillingButton, type PreloadMode } from './button.js';
export { defineImpBillingButton, BUTTON_TAG } from './define.js';
export { BillingError, type BillingErrorCode } from '../core/errors.js';
export { loadImp, DEFAULT_SDK_SRC, type LoadImpOptions } from '../core/loader.js';
export type * from '../ui/events.js';

defineImpBillingButton();
