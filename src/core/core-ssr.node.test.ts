// The core on a server (SSR): nothing touches window on import, the loader resolves null, and the pure functions work.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BillingError,
  buildRequestPayParams,
  consumeRedirectResult,
  loadImp,
  readRedirectResult,
  requestBillingKey,
} from './index.js';

describe('core without a window (server rendering)', () => {
  it('runs in an environment without window or document', () => {
    assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
    assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  });

  it('loadImp resolves null instead of touching the DOM', async () => {
    assert.equal(await loadImp(), null);
    assert.equal(await loadImp({ src: 'https://cdn.iamport.kr/v1/iamport.js', timeoutMs: 10 }), null);
  });

  it('buildRequestPayParams works the same', () => {
    assert.deepEqual(buildRequestPayParams({ pg: 'jtnet', customer_uid: 'c1', merchant_uid: 'm1' }), {
      pg: 'jtnet',
      customer_uid: 'c1',
      merchant_uid: 'm1',
      amount: 0,
      pay_method: 'card',
    });
    assert.ok(buildRequestPayParams({ customer_uid: 'c1' }).merchant_uid.length <= 40);
    assert.throws(
      () => buildRequestPayParams({ pg: 'ksnet', customer_uid: 'c1' }),
      (error: unknown) => error instanceof BillingError && error.code === 'invalid-params' && error.field === 'pg',
    );
  });

  it('readRedirectResult parses a URL without sessionStorage', () => {
    const result = readRedirectResult('https://shop.example/r?imp_uid=imp_1&merchant_uid=m1&imp_success=true');
    assert.equal(result?.ok, true);
    assert.equal(result?.imp_uid, 'imp_1');
    assert.equal(result?.customer_uid, null);
    assert.equal(readRedirectResult('https://shop.example/r?merchant_uid=m1'), null);
  });

  it('consumeRedirectResult returns null', () => {
    assert.equal(consumeRedirectResult(), null);
  });

  it('requestBillingKey works with a given imp and no sessionStorage', async () => {
    const calls: string[] = [];
    const promise = requestBillingKey(
      { pg: 'jtnet', customer_uid: 'c1', merchant_uid: 'm1', merchantCode: 'imp00000000' },
      {
        imp: {
          init: (code) => calls.push(`init ${code}`),
          request_pay: (params, callback) => {
            calls.push(`pay ${params.merchant_uid}`);
            callback?.({ imp_uid: 'imp_1', merchant_uid: 'm1' });
          },
        },
      },
    );
    const result = await promise;
    assert.deepEqual(calls, ['init imp00000000', 'pay m1']);
    assert.equal(result.ok, true);
    assert.equal(result.customer_uid, 'c1');
  });
});
