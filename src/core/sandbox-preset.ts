/**
 * The global a test sets before the page's own scripts run (Playwright: `page.addInitScript`, Cypress:
 * `onBeforeLoad`) to put the whole page on the offline sandbox, bundled app or not: every `<imp-billing-button>`
 * then behaves as if it had the `sandbox` attribute, and every sandbox installed on that window takes these options
 * (`outcome`, `api`, `delayMs`, `mobile`, `lang`) unless its installer passes its own. Only tests set it.
 */
export const SANDBOX_PRESET_GLOBAL = '__IMP_BILLING_SANDBOX__';

/** The preset on `win`, or null; anything that is not a plain object is ignored. */
export function readSandboxPreset(win: Window): Record<string, unknown> | null {
  const preset: unknown = (win as unknown as Record<string, unknown>)[SANDBOX_PRESET_GLOBAL];
  return typeof preset === 'object' && preset !== null && !Array.isArray(preset) ? (preset as Record<string, unknown>) : null;
}
