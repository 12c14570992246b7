/**
 * axe-core on the demo page (every element in it, the sandbox window open or not), in Korean and English. Shared by
 * a11y.spec.ts (desktop) and a11y.mobile.spec.ts (iPhone): zero violations of axe's default rules in each state, and
 * no two buttons with the same accessible name.
 */
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { openDemo, sandboxWindow } from './helpers.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Violation {
  id: string;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  // One line per offending node, so a failure names what to fix.
  return found.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.help}): ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`));
}

export function defineA11yTests(): void {
  for (const lang of ['ko', 'en']) {
    test(`axe: the demo page in ${lang} has no violations`, async ({ page }) => {
      await openDemo(page, `/?lang=${lang}`);
      await expect(page.locator('#loop-status')).not.toBeEmpty();
      expect(await violations(page)).toEqual([]);
      // Buttons a screen reader lists side by side must not share a name (axe does not check this).
      const names = [...(await page.locator('body').ariaSnapshot()).matchAll(/- button "([^"]*)"/g)].map((m) => m[1]);
      expect(names.filter((name, i) => names.indexOf(name) !== i), 'buttons sharing a name').toEqual([]);
    });

    test(`axe: the demo page in ${lang} with the sandbox window open has no violations`, async ({ page }) => {
      await openDemo(page, `/?lang=${lang}`);
      await page.locator('imp-billing-button[data-scenario="jtnet-key"]').click();
      await expect(sandboxWindow(page)).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });
  }
}
