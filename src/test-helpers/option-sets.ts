/**
 * Seeded generator of billing option sets (PortOne `request_pay` field names plus `merchantCode`), mostly valid with a
 * few hostile mutations each, so both the accept path and every refusal path are exercised by the same run.
 */
// PGs and their rules come from the reference oracle, not src/, so a rule deleted there still gets careful sets.
import { REFERENCE_PGS, type ReferencePg } from './billing-oracle.js';
import { chance, HUGE_100K, int, pick, type Rng } from './prng.js';

/** Keys a polluted prototype would show on every object; the suites check they never appear on `{}`. */
export const POLLUTION_KEYS = ['polluted', 'isAdmin', 'customer_uid', 'amount'] as const;

/** The option keys the element maps to its own attributes/properties (everything else goes through `params`). */
export const NAMED_FIELDS = [
  'pg', 'channelKey', 'customer_uid', 'customer_id', 'amount', 'merchant_uid', 'name', 'currency', 'language',
  'buyer_email', 'buyer_name', 'buyer_tel', 'buyer_addr', 'buyer_postcode', 'm_redirect_url', 'pay_method',
  'card', 'bypass', 'custom_data',
] as const;

const EXTRA_FIELDS = [
  'tax_free', 'vat_amount', 'notice_url', 'period', 'display', 'popup', 'use_test_method', 'digital', 'vbank_due',
  'app_scheme', 'escrow', 'products', 'customerUid', 'merchantUid', 'orderName', '', ' ', 'a.b', 'toString',
  'hasOwnProperty', 'valueOf',
] as const;

const FORBIDDEN = ['__proto__', 'constructor', 'prototype'] as const;

/** Well-formed codes PG_RULES does not know (PG codes are lower-case, so the upper-case ones are unknown too). */
const UNKNOWN_PGS = ['unknown_pg', 'newpg_v9', 'PAYCO', 'Kcp_Billing', 'Welcome', 'smartro_v3', 'paypal_v9'];
const MIDS = ['MID', 'MID0001', 'tjtnet0001', 'INIBillTst', 'a.b.c', '상점'];
/** Luhn-valid test numbers in the shapes merchants type them. */
const CARD_NUMBERS = ['4242 4242 4242 4242', '4012888888881881', '5555-5555-5555-4444', '3782 822463 10005', '30569309025904'];

const polluting = () => JSON.parse('{"__proto__": {"polluted": "yes", "isAdmin": true}, "ok": 1}') as unknown;
const ctorPolluting = () => JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}') as unknown;

function deep(levels: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < levels; i++) v = { next: v };
  return v;
}

function cyclic(): unknown {
  const o: Record<string, unknown> = { a: 1 };
  o['self'] = o;
  return o;
}

const STRINGS: readonly (() => string)[] = [
  () => '', () => ' ', () => '  padded  ', () => 'a', () => '0', () => '-1', () => 'null', () => 'undefined',
  () => 'NaN', () => 'true', () => '한글 주문', () => '💳 plan', () => 'e\u0301', () => '\u200b', () => '\u202eevil',
  () => '\ud800', () => 'line\nbreak', () => 'tab\there', () => 'nul\u0000', () => 'del\u007f',
  () => '<script>window.__optionXss=1</script>', () => '"><img src=x onerror="window.__optionXss=1">',
  () => 'javascript:alert(1)', () => '__proto__', () => 'constructor', () => 'toString', () => 'x'.repeat(40),
  () => 'x'.repeat(41), () => 'x'.repeat(101), () => 'x'.repeat(301), () => HUGE_100K, () => '가'.repeat(41),
  () => '１２３', () => 'https://shop.example/return', () => 'buyer@example.com', () => '010-1234-5678',
];
const NUMBERS: readonly number[] = [
  0, -0, 1, -1, 0.5, 0.01, 0.001, 1.005, 9.99, 1000, 50_000, 1e21, -1e-7, NaN, Infinity, -Infinity,
  Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE, 2 ** 31, 1 / 3,
];
const NUMERIC_STRINGS: readonly string[] = [
  '0', '1000', ' 1000 ', '1,000', '1e3', '0x10', '-5', '1.5', '1.005', '.5', '5.', '+5', '１０００', '1000원',
  'Infinity', 'NaN', '00012', '9'.repeat(20), '9.99', '',
];
const ODD: readonly (() => unknown)[] = [
  () => null, () => undefined, () => true, () => false, () => [], () => ['a'], () => [1, 2], () => [['nested']],
  () => ({}), () => ({ a: 1 }), () => deep(12), () => deep(3), polluting, ctorPolluting, () => Object.create(null),
  () => new Date(0), () => new Map([['a', 1]]), () => () => 1, () => Symbol('s'), () => 10n, cyclic,
  () => [polluting()], () => ({ nested: { __proto__: { polluted: 'literal' } } }),
];

/** Any hostile or odd value, whatever the field. */
export function anyValue(rng: Rng): unknown {
  const r = rng();
  if (r < 0.35) return pick(rng, STRINGS)();
  if (r < 0.55) return pick(rng, NUMBERS);
  if (r < 0.7) return pick(rng, NUMERIC_STRINGS);
  return pick(rng, ODD)();
}

/** A value aimed at one field's own checks (near-valid shapes), else any value. */
function valueFor(rng: Rng, key: string, now: Date): unknown {
  if (!chance(rng, 0.6)) return anyValue(rng);
  switch (key) {
    case 'amount':
    case 'tax_free':
    case 'vat_amount':
      return chance(rng, 0.5) ? pick(rng, NUMBERS) : pick(rng, NUMERIC_STRINGS);
    case 'pg':
      return pick(rng, [
        ...REFERENCE_PGS.map((r) => r.code), ...UNKNOWN_PGS, 'jtnet.', '.MID', 'jtnet .MID', 'jtnet.MID X', 'jtnet.MID\n',
        ' jtnet ', 'jtnet;alert(1)', '', 'kcp_billing.' + 'x'.repeat(120),
      ]);
    case 'currency':
      return pick(rng, ['KRW', 'usd', 'USD', 'JPY', 'EUR', 'KRWX', 'US', '원', ' krw ', '123']);
    case 'language':
      return pick(rng, ['ko', 'en', 'zh', 'en-US', 'en_us', 'EN', 'english', 'k', '']);
    case 'buyer_email':
      return pick(rng, ['a@b.co', 'buyer@example.com', 'no-at', 'a@b', 'a b@c.de', '@x.y', `${'x'.repeat(250)}@b.co`, ' a@b.co ']);
    case 'buyer_tel':
      return pick(rng, ['010-1234-5678', '+82 10 1234 5678', '(02) 123-4567', '123', '010-ABCD-5678', '1'.repeat(16), ' 0212345678 ']);
    case 'm_redirect_url':
    case 'notice_url':
      return pick(rng, [
        'https://shop.example/return', 'http://127.0.0.1:8000/r?x=1#h', 'javascript:alert(1)', 'data:text/html,hi',
        '/relative/path', 'https://', 'ftp://shop.example/', ' https://shop.example/ ', ['https://a.example/', 'https://b.example/'],
        ['https://a.example/', 'javascript:alert(1)'], `https://shop.example/${'x'.repeat(2100)}`,
      ]);
    case 'pay_method':
      return pick(rng, ['card', 'trans', 'phone', 'kakaopay', 'naverpay_card', 'vbank', 'CARD', ' card ', '']);
    case 'merchant_uid':
      return pick(rng, ['order_1', `order_${int(rng, 0, 1e6)}`, 'x'.repeat(40), 'x'.repeat(41), '주문-1', ' spaced ']);
    case 'card':
      return cardValue(rng, now);
    case 'bypass':
      return pick(rng, [{ widget_code: 't3_1' }, { site_logo: 'https://x/logo.png' }, { inicis: { authtype: '01' } }, 'str', [1], polluting()]);
    case 'custom_data':
      return pick(rng, [{ plan: 'pro' }, 'text', 42, [1, 2], polluting(), { when: new Date(0) }, cyclic()]);
    default:
      return anyValue(rng);
  }
}

function futureExpiry(rng: Rng, now: Date): string {
  const year = now.getFullYear() + int(rng, 1, 5);
  const month = String(int(rng, 1, 12)).padStart(2, '0');
  return pick(rng, [`${year}-${month}`, `${year}${month}`, `${month}/${String(year).slice(2)}`, `${month}/${year}`]);
}

function cardValue(rng: Rng, now: Date): unknown {
  const info: Record<string, unknown> = { number: pick(rng, CARD_NUMBERS), expiry: futureExpiry(rng, now) };
  if (chance(rng, 0.7)) info['cvc'] = pick(rng, ['123', '1234', 826]);
  if (chance(rng, 0.4)) {
    const field = pick(rng, ['number', 'expiry', 'cvc']);
    info[field] = pick(rng, [
      '4242 4242 4242 4241', '4242', '4242-4242-4242-4242-4242', 4242424242424242, 'abcd', '2000-01', '13/30',
      '00/30', `${now.getFullYear() + 40}-01`, '12', '12345', anyValue(rng),
    ]);
  }
  return pick(rng, [{ info }, { info }, { info, extra: 1 }, info, 'card', [info], { info: null }, {}]);
}

function basePg(rng: Rng): { pg?: string; channelKey?: string; rule: ReferencePg | undefined } {
  const r = rng();
  if (r < 0.7) {
    const rule = pick(rng, REFERENCE_PGS);
    return { pg: chance(rng, 0.3) ? `${rule.code}.${pick(rng, MIDS)}` : rule.code, rule };
  }
  if (r < 0.82) return { pg: pick(rng, UNKNOWN_PGS), rule: undefined };
  if (r < 0.92) return { channelKey: `channel-key-${int(rng, 1, 1e9).toString(16)}`, rule: undefined };
  return { rule: undefined };
}

/** A valid option set for a random PG (or none): what a careful merchant would write. */
function baseOptions(rng: Rng, now: Date): Record<string, unknown> {
  const { pg, channelKey, rule } = basePg(rng);
  const o: Record<string, unknown> = { merchantCode: 'imp00000000' };
  if (pg !== undefined) o['pg'] = pg;
  if (channelKey !== undefined) o['channelKey'] = channelKey;
  o['customer_uid'] = pick(rng, ['cust_1', 'c', '고객-1', 'user@example.com:visa', `cu_${int(rng, 0, 99)}`]);
  if (chance(rng, 0.5)) o['merchant_uid'] = `order_${int(rng, 0, 1e9)}`;
  const usd = rule?.code === 'paymentwall' || chance(rng, 0.1);
  if (usd) o['currency'] = 'USD';
  else if (chance(rng, 0.3)) o['currency'] = 'KRW';
  if (rule?.amount === 'must-charge') o['amount'] = usd ? pick(rng, [9.99, 1, '19.90', 50]) : pick(rng, [1000, '1004', 50_000]);
  else if (chance(rng, 0.6)) o['amount'] = pick(rng, [0, '0', 1004, '1000']);
  if (rule?.payMethods && chance(rng, 0.6)) o['pay_method'] = pick(rng, rule.payMethods);
  for (const field of rule?.required ?? []) {
    o[field] = { buyer_email: 'buyer@example.com', currency: 'USD', name: 'Pro plan', customer_id: 'cid_1', buyer_name: 'Jane Doe' }[field] ?? 'x';
  }
  if (chance(rng, 0.5)) o['name'] = pick(rng, ['정기결제', 'Pro plan', '주문명:결제테스트']);
  if (chance(rng, 0.4)) o['buyer_name'] = pick(rng, ['홍길동', 'Jane Doe', 'Kim']);
  if (chance(rng, 0.4)) o['buyer_tel'] = '010-1234-5678';
  if (chance(rng, 0.2)) o['buyer_addr'] = '서울특별시 강남구 삼성동';
  if (chance(rng, 0.2)) o['buyer_postcode'] = '123-456';
  if (chance(rng, 0.2)) o['language'] = pick(rng, ['ko', 'en']);
  if (chance(rng, 0.3)) o['m_redirect_url'] = 'https://shop.example/billing/return?plan=pro';
  if (chance(rng, 0.1)) o['notice_url'] = 'https://shop.example/webhook';
  if (rule?.bypass.length && chance(rng, 0.4)) o['bypass'] = { [pick(rng, rule.bypass)]: 't3_1' };
  if (chance(rng, 0.2)) o['custom_data'] = { plan: 'pro', seats: 3 };
  if (rule?.brick && chance(rng, 0.6)) o['card'] = { info: brickInfo(rng, now) };
  if (rule?.code === 'danal_tpay' && chance(rng, 0.5)) o['period'] = { from: '20260101', to: '20261231', text: '1년' };
  if (rule && chance(rng, 0.5)) ruleEdge(rng, o, rule, now);
  return o;
}

function brickInfo(rng: Rng, now: Date): Record<string, unknown> {
  const info: Record<string, unknown> = { number: pick(rng, CARD_NUMBERS), expiry: futureExpiry(rng, now) };
  if (chance(rng, 0.7)) info['cvc'] = '123';
  return info;
}

/**
 * Moves one field of a careful set to the edge of its PG's rules (amount 0, another pay_method, a required field
 * left out, card.info), on either side: without these, a PG rule rarely decides a case alone and deleting it from
 * src/ could go unnoticed for a whole run.
 */
function ruleEdge(rng: Rng, o: Record<string, unknown>, rule: ReferencePg, now: Date): void {
  switch (int(rng, 0, 3)) {
    case 0:
      if (rule.amount === 'must-charge' && chance(rng, 0.3)) delete o['amount'];
      else o['amount'] = pick(rng, [0, '0', 1000, '1']);
      return;
    case 1:
      o['pay_method'] = pick(rng, ['card', 'trans', 'phone', 'kakaopay', 'naverpay_card', 'naverpay_point', 'vbank']);
      return;
    case 2: {
      // A PG with nothing required gets card.info instead.
      if (rule.required.length === 0) o['card'] = { info: brickInfo(rng, now) };
      else {
        const key = pick(rng, rule.required);
        if (chance(rng, 0.5)) delete o[key];
        else o[key] = '';
        // Without a currency the amount is judged in KRW: a whole amount keeps the missing currency the only fault.
        if (key === 'currency' && o['amount'] !== undefined) o['amount'] = 50;
      }
      return;
    }
    default:
      o['card'] = { info: brickInfo(rng, now) };
  }
}

/** Sets an own enumerable data property even for `__proto__` (plain assignment would change the prototype). */
export function defineOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * One option set. Mostly an object of request_pay fields (about a third of them untouched valid sets); with
 * `allowNonObject`, sometimes not an object at all (for the plain-function path).
 */
export function generateOptionSet(rng: Rng, now: Date, allowNonObject = false): unknown {
  if (allowNonObject && chance(rng, 0.02)) {
    return pick(rng, [null, undefined, 'customer_uid=c', 42, [], [{ customer_uid: 'c' }], new Map(), () => ({}), Object.create([])]);
  }
  const o = baseOptions(rng, now);
  const r = rng();
  const mutations = r < 0.3 ? 0 : r < 0.65 ? 1 : r < 0.85 ? 2 : int(rng, 3, 6);
  const keys: readonly string[] = [...NAMED_FIELDS, ...EXTRA_FIELDS, 'merchantCode'];
  for (let i = 0; i < mutations; i++) {
    const key = pick(rng, keys);
    if (chance(rng, 0.15)) delete o[key];
    else o[key] = valueFor(rng, key, now);
  }
  if (chance(rng, 0.08)) {
    // Prototype-pollution keys as JSON.parse delivers them: own properties named __proto__ / constructor / prototype.
    const key = pick(rng, FORBIDDEN);
    defineOwn(o, key, key === 'constructor' ? { prototype: { polluted: 'yes' } } : { polluted: 'yes', isAdmin: true, customer_uid: 'evil' });
  }
  if (chance(rng, 0.03)) {
    // The whole set through JSON.parse with a leading __proto__ (functions, NaN, etc. become what JSON makes of them).
    try {
      const json = JSON.stringify(o);
      if (json && json.length > 2) return JSON.parse(`{"__proto__":{"polluted":"yes","amount":1},${json.slice(1)}`) as unknown;
    } catch {
      /* bigint or a cycle: keep the object as it is */
    }
  }
  return o;
}
