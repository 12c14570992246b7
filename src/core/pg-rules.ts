/**
 * The one home of PG facts: every V1 PG code PortOne documents (billing or not), the PG-code pattern and the "where
 * does the result arrive" decision. params.ts, request.ts and the sandbox read this file; nothing else restates a PG
 * fact. The comment line right above each entry is its source: the PortOne developer-site page it was taken from
 * (opi/ko/integration/pg/v1/…, or sdk/ko/v1-sdk/javascript-sdk/payrq for codes listed there only), or says that
 * no current page exists. Comments, not
 * fields, so the shipped bundle carries no citations; pg-rules.test.ts reads them from this file. Adding a PG means
 * adding an entry, its source line and its tests.
 *
 * Rule for unclear or contradictory pages: take the reading that cannot charge a customer by surprise (an amount
 * above 0 is a possible charge unless a page says it is only displayed) and say so in one line on the entry.
 */

/**
 * What `amount` means when `customer_uid` is set:
 * - `zero-is-key-only`: 0 issues the key only; above 0 issues the key and charges that amount at once.
 * - `display-only`: shown in the window, never charged; the first charge is a separate `again` call.
 * - `charged`: issuance always charges, so the amount must be above 0.
 */
export type AmountRule = 'zero-is-key-only' | 'display-only' | 'charged';

/**
 * How the PG issues billing keys in the browser:
 * - `window`: `IMP.request_pay` with `customer_uid` opens its billing-key window.
 * - `rest`: key-in only, through `POST /subscribe/customers/{customer_uid}` on the merchant's server.
 * - `loadUI`: through `IMP.loadUI` (a PG button or widget), never `request_pay`.
 * - `none`: PortOne documents no billing for this code.
 * - `undocumented`: PortOne routes the code but its V1 pages say nothing of billing: universal checks only.
 */
export type WindowBilling = 'window' | 'rest' | 'loadUI' | 'none' | 'undocumented';

export interface PgAdvice {
  /** A field (dotted path) whose absence is worth a console warning, not a refusal. */
  field: string;
  message: string;
}

export interface PgRule {
  /** PortOne's PG code, the part of `pg` before an optional `.{MID}`. */
  code: string;
  billing: WindowBilling;
  /** Allowed `pay_method` values; the first is the default. `null`: the PG or the customer chooses (none is added). */
  payMethods: readonly string[] | null;
  /** One rule, or one per `pay_method` when the PG's windows differ (welcome: card shows it, phone charges it). */
  amount: AmountRule | Readonly<Record<string, AmountRule>>;
  /** Fields (dotted paths) the PG refuses to work without, beyond the universal ones. */
  required: readonly string[];
  /** Fields PortOne recommends; missing ones are warned about, never refused. */
  advice: readonly PgAdvice[];
  /** The PG's limit on `customer_id`, in characters. */
  customerIdMaxLength?: number;
  /** The PG refuses `merchant_uid`s with anything but letters and digits. */
  merchantUidAlphanumeric: boolean;
  /** The PG's limit on `name` in UTF-8 bytes (a Hangul syllable is 3), stricter than PortOne's 40 characters. */
  nameMaxBytes?: number;
  /** The PG takes `buyer_name` as "First Last" and wants the same name in later charges: any other shape is warned about. */
  buyerNameFirstLast?: boolean;
  /** Refused without `m_redirect_url`: the PG's mobile window always redirects, so a missing URL loses the result. */
  redirectUrlRequired: boolean;
  /** The result comes by callback even on mobile (an in-page iframe), so no redirect return is expected. */
  callbackOnMobile: boolean;
  /** The window redirects to `m_redirect_url` on PC too. */
  redirectsOnPc: boolean;
  /** The key becomes usable only after PortOne's webhook (asynchronous pingback). */
  awaitsWebhook: boolean;
  /**
   * The current SDK issues this PG's keys through PortOne's checkout service, whose callback is a bare
   * `{ imp_uid, merchant_uid, customer_uid }` or `{ merchant_uid, error_code?, error_msg }` (no success flags).
   * sdk/ko/v1-sdk/javascript-sdk/payrt names tosspayments, smartro_v2, nice_v2, paypal_v2, ksnet and welcome; issue 11's
   * runs of SDK 1.19.0 add tosspay_v2 and toss_brandpay: all are marked (the reader handles both shapes anyway).
   */
  checkoutService: boolean;
  /** `card.info` (Paymentwall Brick: issuance without a window). */
  cardInfo: boolean;
  /** `bypass` keys the PG documents for billing; others still pass through. */
  bypass: readonly string[];
  /** Said instead of issuing a key when `billing` is not `window`/`undocumented`. */
  refusal?: string;
}

/** A PG code, optionally `.{MID}`. Codes are lower-case letters, digits and `_`; the MID is anything without spaces. */
export const PG_CODE_PATTERN = /^[a-z0-9_]+(\.\S+)?$/i;

/** The way to a key without a request_pay window: said by every refusal that sends a merchant there. */
export const KEY_IN =
  'issue keys by REST key-in (<imp-billing-card-form> and POST /subscribe/customers/{customer_uid} on your server)';

/**
 * An entry of the table: what differs from `rule`'s defaults, and `note`, what the refusal of a PG without window
 * billing adds to its default wording (where else to go, what else to know).
 */
type Entry = Partial<Omit<PgRule, 'code' | 'refusal'>> & { note?: string };

function rule(code: string, { note = '', ...fields }: Entry): PgRule {
  const entry: PgRule = {
    code,
    billing: 'window',
    payMethods: ['card'],
    amount: 'zero-is-key-only',
    required: [],
    advice: [],
    merchantUidAlphanumeric: false,
    redirectUrlRequired: false,
    callbackOnMobile: false,
    redirectsOnPc: false,
    awaitsWebhook: false,
    checkoutService: false,
    cardInfo: false,
    bypass: [],
    ...fields,
  };
  if (entry.billing === 'rest') entry.refusal = `${code} has no billing-key window: ${KEY_IN}${note}.`;
  if (entry.billing === 'loadUI') {
    entry.refusal = `${code} issues billing keys only through IMP.loadUI: render it on your page.`;
  }
  if (entry.billing === 'none') {
    entry.refusal =
      `${code} has no billing keys in PortOne V1 (general payments only)${note || ': choose a billing PG or channel'}.`;
  }
  return Object.freeze(entry);
}

/** PortOne routes these codes, but none of its V1 pages describes billing with them. */
const UNDOCUMENTED: Entry = { billing: 'undocumented', payMethods: null };
/** General payments only; `successor` is the code of the same company that issues keys. */
const generalOnly = (successor?: string): Entry => ({
  billing: 'none',
  payMethods: null,
  note: successor && `; ${successor} does`,
});

const digitalAdvice: PgAdvice = {
  field: 'digital',
  message: 'set `digital` (true for digital goods): the fee differs.',
};

/** Each PG's facts, by code: what differs from `rule`'s defaults. */
const ENTRIES: Record<string, Entry> = {
  // --- Window billing, PortOne's current pages -----------------------------------------------------------------------
  // opi/ko/integration/pg/v1/nhn-kcp/readme
  kcp_billing: {
    amount: 'display-only',
    bypass: ['site_logo', 'batch_birth_day_yn'],
  },
  // Register (no amount) issues the key; actionType Pay with an amount charges it: so above 0 is a charge.
  // opi/ko/integration/pg/v1/nhn-kcp/kcp-quickpay
  kcp_quick: {
    payMethods: ['card', 'trans'],
    required: ['bypass.kcpQuick'],
    bypass: ['kcpQuick'],
  },
  // opi/ko/integration/pg/v1/inicis
  html5_inicis: {
    amount: 'display-only',
    bypass: ['inicis'],
    callbackOnMobile: true,
  },
  // The page's example says 0 issues the key only and is silent on a larger amount: above 0 is held as a charge.
  // payrt lists it among the PGs the current SDK answers with ids and errors only.
  // opi/ko/integration/pg/v1/newtoss/readme
  tosspayments: { checkoutService: true },
  // The page says an amount is charged together with issuance; the mobile result arrives at m_redirect_url.
  // opi/ko/integration/pg/v1/kakaopay
  kakaopay: { payMethods: null },
  // Amount 0 issues the key only; Danal's own 10 KRW check that it cancels itself is not treated as a charge here.
  // opi/ko/integration/pg/v1/danal
  danal_tpay: { callbackOnMobile: true },
  // opi/ko/integration/pg/v1/danal
  danal: {
    payMethods: ['phone'],
    amount: 'charged',
    advice: [digitalAdvice],
    callbackOnMobile: true,
  },
  // kg says the phone amount is only shown, kg-mobilians-v2 says it is charged: charged (must be above 0) is the safe one.
  // opi/ko/integration/pg/v1/kg
  mobilians: {
    payMethods: ['phone'],
    amount: 'charged',
    advice: [digitalAdvice],
    callbackOnMobile: true,
  },
  // opi/ko/integration/pg/v1/settle/mybank
  settle_acc: {
    payMethods: ['trans'],
    bypass: ['settle'],
    callbackOnMobile: true,
  },
  // opi/ko/integration/pg/v1/kicc
  kicc: { amount: 'display-only' },
  // The page's example sends no pay_method, so none is added.
  // opi/ko/integration/pg/v1/payco
  payco: { payMethods: null, amount: 'display-only', callbackOnMobile: true },
  // The page's example uses 0 and says nothing of a larger amount: above 0 is held as a charge.
  // opi/ko/integration/pg/v1/nice-v2/readme
  nice_v2: {
    payMethods: ['kakaopay', 'naverpay_card', 'naverpay_point'],
    required: ['customer_id'],
    nameMaxBytes: 40,
    checkoutService: true,
  },
  // opi/ko/integration/pg/v1/smartro-v2/readme
  smartro_v2: {
    amount: 'display-only',
    required: ['customer_id'],
    customerIdMaxLength: 20,
    merchantUidAlphanumeric: true,
    redirectUrlRequired: true,
    checkoutService: true,
  },
  // The page's example has no amount: above 0 is held as a charge.
  // opi/ko/integration/pg/v1/tosspay-v2/readme
  tosspay_v2: {
    payMethods: ['tosspay'],
    required: ['customer_id'],
    customerIdMaxLength: 50,
    redirectUrlRequired: true,
    checkoutService: true,
    // PortOne advises the billing-key webhook as the source of truth for this PG.
    advice: [{ field: 'notice_url', message: 'set notice_url (or a console webhook): the callback can be lost.' }],
  },
  // opi/ko/integration/pg/v1/welcome/readme
  welcome: {
    payMethods: ['card', 'phone'],
    amount: { card: 'display-only', phone: 'charged' },
    required: ['buyer_name', 'buyer_tel'],
    redirectUrlRequired: true,
    checkoutService: true,
  },
  // opi/ko/integration/pg/v1/naver
  naverpay: {
    payMethods: null,
    amount: 'display-only',
    required: ['buyer_tel'],
  },
  // payrq lists smilepay for recurring payments but its page shows none: its documented rules, above 0 held as a charge.
  // opi/ko/integration/pg/v1/smilepay
  smilepay: { required: ['buyer_tel'] },
  // opi/ko/integration/pg/v1/paymentwall
  paymentwall: {
    amount: 'charged',
    required: ['buyer_email', 'currency', 'name', 'buyer_name'],
    buyerNameFirstLast: true,
    cardInfo: true,
    bypass: ['widget_code', 'ps', 'country_code'],
    awaitsWebhook: true,
  },

  // --- Legacy codes with window billing (no current page; kept for existing merchants) ---------------------------
  // no current PortOne V1 page: kept as the earlier iamport manual documented it
  jtnet: {},
  // no current PortOne V1 page: kept as the earlier iamport manual documented it
  chai: { payMethods: ['trans'], amount: 'display-only', redirectsOnPc: true },

  // --- Billing through the REST key-in flow only -----------------------------------------------------------------
  // NHN KCP's REST key-in contract; its billing-key window is kcp_billing.
  // opi/ko/integration/pg/v1/nhn-kcp/readme
  kcp: { billing: 'rest', note: '; for the window use pg "kcp_billing"' },
  // NICE Payments' old module.
  // opi/ko/integration/pg/v1/nice
  nice: { billing: 'rest' },
  // The ksnet page says plainly that it has no window billing (REST only), whatever the SDK's checkout service does.
  // opi/ko/integration/pg/v1/ksnet/readme
  ksnet: { billing: 'rest', checkoutService: true, note: '; later charges need product_type and buyer_name' },
  // Hecto (Settlebank) card.
  // opi/ko/integration/pg/v1/settle/readme
  settle: { billing: 'rest', note: '; POST /subscribe/payments/onetime with customer_uid works too' },
  // Kiwoom Pay.
  // opi/ko/integration/pg/v1/daou/readme
  daou: { billing: 'rest' },
  // KG Inicis' API contract. payrq lists "inicis" for API key-in and recurring payments; its window is the ActiveX
  // one: key-in is the safe reading.
  // sdk/ko/v1-sdk/javascript-sdk/payrq
  inicis: { billing: 'rest', note: '; for the window use pg "html5_inicis"' },

  // --- Billing through IMP.loadUI --------------------------------------------------------------------------------
  // opi/ko/integration/pg/v1/rt/readme
  paypal_v2: { billing: 'loadUI', payMethods: null, redirectsOnPc: true, checkoutService: true },
  // opi/ko/integration/pg/v1/toss-brandpay/widget
  toss_brandpay: {
    billing: 'loadUI',
    payMethods: null,
    checkoutService: true,
  },

  // --- General payments only -------------------------------------------------------------------------------------
  // opi/ko/integration/pg/v1/tosspay
  tosspay: generalOnly('tosspay_v2'),
  // opi/ko/integration/pg/v1/eximbay
  eximbay: generalOnly(),
  // opi/ko/integration/pg/v1/paypal
  paypal: { ...generalOnly('paypal_v2 (through IMP.loadUI)'), redirectsOnPc: true },
  // opi/ko/integration/pg/v1/smartro
  smartro: generalOnly('smartro_v2'),
  // opi/ko/integration/pg/v1/toss
  uplus: generalOnly('tosspayments'),
  // opi/ko/integration/pg/v1/blue
  bluewalnut: generalOnly(),
  // sdk/ko/v1-sdk/javascript-sdk/payrq
  naverco: generalOnly(),
  // sdk/ko/v1-sdk/javascript-sdk/payrq
  inicis_unified: generalOnly(),

  // --- Routed by PortOne, billing undocumented: universal checks only, with a console note -------------------------
  // opi/ko/integration/pg/v1/inicis-jp
  inicis_jp: UNDOCUMENTED,
  // no PortOne V1 page: a code v1/iamport.js routes (issue 11)
  syrup: UNDOCUMENTED,
  // no PortOne V1 page: a code v1/iamport.js routes (issue 11)
  kakao: UNDOCUMENTED,
  // no PortOne V1 page: a code v1/iamport.js routes (issue 11)
  payple: UNDOCUMENTED,
  // no PortOne V1 page: a code v1/iamport.js routes (issue 11)
  alipay: UNDOCUMENTED,
  // no PortOne V1 page: a code v1/iamport.js routes (issue 11)
  kpn: UNDOCUMENTED,
  // no PortOne V1 page: a code v1/iamport.js routes (issue 11)
  hyphen: UNDOCUMENTED,
};

export const PG_RULES: Readonly<Record<string, PgRule>> = Object.freeze(
  Object.fromEntries(Object.entries(ENTRIES).map(([code, fields]) => [code, rule(code, fields)])),
);

/** Splits `code.{MID}` and finds the rule; an unknown code gives `rule: undefined` (universal checks only). */
export function lookupPg(pg: string): { code: string; mid: string | undefined; rule: PgRule | undefined } {
  const dot = pg.indexOf('.');
  const code = dot === -1 ? pg : pg.slice(0, dot);
  const mid = dot === -1 ? undefined : pg.slice(dot + 1);
  return { code, mid, rule: isKnownPgCode(code) ? PG_RULES[code] : undefined };
}

/** True when `code` (the part of `pg` before `.{MID}`) is a PG code PortOne V1 routes. Codes are lower-case. */
export function isKnownPgCode(code: string): boolean {
  return Object.hasOwn(PG_RULES, code);
}

/**
 * The rule that applies to a request: `pgProvider` (the PG behind a channel key) when set, else `pg`'s code.
 * Neither sent nor known gives `undefined` (universal checks only).
 */
export function ruleFor(request: { pg?: unknown; pgProvider?: unknown }): PgRule | undefined {
  const from = typeof request.pgProvider === 'string' && request.pgProvider ? request.pgProvider : request.pg;
  return typeof from === 'string' && from ? lookupPg(from.trim()).rule : undefined;
}

/** The amount rule for the pay_method sent; a PG that does not say for this method is held to the cautious one. */
export function amountRuleFor(rule: PgRule, payMethod: string | undefined): AmountRule {
  if (typeof rule.amount === 'string') return rule.amount;
  return (payMethod !== undefined ? rule.amount[payMethod] : undefined) ?? 'zero-is-key-only';
}

/**
 * Whether the result of this request arrives by redirect to `m_redirect_url` (the page leaves) rather than by
 * callback. Paymentwall Brick (`card.info`) has no window and always calls back; an unknown PG redirects on mobile.
 */
export function resultRedirects(rule: PgRule | undefined, on: { mobile: boolean; cardInfo: boolean }): boolean {
  if (on.cardInfo && rule?.cardInfo !== false) return false;
  if (rule?.redirectsOnPc) return true;
  return on.mobile && !rule?.callbackOnMobile;
}

/** Whether the result may arrive by redirect on some device: the element then leaves a note for the return. */
export function mayRedirect(rule: PgRule | undefined, cardInfo: boolean): boolean {
  return resultRedirects(rule, { mobile: true, cardInfo }) || resultRedirects(rule, { mobile: false, cardInfo });
}
