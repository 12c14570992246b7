import type { ImpSandboxOptions } from './sandbox.js';

/**
 * The global a test sets before the page's own scripts run (Playwright: `page.addInitScript`, Cypress:
 * `onBeforeLoad`) to preset the sandbox for the whole page, bundled app or not: every sandbox installed on that
 * window (the `sandbox` attribute's included) takes these options, unless the installer passes its own.
 */
export const SANDBOX_PRESET_GLOBAL = '__IMP_BILLING_SANDBOX__';

/** The options that survive serialisation into a page: plain data only. */
export type SandboxPreset = Pick<ImpSandboxOptions, 'outcome' | 'delayMs' | 'mobile' | 'lang' | 'api'>;

/** The preset on `win`, if a test set one; anything that is not a plain object is ignored. */
export function readSandboxPreset(win: Window): SandboxPreset {
  const preset: unknown = (win as unknown as Record<string, unknown>)[SANDBOX_PRESET_GLOBAL];
  return typeof preset === 'object' && preset !== null ? (preset as SandboxPreset) : {};
}
