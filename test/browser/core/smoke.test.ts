import { expect } from '@open-wc/testing';
import { buildRequestPayParams } from '../../../src/core/index.js';

describe('smoke', () => {
  it('builds jtnet params', () => {
    const p = buildRequestPayParams({ pg: 'jtnet', customer_uid: 'c1', merchant_uid: 'm1' });
    expect(p).to.deep.equal({ pg: 'jtnet', customer_uid: 'c1', merchant_uid: 'm1', amount: 0, pay_method: 'card' });
  });
});
