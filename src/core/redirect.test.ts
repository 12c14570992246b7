import { expect } from '@open-wc/testing';
import { consumeRedirectResult, readRedirectResult, REDIRECT_KEYS, type BillingResult } from './index.js';
import { stripRedirectKeys } from './redirect.js';
import { recordPending, findPending } from './pending.js';
import { MemoryStorage } from '../test-helpers/core-helpers.js';

const RETURN = 'https://shop.example/billing/return';
const note = (merchant_uid: string, customer_uid: string, pg: string | null = 'jtnet', extra: { awaitingWebhook?: boolean; at?: number } = {}) => ({
  merchant_uid,
  customer_uid,
  pg,
  awaitingWebhook: false,
  at: Date.now(),
  ...extra,
});

describe('readRedirectResult', () => {
  let storage: MemoryStorage;
  beforeEach(() => {
    storage = new MemoryStorage();
  });
  const read = (query: string) => readRedirectResult(`${RETURN}?${query}`, { storage });

  it('success: imp_uid + merchant_uid + imp_success=true', () => {
    expect(read('imp_uid=imp_123456789012&merchant_uid=order_1&imp_success=true')).to.deep.equal({
      ok: true,
      awaitingWebhook: false,
      via: 'redirect',
      imp_uid: 'imp_123456789012',
      merchant_uid: 'order_1',
      customer_uid: null,
      pg: null,
      response: { imp_uid: 'imp_123456789012', merchant_uid: 'order_1', imp_success: 'true' },
      verifyOnServer: true,
    });
  });

  it('success from the new SDK: only imp_uid and merchant_uid', () => {
    expect(read('imp_uid=imp_2&merchant_uid=order_2')).to.include({ ok: true, imp_uid: 'imp_2', merchant_uid: 'order_2' });
  });

  it('success with `success` instead of `imp_success`', () => {
    expect(read('imp_uid=imp_3&merchant_uid=order_3&success=true')).to.include({ ok: true });
    expect(read('imp_uid=imp_3&merchant_uid=order_3&success=false')).to.include({ ok: false, code: 'pg-error' });
    expect(read('merchant_uid=order_3&success=false')).to.include({ ok: false, imp_uid: null });
  });

  it('imp_success wins over success', () => {
    expect(read('imp_uid=i&merchant_uid=m&imp_success=false&success=true')?.ok).to.equal(false);
    expect(read('imp_uid=i&merchant_uid=m&imp_success=true&success=false')?.ok).to.equal(true);
  });

  it('failure with error_code / error_msg (percent-encoded Korean)', () => {
    const msg = '카드 한도 초과';
    const r = read(`imp_uid=imp_4&merchant_uid=order_4&imp_success=false&error_code=F0004&error_msg=${encodeURIComponent(msg)}`);
    expect(r).to.include({ ok: false, code: 'pg-error', error_code: 'F0004', error_msg: msg, imp_uid: 'imp_4', merchant_uid: 'order_4' });
    expect(r && !r.ok && r.message).to.contain(msg);
  });

  it('failure with `+` for spaces in error_msg', () => {
    expect(read('merchant_uid=m&imp_success=false&error_msg=card+declined')).to.include({ error_msg: 'card declined' });
  });

  it('cancel: error_msg with 사용자가 결제를 취소', () => {
    const msg = '[결제포기] 사용자가 결제를 취소하셨습니다';
    const r = read(`imp_uid=imp_5&merchant_uid=order_5&imp_success=false&error_msg=${encodeURIComponent(msg)}`);
    expect(r).to.include({ ok: false, code: 'cancelled', error_msg: msg, error_code: null });
  });

  it('error_code means failure even with imp_success=true', () => {
    expect(read('imp_uid=imp_6&merchant_uid=order_6&imp_success=true&error_code=F400')).to.include({ ok: false, code: 'pg-error', error_code: 'F400' });
    expect(read('merchant_uid=order_6&success=true&error_code=F400')).to.include({ ok: false });
  });

  it('a flag that is neither true nor false is no statement; error_code-less returns then count as success', () => {
    expect(read('imp_uid=i&merchant_uid=m&imp_success=maybe')?.ok).to.equal(true);
    expect(read('imp_uid=i&merchant_uid=m&imp_success=FALSE')?.ok).to.equal(false);
    expect(read('imp_uid=i&merchant_uid=m&imp_success=%20true%20')?.ok).to.equal(true);
  });

  it('duplicated merchant_uid (iOS KG이니시스 계좌이체): takes the first', () => {
    expect(read('imp_uid=imp_7&merchant_uid=order_first&merchant_uid=order_second&imp_success=true')).to.include({ merchant_uid: 'order_first' });
  });

  it('a page without PortOne parameters is not a return', () => {
    expect(read('')).to.equal(null);
    expect(readRedirectResult(RETURN, { storage })).to.equal(null);
    expect(read('tab=plans&page=2')).to.equal(null);
    expect(read('imp_uid=&merchant_uid=&imp_success=')).to.equal(null);
    expect(readRedirectResult('http://[broken', { storage })).to.equal(null);
  });

  it('a bare merchant_uid is NOT a return (a merchant\'s own parameter), unless a recorded note matches', () => {
    expect(read('merchant_uid=order_8')).to.equal(null);
    expect(read('merchant_uid=order_8&tab=history')).to.equal(null);
    recordPending(note('order_8', 'cust_8'), storage);
    expect(read('merchant_uid=order_8')).to.include({ ok: true, merchant_uid: 'order_8', customer_uid: 'cust_8', pg: 'jtnet' });
    expect(read('merchant_uid=order_other')).to.equal(null);
  });

  it('a stale note (older than a day) does not make a bare merchant_uid a return', () => {
    recordPending(note('order_old', 'cust_old', 'jtnet', { at: Date.now() - 25 * 60 * 60 * 1000 }), storage);
    expect(read('merchant_uid=order_old')).to.equal(null);
    expect(read('merchant_uid=order_old&imp_success=true')).to.include({ customer_uid: null });
  });

  it('merchant_uid with a flag or error_code is a return even without a note', () => {
    expect(read('merchant_uid=order_9&imp_success=true')).to.include({ ok: true, customer_uid: null });
    expect(read('merchant_uid=order_9&error_code=F1')).to.include({ ok: false });
  });

  it('takes customer_uid (and pg) from the recorded note', () => {
    recordPending(note('order_10', 'cust_10', 'kcp_billing.MID'), storage);
    expect(read('imp_uid=imp_10&merchant_uid=order_10&imp_success=true')).to.include({
      customer_uid: 'cust_10',
      pg: 'kcp_billing.MID',
      awaitingWebhook: false,
    });
  });

  it('paymentwall notes give awaitingWebhook', () => {
    recordPending(note('order_11', 'cust_11', 'paymentwall', { awaitingWebhook: true }), storage);
    expect(read('imp_uid=imp_11&merchant_uid=order_11&imp_success=true')).to.include({ ok: true, awaitingWebhook: true, pg: 'paymentwall' });
    recordPending(note('order_12', 'cust_12', 'paymentwall.project'), storage);
    const raw = JSON.parse(storage.getItem('imp-billing:pending:order_12')!) as Record<string, unknown>;
    delete raw['awaitingWebhook'];
    storage.setItem('imp-billing:pending:order_12', JSON.stringify(raw));
    expect(read('imp_uid=imp_12&merchant_uid=order_12')).to.include({ awaitingWebhook: true });
  });

  it('does not trust the query for customer_uid', () => {
    expect(read('imp_uid=i&merchant_uid=m&customer_uid=attacker')).to.include({ customer_uid: null });
  });

  it('ignores a corrupt note', () => {
    storage.setItem('imp-billing:pending:order_13', '{not json');
    expect(read('merchant_uid=order_13')).to.equal(null);
    storage.setItem('imp-billing:pending:order_14', JSON.stringify({ merchant_uid: 'order_14', customer_uid: 5, at: Date.now() }));
    expect(read('imp_uid=i&merchant_uid=order_14')).to.include({ customer_uid: null });
  });

  it('reads from sessionStorage by default', () => {
    sessionStorage.clear();
    recordPending(note('order_ss', 'cust_ss'));
    try {
      expect(readRedirectResult(`${RETURN}?merchant_uid=order_ss`)).to.include({ customer_uid: 'cust_ss' });
    } finally {
      sessionStorage.clear();
    }
  });

  describe('hostile values', () => {
    it('keeps markup in error_msg as plain text (the caller must not render it as HTML)', () => {
      const msg = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
      const r = read(`merchant_uid=m&imp_success=false&error_msg=${encodeURIComponent(msg)}&error_code=${encodeURIComponent('<b>')}`);
      expect(r).to.include({ ok: false, error_msg: msg, error_code: '<b>' });
    });

    it('truncates a 100 kB error_msg and survives 100 kB ids', () => {
      const big = 'x'.repeat(100_000);
      const r = read(`merchant_uid=m&imp_success=false&error_msg=${big}&error_code=${big}`);
      expect(r!.ok).to.equal(false);
      if (r!.ok) return;
      expect(r!.error_msg!.length).to.be.at.most(500);
      expect(r!.error_code!.length).to.be.at.most(100);
      expect(r!.message.length).to.be.below(1000);

      const hugeImp = read(`imp_uid=${big}&merchant_uid=m&imp_success=true`);
      expect(hugeImp).to.include({ ok: false, code: 'pg-error', imp_uid: null });
      const hugeMerchant = read(`imp_uid=imp_1&merchant_uid=${big}&imp_success=true`);
      expect(hugeMerchant).to.include({ ok: false, code: 'pg-error', merchant_uid: null });
      expect(read(`merchant_uid=${big}`)).to.equal(null);
    });

    it('refuses an imp_uid carrying markup or quotes as malformed', () => {
      for (const bad of ['<script>', 'imp"1', "imp'1", 'imp%0A1', 'imp%001']) {
        const r = read(`imp_uid=${bad}&merchant_uid=m&imp_success=true`);
        expect(r, bad).to.include({ ok: false, code: 'pg-error', imp_uid: null });
        expect(r!.ok ? '' : r!.message).to.match(/Malformed imp_uid/);
      }
    });

    it('refuses a merchant_uid with control characters as malformed', () => {
      expect(read('imp_uid=imp_1&merchant_uid=m%0D%0Ax&imp_success=true')).to.include({ ok: false, merchant_uid: null });
    });

    it('survives bad percent-encoding such as %E0%A4%A', () => {
      const results: (BillingResult | null)[] = [];
      expect(() => {
        results.push(read('merchant_uid=m&imp_success=false&error_msg=%E0%A4%A&error_code=%ZZ'));
      }).to.not.throw();
      const r = results[0]!;
      expect(r).to.include({ ok: false, error_code: '%ZZ' });
      expect(r.ok ? '' : r.error_msg).to.contain('\uFFFD');
      expect(read('imp_uid=%E0%A4%A&merchant_uid=m')).to.include({ ok: true });
    });

    it('strips control characters from error_msg but keeps line breaks and tabs', () => {
      const r = read('merchant_uid=m&imp_success=false&error_msg=a%00b%1Bc%7Fd%0Ae%09f');
      expect(r).to.include({ error_msg: 'abcd\ne\tf' });
    });

    it('never throws on odd inputs', () => {
      for (const url of ['', '?', '??imp_uid=1', '#imp_uid=1', '?imp_uid', 'javascript:alert(1)?imp_uid=1', `?${'&'.repeat(10_000)}`, new URL(`${RETURN}?imp_uid=x`)]) {
        expect(() => readRedirectResult(url, { storage }), String(url)).to.not.throw();
      }
      expect(readRedirectResult('#imp_uid=1&merchant_uid=m&imp_success=true', { storage })).to.equal(null);
    });

    it('a merchant_uid that looks like a storage key prefix cannot read other notes', () => {
      recordPending(note('order_15', 'cust_15'), storage);
      expect(read('merchant_uid=order_1')).to.equal(null);
      expect(read('merchant_uid=order_15%20')).to.include({ customer_uid: 'cust_15' }); // trimmed, same id
    });
  });
});

describe('consumeRedirectResult', () => {
  const original = `${location.pathname}${location.search}${location.hash}`;
  let storage: MemoryStorage;
  const go = (pathAndQuery: string) => history.replaceState(history.state, '', pathAndQuery);
  const here = () => `${location.pathname}${location.search}${location.hash}`;

  beforeEach(() => {
    storage = new MemoryStorage();
  });
  afterEach(() => {
    go(original);
  });

  it('returns the result and removes only PortOne\'s keys, keeping the merchant\'s params and hash as written', () => {
    go('/billing/return?tab=plans&q=a%20b&imp_uid=imp_1&merchant_uid=order_1&imp_success=true&flag&ref=x%2By#section');
    const r = consumeRedirectResult({ storage });
    expect(r).to.include({ ok: true, imp_uid: 'imp_1', merchant_uid: 'order_1' });
    expect(here()).to.equal('/billing/return?tab=plans&q=a%20b&flag&ref=x%2By#section');
  });

  it('recognises PortOne keys however they are encoded (imp%5Fuid, a trailing empty pair)', () => {
    go('/r?a=1&imp%5Fuid=imp_9&merchant_uid=order_9&&b=2&');
    expect(consumeRedirectResult({ storage })).to.include({ imp_uid: 'imp_9' });
    expect(here()).to.equal('/r?a=1&b=2');
  });

  it('removes every PortOne key, including error fields and duplicates, and leaves no empty "?"', () => {
    go('/r?imp_uid=i&merchant_uid=m1&merchant_uid=m2&imp_success=false&success=false&error_code=E&error_msg=%EC%B7%A8%EC%86%8C');
    expect(consumeRedirectResult({ storage })).to.include({ ok: false });
    expect(here()).to.equal('/r');
  });

  it('a second consume returns null (a reload does not report twice)', () => {
    go('/r?imp_uid=imp_2&merchant_uid=order_2');
    expect(consumeRedirectResult({ storage })).to.not.equal(null);
    expect(consumeRedirectResult({ storage })).to.equal(null);
  });

  it('keeps history.state and does not add a history entry', () => {
    history.replaceState({ mine: 1 }, '', '/r?imp_uid=imp_3&merchant_uid=order_3');
    const length = history.length;
    consumeRedirectResult({ storage });
    expect(history.state).to.deep.equal({ mine: 1 });
    expect(history.length).to.equal(length);
  });

  it('forgets the note of the consumed request and takes customer_uid from it', () => {
    recordPending(note('order_4', 'cust_4'), storage);
    go('/r?merchant_uid=order_4');
    expect(consumeRedirectResult({ storage })).to.include({ ok: true, customer_uid: 'cust_4' });
    expect(findPending('order_4', storage)).to.equal(null);
    expect(here()).to.equal('/r');
  });

  it('with customerUid, leaves another element\'s return alone (URL and note untouched)', () => {
    recordPending(note('order_5', 'cust_other'), storage);
    go('/r?imp_uid=imp_5&merchant_uid=order_5&imp_success=true&tab=1');
    expect(consumeRedirectResult({ storage, customerUid: 'cust_mine' })).to.equal(null);
    expect(here()).to.equal('/r?imp_uid=imp_5&merchant_uid=order_5&imp_success=true&tab=1');
    expect(findPending('order_5', storage)).to.not.equal(null);
    // Its own element then consumes it.
    expect(consumeRedirectResult({ storage, customerUid: 'cust_other' })).to.include({ customer_uid: 'cust_other' });
    expect(here()).to.equal('/r?tab=1');
  });

  it('with customerUid, compares it the way the request recorded it (surrounding spaces dropped)', () => {
    recordPending(note('order_10', 'cust_10'), storage);
    go('/r?imp_uid=imp_10&merchant_uid=order_10&imp_success=true');
    expect(consumeRedirectResult({ storage, customerUid: '  cust_10 ' })).to.include({ customer_uid: 'cust_10' });
    expect(here()).to.equal('/r');
  });

  it('with customerUid, still consumes a return recorded for nobody (no note)', () => {
    go('/r?imp_uid=imp_6&merchant_uid=order_6&imp_success=true');
    expect(consumeRedirectResult({ storage, customerUid: 'cust_mine' })).to.include({ ok: true, customer_uid: null });
    expect(here()).to.equal('/r');
  });

  it('leaves a page that is not a return untouched', () => {
    go('/r?merchant_uid=mine&tab=2#x');
    expect(consumeRedirectResult({ storage })).to.equal(null);
    expect(here()).to.equal('/r?merchant_uid=mine&tab=2#x');
  });

  it('works on a given window object', () => {
    const calls: unknown[][] = [];
    const fake = {
      location: { href: 'https://shop.example/r?a=1&imp_uid=imp_7&merchant_uid=order_7#h' },
      history: { state: null, replaceState: (...args: unknown[]) => calls.push(args) },
    } as unknown as Window;
    expect(consumeRedirectResult({ storage, window: fake })).to.include({ imp_uid: 'imp_7' });
    expect(calls).to.deep.equal([[null, '', '/r?a=1#h']]);
  });

  it('still returns the result when replaceState is refused', () => {
    const fake = {
      location: { href: 'https://shop.example/r?imp_uid=imp_8&merchant_uid=order_8' },
      history: {
        state: null,
        replaceState: () => {
          throw new DOMException('denied', 'SecurityError');
        },
      },
    } as unknown as Window;
    expect(consumeRedirectResult({ storage, window: fake })).to.include({ imp_uid: 'imp_8' });
  });

  it('REDIRECT_KEYS lists exactly PortOne\'s return parameters', () => {
    expect([...REDIRECT_KEYS].sort()).to.deep.equal(['error_code', 'error_msg', 'imp_success', 'imp_uid', 'merchant_uid', 'success']);
  });
});

describe('stripRedirectKeys', () => {
  it('keeps every other pair, the path and the hash byte-for-byte', () => {
    expect(stripRedirectKeys('https://shop.example/p?plan=a%20b&flag&imp_uid=i&x=%2B+#h?imp_uid=1')).to.equal('https://shop.example/p?plan=a%20b&flag&x=%2B+#h?imp_uid=1');
  });

  it('drops the "?" when nothing is left, and leaves a URL without PortOne keys as it is', () => {
    expect(stripRedirectKeys('/r?merchant_uid=m&imp%5Fsuccess=true&&')).to.equal('/r');
    expect(stripRedirectKeys('/r?plan=a%20b&flag')).to.equal('/r?plan=a%20b&flag');
    expect(stripRedirectKeys('/r#a?imp_uid=1')).to.equal('/r#a?imp_uid=1');
  });
});
