import { looksLikeCardNumber, normalizeCardNumber, normalizeCvc, normalizeExpiry, WITHHELD_CARD_NUMBER, type Checked } from './card.js';
import { invalidParam, type BillingError } from './errors.js';
import { isPlainObject } from './plain-object.js';
import { amountRuleFor, KEY_IN, lookupPg, PG_CODE_PATTERN, type PgRule } from './pg-rules.js';
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
 * The text fields checked and normalised by normalizeText, in this order, with their limits in characters. PortOne
 * documents 40 for merchant_uid and name (sdk/ko/v1-sdk/javascript-sdk/payrq) and 80 for customer_uid (its REST
 * schema's CustomerAnnotation); the other limits are ours, against absurd input.
 */
const TEXT_FIELDS: Record<string, number> = {
  customer_uid: 80,
  customer_id: 100,
  merchant_uid: 40,
  name: 40,
  buyer_name: 100,
  buyer_addr: 300,
  buyer_postcode: 20,
  channelKey: 100,
};
/** Every field's limit in characters; a field not named here has DEFAULT_MAX_LENGTH. */
const MAX_LENGTH: Record<string, number> = { ...TEXT_FIELDS, pg: 100, m_redirect_url: 2000 };
const DEFAULT_MAX_LENGTH = 300;
export { normalizeText };

/**
 * Text fields with a shape, checked after trimming, in this order: the pattern and what a refusal asks for. The email
 * has at most 254 characters; the phone number 7 to 15 digits among its separators.
 */
const SHAPED_FIELDS: readonly (readonly [field: string, pattern: RegExp, what: string])[] = [
  ['language', /^[a-z]{2}([-_][A-Za-z]{2})?$/, 'a code such as "ko" or "en"'],
  ['buyer_email', /^(?=.{1,254}$)[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/, 'an email address'],
  ['buyer_tel', /^(?=(\D*\d){7})(?!(\D*\d){16})\+?[\d\s().-]+$/, 'a phone number such as 010-1234-5678'],
];
/** Currencies without minor units: amounts must be whole numbers. */
const ZERO_DECIMAL_CURRENCIES = new Set(['KRW', 'JPY', 'VND', 'CLP', 'ISK', 'TWD', 'HUF', 'UGX', 'XOF', 'XAF']);

/** The one phrasing of a refused value: "`field` must `rule`; got `got`." */
function refuse(field: string, rule: string, got?: unknown): BillingError {
  return invalidParam(field, `${field} must ${rule}${got === undefined ? '' : `; got ${got}`}.`);
}

/** The one phrasing of a missing field: "`field` is required`why`." */
export function required(field: string, why: string): BillingError {
  return invalidParam(field, `${field} is required${why}.`);
}

/** Whether a field counts as not given: undefined, null or the empty string. */
export function isBlank(value: unknown): value is undefined | null | '' {
  return value === undefined || value === null || value === '';
}

/**
 * A refused value as a message shows it: a string quoted, cut at 40 characters, unless it looks like a card number (a
 * customer's card typed into the phone field must not reach the console or the failure event); anything else by its kind.
 */
const shown = (value: unknown) =>
  typeof value === 'string'
    ? looksLikeCardNumber(value)
      ? WITHHELD_CARD_NUMBER
      : JSON.stringify(value.slice(0, 40))
    : Array.isArray(value)
      ? 'an array'
      : typeof value;

/** Where card data goes, said in every refusal about it. */
const CARD_INFO = 'card.info { number, expiry, cvc }';
/** What the universal checks alone mean, said in every note about skipped PG rules. */
const UNIVERSAL_ONLY = 'only universal checks apply';

/** Copies JSON-like data (bypass, custom_data, extra fields), dropping prototype keys; refuses anything else. */
function cloneData(value: unknown, field: string, depth = 0): unknown {
  if (depth > 10) throw refuse(field, 'be at most 10 levels deep');
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw refuse(field, 'be a finite number');
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
  throw refuse(field, 'be JSON-like data', typeof value);
}

function textParam(field: string, value: unknown): string {
  if (typeof value !== 'string') throw refuse(field, 'be a string', shown(value));
  const max = MAX_LENGTH[field] ?? DEFAULT_MAX_LENGTH;
  if (value.length > max) throw refuse(field, `be at most ${max} characters`, value.length);
  if (CONTROL_CHARS.test(value)) throw refuse(field, 'have no line breaks or control characters');
  return value;
}

function absoluteHttpUrl(field: string, value: unknown): string {
  const s = textParam(field, value);
  let protocol = '';
  try {
    protocol = new URL(s).protocol;
  } catch {
    /* not absolute: refused below */
  }
  if (!/^https?:$/.test(protocol)) throw refuse(field, 'be an absolute http(s) URL');
  return s;
}

function amountOf(field: string, value: unknown, currency: string): number {
  let n: number;
  if (isBlank(value)) n = 0;
  else if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) n = Number(value);
  // String(value) would throw for objects without a prototype; only strings are quoted back.
  else throw refuse(field, 'be a number', shown(value));
  if (!Number.isFinite(n) || n < 0) throw refuse(field, 'be 0 or more', n);
  if (n > Number.MAX_SAFE_INTEGER) throw invalidParam(field, `${field} is too large.`);
  if (ZERO_DECIMAL_CURRENCIES.has(currency) && !Number.isInteger(n)) throw refuse(field, `be whole in ${currency}`, n);
  if (Math.round(n * 100) / 100 !== n) throw refuse(field, 'have at most two decimals', n);
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

/**
 * Time + counter + randomness: unique on a page (the counter never repeats) and across pages (the time and 48 random
 * bits); 40 characters at most, as PortOne requires.
 */
export function generateMerchantUid(): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  const random = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `ib_${Date.now().toString(36)}_${(generatedCount++).toString(36)}_${random}`;
}

function cardInfo(rule: PgRule | undefined, pgCode: string | undefined, value: unknown, now: Date): CardInfo {
  if (rule && !rule.cardInfo) {
    throw invalidParam('card.info', `card.info is for Paymentwall Brick only, not ${pgCode}: remove card; ${KEY_IN}.`);
  }
  if (!isPlainObject(value)) throw refuse('card.info', 'be { number, expiry, cvc }');
  const info: CardInfo = {
    number: checked('card.info.number', normalizeCardNumber(value['number'])),
    expiry: checked('card.info.expiry', normalizeExpiry(value['expiry'], now)),
  };
  if (!isBlank(value['cvc'])) info.cvc = checked('card.info.cvc', normalizeCvc(value['cvc']));
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
    const where = rule?.cardInfo ? `Put it in ${CARD_INFO}` : `Only Paymentwall Brick takes ${CARD_INFO}; ${KEY_IN}`;
    throw invalidParam(field, `${field} looks like card data, unredacted outside card.info. ${where}.`);
  }
  if (Array.isArray(value)) value.forEach((item, i) => refuseStrayCardData(item, `${field}[${i}]`, rule));
  else if (isPlainObject(value)) for (const k of Object.keys(value)) refuseStrayCardData(value[k], `${field}.${k}`, rule);
}

/** The value at a dotted path (`bypass.kcpQuick`) of the built params; empty strings count as absent. */
function valueAt(params: Record<string, unknown>, path: string): unknown {
  let value: unknown = params;
  for (const key of path.split('.')) value = isPlainObject(value) ? value[key] : undefined;
  return isBlank(value) ? undefined : value;
}

const CHANNEL_KEY_ONLY =
  `channelKey without pgProvider (pg-provider): ${UNIVERSAL_ONLY}; set it (e.g. "smartro_v2") for the PG's rules ` +
  '(required fields, amount…).';

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
      throw refuse('pg', 'be a PG code such as "jtnet" or "jtnet.{MID}"', shown(pgText));
    }
    out['pg'] = pgText;
  }
  let field = 'pg';
  let found = typeof out['pg'] === 'string' ? lookupPg(out['pg']) : undefined;
  if (pgProvider !== undefined) {
    const provider = textParam('pgProvider', pgProvider).trim();
    const byProvider = lookupPg(provider);
    if (!byProvider.rule || byProvider.mid !== undefined) {
      throw refuse('pgProvider', 'be a known PG code such as "smartro_v2" (no ".{MID}")', shown(provider));
    }
    field = 'pgProvider';
    found = byProvider;
  } else if (out['channelKey'] !== undefined && out['pg'] === undefined) {
    warn(CHANNEL_KEY_ONLY);
  }
  const rule = found?.rule;
  if (rule?.refusal) throw invalidParam(field, rule.refusal);
  if (rule?.billing === 'undocumented') {
    warn(`${rule.code}: PortOne documents no billing-key window; ${UNIVERSAL_ONLY}.`);
  }
  return { rule, pgCode: found?.code };
}

/**
 * Builds the exact object to hand to `IMP.request_pay` for billing-key issuance, applying the universal rules and the
 * PG's own rules (pg-rules.ts). Throws a `BillingError` with code `invalid-params` and the offending `field`.
 */
export function buildRequestPayParams(options: BillingOptions, context: BuildContext = {}): RequestPayParams {
  if (!isPlainObject(options)) {
    throw refuse('options', 'be a plain object');
  }
  const now = context.now?.() ?? new Date();
  const warn = context.warn ?? warnOnce;
  const present = (key: string) => {
    const v = Object.hasOwn(options, key) ? options[key] : undefined;
    return isBlank(v) ? undefined : v;
  };
  /** A present text field, trimmed; refused unless it is a string within its length, with no control characters. */
  const trimmed = (key: string) => {
    const v = present(key);
    return v === undefined ? undefined : textParam(key, v).trim();
  };

  const out: Record<string, unknown> = {};
  // Pass-through first (fields PortOne documents per PG: period, popup, display, use_test_method, …), then the
  // fields we know are validated and normalised over them.
  for (const key of Object.keys(options)) {
    if (FORBIDDEN_KEYS.has(key) || OWN_KEYS.has(key)) continue;
    const value = present(key);
    if (value !== undefined) out[key] = cloneData(value, key);
  }

  for (const field of Object.keys(TEXT_FIELDS)) {
    const value = present(field);
    if (value !== undefined) out[field] = normalizeText(textParam(field, value));
  }

  const { rule, pgCode } = pgRuleOf(present('pg'), present('pgProvider'), out, warn);

  if (out['customer_uid'] === undefined) {
    throw required('customer_uid', ": your id for this customer's card, bound to the billing key");
  }
  if (out['merchant_uid'] === undefined) {
    // A generated id keeps only letters and digits for PGs that refuse anything else.
    out['merchant_uid'] = rule?.merchantUidAlphanumeric ? generateMerchantUid().replace(/_/g, '') : generateMerchantUid();
  } else if (rule?.merchantUidAlphanumeric && !/^[A-Za-z0-9]+$/.test(out['merchant_uid'] as string)) {
    throw refuse('merchant_uid', `be letters and digits only for ${pgCode}`);
  }

  const currencyCode = trimmed('currency')?.toUpperCase();
  if (currencyCode !== undefined) {
    if (!/^[A-Z]{3}$/.test(currencyCode)) throw refuse('currency', 'be a three-letter code such as KRW', shown(currencyCode));
    out['currency'] = currencyCode;
  }
  const currency = (out['currency'] as string | undefined) ?? 'KRW';

  const method = trimmed('pay_method');
  if (method !== undefined) {
    if (rule?.payMethods && !rule.payMethods.includes(method)) {
      throw refuse('pay_method', `be ${rule.payMethods.map((m) => `"${m}"`).join(' or ')} for ${pgCode}`, shown(method));
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
    if (n > amount) throw refuse(field, `be at most amount (${amount})`, n);
    out[field] = n;
  }
  const amountRule = rule ? amountRuleFor(rule, out['pay_method'] as string | undefined) : undefined;
  if (amountRule === 'charged' && amount <= 0) {
    const byMethod = rule && typeof rule.amount !== 'string' ? ` with pay_method "${String(out['pay_method'])}"` : '';
    throw refuse('amount', `be above 0: ${pgCode}${byMethod} always charges it at issuance`);
  }
  if (amountRule === 'display-only' && amount > 0) {
    warn(`${pgCode} shows amount (${amount}) but never charges it; charge with POST /subscribe/payments/again.`);
  }

  for (const [field, pattern, what] of SHAPED_FIELDS) {
    const text = trimmed(field);
    if (text === undefined) continue;
    if (!pattern.test(text)) throw refuse(field, `be ${what}`, shown(text));
    out[field] = text;
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
    if (!isPlainObject(card)) throw refuse('card', 'be { info: { number, expiry, cvc } }');
    const copy = out['card'] as Record<string, unknown>;
    for (const key of Object.keys(copy)) if (key !== 'info') refuseStrayCardData(copy[key], `card.${key}`, rule);
    if (card['info'] !== undefined) copy['info'] = cardInfo(rule, pgCode, card['info'], now);
  }
  const bypass = present('bypass');
  if (bypass !== undefined && !isPlainObject(bypass)) {
    throw refuse('bypass', 'be an object of PG options');
  }
  const customData = present('custom_data');
  if (customData !== undefined) {
    try {
      JSON.stringify(customData);
    } catch {
      throw refuse('custom_data', 'be JSON-serialisable');
    }
  }

  for (const field of rule?.required ?? []) {
    if (valueAt(out, field) === undefined) {
      throw required(field, ` by ${pgCode}${field === 'buyer_email' ? ' (later charges need the same one)' : ''}`);
    }
  }
  for (const advice of rule?.advice ?? []) if (valueAt(out, advice.field) === undefined) warn(`${pgCode}: ${advice.message}`);
  const customerId = out['customer_id'];
  if (rule?.customerIdMaxLength && typeof customerId === 'string' && customerId.length > rule.customerIdMaxLength) {
    throw refuse('customer_id', `be at most ${rule.customerIdMaxLength} characters for ${pgCode}`, customerId.length);
  }
  if (rule?.redirectUrlRequired && out['m_redirect_url'] === undefined) {
    throw required('m_redirect_url', ` by ${pgCode}: its mobile window always redirects there`);
  }
  const name = out['name'];
  if (rule?.nameMaxBytes && typeof name === 'string') {
    const bytes = new TextEncoder().encode(name).length;
    if (bytes > rule.nameMaxBytes) {
      throw refuse('name', `be at most ${rule.nameMaxBytes} UTF-8 bytes for ${pgCode}`, bytes);
    }
  }
  if (rule?.buyerNameFirstLast && typeof out['buyer_name'] === 'string' && !/\S\s+\S/.test(out['buyer_name'])) {
    warn(`${pgCode} wants buyer_name as "First Last", the same in later charges.`);
  }
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out as RequestPayParams;
}

/** structuredClone, or a JSON copy in a DOM without it (jsdom under Jest, in a merchant's unit tests). */
function deepCopy<T>(value: T): T {
  return typeof structuredClone === 'function' ? structuredClone(value) : (JSON.parse(JSON.stringify(value)) as T);
}

/**
 * A deep copy safe to show in events and logs: card data replaced, everything else as sent. Deep, so a listener that
 * changes a nested object (bypass, custom_data) cannot change the params sent after the checks.
 */
export function redactParams(params: RequestPayParams): RequestPayParams {
  const info = params.card?.info;
  if (!info) return deepCopy(params);
  return deepCopy({
    ...params,
    card: { ...params.card, info: { number: '[redacted]', expiry: '[redacted]', ...(info.cvc ? { cvc: '[redacted]' } : {}) } },
  });
}
