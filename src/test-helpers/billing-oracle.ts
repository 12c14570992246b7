/**
 * An independent oracle for `buildRequestPayParams`: what it must do with an option set, written out again here
 * without importing anything from src/. The PG rules are restated by hand from PortOne's PG pages (`opi/ko/integration/pg/v1/…`), so
 * a rule deleted from src/core/pg-rules.ts makes the library disagree with this file. The universal rules (types,
 * lengths, formats) restate the library's documented contract (src/core/params.ts doc comments, PortOne's 40-character
 * limits) in a different form, so that the PG verdicts can be checked on every generated set, valid or not.
 *
 * `predict(options, now)` gives the fields a refusal may name (empty: the set must be accepted) and, for accepted
 * sets, the facts the params must show; `outcomeProblem` compares that with what the library did.
 */

/** What `amount` does during issuance, per the reference table. */
export type AmountFact =
  /** "0 = key only; >0 = key + first charge". */
  | 'zero-is-key-only'
  /** "display-only / never charged": a positive amount deserves a warning, not a refusal. */
  | 'never-charged'
  /** "must be >0": issuance always charges. */
  | 'must-charge'
  /** The reference says nothing beyond "0 in example" (nice_v2) or the PG has no window billing. */
  | 'unstated';

export interface ReferencePg {
  code: string;
  /** Allowed `pay_method`s ("card only" etc.); null when the reference says the PG ignores or does not restrict it. */
  payMethods: readonly string[] | null;
  amount: AmountFact;
  /** Fields the reference marks as required for window issuance, beyond customer_uid. */
  required: readonly string[];
  /** `bypass` keys the reference documents (used by the generator to write careful merchants' sets). */
  bypass: readonly string[];
  /** Accepts `card.info` (Paymentwall Brick). */
  brick: boolean;
  /** "name ≤ 40 bytes" (nice_v2): UTF-8 bytes, not characters. */
  nameMaxBytes?: number;
  /** False for PGs the reference lists as "no window billing; REST only". */
  window: boolean;
  /** Fields whose absence earns a console note, never a refusal ("digital" for phone billing). */
  advised?: readonly string[];
}

const pg = (code: string, payMethods: readonly string[] | null, amount: AmountFact, more: Partial<ReferencePg> = {}): ReferencePg => ({
  code, payMethods, amount, required: [], bypass: [], brick: false, window: true, ...more,
});

/**
 * One row per billing PG the oracle models (same order as src/core/pg-rules.ts so the generator's seeds keep their
 * cases), as PortOne's V1 pages (opi/ko/integration/pg/v1/…) state them: tosspayments and nice_v2 hold an amount above
 * 0 as a charge, payco and kakaopay send no pay_method, paymentwall is card only and needs buyer_name, phone billing
 * advises digital. The PGs issue 11 added (smartro_v2, welcome, tosspay_v2, …) are checked one by one in
 * src/core/pg-rules.test.ts, not here.
 */
export const REFERENCE_PGS: readonly ReferencePg[] = Object.freeze([
  pg('jtnet', ['card'], 'zero-is-key-only'),
  pg('kcp_billing', ['card'], 'never-charged', { bypass: ['site_logo', 'batch_birth_day_yn'] }),
  // "`kcp` (not `_billing`) = REST key-in/billing".
  pg('kcp', null, 'unstated', { window: false }),
  pg('html5_inicis', ['card'], 'never-charged', { bypass: ['inicis'] }),
  pg('tosspayments', ['card'], 'zero-is-key-only'),
  // "pay_method ignored/omittable (user picks card or 카카오머니 in app)".
  pg('kakaopay', null, 'zero-is-key-only'),
  pg('danal_tpay', ['card'], 'zero-is-key-only'),
  pg('danal', ['phone'], 'must-charge', { advised: ['digital'] }),
  pg('mobilians', ['phone'], 'must-charge', { advised: ['digital'] }),
  pg('settle_acc', ['trans'], 'zero-is-key-only', { bypass: ['settle'] }),
  pg('kicc', ['card'], 'never-charged'),
  pg('payco', null, 'never-charged'),
  pg('chai', ['trans'], 'never-charged'),
  pg('nice_v2', ['kakaopay', 'naverpay_card', 'naverpay_point'], 'zero-is-key-only', { required: ['customer_id'], nameMaxBytes: 40 }),
  // "card (methods actually controlled in Paymentwall project; pay_method may be ignored)"; Brick takes card.info.
  pg('paymentwall', ['card'], 'must-charge', {
    required: ['buyer_email', 'currency', 'name', 'buyer_name'], bypass: ['widget_code', 'ps', 'country_code'], brick: true,
  }),
  pg('nice', null, 'unstated', { window: false }),
  pg('ksnet', null, 'unstated', { window: false }),
  // Hecto card; its bank-account sibling settle_acc has a window.
  pg('settle', null, 'unstated', { window: false }),
]);

const BY_CODE = new Map(REFERENCE_PGS.map((r) => [r.code, r]));

/** Advice the library gives through `warn` for an accepted set: reference facts it does not refuse for. */
export type Advice = 'amount-never-charged' | 'buyer-name-first-last' | 'channel-key-only' | `advised:${string}`;

export interface Facts {
  pg: string | undefined;
  rule: ReferencePg | undefined;
  customerUid: string;
  merchantUid: string | undefined;
  amount: number;
  currency: string | undefined;
  /** The exact pay_method, or the set one of which it must be. */
  payMethod: readonly string[];
  /** card.info as the library must hand it on: digits grouped, expiry as YYYY-MM. */
  cardInfo: { digits: string; expiry: string; cvc: string | undefined } | undefined;
  required: Record<string, string>;
  advice: Advice[];
}

export interface Prediction {
  /** Empty: accept. Otherwise the refusal must name one of these (several fields may be wrong at once). */
  fields: string[];
  facts: Facts | undefined;
  /**
   * The PG rules that alone decide this set ("jtnet: pay_method", "kakaopay: amount 0 accepted", …): a refusal with
   * no other fault, or an acceptance a stricter rule would break. The suite counts these to show every reference
   * rule decided some generated cases, so deleting or tightening it in src/ must change an outcome.
   */
  decidedBy: string[];
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
/** PortOne documents 40 for merchant_uid and name; the others are the library's own caps against absurd input. */
const MAX_CHARS: Record<string, number> = {
  merchant_uid: 40, name: 40, customer_uid: 80, customer_id: 100, channelKey: 100, pg: 100, buyer_name: 100,
  buyer_addr: 300, buyer_postcode: 20, m_redirect_url: 2000,
};
/** Currencies without minor units; only KRW and JPY occur in generated sets. */
const WHOLE_UNIT_CURRENCIES = new Set(['KRW', 'JPY', 'VND', 'CLP', 'ISK', 'TWD', 'HUF', 'UGX', 'XOF', 'XAF']);

function isPlain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * The first place, depth-first in key order, where `v` is not JSON-like data at most 10 levels deep; null when it
 * all is. Prototype keys and undefined members of objects are dropped, not refused.
 */
function firstNonData(v: unknown, path: string, depth: number): string | null {
  if (depth > 10) return path;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return null;
  if (typeof v === 'number') return Number.isFinite(v) ? null : path;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = firstNonData(v[i], `${path}[${i}]`, depth + 1);
      if (p !== null) return p;
    }
    return null;
  }
  if (!isPlain(v)) return path;
  for (const k of Object.keys(v)) {
    if (FORBIDDEN.has(k) || v[k] === undefined) continue;
    const p = firstNonData(v[k], `${path}.${k}`, depth + 1);
    if (p !== null) return p;
  }
  return null;
}

/** Names of card data as the card form and PortOne's key-in API spell them, and a few common variants. */
const CARD_DATA_NAMES = new Set(['number', 'card_number', 'cardnumber', 'expiry', 'exp', 'cvc', 'cvv', 'birth', 'pwd_2digit', 'password', 'pin']);

function strayCardData(v: unknown, path: string, key: string, fail: (f: string) => undefined): void {
  if (CARD_DATA_NAMES.has(key.toLowerCase())) {
    fail(path);
    return;
  }
  if (Array.isArray(v)) v.forEach((item, i) => strayCardData(item, `${path}[${i}]`, '', fail));
  else if (isPlain(v)) for (const k of Object.keys(v)) if (!FORBIDDEN.has(k)) strayCardData(v[k], `${path}.${k}`, k, fail);
}

/** A string within its length cap and free of control characters (C0 and DEL). */
function isText(field: string, v: unknown): v is string {
  return typeof v === 'string' && v.length <= (MAX_CHARS[field] ?? 300) && !/[\u0000-\u001f\u007f]/.test(v);
}

/** A non-negative amount with at most two decimals as written (none in whole-unit currencies); null if not one. */
function money(v: unknown, currency: string | null): number | null {
  let n: number;
  if (v === undefined) n = 0;
  else if (typeof v === 'number') n = v;
  // A plain decimal numeral, optionally padded: no signs, exponents, separators or units.
  else if (typeof v === 'string' && /^\s*[0-9]+(\.[0-9]+)?\s*$/.test(v)) n = Number(v);
  else return null;
  if (!(n >= 0) || n > Number.MAX_SAFE_INTEGER) return null;
  if (!/^[0-9]+(\.[0-9]{1,2})?$/.test(String(n))) return null;
  if (currency !== null && WHOLE_UNIT_CURRENCIES.has(currency) && !Number.isInteger(n)) return null;
  return n;
}

function isEmail(e: string): boolean {
  if (e.length > 254 || /\s/.test(e)) return false;
  const parts = e.split('@');
  if (parts.length !== 2 || parts[0] === '') return false;
  const labels = parts[1]!.split('.');
  return labels.length >= 2 && labels.every((l) => l !== '');
}

function isPhone(t: string): boolean {
  const digits = t.replace(/[^0-9]/g, '').length;
  return /^\+?[0-9\s().-]+$/.test(t) && digits >= 7 && digits <= 15;
}

function isHttpUrl(s: string): boolean {
  try {
    const { protocol } = new URL(s);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function luhn(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((d, i) => {
    const n = Number(d) * (i % 2 === 1 ? 2 : 1);
    sum += n > 9 ? n - 9 : n;
  });
  return sum % 10 === 0;
}

/** Card digits from "4242 4242 4242 4242", "4242-…" or a number: 14 to 16 digits passing Luhn; null otherwise. */
function cardDigits(v: unknown): string | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const s = String(v);
  if (s.length > 40 || !/^[0-9\s-]+$/.test(s)) return null;
  const digits = s.replace(/[^0-9]/g, '');
  return digits.length >= 14 && digits.length <= 16 && luhn(digits) ? digits : null;
}

/** YYYY-MM, YYYYMM, MM/YY or MM/YYYY, still valid this month and at most 30 years ahead, as YYYY-MM; else null. */
function expiryMonth(v: unknown, now: Date): string | null {
  if (typeof v !== 'string') return null;
  const s = v.trim();
  let year: number;
  let month: number;
  let m: RegExpMatchArray | null;
  if ((m = s.match(/^([0-9]{4})-?([0-9]{2})$/))) [year, month] = [Number(m[1]), Number(m[2])];
  else if ((m = s.match(/^([0-9]{2})\s*\/\s*([0-9]{2}([0-9]{2})?)$/))) {
    month = Number(m[1]);
    year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  } else return null;
  if (month < 1 || month > 12) return null;
  // A card works through the last day of its expiry month; the clock is local time, like the merchant's page.
  if (year < now.getFullYear() || (year === now.getFullYear() && month < now.getMonth() + 1)) return null;
  if (year > now.getFullYear() + 30) return null;
  return `${year}-${String(month).padStart(2, '0')}`;
}

function cvcOf(v: unknown): string | null {
  const s = typeof v === 'number' ? String(v) : v;
  return typeof s === 'string' && /^[0-9]{3,4}$/.test(s.trim()) ? s.trim() : null;
}

/** What buildRequestPayParams must do with `options` at time `now`. */
export function predict(options: unknown, now: Date): Prediction {
  if (!isPlain(options)) return { fields: ['options'], facts: undefined, decidedBy: [] };
  const o = options;
  const fields: string[] = [];
  const reasons: (string | undefined)[] = [];
  /** Records a refusal naming `f`; `pgRule` says which reference PG rule (if any) it comes from. */
  const fail = (f: string, pgRule?: string): undefined => {
    if (!fields.includes(f)) fields.push(f);
    reasons.push(pgRule);
    return undefined;
  };

  // Every field but merchantCode travels to PortOne, so each must be JSON-like data; a field that is not has no
  // further checks (its own problem is named first).
  const broken = new Set<string>();
  for (const key of Object.keys(o)) {
    if (FORBIDDEN.has(key) || key === 'merchantCode') continue;
    const v = o[key];
    if (v === undefined || v === null || v === '') continue;
    const p = firstNonData(v, key, 0);
    if (p !== null) {
      fail(p);
      broken.add(key);
    }
  }
  /** The field's value; undefined when absent (missing, null or ""), or already refused as non-data. */
  const given = (key: string): unknown => {
    if (!Object.prototype.hasOwnProperty.call(o, key) || broken.has(key)) return undefined;
    const v = o[key];
    return v === undefined || v === null || v === '' ? undefined : v;
  };
  const refusedAsData = (key: string) => broken.has(key);
  /** A text field trimmed (undefined when blank or absent), or fail. */
  const text = (key: string): string | undefined => {
    const v = given(key);
    if (v === undefined) return undefined;
    if (!isText(key, v)) return fail(key);
    return v.trim() || undefined;
  };
  /** Like text, but a blank value is still a value the field's format must accept. */
  const trimmed = (key: string): string | undefined => {
    const v = given(key);
    if (v === undefined) return undefined;
    return isText(key, v) ? v.trim() : fail(key);
  };

  let rule: ReferencePg | undefined;
  let pgOut: string | undefined;
  const pgText = trimmed('pg');
  if (pgText !== undefined) {
    // '{pg}' or '{pg}.{MID}' (`sdk/ko/v1-sdk/javascript-sdk/payrq`); the code is letters, digits and underscores, the MID anything without spaces.
    const m = /^([A-Za-z0-9_]+)(?:\.(\S+))?$/.exec(pgText);
    if (!m) fail('pg');
    else {
      pgOut = pgText;
      rule = BY_CODE.get(m[1]!);
      if (rule && !rule.window) fail('pg', `${rule.code}: no window billing`);
    }
  }

  const customerUid = text('customer_uid');
  if (customerUid === undefined) fail('customer_uid');
  const merchantUid = text('merchant_uid');
  for (const key of ['customer_id', 'name', 'buyer_name', 'buyer_addr', 'buyer_postcode', 'channelKey']) text(key);

  let currency: string | undefined;
  let currencyKnown = !refusedAsData('currency');
  if (given('currency') !== undefined) {
    const cur = trimmed('currency');
    if (cur !== undefined && /^[A-Za-z]{3}$/.test(cur)) currency = cur.toUpperCase();
    else {
      fail('currency');
      currencyKnown = false;
    }
  }
  // With a bad currency the library stops there, so amounts are judged only by what holds in every currency.
  const effectiveCurrency = currencyKnown ? currency ?? 'KRW' : null;

  const amountGiven = given('amount');
  const amount = refusedAsData('amount') ? undefined : money(amountGiven, effectiveCurrency) ?? fail('amount');
  for (const key of ['tax_free', 'vat_amount']) {
    const v = given(key);
    if (v === undefined) continue;
    const n = money(v, effectiveCurrency);
    if (n === null || (amount !== undefined && n > amount)) fail(key);
  }
  if (rule?.amount === 'must-charge' && amount !== undefined && amount <= 0) fail('amount', `${rule.code}: amount > 0`);

  // Absent: the PG's first method; a PG that lets the customer choose gets none (empty list); unknown PGs get "card".
  let payMethod: readonly string[] = rule ? (rule.payMethods ? [rule.payMethods[0]!] : []) : ['card'];
  const method = trimmed('pay_method');
  if (method !== undefined) {
    if (rule?.payMethods && !rule.payMethods.includes(method)) fail('pay_method', `${rule.code}: pay_method`);
    payMethod = [method];
  }

  const language = trimmed('language');
  if (language !== undefined && !/^[a-z]{2}(?:[-_][A-Za-z]{2})?$/.test(language)) fail('language');
  const email = trimmed('buyer_email');
  if (email !== undefined && !isEmail(email)) fail('buyer_email');
  const tel = trimmed('buyer_tel');
  if (tel !== undefined && !isPhone(tel)) fail('buyer_tel');
  const redirect = given('m_redirect_url');
  if (redirect !== undefined && !(isText('m_redirect_url', redirect) && isHttpUrl(redirect))) fail('m_redirect_url');
  const notice = given('notice_url');
  if (Array.isArray(notice)) {
    notice.forEach((u, i) => {
      if (!(isText(`notice_url[${i}]`, u) && isHttpUrl(u))) fail(`notice_url[${i}]`);
    });
  } else if (notice !== undefined && !(isText('notice_url', notice) && isHttpUrl(notice))) fail('notice_url');

  let cardInfo: Facts['cardInfo'];
  const card = given('card');
  if (card !== undefined) {
    if (!isPlain(card)) fail('card');
    // Card data has one place, card.info (the only part redacted from events): a card.number or card.direct.cvc is
    // refused, naming it, whatever the PG (params.ts refuseStrayCardData).
    if (isPlain(card)) for (const key of Object.keys(card)) if (key !== 'info' && !FORBIDDEN.has(key)) strayCardData(card[key], `card.${key}`, key, fail);
    if (isPlain(card) && card['info'] !== undefined) {
      const info = card['info'];
      // card.info is Paymentwall Brick only (`opi/ko/integration/pg/v1/paymentwall`); a PG PortOne's pages do not describe gets the benefit of the doubt.
      if (rule && !rule.brick) fail('card.info', `${rule.code}: no card.info`);
      else if (!isPlain(info)) fail('card.info');
      else {
        const digits = cardDigits(info['number']) ?? fail('card.info.number');
        const expiry = expiryMonth(info['expiry'], now) ?? fail('card.info.expiry');
        const rawCvc = info['cvc'];
        const hasCvc = rawCvc !== undefined && rawCvc !== null && rawCvc !== '';
        const cvc = hasCvc ? cvcOf(rawCvc) ?? fail('card.info.cvc') : undefined;
        if (digits && expiry) cardInfo = { digits, expiry, cvc };
      }
    }
  }
  const bypass = given('bypass');
  if (bypass !== undefined && !isPlain(bypass)) fail('bypass');

  const required: Record<string, string> = {};
  for (const key of rule?.required ?? []) {
    const value = key === 'buyer_email' ? (email && isEmail(email) ? email : undefined) : key === 'currency' ? currency : text(key);
    if (value === undefined) fail(key, `${rule!.code}: requires ${key}`);
    else required[key] = value;
  }

  const name = text('name');
  if (rule?.nameMaxBytes && name !== undefined && new TextEncoder().encode(name).length > rule.nameMaxBytes) {
    fail('name', `${rule.code}: name bytes`);
  }

  if (fields.length > 0) return { fields, facts: undefined, decidedBy: reasons.length === 1 && reasons[0] ? [reasons[0]] : [] };
  const advice: Advice[] = [];
  // A channel key alone names no PG: the library says once that only the universal rules applied.
  if (pgText === undefined && text('channelKey') !== undefined) advice.push('channel-key-only');
  if (rule?.amount === 'never-charged' && amount! > 0) advice.push('amount-never-charged');
  for (const key of rule?.advised ?? []) if (given(key) === undefined) advice.push(`advised:${key}`);
  // "buyer_name must be "First Last" (space-separated)": the library advises rather than refuses (see the report).
  const buyerName = text('buyer_name');
  if (rule?.code === 'paymentwall' && buyerName !== undefined && !/\S\s+\S/.test(buyerName)) advice.push('buyer-name-first-last');
  const decidedBy: string[] = [];
  if (rule?.amount === 'zero-is-key-only' && amount === 0) decidedBy.push(`${rule.code}: amount 0 accepted`);
  if (rule?.amount === 'never-charged' && amount! > 0) decidedBy.push(`${rule.code}: amount shown, not charged`);
  if (rule && !rule.payMethods && method !== undefined && method !== 'card') decidedBy.push(`${rule.code}: any pay_method`);
  if (rule?.brick && cardInfo) decidedBy.push(`${rule.code}: card.info accepted`);
  return {
    fields,
    decidedBy,
    facts: {
      pg: pgOut, rule, customerUid: customerUid!, merchantUid, amount: amount!, currency, payMethod, cardInfo, required, advice,
    },
  };
}

/** What is wrong with accepted params given the facts the oracle derived, or null. */
export function factsProblem(facts: Facts, params: Record<string, unknown>, warnings: readonly string[]): string | null {
  const { rule } = facts;
  if (params['pg'] !== facts.pg) return `pg is ${JSON.stringify(params['pg'])}, expected ${JSON.stringify(facts.pg)}`;
  if (rule) {
    const p = params['pg'] as string;
    if (p !== rule.code && !(p.startsWith(`${rule.code}.`) && p.length > rule.code.length + 1)) return `pg ${p} is not ${rule.code} or ${rule.code}.{MID}`;
  }
  if (params['customer_uid'] !== facts.customerUid) return `customer_uid is ${JSON.stringify(params['customer_uid'])}, expected ${JSON.stringify(facts.customerUid)}`;
  if (facts.merchantUid !== undefined && params['merchant_uid'] !== facts.merchantUid) return `merchant_uid is not the given ${JSON.stringify(facts.merchantUid)}`;
  // Amount as given (0 when absent): key-only PGs keep 0, never-charged PGs keep what they display.
  if (params['amount'] !== facts.amount) return `amount is ${String(params['amount'])}, expected ${facts.amount}`;
  if (rule?.amount === 'must-charge' && !((params['amount'] as number) > 0)) return `${rule.code} must charge, amount ${String(params['amount'])}`;
  if (params['currency'] !== facts.currency) return `currency is ${JSON.stringify(params['currency'])}, expected ${JSON.stringify(facts.currency)}`;
  if (facts.payMethod.length === 0 ? params['pay_method'] !== undefined : !facts.payMethod.includes(params['pay_method'] as string)) return `pay_method is ${JSON.stringify(params['pay_method'])}, expected one of ${facts.payMethod.join(', ')}`;
  if (rule?.payMethods && !rule.payMethods.includes(params['pay_method'] as string)) return `${rule.code} takes only ${rule.payMethods.join(', ')}`;
  for (const [key, value] of Object.entries(facts.required)) {
    if (params[key] !== value) return `${rule!.code} requires ${key}; params have ${JSON.stringify(params[key])}, expected ${JSON.stringify(value)}`;
  }
  const info = (params['card'] as { info?: Record<string, unknown> } | undefined)?.info;
  if (facts.cardInfo) {
    if (!isPlain(info)) return 'card.info is missing';
    const { number, expiry, cvc } = info;
    // Brick wants dddd-dddd-dddd-dddd; 14/15-digit cards (Diners, Amex) have no documented form, only hyphen groups.
    const shape = facts.cardInfo.digits.length === 16 ? /^\d{4}-\d{4}-\d{4}-\d{4}$/ : /^\d{4}(-\d+)+$/;
    if (typeof number !== 'string' || !shape.test(number) || number.replace(/-/g, '') !== facts.cardInfo.digits) return 'card.info.number is not the grouped digits';
    if (expiry !== facts.cardInfo.expiry) return `card.info.expiry is not ${facts.cardInfo.expiry} (YYYY-MM)`;
    if (cvc !== facts.cardInfo.cvc) return 'card.info.cvc is not the given CVC';
    if (Object.keys(info).some((k) => !['number', 'expiry', 'cvc'].includes(k))) return 'card.info has keys beyond number, expiry, cvc';
  } else if (info !== undefined) {
    return 'card.info appeared although none was given';
  }
  const advised = (a: Advice) =>
    a === 'amount-never-charged'
      ? warnings.some((w) => w.includes(rule!.code) && w.includes('amount'))
      : a === 'channel-key-only'
        ? warnings.some((w) => w.includes('channelKey') && w.includes('universal'))
        : a.startsWith('advised:')
          ? warnings.some((w) => w.includes(a.slice('advised:'.length)))
          : warnings.some((w) => w.includes('buyer_name'));
  for (const a of facts.advice) if (!advised(a)) return `no warning for ${a} (warnings: ${JSON.stringify(warnings)})`;
  if (warnings.length !== facts.advice.length) return `warnings ${JSON.stringify(warnings)}, expected advice ${facts.advice.join(', ') || 'none'}`;
  return null;
}

/**
 * Compares the library's outcome with the prediction: null when they agree, else what differs. `outcome` is the
 * params or the thrown error (only its `field` and `message` are read).
 */
export function oracleMismatch(
  prediction: Prediction,
  outcome: { params: unknown } | { error: unknown },
  warnings: readonly string[],
): string | null {
  if ('error' in outcome) {
    const error = outcome.error as { field?: unknown; message?: unknown } | null;
    const field = typeof error?.field === 'string' ? error.field : undefined;
    if (prediction.fields.length === 0) return `the library refused naming ${String(field)} (${String(error?.message)}), the reference oracle accepts`;
    if (field === undefined || !prediction.fields.includes(field)) {
      return `the library named ${String(field)} (${String(error?.message)}), the reference oracle expects one of ${prediction.fields.join(', ')}`;
    }
    return null;
  }
  if (prediction.fields.length > 0) return `the library accepted, the reference oracle refuses naming one of ${prediction.fields.join(', ')}`;
  const problem = factsProblem(prediction.facts!, outcome.params as Record<string, unknown>, warnings);
  return problem && `accepted params disagree with the reference oracle: ${problem}`;
}

/** The decisive cases each reference rule should get in a generated run (see `Prediction.decidedBy`). */
export function expectedDecisions(): string[] {
  return REFERENCE_PGS.flatMap((r) => {
    if (!r.window) return [`${r.code}: no window billing`];
    const tags = r.required.map((key) => `${r.code}: requires ${key}`);
    if (r.payMethods) tags.push(`${r.code}: pay_method`);
    else tags.push(`${r.code}: any pay_method`);
    if (r.amount === 'must-charge') tags.push(`${r.code}: amount > 0`);
    if (r.amount === 'zero-is-key-only') tags.push(`${r.code}: amount 0 accepted`);
    if (r.amount === 'never-charged') tags.push(`${r.code}: amount shown, not charged`);
    tags.push(r.brick ? `${r.code}: card.info accepted` : `${r.code}: no card.info`);
    return tags;
  });
}
