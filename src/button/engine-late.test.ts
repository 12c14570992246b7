/**
 * An engine chunk that arrives after `sdk-timeout` (a slow mobile network, where redirect returns happen): the click
 * that waited reports `sdk-load-failed`, but the import goes on, and the engine it brings is used from then on. A
 * file of its own: the page loads the engine once and keeps it, and these tests need it not there yet.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { installFakeImp, removeFakeImp } from '../test-helpers/fake-imp.js';
import { recordEvents, until } from '../test-helpers/button-harness.js';
import type { ImpBillingButton } from './button.js';
import { defineImpBillingButton } from './define.js';
import { engineChunk } from './engine-chunk.js';

defineImpBillingButton();

describe('<imp-billing-button> with an engine that arrives late', () => {
  const home = location.pathname + location.search;
  const realLoad = engineChunk.load;
  afterEach(() => {
    engineChunk.load = realLoad;
    removeFakeImp();
    history.replaceState(null, '', home);
  });

  it('on a redirect return: the click that waited fails, the return is reported when the engine comes, and the next click is synchronous', async () => {
    history.replaceState(null, '', `${location.pathname}?imp_uid=imp_123456789012&merchant_uid=order_late&imp_success=true`);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let engineRequests = 0;
    engineChunk.load = () => {
      engineRequests++;
      return held.then(realLoad);
    };
    const imp = installFakeImp(); // the page's own SDK: only the engine is late
    const el = await fixture<ImpBillingButton>(
      html`<imp-billing-button lang="en" preload="none" sdk-timeout="100" merchant-code="imp00000000" pg="kcp_billing" customer-uid="c_late"></imp-billing-button>`,
    );
    const events = recordEvents(el);
    try {
      el.click();
      await until(() => events.failures.length === 1, "the click's wait over");
      expect(events.failures[0]).to.include({ code: 'sdk-load-failed', via: 'local' });
      expect(events.successes, 'the return not reported without its engine').to.have.length(0);
      expect(location.search).to.contain('imp_uid=');

      release();
      await until(() => events.successes.length === 1, 'the return reported once the engine came');
      expect(events.successes[0]).to.include({ imp_uid: 'imp_123456789012', via: 'redirect' });
      expect(location.search).to.equal('');
      expect(engineRequests, 'one import, however late').to.equal(1);

      el.click();
      expect(imp.calls, 'request_pay inside click() itself').to.have.length(1);
    } finally {
      events.stop();
    }
  });
});
