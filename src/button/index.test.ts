import { expect } from '@open-wc/testing';
import { BillingError as CoreBillingError } from '../core/errors.js';
import { loadImp as coreLoadImp } from '../core/loader.js';
import * as entry from './index.js';

describe('imp-billing/button (src/button/index.ts)', () => {
  it('registers <imp-billing-button> on import and exports the pre-click API, the same objects the core has', () => {
    expect(customElements.get('imp-billing-button')).to.equal(entry.ImpBillingButton);
    expect(entry.BUTTON_TAG).to.equal('imp-billing-button');
    expect(entry.BillingError).to.equal(CoreBillingError);
    expect(entry.loadImp).to.equal(coreLoadImp);
    expect(entry.DEFAULT_SDK_SRC).to.equal('https://cdn.iamport.kr/v1/iamport.js');
    expect(() => entry.defineImpBillingButton()).not.to.throw();
  });

  it('carries nothing of the plain-function core', () => {
    expect(Object.keys(entry).sort()).to.deep.equal(
      ['BUTTON_TAG', 'BillingError', 'DEFAULT_SDK_SRC', 'ImpBillingButton', 'defineImpBillingButton', 'loadImp'],
    );
  });
});
