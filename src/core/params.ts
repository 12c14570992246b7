import { normalizeCardNumber, normalizeCvc, normalizeExpiry, type Checked } from './card.js';
import { invalidParam } from './errors.js';
import { isPlainObject } from './plain-object.js';
import { amountRuleFor, lookupPg, PG_CODE_PATTERN, type PgRule } from './pg-rules.js';
import type { CardInfo, RequestPayParams } from './types.js';
import { normalizeText } from './text.js';

/**
 * What a merchant passes: `request_pay` fields as PortOne names them, plus `merchantCode` for `IMP.init`.
 * `merchant_uid` is generated when absent; a missing `amount` means 0.
 */
export interface BillingOptions extends Omit<Partial<RequestPayParams>, 'amount' | 'card'> {
  merchantCode?: string;
  /**
   * The PG behind `channelKey` (a code such as `"smartro_v2"`), so its rules apply; never sent to `request_pay`
   * (PortOne's response calls the same thing `pg_provider`). Wins over `pg`'s code when both are set.
   */
  pgProvider?: string;
  amount?: number | string;
  card?: { info?: Partial<CardInfo> | undefined; [key: string]: unknown };
}

export interface BuildContext {
  /** Injectable clock so card-expiry checks do not age in tests. */
  now?: () => Date;
  /** Receives advice that is not worth refusing the request for. Default: `console.warn`. */
  warn?: (message: string) => void;
}

/** Keys never copied from merchant objects, so a hostile `__proto__` cannot reach the SDK or our prototypes. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Ours, not PortOne's: read here, never sent. */
const OWN_KEYS = new Set(['merchantCode', 'pgProvider']);
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
/**
 * PortOne documents 40 characters for merchant_uid and name (sdk/ko/v1-sdk/javascript-sdk/payrq) and 80 for
 * customer_uid (its REST schema's CustomerAnnotation); the other limits are ours, against absurd input.
 */
const MAX_LENGTH: Record<string, number> = {
  merchant_uid: 40,
  name: 40,
  customer_uid: 80,
  customer_id: 100,
  channelKey: 100,
  pg: 100,
  buyer_name: 100,
  buyer_addr: 300,
  buyer_postcode: 20,
  m_redirect_url: 2000,
};
export { normalizeText };

const DEFAULT_MAX_LENGTH = 300;
const TEXT_FIELDS = [
  'customer_uid', 'customer_id', 'merchant_uid', 'name', 'buyer_name', 'buyer_addr', 'buyer_postcode', 'channelKey',
];
/** Currencies without minor units: amounts must be whole numbers. */
const ZERO_DECIMAL_CURRENCIES = new Set(['KRW', 'JPY', 'VND', 'CLP', 'ISK', 'TWD', 'HUF', 'UGX', 'XOF', 'XAF']);

/** Copies JSON-like data (bypass, custom_data, extra fields), dropping prototype keys; refuses anything else. */
function cloneData(value: unknown, field: string, depth = 0): unknown {
  if (depth > 10) throw invalidParam(field, `${field} is nested too deeply (more than 10 levels).`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidParam(field, `${field} must be a finite number.`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => cloneData(item, `${field}[${i}]`, depth + 1));
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key) || value[key] === undefined) continue;
      copy[key] = cloneData(value[key], `${field}.${key}`, depth + 1);
    }
    return copy;
  }
  throw invalidParam(field, `${field} must be plain data (strings, numbers, booleans, arrays, objects); got ${typeof value}.`);
}

function textParam(field: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw invalidParam(field, `${field} must be a string; got ${Array.isArray(value) ? 'an array' : typeof value}.`);
  }
  const max = MAX_LENGTH[field] ?? DEFAULT_MAX_LENGTH;
  if (value.length > max) throw invalidParam(field, `${field} is ${value.length} characters long; at most ${max} are allowed.`);
  if (CONTROL_CHARS.test(value)) throw invalidParam(field, `${field} contains a control character (a line break or similar).`);
  return value;
}

function absoluteHttpUrl(field: string, value: unknown): string {
  const s = textParam(field, value);
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw invalidParam(field, `${field} must be an absolute http(s) URL such as https://shop.example/billing/return.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidParam(field, `${field} must use http or https; got ${url.protocol.replace(/:$/, '')}.`);
  }
  return s;
}

function amountOf(field: string, value: unknown, currency: string): number {
  let n: number;
  if (value === undefined || value === null || value === '') n = 0;
  else if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) n = Number(value);
  // String(value) would throw for objects without a prototype; only strings are quoted back.
  else throw invalidParam(field, `${field} must be a number such as 1000; got ${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : Array.isArray(value) ? 'an array' : typeof value}.`);
  if (!Number.isFinite(n) || n < 0) throw invalidParam(field, `${field} must be 0 or more; got ${n}.`);
  if (n > Number.MAX_SAFE_INTEGER) throw invalidParam(field, `${field} is too large.`);
  if (ZERO_DECIMAL_CURRENCIES.has(currency) && !Number.isInteger(n)) {
    throw invalidParam(field, `${field} must be a whole number in ${currency}; got ${n}.`);
  }
  if (Math.round(n * 100) / 100 !== n) throw invalidParam(field, `${field} has more than two decimal places; got ${n}.`);
  return n;
}

function checked(field: string, result: Checked): string {
  if (!result.ok) throw invalidParam(field, `${field}: ${result.message}.`);
  return result.value;
}

const warned = new Set<string>();
/** The default advice channel: each message once per page, so a form re-validated on every keystroke stays readable. */
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`[imp-billing] ${message}`);
}

let generatedCount = 0;
const generated = new Set<string>();

/** Time + counter + randomness: unique on a page and across pages; 40 characters at most, as PortOne requires. */
export function generateMerchantUid(): string {
  for (;;) {
    const bytes = new Uint8Array(6);
    globalThis.crypto.getRandomValues(bytes);
    const random = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    const uid = `ib_${Date.now().toString(36)}_${(generatedCount++).toString(36)}_${random}`;
    if (!generated.has(uid)) {
      generated.add(uid);
      return uid;
    }
  }
}

function cardInfo(rule: PgRule | undefined, pgCode: string | undefined, value: unknown, now: Date): CardInfo {
  if (rule && !rule.cardInfo) {
    throw invalidParam(
      'card.info',
      `card.info (issuing a key without a window) is a Paymentwall Brick feature; ${pgCode} does not accept it. ` +
        'Remove card, or use <imp-billing-card-form> for key-in issuance through your server.',
    );
  }
  if (!isPlainObject(value)) throw invalidParam('card.info', 'card.info must be an object { number, expiry, cvc }.');
  const info: CardInfo = {
    number: checked('card.info.number', normalizeCardNumber(value['number'])),
    expiry: checked('card.info.expiry', normalizeExpiry(value['expiry'], now)),
  };
  if (value['cvc'] !== undefined && value['cvc'] !== null && value['cvc'] !== '') info.cvc = checked('card.info.cvc', normalizeCvc(value['cvc']));
  return info;
}

/** Key names that hold card data (compared lowercase, without separators): number, expiry, cvc, birth, password… */
const CARD_DATA_KEY = /^(card)?(no|num|number|pan)$|expir|^exp(month|year|date|mm|yy)?$|cvc|cvv|csc|birth|pwd|passw|^pin$/;

/**
 * Only `card.info` is redacted from events and logs, so card data anywhere else under `card` (a bare `card.number`,
 * `card.direct.cvc`…) would reach request_pay and the request event as typed: refused, naming the field.
 */
function refuseStrayCardData(value: unknown, field: string, rule: PgRule | undefined): void {
  const key = field.slice(field.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');
  if (CARD_DATA_KEY.test(key.toLowerCase().replace(/[^a-z0-9]/g, ''))) {
    const where = rule?.cardInfo
      ? 'Paymentwall Brick takes card data only in card.info { number, expiry, cvc } (the element\'s card property).'
      : rule
        ? 'This PG takes no card data in request_pay: use <imp-billing-card-form> for key-in issuance through your server.'
        : 'Card data goes only in card.info { number, expiry, cvc } (Paymentwall Brick); for key-in issuance use <imp-billing-card-form> and your server.';
    throw invalidParam(field, `${field} looks like card data outside card.info, where it would be sent and shown unredacted. ${where}`);
  }
  if (Array.isArray(value)) value.forEach((item, i) => refuseStrayCardData(item, `${field}[${i}]`, rule));
  else if (isPlainObject(value)) for (const k of Object.keys(value)) refuseStrayCardData(value[k], `${field}.${k}`, rule);
}

/** The value at a dotted path (`bypass.kcpQuick`) of the built params; empty strings count as absent. */
function valueAt(params: Record<string, unknown>, path: string): unknown {
  let value: unknown = params;
  for (const key of path.split('.')) value = isPlainObject(value) ? value[key] : undefined;
  return value === '' || value === null ? undefined : value;
}

const CHANNEL_KEY_ONLY =
  'channelKey without pgProvider (pg-provider): only the universal checks apply. Set pgProvider to the PG behind ' +
  'the channel (e.g. "smartro_v2") so its rules apply: required fields, pay_method, amount, limits, m_redirect_url.';

/**
 * Validates `pg` (sent) and `pgProvider` (never sent) and finds the rule that applies: pgProvider's when set, else
 * pg's code. Refuses a PG whose billing is not a request_pay window, and an unknown pgProvider (its rules would be
 * skipped silently).
 */
function pgRuleOf(
  pg: unknown,
  pgProvider: unknown,
  out: Record<string, unknown>,
  warn: (message: string) => void,
): { rule: PgRule | undefined; pgCode: string | undefined } {
  if (pg !== undefined) {
    const pgText = textParam('pg', pg).trim();
    if (!PG_CODE_PATTERN.test(pgText)) {
      throw invalidParam('pg', `pg must be a PG code such as "jtnet", or "jtnet.{MID}" for a specific merchant ID; got ${JSON.stringify(pgText)}.`);
    }
    out['pg'] = pgText;
  }
  let field = 'pg';
  let found = typeof out['pg'] === 'string' ? lookupPg(out['pg']) : undefined;
  if (pgProvider !== undefined) {
    const provider = textParam('pgProvider', pgProvider).trim();
    const byProvider = lookupPg(provider);
    if (!byProvider.rule || byProvider.mid !== undefined) {
      throw invalidParam('pgProvider', `pgProvider must be a PortOne V1 PG code such as "smartro_v2" (no ".{MID}"); got ${JSON.stringify(provider.slice(0, 40))}.`);
    }
    field = 'pgProvider';
    found = byProvider;
  } else if (out['channelKey'] !== undefined && out['pg'] === undefined) {
    warn(CHANNEL_KEY_ONLY);
  }
  const rule = found?.rule;
  if (rule?.refusal) throw invalidParam(field, rule.refusal);
  if (rule?.billing === 'undocumented') {
    warn(`PortOne's V1 pages document no billing-key window for ${rule.code}: only the universal checks apply.`);
  }
  return { rule, pgCode: found?.code };
}

/**
 * Builds the exact object to hand to `IMP.request_pay` for billing-key issuance, applying the universal rules and the
 * PG's own rules (pg-rules.ts). Throws a `BillingError` with code `invalid-params` and the offending `field`.
 */
export function buildRequestPayParams(options: BillingOptions, context: BuildContext = {}): RequestPayParams {
  if (!isPlainObject(options)) {
    throw invalidParam('options', 'Billing options must be a plain object of request_pay fields.');
  }
  const now = context.now?.() ?? new Date();
  const warn = context.warn ?? warnOnce;
  const present = (key: string) => {
    const v = Object.prototype.hasOwnProperty.call(options, key) ? options[key] : undefined;
    return v === undefined || v === null || v === '' ? undefined : v;
  };

  const out: Record<string, unknown> = {};
  // Pass-through first (fields PortOne documents per PG: period, popup, display, use_test_method, …), then the
  // fields we know are validated and normalised over them.
  for (const key of Object.keys(options)) {
    if (FORBIDDEN_KEYS.has(key) || OWN_KEYS.has(key)) continue;
    const value = present(key);
    if (value !== undefined) out[key] = cloneData(value, key);
  }

  for (const field of TEXT_FIELDS) {
    const value = present(field);
    if (value !== undefined) out[field] = normalizeText(textParam(field, value));
  }

  const { rule, pgCode } = pgRuleOf(present('pg'), present('pgProvider'), out, warn);

  if (out['customer_uid'] === undefined) {
    throw invalidParam(
      'customer_uid',
      'customer_uid is required: it is your own id for this customer\'s card (one per customer and card), ' +
        'and PortOne binds the billing key to it.',
    );
  }
  if (out['merchant_uid'] === undefined) {
    // A generated id keeps only letters and digits for PGs that refuse anything else.
    out['merchant_uid'] = rule?.merchantUidAlphanumeric ? generateMerchantUid().replace(/_/g, '') : generateMerchantUid();
  } else if (rule?.merchantUidAlphanumeric && !/^[A-Za-z0-9]+$/.test(out['merchant_uid'] as string)) {
    throw invalidParam('merchant_uid', `${pgCode} accepts a merchant_uid of letters and digits only (no "-", "_" or other symbols).`);
  }

  const currencyValue = present('currency');
  if (currencyValue !== undefined) {
    const c = textParam('currency', currencyValue).trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(c)) throw invalidParam('currency', `currency must be a three-letter code such as KRW or USD; got ${JSON.stringify(c)}.`);
    out['currency'] = c;
  }
  const currency = (out['currency'] as string | undefined) ?? 'KRW';

  const payMethod = present('pay_method');
  if (payMethod !== undefined) {
    const method = textParam('pay_method', payMethod).trim();
    if (rule?.payMethods && !rule.payMethods.includes(method)) {
      throw invalidParam('pay_method', `${pgCode} issues billing keys only with pay_method ${rule.payMethods.map((m) => `"${m}"`).join(' or ')}; got "${method}".`);
    }
    out['pay_method'] = method;
  } else if (!rule) {
    out['pay_method'] = 'card';
  } else if (rule.payMethods) {
    out['pay_method'] = rule.payMethods[0];
  }

  const amount = amountOf('amount', present('amount'), currency);
  out['amount'] = amount;
  for (const field of ['tax_free', 'vat_amount']) {
    const value = present(field);
    if (value === undefined) continue;
    const n = amountOf(field, value, currency);
    if (n > amount) throw invalidParam(field, `${field} (${n}) cannot be more than amount (${amount}).`);
    out[field] = n;
  }
  const amountRule = rule ? amountRuleFor(rule, out['pay_method'] as string | undefined) : undefined;
  if (amountRule === 'charged' && amount <= 0) {
    throw invalidParam(
      'amount',
      `${pgCode}${rule && typeof rule.amount !== 'string' ? ` (pay_method "${String(out['pay_method'])}")` : ''} always charges when it issues a billing key, so amount must be above 0 (the first payment). ` +
        'It has no key-only issuance.',
    );
  }
  if (amountRule === 'display-only' && amount > 0) {
    warn(`${pgCode} only displays amount (${amount}) during key issuance and never charges it; charge with POST /subscribe/payments/again.`);
  }

  const language = present('language');
  if (language !== undefined) {
    const l = textParam('language', language).trim();
    if (!/^[a-z]{2}([-_][A-Za-z]{2})?$/.test(l)) throw invalidParam('language', `language must be a code such as "ko" or "en"; got ${JSON.stringify(l)}.`);
    out['language'] = l;
  }

  const email = present('buyer_email');
  if (email !== undefined) {
    const e = textParam('buyer_email', email).trim();
    if (e.length > 254 || !/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(e)) {
      throw invalidParam('buyer_email', `buyer_email must be an email address such as buyer@example.com; got ${JSON.stringify(e.slice(0, 60))}.`);
    }
    out['buyer_email'] = e;
  }
  const tel = present('buyer_tel');
  if (tel !== undefined) {
    const t = textParam('buyer_tel', tel).trim();
    const digits = t.replace(/\D/g, '');
    if (!/^\+?[\d\s().-]+$/.test(t) || digits.length < 7 || digits.length > 15) {
      throw invalidParam('buyer_tel', `buyer_tel must be a phone number such as 010-1234-5678; got ${JSON.stringify(t.slice(0, 40))}.`);
    }
    out['buyer_tel'] = t;
  }

  const redirect = present('m_redirect_url');
  if (redirect !== undefined) out['m_redirect_url'] = absoluteHttpUrl('m_redirect_url', redirect);
  const notice = present('notice_url');
  if (notice !== undefined) {
    out['notice_url'] = Array.isArray(notice)
      ? notice.map((u, i) => absoluteHttpUrl(`notice_url[${i}]`, u))
      : absoluteHttpUrl('notice_url', notice);
  }

  const card = present('card');
  if (card !== undefined) {
    if (!isPlainObject(card)) throw invalidParam('card', 'card must be an object such as { info: { number, expiry, cvc } }.');
    const copy = out['card'] as Record<string, unknown>;
    for (const key of Object.keys(copy)) if (key !== 'info') refuseStrayCardData(copy[key], `card.${key}`, rule);
    if (card['info'] !== undefined) copy['info'] = cardInfo(rule, pgCode, card['info'], now);
  }
  const bypass = present('bypass');
  if (bypass !== undefined && !isPlainObject(bypass)) {
    throw invalidParam('bypass', 'bypass must be an object of PG-specific options, such as { widget_code: "t3_1" }.');
  }
  const customData = present('custom_data');
  if (customData !== undefined) {
    try {
      JSON.stringify(customData);
    } catch {
      throw invalidParam('custom_data', 'custom_data must be JSON-serialisable.');
    }
  }

  for (const field of rule?.required ?? []) {
    if (valueAt(out, field) === undefined) {
      throw invalidParam(field, `${pgCode} requires ${field} for billing-key issuance${field === 'buyer_email' ? ' (later charges must use the same email)' : ''}.`);
    }
  }
  for (const advice of rule?.advice ?? []) if (valueAt(out, advice.field) === undefined) warn(`${pgCode}: ${advice.message}`);
  const customerId = out['customer_id'];
  if (rule?.customerIdMaxLength && typeof customerId === 'string' && customerId.length > rule.customerIdMaxLength) {
    throw invalidParam('customer_id', `${pgCode} accepts a customer_id of at most ${rule.customerIdMaxLength} characters; got ${customerId.length}.`);
  }
  if (rule?.redirectUrlRequired && out['m_redirect_url'] === undefined) {
    throw invalidParam(
      'm_redirect_url',
      `${pgCode} requires m_redirect_url: on mobile its billing-key window always redirects, and the result is lost without it.`,
    );
  }
  const name = out['name'];
  if (rule?.nameMaxBytes && typeof name === 'string') {
    const bytes = new TextEncoder().encode(name).length;
    if (bytes > rule.nameMaxBytes) {
      throw invalidParam('name', `${pgCode} accepts a name of at most ${rule.nameMaxBytes} bytes in UTF-8 (a Korean letter takes 3); got ${bytes}.`);
    }
  }
  if (pgCode === 'paymentwall' && typeof out['buyer_name'] === 'string' && !/\S\s+\S/.test(out['buyer_name'])) {
    warn('paymentwall expects buyer_name as "First Last" (space-separated); the same name is needed for later charges.');
  }
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out as RequestPayParams;
}

/**
 * A deep copy safe to show in events and logs: card data replaced, everything else as sent. Deep, so a listener that
 * changes a nested object (bypass, custom_data) cannot change the params sent after the checks.
 */
export function redactParams(params: RequestPayParams): RequestPayParams {
  const info = params.card?.info;
  if (!info) return structuredClone(params);
  return structuredClone({
    ...params,
    card: { ...params.card, info: { number: '[redacted]', expiry: '[redacted]', ...(info.cvc ? { cvc: '[redacted]' } : {}) } },
  });
}
