/**
 * An offline stand-in for PortOne's V1 browser SDK (`window.IMP`), shipped as `imp-billing/sandbox` so that demos,
 * component tests and merchants' own CI can run the whole billing-key flow without PortOne's servers.
 * It follows PortOne's V1 SDK pages (`sdk/ko/v1-sdk/javascript-sdk/payrq`, `…/payrt`): callback on PC, redirect to
 * `m_redirect_url` on mobile (except iframe PGs), pre-start refusals through the callback, Paymentwall Brick without
 * a window (`opi/ko/integration/pg/v1/paymentwall`).
 * Nothing here runs on import: all DOM access happens inside `installImpSandbox`, so the module is SSR-safe.
 */
import { hasCardNumberLength, luhnValid, normalizeExpiry } from '../core/card.js';
import { amountRuleFor, isKnownPgCode, lookupPg, PG_CODE_PATTERN, resultRedirects, type PgRule } from '../core/pg-rules.js';
import { isPlainObject } from '../core/plain-object.js';
// The mock REST API's test cards, so one decline card behaves the same in the key-in flow and in Brick.
import { TEST_CARDS } from '../shared/test-cards.js';
import type { Iamport, RequestPayParams, RequestPayResponse } from '../core/types.js';
import {
  defineSandboxDialog,
  SANDBOX_CHOICE_EVENT,
  SANDBOX_DIALOG_TAG,
  type ImpBillingSandboxDialog,
  type SandboxChoice,
  type SandboxChoiceDetail,
  type SandboxLang,
} from './sandbox-dialog.js';
import { reportOf, reportToMock } from './ledger-link.js';
import { readSandboxPreset } from '../core/sandbox-preset.js';

export interface ImpSandboxOptions {
  /**
   * Answer without a person. Absent: a person chooses in the sandbox window — except for Paymentwall Brick
   * (`card.info`), which has no window: there the card decides, as in PortOne's test mode (`TEST_CARDS.decline`,
   * 4000-0000-0000-0002, declines; an invalid number or expiry fails; any other card approves). `'decline'` and
   * `'cancel'` force that answer for Brick too; `'approve'` cannot approve a card that would fail.
   */
  outcome?: SandboxChoice;
  /** Delay before a scripted answer (outcome set, or Paymentwall Brick), in ms. A person's choice is never delayed. */
  delayMs?: number;
  /** Force mobile (redirect) behaviour on or off. Default: the user agent decides, as in the real SDK. */
  mobile?: boolean;
  /** Receives the mobile return URL instead of `win.location.assign` (tests, SPAs). */
  navigate?: (url: string) => void;
  /** Window copy and error messages. Default: English when `<html lang>` starts with "en", else Korean. */
  lang?: SandboxLang;
  /**
   * Base URL of the mock REST API (`imp-billing/mock-api`, e.g. `http://127.0.0.1:8788`). Set, every answer is
   * first recorded there (payment under the same imp_uid, and the billing key), so a server using that mock can
   * verify it, charge the key and schedule with it. Default: off.
   */
  api?: string;
}

export interface ImpSandboxHandle {
  /** Every `request_pay` params object, deep-copied, with `card.info` values replaced by `'[redacted]'`. */
  readonly calls: RequestPayParams[];
  /** Every code passed to `IMP.init` (and `IMP.agency`). */
  readonly inits: string[];
  /** The `api` option, changeable after install (e.g. once the page has learnt the mock's URL); null: off. */
  api: string | null;
  /** Restores the previous `win.IMP` (or removes it), closes any sandbox window and drops pending answers. */
  uninstall(): void;
}

/** Registry-wide marker, so `isImpSandbox` works even if two copies of this module are bundled. */
const SANDBOX_MARK = Symbol.for('imp-billing.sandbox');
const MOBILE_UA = /Mobi|Android|iPhone|iPad/;
const REDACTED = '[redacted]';
const DECLINE_DIGITS = TEST_CARDS.decline.replace(/-/g, '');
/** A fixed test mask: a response never carries anything derived from a number the customer typed. */
const MASKED_CARD = '4242********4242';
const CARD_NAME = 'KB국민카드';

interface Failure {
  code: string;
  ko: string;
  en: string;
}

/*
 * Error codes. F400 (billing-key window closed) is the checkout service's; the others are sandbox codes in PortOne's
 * F-prefixed style (the real SDK's own F1001 is its "no PG configured" answer, spelled error_coe, so the iframe-path
 * cancel below is known by its message, as the element reads it). Merchants should branch on `error_code != null`
 * and on the element's `cancelled`, never on a code's text.
 */
const NOT_INITIALISED: Failure = {
  code: 'F0001',
  ko: '가맹점 식별코드가 설정되지 않았습니다. IMP.init(가맹점 식별코드)를 먼저 호출해주세요.',
  en: 'The merchant code is not set: call IMP.init(merchantCode) before IMP.request_pay.',
};
const MISSING_MERCHANT_UID: Failure = {
  code: 'F0002',
  ko: 'merchant_uid는 필수 파라미터입니다.',
  en: 'merchant_uid is required.',
};
const BAD_AMOUNT: Failure = {
  code: 'F0002',
  ko: 'amount는 0 이상의 숫자여야 합니다.',
  en: 'amount must be a number of 0 or more.',
};
const BAD_PG: Failure = {
  code: 'F0003',
  ko: 'pg 파라미터가 올바르지 않습니다. "PG코드" 또는 "PG코드.상점ID" 형식으로 입력해주세요.',
  en: 'The pg parameter is not valid: use "pgcode" or "pgcode.{MID}".',
};
const UNKNOWN_PG = (code: string): Failure => {
  // PG codes are lower-case; a differently cased known code is the likeliest mistake, so name the right one.
  const hint = code !== code.toLowerCase() && isKnownPgCode(code.toLowerCase()) ? code.toLowerCase() : undefined;
  // The code is [A-Za-z0-9_]+ (PG_CODE_PATTERN) but unbounded: a short echo keeps the message (and a redirect URL) small.
  const shown = code.length > 40 ? `${code.slice(0, 40)}…` : code;
  return {
    code: 'F0003',
    ko:
      `"${shown}"은(는) PortOne V1이 지원하는 PG코드가 아닙니다. 콘솔에 설정된 PG의 코드(예: "kcp_billing", "jtnet.{상점ID}")를 ` +
      `입력하거나, pg 대신 channelKey를 사용하세요.${hint ? ` "${hint}"을(를) 뜻하셨나요?` : ''}`,
    en:
      `"${shown}" is not a PG code PortOne V1 knows. Use the code of a PG set up in the console (e.g. "kcp_billing", ` +
      `"jtnet.{MID}"), or a channelKey instead of pg.${hint ? ` Did you mean "${hint}"?` : ''}`,
  };
};
/** The element's own refusal (PG_RULES), so a merchant reads one message in the sandbox and in the element. */
const NO_WINDOW_BILLING = (refusal: string): Failure => ({ code: 'F0003', ko: refusal, en: refusal });
/** A PG rule the window itself would refuse (a missing required field, a too-long customer_id, …). */
const PG_REFUSES = (ko: string, en: string): Failure => ({ code: 'F0008', ko, en });
/** The checkout service's answer when the customer closes its billing-key window (SDK 1.19.0, issue 11). */
const BILLING_KEY_CANCELLED: Failure = {
  code: 'F400',
  ko: '사용자가 빌링키 발급을 취소하였습니다.',
  en: 'The user cancelled the billing-key issuance.',
};
const ALREADY_PAID: Failure = {
  code: 'F1002',
  ko: '이미 결제가 이루어진 거래건입니다.',
  en: 'This merchant_uid has already been paid. Use a new merchant_uid for each request.',
};
const MISSING_REDIRECT: Failure = {
  code: 'F0005',
  ko: '모바일 환경에서는 m_redirect_url이 필수입니다. 결제 결과가 m_redirect_url로 전달됩니다.',
  en: 'm_redirect_url is required on mobile: the result is delivered by redirecting to it.',
};
const BAD_REDIRECT: Failure = {
  code: 'F0005',
  ko: 'm_redirect_url이 올바른 URL이 아닙니다.',
  en: 'm_redirect_url is not a valid URL.',
};
const WINDOW_OPEN: Failure = {
  code: 'F0006',
  ko: '이미 결제창이 열려 있습니다.',
  en: 'A payment window is already open.',
};
const UNINSTALLED: Failure = {
  code: 'F0007',
  ko: '샌드박스가 제거되었습니다.',
  en: 'The IMP sandbox was uninstalled.',
};
const DECLINED: Failure = { code: 'F0004', ko: '[거절] 카드 한도초과', en: '[Declined] Card limit exceeded' };
/** The decline test card's answer; same reason as the mock REST API gives for its charges (DECLINE_REASON). */
const DECLINED_BY_ISSUER: Failure = {
  code: 'F0004',
  ko: '[거절] 카드사 승인거절: 잔액부족',
  en: '[Declined] Declined by the card issuer: insufficient funds',
};
const INVALID_CARD: Failure = {
  code: 'F0004',
  ko: '[거절] 유효하지 않은 카드 정보입니다',
  en: '[Declined] Invalid card details',
};
const MOCK_UNREACHABLE = (reason: string): Failure => ({
  code: 'F0008',
  ko: `샌드박스가 결과를 모의 API에 기록하지 못했습니다: ${reason}`,
  en: `The sandbox could not record the result with the mock API: ${reason}`,
});
const CANCELLED: Failure = {
  code: 'F1001',
  ko: '[결제포기] 사용자가 결제를 취소하셨습니다',
  en: '[Payment abandoned] The user cancelled the payment',
};

/** One request's facts, worked out once and shared by the window, the callback and the redirect. */
interface Flow {
  params: RequestPayParams;
  merchantUid: string;
  pgCode: string | undefined;
  rule: PgRule | undefined;
  amount: number;
  /** Deliver by navigating to this URL instead of the callback. */
  redirectTo: URL | undefined;
  callback: ((response: RequestPayResponse) => void) | undefined;
  lang: SandboxLang;
}

/** Deep copy of plain data; other objects (Dates aside) are kept by reference, cycles are preserved. */
function copyData(value: unknown, seen = new WeakMap<object, unknown>()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return seen.get(value);
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(copyData(item, seen));
    return out;
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const key of Object.keys(value)) out[key] = copyData(value[key], seen);
  return out;
}

/** The copy kept in `calls`: card data never reaches merchants' test logs or snapshots. */
function recordedCopy(params: unknown): RequestPayParams {
  const copy = copyData(params);
  if (isPlainObject(copy) && isPlainObject(copy['card']) && 'info' in copy['card']) {
    const info = copy['card']['info'];
    copy['card']['info'] = typeof info === 'object' && info !== null ? Object.fromEntries(Object.keys(info).map((key) => [key, REDACTED])) : REDACTED;
  }
  return copy as RequestPayParams;
}

function randomDigits(count: number): string {
  const bytes = new Uint8Array(count);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => String(b % 10)).join('');
}

/** A string the SDK would act on; blank counts as absent. */
function nonBlank(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function customDataString(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return null; // cyclic or otherwise unserialisable: PortOne could not have stored it either
  }
}

/** Appends the SDK's result query to whatever query the URL already has, keeping its hash (`#…`) last. */
function returnUrl(url: URL, fields: Array<[string, string]>): string {
  const href = url.href;
  const hashAt = href.indexOf('#');
  const base = hashAt === -1 ? href : href.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : href.slice(hashAt);
  const query = new URLSearchParams(fields).toString();
  const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return base + separator + query + hash;
}

function redirectFields(response: RequestPayResponse): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  if (response.imp_uid) fields.push(['imp_uid', response.imp_uid]);
  fields.push(['merchant_uid', response.merchant_uid]);
  // The checkout service's bare answers carry no flag: its success is an imp_uid without an error.
  const bare = response.imp_success === undefined;
  const succeeded = bare ? !!response.imp_uid && !response.error_code && !response.error_msg : response.imp_success === true;
  fields.push(['imp_success', String(succeeded)]);
  if (response.error_code) fields.push(['error_code', response.error_code]);
  if (response.error_msg) fields.push(['error_msg', response.error_msg]);
  return fields;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * What the PG's own window refuses in a billing-key request, by the same table the element checks (PG_RULES): a
 * missing required field, a customer_id over the PG's limit, a merchant_uid with symbols, a pay_method it lacks.
 */
function pgRefusal(rule: PgRule, params: RequestPayParams): Failure | undefined {
  const code = rule.code;
  for (const field of rule.required) {
    let value: unknown = params;
    for (const key of field.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    if (value === undefined || value === null || value === '') {
      return PG_REFUSES(`${code}: 빌링키 발급에는 ${field}가 필요합니다.`, `${code} requires ${field} for billing-key issuance.`);
    }
  }
  const customerId = params.customer_id;
  if (rule.customerIdMaxLength && typeof customerId === 'string' && customerId.length > rule.customerIdMaxLength) {
    return PG_REFUSES(
      `${code}: customer_id는 ${rule.customerIdMaxLength}자 이내여야 합니다.`,
      `${code} accepts a customer_id of at most ${rule.customerIdMaxLength} characters.`,
    );
  }
  if (rule.merchantUidAlphanumeric && typeof params.merchant_uid === 'string' && !/^[A-Za-z0-9]+$/.test(params.merchant_uid)) {
    return PG_REFUSES(`${code}: 주문번호(merchant_uid)에 특수문자를 사용할 수 없습니다.`, `${code} accepts a merchant_uid of letters and digits only.`);
  }
  const method = nonBlank(params.pay_method);
  if (rule.payMethods && method !== undefined && !rule.payMethods.includes(method)) {
    return PG_REFUSES(`${code}: 지원하지 않는 결제수단입니다 (${method}).`, `${code} does not issue billing keys with pay_method "${method}".`);
  }
  return undefined;
}

/** True for an `IMP` object made by `installImpSandbox`. */
export function isImpSandbox(imp: unknown): boolean {
  return typeof imp === 'object' && imp !== null && (imp as Record<symbol, unknown>)[SANDBOX_MARK] === true;
}

/**
 * Defines `win.IMP` as an offline sandbox of PortOne's V1 SDK. `win` is normally `window`; the sandbox window is a
 * custom element registered in `win.customElements`, so pass the window this module was loaded into.
 */
export function installImpSandbox(win: Window, ownOptions: ImpSandboxOptions = {}): ImpSandboxHandle {
  // A test's page-wide preset fills in what the installer left out.
  const options: ImpSandboxOptions = { ...(readSandboxPreset(win) as Partial<ImpSandboxOptions>), ...definedOnly(ownOptions) };
  const calls: RequestPayParams[] = [];
  const inits: string[] = [];
  /** merchant_uids approved in this sandbox: PortOne refuses to reuse them (F1002). */
  const paid = new Set<string>();
  const issuedImpUids = new Set<string>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let merchantCode: string | null = null;
  let openDialog: ImpBillingSandboxDialog | null = null;
  let active = true;

  const previous = Object.getOwnPropertyDescriptor(win, 'IMP');
  const navigate = options.navigate ?? ((url: string) => win.location.assign(url));
  const delayMs = Math.max(0, Number(options.delayMs) || 0);
  let api = options.api || null;

  const isMobile = () => options.mobile ?? MOBILE_UA.test(win.navigator?.userAgent ?? '');
  const currentLang = (): SandboxLang =>
    options.lang ?? ((win.document?.documentElement?.lang ?? '').toLowerCase().startsWith('en') ? 'en' : 'ko');

  /** The SDK answers asynchronously (postMessage from its window); so does the sandbox. Dropped on uninstall. */
  const later = (fn: () => void, ms = 0) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (active) fn();
    }, ms);
    timers.add(timer);
  };

  const newImpUid = () => {
    let uid: string;
    do uid = `imp_${randomDigits(12)}`;
    while (issuedImpUids.has(uid));
    issuedImpUids.add(uid);
    return uid;
  };

  const setInit = (code: unknown) => {
    inits.push(String(code));
    merchantCode = typeof code === 'string' && code.trim() !== '' ? code.trim() : null;
  };

  const imp: Iamport & { agency(code: string, tierCode: string): void } = {
    init(code: string) {
      setInit(code);
    },
    // Sub-merchants call agency() instead of init() (`opi/ko/integration/start/v1/auth`).
    agency(code: string) {
      setInit(code);
    },
    request_pay(params: RequestPayParams, callback?: (response: RequestPayResponse) => void) {
      requestPay(params, callback);
    },
  };
  Object.defineProperty(imp, SANDBOX_MARK, { value: true });

  function requestPay(raw: unknown, rawCallback: unknown): void {
    calls.push(recordedCopy(raw));
    const params = (isPlainObject(raw) ? raw : {}) as RequestPayParams;
    const callback = typeof rawCallback === 'function' ? (rawCallback as (response: RequestPayResponse) => void) : undefined;
    const lang = currentLang();
    const merchantUid = nonBlank(params.merchant_uid);
    const mobile = isMobile();

    let redirectTo: URL | undefined;
    const rawRedirect = nonBlank(params.m_redirect_url);
    if (rawRedirect) {
      try {
        redirectTo = new URL(rawRedirect, win.location.href);
      } catch {
        redirectTo = undefined;
      }
    }

    /*
     * Pre-start refusals. The real SDK reports them through the callback even on mobile; only when no callback
     * was given does it redirect to m_redirect_url (PortOne's SDK `iamport.payment-1.1.5.js`; the return itself:
     * `opi/ko/integration/start/v1/auth`).
     */
    let checkoutService = false;
    const refuse = (failure: Failure) => {
      const response: RequestPayResponse = checkoutService
        ? ({ merchant_uid: merchantUid ?? '', error_code: failure.code, error_msg: failure[lang] } as RequestPayResponse)
        : {
            success: false,
            imp_success: false,
            imp_uid: null,
            merchant_uid: merchantUid ?? '',
            error_code: failure.code,
            error_msg: failure[lang],
          };
      if (!active) {
        if (callback) setTimeout(() => callback(response));
        return;
      }
      if (callback) later(() => callback(response));
      else if (mobile && redirectTo) {
        const url = returnUrl(redirectTo, redirectFields(response));
        later(() => navigate(url));
      } else {
        // Nowhere to deliver it; say so rather than fail silently. Never includes request data.
        console.warn(`[imp-billing sandbox] request_pay refused (${failure.code}): ${failure.en}`);
      }
    };

    if (!active) return refuse(UNINSTALLED);
    if (!merchantCode) return refuse(NOT_INITIALISED);
    if (!merchantUid) return refuse(MISSING_MERCHANT_UID);
    const rawAmount: unknown = params.amount;
    if (rawAmount !== undefined && (typeof rawAmount !== 'number' || !Number.isFinite(rawAmount) || rawAmount < 0)) {
      return refuse(BAD_AMOUNT);
    }
    const amount = typeof rawAmount === 'number' ? rawAmount : 0;

    // An absent pg means the console's default PG or a channelKey: routed, with the universal rules only.
    let pgCode: string | undefined;
    let rule: PgRule | undefined;
    if (params.pg !== undefined) {
      if (typeof params.pg !== 'string' || !PG_CODE_PATTERN.test(params.pg.trim())) return refuse(BAD_PG);
      ({ code: pgCode, rule } = lookupPg(params.pg.trim()));
      // PortOne answers an error for a PG it cannot route, so an approval here would hide a typo until production.
      if (!isKnownPgCode(pgCode)) return refuse(UNKNOWN_PG(pgCode));
      checkoutService = rule?.checkoutService ?? false;
      if (rule?.refusal && params.customer_uid !== undefined) return refuse(NO_WINDOW_BILLING(rule.refusal));
      const refused = rule && params.customer_uid !== undefined ? pgRefusal(rule, params) : undefined;
      if (refused) return refuse(refused);
    }
    if (paid.has(merchantUid)) return refuse(ALREADY_PAID);

    const flow: Flow = { params, merchantUid, pgCode, rule, amount, redirectTo: undefined, callback, lang };

    /*
     * Paymentwall Brick: no window, no redirect; the card data goes straight to the PG and the answer comes back.
     * With no window there is no person to ask, so the card decides (see `outcome`).
     */
    const info = params.card?.info;
    if (rule?.cardInfo && typeof info === 'object' && info !== null) {
      const choice = options.outcome;
      if (choice === 'decline' || choice === 'cancel') return later(() => settle(flow, choice), delayMs);
      const digits = String(info['number'] ?? '').replace(/[\s-]/g, '');
      const cardOk = hasCardNumberLength(digits) && luhnValid(digits) && normalizeExpiry(info['expiry']).ok;
      if (!cardOk) return later(() => deliver(flow, failed(flow, INVALID_CARD)), delayMs);
      if (digits === DECLINE_DIGITS) return later(() => deliver(flow, failed(flow, DECLINED_BY_ISSUER)), delayMs);
      return later(() => settle(flow, 'approve'), delayMs);
    }

    if (resultRedirects(rule, { mobile, cardInfo: false })) {
      /*
       * The real SDK would open the PG page and then lose the result: the page leaves, the callback never runs and
       * there is nowhere to return to. A sandbox that hangs teaches nothing, so it fails at once, through the
       * callback, with a message naming the missing parameter.
       */
      if (!rawRedirect) return refuse(MISSING_REDIRECT);
      if (!redirectTo) return refuse(BAD_REDIRECT);
      flow.redirectTo = redirectTo;
    }

    if (options.outcome) {
      const outcome = options.outcome;
      return later(() => settle(flow, outcome), delayMs);
    }
    if (openDialog) return refuse(WINDOW_OPEN);
    showWindow(flow);
  }

  function settle(flow: Flow, choice: SandboxChoice, declineMessage?: string): void {
    const cancelled = flow.rule?.checkoutService ? BILLING_KEY_CANCELLED : CANCELLED;
    const declined = declineMessage ? { ...DECLINED, ko: declineMessage, en: declineMessage } : DECLINED;
    deliver(flow, choice === 'approve' ? approved(flow) : failed(flow, choice === 'decline' ? declined : cancelled));
  }

  function deliver(flow: Flow, response: RequestPayResponse): void {
    if (!api || !response.imp_uid) return send(flow, response);
    const ok = response.error_code === null || response.error_code === undefined;
    const facts = {
      amount: flow.amount,
      pg: nonBlank(flow.params.pg),
      awaitingWebhook: flow.rule?.awaitsWebhook === true,
      viaRedirect: flow.redirectTo !== undefined,
      status: !ok ? ('failed' as const) : flow.amount > 0 && !displayOnly(flow) ? ('paid' as const) : ('ready' as const),
      card: ok ? { name: CARD_NAME, masked: MASKED_CARD } : null,
    };
    reportToMock(api, reportOf(response, facts)).then(
      () => active && send(flow, response),
      (error: Error) => active && send(flow, failed(flow, MOCK_UNREACHABLE(error.message))),
    );
  }

  function send(flow: Flow, response: RequestPayResponse): void {
    if (flow.redirectTo) {
      // The page leaves for m_redirect_url; the callback is never called (`opi/ko/integration/start/v1/auth`).
      navigate(returnUrl(flow.redirectTo, redirectFields(response)));
    } else {
      flow.callback?.(response);
    }
  }

  function showWindow(flow: Flow): void {
    const doc = win.document;
    defineSandboxDialog(win.customElements);
    const el = doc.createElement(SANDBOX_DIALOG_TAG);
    el.locale = flow.lang;
    el.details = {
      pg: nonBlank(flow.params.pg),
      name: nonBlank(flow.params.name),
      amount: flow.amount,
      currency: currencyOf(flow),
      charges: !displayOnly(flow),
      customerUid: nonBlank(flow.params.customer_uid),
      merchantUid: flow.merchantUid,
      redirect: flow.redirectTo !== undefined,
    };
    el.addEventListener(
      SANDBOX_CHOICE_EVENT,
      (event) => {
        const { choice, message } = (event as CustomEvent<SandboxChoiceDetail>).detail;
        if (openDialog === el) openDialog = null;
        el.remove();
        // A choice event caused by uninstall() removing the window must not answer.
        if (active) later(() => settle(flow, choice, message));
      },
      { once: true },
    );
    openDialog = el;
    (doc.body ?? doc.documentElement).append(el);
  }

  function displayOnly(flow: Flow): boolean {
    return flow.rule !== undefined && amountRuleFor(flow.rule, nonBlank(flow.params.pay_method)) === 'display-only';
  }

  function currencyOf(flow: Flow): string {
    return nonBlank(flow.params.currency) ?? (flow.pgCode === 'paypal' || flow.pgCode === 'paypal_v2' ? 'USD' : 'KRW');
  }

  function common(flow: Flow): RequestPayResponse {
    const { params } = flow;
    const response: RequestPayResponse = {
      imp_uid: newImpUid(),
      merchant_uid: flow.merchantUid,
      pay_method: nonBlank(params.pay_method) ?? flow.rule?.payMethods?.[0] ?? 'card',
      currency: currencyOf(flow),
      pg_type: 'payment',
      custom_data: customDataString(params.custom_data),
    };
    const name = nonBlank(params.name);
    if (name !== undefined) response.name = name;
    if (flow.pgCode !== undefined) response.pg_provider = flow.pgCode;
    const customerUid = nonBlank(params.customer_uid);
    if (customerUid) response.customer_uid = customerUid;
    for (const key of ['buyer_name', 'buyer_email', 'buyer_tel', 'buyer_addr', 'buyer_postcode'] as const) {
      const value = nonBlank(params[key]);
      if (value !== undefined) response[key] = value;
    }
    return response;
  }

  function approved(flow: Flow): RequestPayResponse {
    if (flow.rule?.checkoutService) {
      // PortOne's checkout service answers with the ids only: no flags, no payment details.
      paid.add(flow.merchantUid);
      return { imp_uid: newImpUid(), merchant_uid: flow.merchantUid, customer_uid: nonBlank(flow.params.customer_uid) } as RequestPayResponse;
    }
    // 'display-only' PGs (kcp_billing, html5_inicis, tosspayments, …) show the amount but never charge at issuance.
    const charged = flow.amount > 0 && !displayOnly(flow);
    const response: RequestPayResponse = {
      success: true,
      imp_success: true,
      error_code: null,
      error_msg: null,
      ...common(flow),
      paid_amount: charged ? flow.amount : 0,
      status: charged ? 'paid' : 'ready',
      paid_at: charged ? Math.floor(Date.now() / 1000) : 0,
      pg_tid: `sandbox_${randomDigits(16)}`,
    };
    if (response.pay_method === 'card') {
      response.card_name = CARD_NAME;
      response.card_number = MASKED_CARD;
      response.card_quota = 0;
      if (charged) response.apply_num = randomDigits(8);
    }
    // Informational: the key works only after PortOne's webhook (Paymentwall pingback). The library's own flag
    // comes from PG_RULES, so nothing depends on this field.
    if (flow.rule?.awaitsWebhook) response['awaiting_webhook'] = true;
    paid.add(flow.merchantUid);
    return response;
  }

  function failed(flow: Flow, failure: Failure): RequestPayResponse {
    if (flow.rule?.checkoutService) {
      return { merchant_uid: flow.merchantUid, error_code: failure.code, error_msg: failure[flow.lang] } as RequestPayResponse;
    }
    return {
      success: false,
      imp_success: false,
      error_code: failure.code,
      error_msg: failure[flow.lang],
      ...common(flow),
      paid_amount: 0,
      status: 'failed',
    };
  }

  // Plain assignment also works when the real SDK defined IMP as a non-configurable global `var`.
  (win as Window & { IMP?: Iamport }).IMP = imp;

  return {
    get calls() {
      return calls;
    },
    get inits() {
      return inits;
    },
    get api() {
      return api;
    },
    set api(url: string | null) {
      api = url || null;
    },
    uninstall() {
      if (!active) return;
      active = false;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      openDialog?.remove();
      openDialog = null;
      const target = win as Window & { IMP?: Iamport };
      if (!previous) delete target.IMP;
      else if (previous.configurable) Object.defineProperty(win, 'IMP', previous);
      else if (previous.writable) target.IMP = previous.value as Iamport;
    },
  };
}
