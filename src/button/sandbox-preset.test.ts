import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { SANDBOX_PRESET_GLOBAL } from '../core/sandbox-preset.js';
import type { ImpBillingSuccessEvent } from '../ui/events.js';
import { isImpSandbox } from '../sandbox/index.js';
import type { ImpBillingButton } from './button.js';
import { defineImpBillingButton } from './define.js';

defineImpBillingButton();

/** What `imp-billing/testing`'s presetSandbox sets before a page's scripts run. */
describe('a page put on the sandbox by window.__IMP_BILLING_SANDBOX__', () => {
  const win = window as unknown as Record<string, unknown>;
  afterEach(() => {
    delete win[SANDBOX_PRESET_GLOBAL];
    if (isImpSandbox(win['IMP'])) delete win['IMP'];
  });

  it('a button without the sandbox attribute uses the sandbox, with the preset outcome, and loads no SDK script', async () => {
    win[SANDBOX_PRESET_GLOBAL] = { outcome: 'approve' };
    const el = await fixture<ImpBillingButton>(
      html`<imp-billing-button merchant-code="imp00000000" pg="jtnet" customer-uid="cu_preset" preload="none"></imp-billing-button>`,
    );
    const success = oneEvent(el, 'imp-billing-success') as Promise<ImpBillingSuccessEvent>;
    el.shadowRoot!.querySelector('button')!.click();
    const { detail } = await success;
    expect(detail).to.include({ customer_uid: 'cu_preset', via: 'callback' });
    expect(isImpSandbox(win['IMP'])).to.equal(true);
    expect(document.querySelector('script[src*="iamport"]')).to.equal(null);
  });
});
