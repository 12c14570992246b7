/**
 * One entry per billing PG. Adding a PG means adding an entry here and its tests in pg-rules.test.ts.
 * Facts come from PortOne's V1 PG pages (`opi/ko/integration/pg/v1/<pg>/…`) and iamport-manual's billing pages;
 * `source` on each entry names the page.
 */

/**
 * What `amount` means when `customer_uid` is set:
 * - `zero-is-key-only`: 0 issues the key only; above 0 issues the key and charges that amount at once.
 * - `display-only`: shown in the window, never charged; the first charge is a separate `again` call.
 * - `charged`: issuance always charges, so the amount must be above 0.
 */
export type AmountRule = 'zero-is-key-only' | 'display-only' | 'charged';

export interface PgRule {
  /** PortOne's PG code, the part of `pg` before an optional `.{MID}`. */
  code: string;
  /** Allowed `pay_method` values; the first is the default. `null`: any (the PG or the user chooses). */
  payMethods: readonly string[] | null;
  amount: AmountRule;
  /** Fields the PG refuses to work without, beyond the universal ones. */
  required: readonly string[];
  /** `card.info` (Paymentwall Brick: issuance without a window). */
  cardInfo: boolean;
  /** `bypass` keys the PG documents for billing; others still pass through. */
  bypass: readonly string[];
  /** The result comes by callback even on mobile (an in-page iframe), so no redirect return is expected. */
  callbackOnMobile: boolean;
  /** The key becomes usable only after PortOne's webhook (asynchronous pingback). */
  awaitsWebhook: boolean;
  /** The PG's limit on `name` in UTF-8 bytes (a Hangul syllable is 3), stricter than PortOne's 40 characters. */
  nameMaxBytes?: number;
  /** Set when the PG has no window billing at all: the message points to the REST key-in flow. */
  noWindowBilling?: string;
  source: string;
}

const rest = (name: string, extra = '') =>
  `${name} has no billing-key window in PortOne V1. Issue the key through the REST key-in flow instead: ` +
  `<imp-billing-card-form> posting to your server, which calls POST /subscribe/customers/{customer_uid}${extra}.`;

function rule(code: string, fields: Partial<PgRule> & Pick<PgRule, 'amount' | 'source'>): PgRule {
  return {
    code,
    payMethods: ['card'],
    required: [],
    cardInfo: false,
    bypass: [],
    callbackOnMobile: false,
    awaitsWebhook: false,
    ...fields,
  };
}

/*
 * Where the reference is [UNCERTAIN] or its sources disagree, each entry below says which way it was decided. The rule
 * throughout: when in doubt, treat an amount above 0 as a charge (kept blocked after a timeout, request.ts) and never
 * call an amount display-only without a source that says so, so a customer cannot be charged by surprise.
 */
export const PG_RULES: Readonly<Record<string, PgRule>> = Object.freeze({
  // [UNCERTAIN] legacy: JTNet's pages are gone from PortOne's current docs (reference §4), so it may no longer be
  // offered. Kept for seed 002 as documented (0 issues the key only, above 0 charges); if PortOne has dropped it, its
  // window refuses before any charge.
  jtnet: rule('jtnet', { amount: 'zero-is-key-only', source: 'iamport-manual 비인증결제/example/jtnet-request-billing-key.md; seed 002' }),
  kcp_billing: rule('kcp_billing', {
    amount: 'display-only',
    bypass: ['site_logo', 'batch_birth_day_yn'],
    source: 'developers.portone.io pg/v1/nhn-kcp (SDK 빌링키); iamport-manual kcp-request-billing-key.md',
  }),
  kcp: rule('kcp', {
    amount: 'display-only',
    noWindowBilling:
      'The pg code "kcp" is NHN KCP\'s REST key-in contract. For the billing-key window use pg "kcp_billing"; for ' +
      'key-in, use <imp-billing-card-form> and POST /subscribe/customers/{customer_uid} on your server.',
    source: 'developers.portone.io pg/v1/nhn-kcp; seed 004',
  }),
  html5_inicis: rule('html5_inicis', {
    amount: 'display-only',
    bypass: ['inicis'],
    callbackOnMobile: true,
    source: 'developers.portone.io pg/v1/inicis (비인증 결제창); iamport-react-native isIframeWayPayment',
  }),
  tosspayments: rule('tosspayments', {
    amount: 'display-only',
    source: 'developers.portone.io pg/v1/newtoss',
  }),
  // [UNCERTAIN] mobile result: PortOne's kakaopay page says m_redirect_url, the manual's billing page says callback
  // (reference §3.3). callbackOnMobile stays false, so the pending note and m_redirect_url are always set and either
  // path is reported. Also inferred only: a subscription CID from Kakao is needed. Above 0 charges at issuance.
  kakaopay: rule('kakaopay', {
    payMethods: null,
    amount: 'zero-is-key-only',
    source: 'developers.portone.io pg/v1/kakaopay (정기결제창); iamport-manual kakaopay-request-billing-key.md',
  }),
  // Amount 0 issues the key only, but Danal makes a 10 KRW test charge that it cancels about 30 minutes later
  // (reference §4): the customer may see it. That is Danal's own, self-cancelling; it is not treated as a charge here
  // (no hold after a timeout), while any amount above 0 is a real charge and is held.
  danal_tpay: rule('danal_tpay', {
    amount: 'zero-is-key-only',
    callbackOnMobile: true,
    source: 'developers.portone.io pg/v1/danal (비인증 결제창); iamport-manual danal-card-request-billing-key.md',
  }),
  danal: rule('danal', {
    payMethods: ['phone'],
    amount: 'charged',
    callbackOnMobile: true,
    source: 'iamport-manual danal-phone-request-billing-key.md',
  }),
  mobilians: rule('mobilians', {
    payMethods: ['phone'],
    amount: 'charged',
    callbackOnMobile: true,
    source: 'iamport-manual mobilians-phone-request-billing-key.md',
  }),
  settle_acc: rule('settle_acc', {
    payMethods: ['trans'],
    amount: 'zero-is-key-only',
    bypass: ['settle'],
    callbackOnMobile: true,
    source: 'developers.portone.io pg/v1/settle/mybank',
  }),
  kicc: rule('kicc', { amount: 'display-only', source: 'developers.portone.io pg/v1/kicc; iamport-manual kicc-request-billing-key.md' }),
  payco: rule('payco', { amount: 'display-only', callbackOnMobile: true, source: 'iamport-manual payco-request-billing-key.md' }),
  chai: rule('chai', { payMethods: ['trans'], amount: 'display-only', source: 'iamport-manual chai-request-billing-key.md' }),
  // [UNCERTAIN] amount: the reference only shows 0 in PortOne's example and does not say what a larger amount does.
  // zero-is-key-only is the cautious reading: 0 is accepted, anything above 0 is treated as a possible charge (held
  // after a timeout, never described as display-only).
  nice_v2: rule('nice_v2', {
    payMethods: ['kakaopay', 'naverpay_card', 'naverpay_point'],
    amount: 'zero-is-key-only',
    required: ['customer_id'],
    nameMaxBytes: 40,
    source: 'developers.portone.io pg/v1/nice-v2 (readme, billing-api-caution)',
  }),
  paymentwall: rule('paymentwall', {
    payMethods: null,
    amount: 'charged',
    required: ['buyer_email', 'currency', 'name'],
    cardInfo: true,
    bypass: ['widget_code', 'ps', 'country_code'],
    awaitsWebhook: true,
    source: 'iamport-manual paymentwall-request-billing-key.md (seed 000); developers.portone.io pg/v1/paymentwall',
  }),
  nice: rule('nice', { amount: 'display-only', noWindowBilling: rest('NICE (old, "nice")'), source: 'developers.portone.io pg/v1/nice' }),
  ksnet: rule('ksnet', {
    amount: 'display-only',
    noWindowBilling: rest('KSNET', '; later charges need product_type and buyer_name'),
    source: 'developers.portone.io pg/v1/ksnet',
  }),
  settle: rule('settle', {
    amount: 'display-only',
    noWindowBilling: rest('Hecto (Settlebank) card, "settle",', ' (or /subscribe/payments/onetime with customer_uid)'),
    source: 'developers.portone.io pg/v1/settle',
  }),
});

/** Splits `code.{MID}` and finds the rule; an unknown code gives `rule: undefined` (universal checks only). */
export function lookupPg(pg: string): { code: string; mid: string | undefined; rule: PgRule | undefined } {
  const dot = pg.indexOf('.');
  const code = dot === -1 ? pg : pg.slice(0, dot);
  const mid = dot === -1 ? undefined : pg.slice(dot + 1);
  const rule = Object.prototype.hasOwnProperty.call(PG_RULES, code) ? PG_RULES[code] : undefined;
  return { code, mid, rule };
}
