import { mkdirSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import { SANDBOX_WINDOW_SELECTOR } from '../src/testing/index.js';

type Kind = 'request' | 'success' | 'failure';

/** Log entries of one kind, optionally from one demo card (its `data-scenario`). */
export function logEntries(page: Page, kind: Kind, source?: string): Locator {
  const bySource = source ? `[data-source="${source}"]` : '';
  return page.locator(`#event-log li[data-type="imp-billing-${kind}"]${bySource}`);
}

/** The JSON detail an entry shows, parsed back (the log renders it as text). */
export async function entryDetail(entry: Locator): Promise<Record<string, unknown>> {
  return JSON.parse((await entry.locator('pre').textContent()) ?? '{}') as Record<string, unknown>;
}

export function demoButton(page: Page, scenario: string): Locator {
  return page.locator(`imp-billing-button[data-scenario="${scenario}"]`);
}

/** The element's own status line (shadow DOM; Playwright's CSS locators pierce it). */
export function buttonMessage(page: Page, scenario: string): Locator {
  return demoButton(page, scenario).locator('[part="message"]');
}

export function sandboxWindow(page: Page): Locator {
  return page.locator(SANDBOX_WINDOW_SELECTOR);
}

/** Waits until the page's modules ran: the playground fills its status when the demo script is done. */
export async function openDemo(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(page.locator('#playground-status')).not.toBeEmpty();
}

/** Lets every task queued so far run (the element reports a redirect return one task after it connects). */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
}

/** Screenshots are artifacts for a person to look at, not pixel baselines. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage });
}

/** One part of the page (a section, a dialog), same folder as the full-page screenshots. */
export async function elementScreenshot(target: Locator, name: string): Promise<void> {
  mkdirSync('test-results/screenshots', { recursive: true });
  await target.screenshot({ path: `test-results/screenshots/${name}.png` });
}
