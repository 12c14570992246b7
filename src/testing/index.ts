/**
 * `imp-billing/testing`: drive the offline sandbox from your own end-to-end tests. Runs in the test runner (Node),
 * never in the page, and imports nothing: it works with any Playwright version through the few methods it calls.
 *
 * Stable hooks (public API, kept across versions):
 * - the window is `<imp-billing-sandbox-dialog>`; while it waits for an answer its shadow root holds `dialog[open]`;
 * - its buttons carry `data-choice="approve" | "decline" | "cancel"` whatever the language;
 * - the element's `choose(choice, message?)` method answers as the buttons do;
 * - `window.__IMP_BILLING_SANDBOX__ = { outcome, api, delayMs, mobile, lang }`, set before the page's scripts run,
 *   puts every button of the page on the sandbox with these options (`presetSandbox` does it for Playwright).
 *
 * Cypress: `cy.get('imp-billing-sandbox-dialog').shadow().find('button[data-choice="approve"]').click()`, and
 * `cy.visit(url, { onBeforeLoad: (win) => { win.__IMP_BILLING_SANDBOX__ = { outcome: 'approve' }; } })`.
 */
import { SANDBOX_PRESET_GLOBAL } from '../core/sandbox-preset.js';
import type { ImpSandboxOptions } from '../sandbox/sandbox.js';
import type { SandboxChoice } from '../sandbox/sandbox-dialog.js';

export { SANDBOX_PRESET_GLOBAL, type SandboxChoice };

/** The sandbox options a page can be given before it loads: plain data only. */
export type SandboxPreset = Pick<ImpSandboxOptions, 'outcome' | 'delayMs' | 'mobile' | 'lang' | 'api'>;

/** The sandbox window while it waits for an answer (Playwright's CSS engine pierces the shadow root). */
export const SANDBOX_WINDOW_SELECTOR = 'imp-billing-sandbox-dialog dialog[open]';

/** One of the window's answer buttons. */
export function sandboxChoiceSelector(choice: SandboxChoice): string {
  return `${SANDBOX_WINDOW_SELECTOR} button[data-choice="${choice}"]`;
}

/** The part of Playwright's `Locator` these helpers use. */
export interface LocatorLike {
  click(options?: { timeout?: number }): Promise<unknown>;
  waitFor(options?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }): Promise<unknown>;
  evaluate(fn: (element: never, arg: string) => unknown, arg: string): Promise<unknown>;
}

/** The part of Playwright's `Page` these helpers use. */
export interface PageLike {
  locator(selector: string): LocatorLike;
  addInitScript(script: string): Promise<unknown>;
}

export interface WaitOptions {
  /** How long to wait for the window to open, in ms (Playwright's default action timeout when absent). */
  timeout?: number;
}

async function answer(page: PageLike, choice: SandboxChoice, message: string | undefined, options: WaitOptions) {
  const timeout = options.timeout !== undefined ? { timeout: options.timeout } : {};
  const button = page.locator(sandboxChoiceSelector(choice));
  await button.waitFor({ state: 'visible', ...timeout });
  if (message === undefined) {
    await button.click(timeout);
  } else {
    // The same answer as the button, with the reason the test wants the PG to give.
    await page
      .locator('imp-billing-sandbox-dialog')
      .evaluate((el: { choose(choice: SandboxChoice, message: string): void }, reason) => el.choose('decline', reason), message);
  }
  await page.locator(SANDBOX_WINDOW_SELECTOR).waitFor({ state: 'detached', ...timeout });
}

/** Waits for the sandbox window, approves, and waits for it to close. */
export function approveSandbox(page: PageLike, options: WaitOptions = {}): Promise<void> {
  return answer(page, 'approve', undefined, options);
}

/** Waits for the sandbox window and declines, with `message` as the PG's reason (`error_msg`) when given. */
export function declineSandbox(page: PageLike, message?: string, options: WaitOptions = {}): Promise<void> {
  return answer(page, 'decline', message, options);
}

/** Waits for the sandbox window and closes it the way a customer gives up (`F1001`, code `cancelled`). */
export function cancelSandbox(page: PageLike, options: WaitOptions = {}): Promise<void> {
  return answer(page, 'cancel', undefined, options);
}

/**
 * Puts the page on the sandbox before any of its scripts run: every button uses it, as with the `sandbox`
 * attribute, with these options, e.g. `{ outcome: 'approve' }` to answer without a window, or `{ api: mock.url }` to
 * record what it issues with `imp-billing/mock-api`. `{}` keeps the window for a person (or `approveSandbox`).
 * Call before `page.goto`.
 */
export function presetSandbox(page: PageLike, preset: SandboxPreset): Promise<unknown> {
  return page.addInitScript(`window[${JSON.stringify(SANDBOX_PRESET_GLOBAL)}] = ${JSON.stringify(preset)};`);
}
