import { randomBytes } from 'node:crypto';
import { devices, expect, test, type Locator, type Page } from '@playwright/test';
import { elementScreenshot, openDemo, screenshot } from './helpers.js';

/**
 * The demo's "subscription life" section against the real demo merchant server and the PortOne stand-in (started by
 * `npm run demo`, which the Playwright config runs). The server's PGlite folder outlives a run, so every test
 * registers its own customer_uid.
 */

const APPROVE = '4242424242424242';
const DECLINE = '4000000000000002';

function uniqueUid(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

function section(page: Page) {
  const root = page.locator('#subscription');
  return {
    root,
    form: root.locator('imp-billing-card-form'),
    answer: page.locator('#sub-answer'),
    clock: page.locator('#sub-clock'),
    button: (action: string) => root.locator(`button[data-action="${action}"]`),
    /** Record rows only: an empty table has one `.empty-row` saying "—". */
    rows: (table: 'subscriptions' | 'payments' | 'schedules' | 'webhooks', filter = '') =>
      page.locator(`#sub-${table} tbody tr:not(.empty-row)${filter}`),
    empty: (table: 'subscriptions' | 'payments' | 'schedules' | 'webhooks') => page.locator(`#sub-${table} tbody tr.empty-row`),
  };
}

/** Opens the demo on a fresh customer_uid, typed into the page's field as a person would. */
async function openWithCustomer(page: Page, prefix: string, path = '/') {
  await openDemo(page, path);
  const s = section(page);
  const uid = uniqueUid(prefix);
  const input = page.locator('#sub-customer');
  await input.fill(uid);
  await input.blur(); // `change` fires on blur: the form and the tables follow the new id
  await expect(s.form).toHaveAttribute('customer-uid', uid);
  // A new customer has no records yet: each table shows its single empty row.
  for (const table of ['subscriptions', 'payments', 'schedules', 'webhooks'] as const) await expect(s.empty(table)).toHaveText('—');
  return { s, uid };
}

/** No record table needs its horizontal scrollbar: ids, headers and long cells wrap instead. */
async function expectTablesFit(page: Page) {
  const overflow = await page
    .locator('#subscription .table-wrap')
    .evaluateAll((wraps) => wraps.map((w) => `${w.querySelector('table')?.id}: ${w.scrollWidth - w.clientWidth}px`));
  expect(overflow.filter((line) => !line.endsWith(': 0px'))).toEqual([]);
}

/** Types a card into <imp-billing-card-form> and waits for the server's answer on the form's status line. */
async function registerCard(form: Locator, number: string) {
  await form.locator('input[name="card_number"]').fill(number);
  await form.locator('input[name="expiry"]').fill(`${new Date().getFullYear() + 3}09`);
  await form.locator('input[name="birth"]').fill('900101');
  await form.locator('input[name="pwd_2digit"]').fill('12');
  await form.locator('button[part="submit"]').click();
}

test('register → charge again → schedule → advance the clock → webhook recorded, next schedule; replay and wrong secret', async ({ page }) => {
  const { s, uid } = await openWithCustomer(page, 'e2e_cycle');

  // 1. The card form registers a billing key through the merchant server.
  await registerCard(s.form, APPROVE);
  await expect(s.form.locator('[part="status"]')).toHaveText('카드가 등록되었습니다 (신한카드 424242******4242).');
  await expect(s.form.locator('input[name="card_number"]')).toHaveValue(''); // the card is not kept in the page
  const subscription = s.rows('subscriptions');
  await expect(subscription).toHaveCount(1);
  await expect(subscription.locator('td').nth(0)).toHaveText(uid);
  await expect(subscription.locator('td').nth(1)).toHaveText('활성');
  await expect(subscription.locator('td').nth(2)).toHaveText('신한카드 424242******4242');
  await expect(subscription.locator('td').nth(4)).toHaveText('—'); // nothing scheduled yet

  // 2. Charge again: paid, and the payment appears.
  await s.button('again').click();
  await expect(s.answer).toContainText('다시 결제: 결제 완료 · 9,900 KRW · imp_');
  await expect(s.answer).toHaveClass(/ok/);
  await expect(s.rows('payments')).toHaveCount(1);
  const again = s.rows('payments', '[data-source="again"]');
  await expect(again.locator('td').nth(3)).toHaveText('결제 완료');
  await expect(again.locator('td').nth(2)).toHaveText('9,900 KRW');
  await expect(again.locator('td').nth(4)).toHaveText('다시 결제');

  // 2b. Refund it (POST /payments/cancel): the same row turns cancelled.
  await s.button('refund').click();
  await expect(s.answer).toContainText('마지막 결제 환불: 취소 · 9,900 KRW · imp_');
  await expect(again.locator('td').nth(3)).toHaveText('취소');

  // 3. Schedule: the pending schedule appears, and the subscription knows its next payment.
  await s.button('schedule').click();
  await expect(s.answer).toContainText('다음 결제 예약: 예약됨 · sub_');
  const pending = s.rows('schedules', '[data-schedule-status="scheduled"]');
  await expect(pending).toHaveCount(1);
  const firstMerchantUid = (await pending.getAttribute('data-merchant-uid'))!;
  await expect(s.answer).toContainText(firstMerchantUid);
  await expect(pending.locator('td').nth(2)).toHaveText('예약됨');
  const firstDue = (await pending.locator('td').nth(1).textContent())!;
  await expect(subscription.locator('td').nth(4)).toHaveText(firstDue);
  // Scheduling twice is refused, in words.
  await s.button('schedule').click();
  await expect(s.answer).toContainText('HTTP 409');
  await expect(s.answer).toContainText('다음 결제가 이미 예약되어 있습니다');
  await expect(s.rows('schedules')).toHaveCount(1);

  // 4. Advance the clock: the stand-in runs the schedule and sends the webhook; the server verifies, records it and
  // schedules the next payment with a fresh merchant_uid.
  const clockBefore = await s.clock.textContent();
  await s.button('advance').click();
  await expect(s.answer).toContainText('시계 31일 앞으로: 이 고객의 예약 결제 1건 실행 (결제 완료 → 웹훅 HTTP 200)');
  await expect(s.answer).toHaveClass(/ok/);
  await expect(s.clock).not.toHaveText(clockBefore!);

  const webhookPayment = s.rows('payments', '[data-source="webhook"]');
  await expect(webhookPayment).toHaveCount(1);
  await expect(webhookPayment.locator('td').nth(1)).toHaveText(firstMerchantUid);
  await expect(webhookPayment.locator('td').nth(3)).toHaveText('결제 완료');
  await expect(webhookPayment.locator('td').nth(4)).toHaveText('웹훅');
  await expect(webhookPayment.locator('td').nth(0)).toHaveText(firstDue); // paid when it fell due
  await expect(s.rows('payments')).toHaveCount(2);

  const executed = s.rows('schedules', '[data-schedule-status="executed"]');
  await expect(executed).toHaveAttribute('data-merchant-uid', firstMerchantUid);
  await expect(executed.locator('td').nth(3)).toHaveText('결제 완료');
  const next = s.rows('schedules', '[data-schedule-status="scheduled"]');
  await expect(next).toHaveCount(1);
  const nextMerchantUid = (await next.getAttribute('data-merchant-uid'))!;
  expect(nextMerchantUid).not.toBe(firstMerchantUid);
  await expect(subscription.locator('td').nth(4)).toHaveText((await next.locator('td').nth(1).textContent())!);

  const webhook = s.rows('webhooks');
  await expect(webhook).toHaveCount(1);
  await expect(webhook).toHaveAttribute('data-outcome', 'recorded');
  await expect(webhook.locator('td').nth(1)).toHaveText('PortOne 대역');
  await expect(webhook.locator('td').nth(2)).toHaveText((await webhookPayment.getAttribute('data-imp-uid'))!);
  await expect(webhook.locator('td').nth(3)).toHaveText('결제 완료'); // looked up, not taken from the body
  await expect(webhook.locator('td').nth(4)).toHaveText('200 · 기록함');
  await expect(webhook.locator('td').nth(5)).toHaveText(nextMerchantUid);

  // 5. Replaying the same webhook is answered 200 but records nothing and schedules nothing.
  await s.button('replay').click();
  await expect(s.answer).toContainText('웹훅 다시 보내기: HTTP 200');
  await expect(s.answer).toContainText('이미 처리한 웹훅: 다시 기록하지 않음');
  await expect(s.rows('webhooks')).toHaveCount(2);
  const replayed = s.rows('webhooks').first(); // newest first
  await expect(replayed).toHaveAttribute('data-delivery', 'replay');
  await expect(replayed).toHaveAttribute('data-outcome', 'duplicate');
  await expect(replayed.locator('td').nth(4)).toHaveText('200 · 중복: 기록 안 함');
  await expect(replayed.locator('td').nth(5)).toHaveText('—');
  await expect(s.rows('payments', '[data-source="webhook"]')).toHaveCount(1);
  await expect(s.rows('payments')).toHaveCount(2);
  await expect(s.rows('schedules', '[data-schedule-status="scheduled"]')).toHaveCount(1);

  // 6. A wrong secret: PortOne's 401 is the headline, and nothing changes.
  await s.button('wrongSecret').click();
  await expect(s.answer).toHaveClass(/error/);
  await expect(s.answer.locator('.http')).toHaveText('PortOne HTTP 401 Unauthorized');
  await expect(s.answer).toContainText('imp_secret이 틀려 PortOne이 토큰을 주지 않았습니다');
  await expect(s.answer).toContainText('invalid imp_key or imp_secret');
  await expect(s.rows('payments')).toHaveCount(2);
  await expect(s.rows('webhooks')).toHaveCount(2);

  await expectTablesFit(page);
  await s.root.scrollIntoViewIfNeeded();
  await screenshot(page, 'desktop-ko-subscription-cycle');
  await elementScreenshot(s.root, 'desktop-ko-subscription-section');

  // The same records in English: the language switch rewrites the tables and the last answer.
  await page.locator('[data-lang="en"]').click();
  await expect(page.locator('#subscription-title')).toHaveText('A subscription’s life (with the server)');
  await expect(subscription.locator('td').nth(1)).toHaveText('active');
  await expect(s.rows('webhooks').first().locator('td').nth(4)).toHaveText('200 · duplicate: not recorded');
  await expect(s.answer.locator('strong')).toHaveText('Call with a wrong imp_secret:');
  await expect(s.answer).toContainText('With a wrong imp_secret PortOne gave no token');
  await expect(page.locator('#sub-webhooks th').first()).toHaveText('Received');
  await expectTablesFit(page);
  await elementScreenshot(s.root, 'desktop-en-subscription-section');
});

test('the decline card registers, but its charges fail: visible as failed, and the subscription falls past due', async ({ page }) => {
  const { s } = await openWithCustomer(page, 'e2e_decline', '/?lang=en');

  await registerCard(s.form, DECLINE);
  await expect(s.form.locator('[part="status"]')).toHaveText('Card registered (신한카드 400000******0002).');
  await expect(s.rows('subscriptions').locator('td').nth(1)).toHaveText('active');

  await s.button('again').click();
  await expect(s.answer).toHaveClass(/error/);
  await expect(s.answer).toContainText('Charge again: failed · [4008]');
  await expect(s.answer).toContainText('insufficient funds');
  const failed = s.rows('payments');
  await expect(failed).toHaveCount(1);
  await expect(failed).toHaveAttribute('data-status', 'failed');
  await expect(failed.locator('td').nth(3)).toHaveText('failed');
  await expect(failed.locator('td').nth(0)).toHaveText('—'); // never paid

  await s.button('schedule').click();
  await expect(s.rows('schedules', '[data-schedule-status="scheduled"]')).toHaveCount(1);
  await s.button('advance').click();
  await expect(s.answer).toContainText('1 scheduled payment of this customer ran (failed → webhook HTTP 200)');
  await expect(s.answer).toHaveClass(/error/);
  await expect(s.rows('schedules', '[data-schedule-status="executed"]').locator('td').nth(3)).toHaveText('failed');
  // A failed scheduled payment is not recorded and not followed by another schedule; the subscription is past due.
  await expect(s.rows('webhooks')).toHaveCount(1);
  await expect(s.rows('webhooks')).toHaveAttribute('data-outcome', 'not-recorded');
  await expect(s.rows('webhooks').locator('td').nth(3)).toHaveText('failed');
  await expect(s.rows('schedules', '[data-schedule-status="scheduled"]')).toHaveCount(0);
  await expect(s.rows('subscriptions').locator('td').nth(1)).toHaveText('past due');
  await expect(s.rows('subscriptions').locator('td').nth(4)).toHaveText('—');
  await expect(s.rows('payments')).toHaveCount(1);
  await expectTablesFit(page);
  await elementScreenshot(s.root, 'desktop-en-subscription-decline');
});

test('before a card or a scheduled payment exists, the buttons say what is missing', async ({ page }) => {
  const { s } = await openWithCustomer(page, 'e2e_empty');

  await s.button('again').click();
  await expect(s.answer).toHaveClass(/error/);
  await expect(s.answer.locator('.http')).toHaveText('HTTP 404');
  await expect(s.answer).toContainText('이 customer_uid로 등록된 카드가 없습니다');

  await registerCard(s.form, APPROVE);
  await expect(s.rows('subscriptions').locator('td').nth(1)).toHaveText('활성');
  await s.button('replay').click();
  await expect(s.answer.locator('.http')).toHaveText('HTTP 404');
  await expect(s.answer).toContainText('이 고객의 예약 결제가 아직 실행되지 않았습니다');
  await expect(s.empty('webhooks')).toHaveText('—');

  // A card the form refuses never reaches the server: the field says why.
  await s.form.locator('input[name="card_number"]').fill('4242424242424241');
  await s.form.locator('button[part="submit"]').click();
  await expect(s.form.locator('[part="error"]').first()).not.toBeEmpty();
  await expect(s.form.locator('input[name="card_number"]')).toHaveAttribute('aria-invalid', 'true');
});

test.describe('phone layout', () => {
  // iPhone 13's screen and user agent on the configured Chromium (the browser itself is fixed per project).
  const { defaultBrowserType: _webkit, ...iphone } = devices['iPhone 13'];
  test.use(iphone);

  test('the full cycle fits a phone screen: tables become labelled cards, nothing overflows', async ({ page }) => {
    const { s } = await openWithCustomer(page, 'e2e_phone');
    await registerCard(s.form, APPROVE);
    await expect(s.rows('subscriptions').locator('td').nth(1)).toHaveText('활성');
    await s.button('again').click();
    await expect(s.rows('payments')).toHaveCount(1);
    await s.button('schedule').click();
    await expect(s.rows('schedules')).toHaveCount(1);
    await s.button('advance').click();
    await expect(s.rows('webhooks')).toHaveCount(1);
    await s.button('replay').click();
    await expect(s.rows('webhooks')).toHaveCount(2);
    await s.button('wrongSecret').click();
    await expect(s.answer.locator('.http')).toHaveText('PortOne HTTP 401 Unauthorized');

    const width = page.viewportSize()!.width;
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    // Each value sits inside the screen, labelled with its column's header.
    const cell = s.rows('webhooks').first().locator('td').nth(4);
    expect(await cell.evaluate((td) => getComputedStyle(td, '::before').content)).toBe('"서버의 응답"');
    for (const td of await s.rows('webhooks').first().locator('td').all()) {
      const box = (await td.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
    }
    await s.root.scrollIntoViewIfNeeded();
    await screenshot(page, 'mobile-ko-subscription-cycle');
    await elementScreenshot(s.root, 'mobile-ko-subscription-section');
  });
});
