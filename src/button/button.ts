import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { BillingError } from '../core/errors.js';
import { loadImp } from '../core/loader.js';
import { buildRequestPayParams, normalizeText, redactParams, type BillingOptions } from '../core/params.js';
import { consumeRedirectResult, stripRedirectKeys } from '../core/redirect.js';
import { checkSendable, DEFAULT_TIMEOUT_MS, sendRequest, warmRequestPath } from '../core/request.js';
import type { BillingResult } from '../core/result.js';
import type { CardInfo, Iamport, RequestPayParams } from '../core/types.js';
import { sandboxChunk } from './sandbox-chunk.js';
import { emit, type FailureVia, type ImpBillingFailureDetail } from '../ui/events.js';
import { buttonStyles } from './button.styles.js';
import { uiCopy } from './messages.js';
import { LangController } from '../ui/lang.js';

export type PreloadMode = 'visible' | 'interaction' | 'none';

/**
 * After this long with no answer (or half the timeout, if shorter), the status line tells the customer the button is
 * still waiting for the payment window.
 */
const STILL_WAITING_AFTER_MS = 10_000;

/**
 * A button that registers a card for recurring billing through PortOne V1 (`IMP.request_pay` with `customer_uid`).
 *
 * @summary Register-a-card button for PortOne (iamport) V1 billing keys.
 *
 * @slot - The button's label. Default: "카드 등록하기" / "Register card".
 *
 * @fires imp-billing-request - Cancelable. Before `IMP.request_pay`, with the params about to be sent (card data redacted).
 * @fires imp-billing-success - The window reported success (via `callback` or mobile `redirect`). Verify on your server.
 * @fires imp-billing-failure - Invalid configuration (`via: 'local'`), SDK load failure, cancellation, PG refusal or timeout.
 *
 * @csspart button - The native `<button>`.
 * @csspart label - The label wrapper around the slot.
 * @csspart spinner - The busy indicator.
 * @csspart message - The status line showing the last failure.
 *
 * @cssprop [--imp-billing-background=#1f4fd8] - Button background.
 * @cssprop [--imp-billing-color=#fff] - Button text colour.
 * @cssprop [--imp-billing-radius=0.5rem] - Corner radius.
 * @cssprop [--imp-billing-font=inherit] - Font shorthand.
 * @cssprop [--imp-billing-focus-ring=#7aa2ff] - Focus outline colour.
 * @cssprop [--imp-billing-error-color=#b3261e] - Colour of the failure message.
 *
 * @customState busy - While a request is open.
 */
export class ImpBillingButton extends LitElement {
  static override styles = buttonStyles;
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override properties: PropertyDeclarations = {
    // Reactive so that a change of the element's own lang re-words it at once (LangController reads it).
    lang: { reflect: true },
    merchantCode: { attribute: 'merchant-code' },
    pg: {},
    channelKey: { attribute: 'channel-key' },
    pgProvider: { attribute: 'pg-provider' },
    customerUid: { attribute: 'customer-uid' },
    customerId: { attribute: 'customer-id' },
    amount: {},
    merchantUid: { attribute: 'merchant-uid' },
    orderName: { attribute: 'order-name' },
    currency: {},
    language: {},
    buyerEmail: { attribute: 'buyer-email' },
    buyerName: { attribute: 'buyer-name' },
    buyerTel: { attribute: 'buyer-tel' },
    buyerAddr: { attribute: 'buyer-addr' },
    buyerPostcode: { attribute: 'buyer-postcode' },
    redirectUrl: { attribute: 'redirect-url' },
    payMethod: { attribute: 'pay-method' },
    sdkSrc: { attribute: 'sdk-src' },
    sdkNonce: { attribute: 'sdk-nonce' },
    timeout: { type: Number },
    sdkTimeout: { attribute: 'sdk-timeout', type: Number },
    sandbox: { type: Boolean, reflect: true },
    disabled: { type: Boolean, reflect: true },
    preload: {},
    // Properties only: they may carry card data or objects, which must never be reflected to attributes.
    card: { attribute: false },
    bypass: { attribute: false },
    customData: { attribute: false },
    params: { attribute: false },
    _busy: { state: true },
    _waiting: { state: true },
    _failure: { state: true },
  };

  /** `IMP.init` code (고객사 식별코드), e.g. `imp00000000`. */
  merchantCode?: string;
  /** PG code, or `code.{MID}` for a specific merchant ID (e.g. `jtnet.tjtnet0001`). */
  pg?: string;
  /** The channel key from PortOne's console: the way PortOne recommends choosing the PG (`pg` is deprecated). */
  channelKey?: string;
  /**
   * The PG behind `channel-key` (e.g. `smartro_v2`), so that PG's rules are checked before the window opens. Never
   * sent to PortOne. Without it, a channel key gets the universal checks only (the console says so once).
   */
  pgProvider?: string;
  /** Your id for this customer's card; PortOne binds the billing key to it. Required. */
  customerUid?: string;
  /** `customer_id` (required by nice_v2). */
  customerId?: string;
  /** Default 0: issue the key only, where the PG allows. */
  amount?: number | string;
  /** Generated per request when absent. */
  merchantUid?: string;
  /** `name` in request_pay. */
  orderName?: string;
  currency?: string;
  language?: string;
  buyerEmail?: string;
  buyerName?: string;
  buyerTel?: string;
  buyerAddr?: string;
  buyerPostcode?: string;
  /** `m_redirect_url`; default: this page, so the same element reads the mobile return. */
  redirectUrl?: string;
  /** Default: the PG's own method, else `card`. */
  payMethod?: string;
  /** SDK script URL; default PortOne's `https://cdn.iamport.kr/v1/iamport.js`. */
  sdkSrc?: string;
  /** CSP nonce for the injected SDK script. */
  sdkNonce?: string;
  /** Milliseconds to wait for the SDK script before reporting `sdk-load-failed`; default 15 s. */
  sdkTimeout?: number;
  /** Milliseconds to wait for the payment window's answer before closing it; default 5 minutes (`DEFAULT_TIMEOUT_MS`). */
  timeout?: number;
  /** Use the offline sandbox instead of PortOne's script. */
  sandbox = false;
  disabled = false;
  /** When to load the SDK: when the button becomes `visible` (default), on hover/focus (`interaction`), or on click (`none`). */
  preload: PreloadMode = 'visible';
  /** Paymentwall Brick card data `{ number, expiry, cvc }`. Property only; never reflected, logged or emitted. */
  card?: Partial<CardInfo>;
  /** PG-specific options, e.g. `{ widget_code: 't3_1' }`. */
  bypass?: Record<string, unknown>;
  /** `custom_data`, echoed back by PortOne. */
  customData?: unknown;
  /** Extra `request_pay` fields; named attributes win over the same field here. */
  params?: Record<string, unknown>;

  private _busy = false;
  private _waiting = false;
  #waitingTimer: ReturnType<typeof setTimeout> | undefined;
  private _failure: ImpBillingFailureDetail | null = null;
  #imp: Iamport | null = null;
  /** The mode #imp was resolved for: toggling `sandbox` resolves the SDK again. */
  #impIsSandbox = false;
  #sdkLoading: { sandbox: boolean; promise: Promise<Iamport> } | null = null;
  #observer: IntersectionObserver | null = null;
  #redirectTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #warned = new Set<string>();
  readonly #lang = new LangController(this);
  readonly #internals: ElementInternals;

  constructor() {
    super();
    this.#internals = this.attachInternals();
    this.addEventListener('click', this.#onClick);
    this.addEventListener('pointerenter', this.#onInteraction);
    this.addEventListener('focusin', this.#onInteraction);
  }

  /** True while a request is open. */
  get busy(): boolean {
    return this._busy;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A task later, so listeners added right after the element is created still hear the redirect outcome.
    this.#redirectTimer = setTimeout(() => this.#reportRedirectReturn(), 0);
    if (this.preload === 'visible' && typeof IntersectionObserver !== 'undefined') {
      this.#observer = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          this.#observer?.disconnect();
          this.#observer = null;
          this.#warmUp();
        }
      });
      this.#observer.observe(this);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#redirectTimer);
    this.#observer?.disconnect();
    this.#observer = null;
  }

  override render() {
    const copy = uiCopy(this.#lang.lang);
    const failure = this._failure;
    const detail = failure?.error_msg ? ` (${failure.error_msg})` : '';
    return html`<button
        part="button"
        type="button"
        ?disabled=${this.disabled}
        aria-busy=${this._busy ? 'true' : 'false'}
        aria-describedby="message"
      >
        ${this._busy ? html`<span part="spinner" class="spinner" aria-hidden="true"></span>` : nothing}
        <span part="label"><slot>${copy.label}</slot></span>
      </button>
      <p part="message" id="message" role="status">${failure ? `${copy.failure[failure.code]}${detail}` : this._waiting ? copy.waiting : ''}</p>`;
  }

  override updated(changed: PropertyValues): void {
    // An element that had its SDK switches with `sandbox` at once, so the next click still runs inside its gesture.
    if (changed.has('sandbox') && (this.#imp || this.#sdkLoading)) this.#warmUp();
  }

  #setBusy(busy: boolean): void {
    this._busy = busy;
    clearTimeout(this.#waitingTimer);
    this._waiting = false;
    const after = Math.min(STILL_WAITING_AFTER_MS, (this.timeout ?? DEFAULT_TIMEOUT_MS) / 2);
    if (busy) this.#waitingTimer = setTimeout(() => (this._waiting = this._busy), after);
    try {
      this.#internals.states[busy ? 'add' : 'delete']('busy');
    } catch {
      /* CustomStateSet unsupported: aria-busy still tells */
    }
  }

  readonly #onInteraction = () => {
    if (this.preload === 'interaction') this.#warmUp();
  };

  /**
   * Loads the SDK (or the sandbox) now, so the next click calls `IMP.request_pay` inside the user's gesture.
   * Rejects with a `BillingError('sdk-load-failed')`; calling again retries.
   */
  preloadSdk(): Promise<void> {
    // Ahead of the click only: a click that has to load the SDK has built its params already.
    warmRequestPath(() => this.#options());
    return this.#ensureSdk().then(() => undefined);
  }

  #warmUp(): void {
    this.preloadSdk().catch(() => {
      /* reported on click, where the next attempt retries */
    });
  }

  /** The SDK resolved for the current mode, while it is still the page's (another script may have replaced window.IMP). */
  #loaded(): Iamport | null {
    return this.#imp && this.#impIsSandbox === this.sandbox && window.IMP === this.#imp ? this.#imp : null;
  }

  /** Resolves the SDK once per mode; a failed load is forgotten so the next click retries. */
  #ensureSdk(): Promise<Iamport> {
    const loaded = this.#loaded();
    if (loaded) return Promise.resolve(loaded);
    const sandbox = this.sandbox;
    if (this.#sdkLoading?.sandbox !== sandbox) {
      const loading = {
        sandbox,
        promise: this.#loadSdk(sandbox).then(
          (imp) => {
            if (this.#sdkLoading === loading) {
              this.#imp = imp;
              this.#impIsSandbox = sandbox;
              this.#sdkLoading = null;
            }
            return imp;
          },
          (error: unknown) => {
            if (this.#sdkLoading === loading) this.#sdkLoading = null;
            throw error;
          },
        ),
      };
      this.#sdkLoading = loading;
    }
    return this.#sdkLoading!.promise;
  }

  async #loadSdk(sandbox: boolean): Promise<Iamport> {
    if (sandbox) {
      // Loaded on demand so the sandbox stays off the default bundle's critical path.
      const { installImpSandbox, isImpSandbox } = await sandboxChunk.load().catch((cause: unknown) => {
        throw new BillingError('sdk-load-failed', 'The offline sandbox could not be loaded (network error or blocked).', { cause });
      });
      // A sandbox already on the page (the merchant's own, or another element's) is used as it is.
      if (!isImpSandbox(window.IMP)) {
        const handle = installImpSandbox(window);
        elementSandbox = { imp: window.IMP!, uninstall: () => handle.uninstall() };
      }
      return window.IMP!;
    }
    // Real mode never sends through a sandbox an element installed: removing it restores the IMP it replaced. A
    // sandbox the merchant installed himself (installImpSandbox in his tests) is his choice, and loadImp keeps it.
    if (elementSandbox && window.IMP === elementSandbox.imp) {
      elementSandbox.uninstall();
      elementSandbox = null;
    }
    const imp = await loadImp({ src: this.sdkSrc, nonce: this.sdkNonce, timeoutMs: this.sdkTimeout });
    if (!imp) throw new BillingError('sdk-load-failed', 'The PortOne SDK is not available in this environment.');
    return imp;
  }

  #options(): BillingOptions {
    const named: Record<string, unknown> = {
      pg: this.pg,
      channelKey: this.channelKey,
      pgProvider: this.pgProvider,
      customer_uid: this.customerUid,
      customer_id: this.customerId,
      amount: this.amount,
      merchant_uid: this.merchantUid,
      name: this.orderName,
      currency: this.currency,
      language: this.language,
      buyer_email: this.buyerEmail,
      buyer_name: this.buyerName,
      buyer_tel: this.buyerTel,
      buyer_addr: this.buyerAddr,
      buyer_postcode: this.buyerPostcode,
      m_redirect_url: this.redirectUrl,
      pay_method: this.payMethod,
      card: this.card ? { info: this.card } : undefined,
      bypass: this.bypass,
      custom_data: this.customData,
    };
    const options: Record<string, unknown> = { ...(this.params ?? {}) };
    for (const [key, value] of Object.entries(named)) if (value !== undefined && value !== null) options[key] = value;
    // The page default comes last: the attribute, then params.m_redirect_url, win over it.
    const redirect = options['m_redirect_url'];
    if (redirect === undefined || redirect === null || redirect === '') options['m_redirect_url'] = defaultRedirectUrl();
    return { ...options, merchantCode: this.merchantCode };
  }

  readonly #onClick = (event: MouseEvent) => {
    // Clicks on the status line are not activations; the host itself (el.click()) and the button are.
    const origin = event.composedPath()[0];
    if (origin !== this && !this.shadowRoot?.querySelector('button')?.contains(origin as Node) && this.shadowRoot?.contains(origin as Node)) {
      return;
    }
    if (this.disabled || this._busy) return;
    this.#setBusy(true);
    this._failure = null;
    const warn = (message: string) => this.#warnOnce(message);
    let params;
    try {
      params = buildRequestPayParams(this.#options(), { warn });
      checkSendable(params, this.merchantCode);
    } catch (error) {
      this.#fail(error, 'local');
      return;
    }
    if (!emit(this, 'imp-billing-request', { params: redactParams(params) }, true)) {
      this.#setBusy(false);
      return;
    }
    const merchantCode = this.merchantCode;
    // With the SDK ready, request_pay runs inside this click task so PG popups are not blocked.
    const loaded = this.#loaded();
    if (loaded) this.#request(params, merchantCode, loaded);
    else this.#ensureSdk().then((imp) => this.#request(params, merchantCode, imp), (error: unknown) => this.#fail(error, 'local'));
  };

  /** Sends the params built on click as they are: building them again would only repeat the same checks. */
  #request(params: RequestPayParams, merchantCode: string | undefined, imp: Iamport): void {
    sendRequest(params, merchantCode, { imp, timeoutMs: this.timeout, pgProvider: this.pgProvider }).then(
      (result) => this.#report(result),
      (error: unknown) => this.#fail(error, 'local'),
    );
  }

  #report(result: BillingResult): void {
    this.#setBusy(false);
    // The events carry the result without `ok` and `verifyOnServer` (the event type says both); a failure's detail
    // has no pg or response either.
    if (result.ok) {
      const { ok, verifyOnServer, ...detail } = result;
      emit(this, 'imp-billing-success', detail);
    } else {
      const { ok, verifyOnServer, pg, response, ...detail } = result;
      this.#showFailure(detail);
    }
  }

  #fail(error: unknown, via: FailureVia): void {
    this.#setBusy(false);
    const billing = error instanceof BillingError ? error : new BillingError('pg-error', String(error));
    if (billing.code === 'invalid-params') this.#warnOnce(billing.message);
    this.#showFailure({
      code: billing.code,
      message: billing.message,
      ...(billing.field !== undefined ? { field: billing.field } : {}),
      customer_uid: normalizeText(this.customerUid) ?? null,
      via,
    });
  }

  #showFailure(detail: ImpBillingFailureDetail): void {
    this._failure = detail;
    emit(this, 'imp-billing-failure', detail);
  }

  /** Developers see a misconfiguration once in the console; messages never contain card data. */
  #warnOnce(message: string): void {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    console.warn(`[imp-billing] <imp-billing-button>: ${message}`);
  }

  #reportRedirectReturn(): void {
    const result = consumeRedirectResult({ customerUid: this.customerUid });
    if (result) this.#report(result);
  }
}

/** The sandbox that a `sandbox` element installed (never one the merchant installed), so real mode can remove it. */
let elementSandbox: { imp: Iamport; uninstall(): void } | null = null;

/** This page without PortOne's return parameters, when it is served over http(s). */
function defaultRedirectUrl(): string | undefined {
  if (typeof location === 'undefined' || !/^https?:$/.test(location.protocol)) return undefined;
  return stripRedirectKeys(location.href);
}

declare global {
  interface HTMLElementTagNameMap {
    'imp-billing-button': ImpBillingButton;
  }
}
