/**
 * The demo's whole-loop section (demo/loop.ts): registration by the demo server → the button in the sandbox, which
 * records what it issues in the PortOne stand-in → verification by the server → the subscription section takes the
 * customer over and charges again. Shared by demo-loop.spec.ts (desktop) and demo-loop.mobile.spec.ts (iPhone).
 */
import { expect, test } from '@playwright/test';
import { approveSandbox } from '../src/testing/index.js';
import { openDemo } from './helpers.js';

export function defineDemoLoopTests(): void {
  for (const choice of ['jtnet-key', 'jtnet-charge', 'paymentwall']) {
    test(`the demo's loop section: ${choice} is registered, verified, then charged again from the subscription section`, async ({ page }) => {
      await openDemo(page);
      const section = page.locator('#loop');
      await expect(section.locator('svg[role="img"]')).toHaveCount(2);
      await section.locator('#loop-case').selectOption(choice);
      await expect(section.locator('#loop-status')).toContainText('등록 준비됨');
      const customerUid = await section.locator('imp-billing-button').getAttribute('customer-uid');
      await section.locator('imp-billing-button').click();
      await approveSandbox(page);
      await expect(page.locator('#loop-status')).toContainText('서버 확인 완료: KB국민카드 4242', { timeout: 20_000 });
      await expect(page.locator('#sub-customer')).toHaveValue(customerUid!);
      await page.locator('#subscription button[data-action="again"]').click();
      await expect(page.locator('#sub-answer')).toContainText('결제 완료');
    });
  }
}
