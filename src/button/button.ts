import { ReactiveElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import { BillingError } from '../core/errors.js';
import { loadTimeout } from '../core/loader.js';
import { hasRedirectKeys } from '../core/redirect-keys.js';
import { normalizeText } from '../core/text.js';
import { emit, type ImpBillingFailureDetail } from '../ui/events.js';
import { followDocumentLang, langOf, unfollowDocumentLang } from '../ui/lang.js';
import { buttonStyles } from './button.styles.js';
import type { CardInfo } from '../core/types.js';
import { engineChunk } from './engine-chunk.js';
import { BUSY, LABEL, LOAD_FAILED } from './messages.js';
import {
  followSdkMode,
  loadSdk,
  startPreloadTrigger,
  stopPreloadTrigger,
  usableSdk,
  type PreloadMode,
} from './sdk-controller.js';
import type { Iamport } from '../core/types.js';

export type { PreloadMode };

/**
 * The attributes only their users read (the engine at a click or a redirect return, the SDK loader), never the render:
 * plain accessors over the attribute (the static block defines them; the property is the attribute in camelCase, a
 * `…timeout` a number) instead of Lit reactive properties, whose per-element upkeep is most of a first render's cost.
 * `preload` reads the same way, through an accessor of its own for its default.
 */
const ATTRIBUTES_READ_ON_USE =
  'merchant-code pg channel-key pg-provider customer-uid customer-id amount merchant-uid order-name currency language ' +
  'buyer-email buyer-name buyer-tel buyer-addr buyer-postcode redirect-url pay-method sdk-src sdk-nonce timeout ' +
  'sdk-timeout sandbox-api';

/** The properties that are plain accessors over an attribute, `preload` and those of ATTRIBUTES_READ_ON_USE. */
const ACCESSORS = new Set(['preload']);

/** One click listener for every element (set in the class's static block, where it may use private members). */
let onClick: (this: HTMLElement, event: Event) => void;

type Engine = typeof import('./engine.js');

/** The engine chunk's one import per page, kept while on its way; a failed one is forgotten, so the next click retries. */
let engineArrival: Promise<Engine> | null = null;

/** The engine once it has arrived (however late): a click that finds it (and the SDK) runs synchronously. */
let engine: Engine | null = null;

function engineArrives(): Promise<Engine> {
  if (!engineArrival) {
    let load: Promise<Engine>;
    try {
      load = engineChunk.load();
    } catch (cause) {
      load = Promise.reject(cause); // a chunk URL that cannot be formed: the IIFE's text pasted into an inline script
    }
    const arriving = load.then(
      (loaded) => (engine = loaded),
      (cause: unknown) => {
        if (engineArrival === arriving) engineArrival = null;
        throw new BillingError('sdk-load-failed', 'The engine did not load.', { cause });
      },
    );
    engineArrival = arriving;
  }
  return engineArrival;
}

/**
 * The engine, or `sdk-load-failed` after `loadTimeout(timeoutMs)` (the asker's `sdk-timeout`, as for the SDK): a
 * stalled response would keep a click busy for the minutes a browser waits. The import itself goes on, and an engine
 * that arrives late is used from then on; the timer goes once the wait is over.
 */
function loadEngine(timeoutMs: number | undefined): Promise<Engine> {
  const arriving = engineArrives();
  if (engine) return arriving;
  const ms = loadTimeout(timeoutMs);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BillingError('sdk-load-failed', `The engine did not load within ${ms} ms.`)), ms);
  });
  return Promise.race([arriving, late]).finally(() => clearTimeout(timer));
}

/**
 * Whether the address is a redirect return, read once for the buttons connected until the next microtask checkpoint:
 * a define() upgrade or one append() of many buttons reads it once (the parser checkpoints after each element).
 */
let redirectReturn: boolean | undefined;

function isRedirectReturn(): boolean {
  if (redirectReturn === undefined) {
    // Most pages have no query at all: they pay one read, not a parse per button.
    const search = location.search;
    redirectReturn = !!search && hasRedirectKeys(search);
    queueMicrotask(() => (redirectReturn = undefined));
  }
  return redirectReturn;
}

/** The shadow tree every button clones, made at the first render (never on import, so server rendering is safe). */
let shadowTemplate: HTMLTemplateElement | undefined;

/**
 * An idle button's shadow tree, `<button part="button" type="button" aria-describedby="message" aria-busy="false">
 * <span part="spinner" class="spinner"></span><span part="label"><slot></slot></span></button>
 * <p part="message" id="message" role="status" class=""></p>` without the line breaks, built with DOM calls: no markup
 * is parsed from a string. The spinner is always there, shown by CSS while busy.
 */
function buildShadowTemplate(): HTMLTemplateElement {
  const make = (tag: string, attributes: Record<string, string>, ...children: Node[]) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  };
  const template = document.createElement('template');
  template.content.append(
    make(
      'button',
      { part: 'button', type: 'button', 'aria-describedby': 'message', 'aria-busy': 'false' },
      make('span', { part: 'spinner', class: 'spinner' }),
      make('span', { part: 'label' }, make('slot', {})),
    ),
    make('p', { part: 'message', id: 'message', role: 'status', class: '' }),
  );
  return template;
}

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
 * @csspart message - The status line (`role="status"`): busy, then the outcome; class `error`, `neutral` (busy, a cancel) or `success`.
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
export class ImpBillingButton extends ReactiveElement {
  static override styles = buttonStyles;
  static override shadowRootOptions: ShadowRootInit = { mode: 'open', delegatesFocus: true };

  static override properties: PropertyDeclarations = {
    // Reactive so that a change of the element's own lang re-words it at once (langOf reads it).
    lang: { reflect: true },
    // The attribute is the state (see the accessors): no initial value to set and reflect on every button's first render.
    sandbox: { type: Boolean, noAccessor: true },
    disabled: { type: Boolean, noAccessor: true },
    _busy: { state: true },
    _failure: { state: true },
  };

  // The attributes below are read where they are used (ATTRIBUTES_READ_ON_USE), so they are declared, not initialised.
  /**
   * `IMP.init` code (고객사 식별코드), e.g. `imp00000000`.
   * @attr merchant-code
   */
  declare merchantCode?: string;
  /**
   * PG code, or `code.{MID}` for a specific merchant ID (e.g. `jtnet.tjtnet0001`).
   * @attr pg
   */
  declare pg?: string;
  /**
   * The channel key from PortOne's console: the way PortOne recommends choosing the PG (`pg` is deprecated).
   * @attr channel-key
   */
  declare channelKey?: string;
  /**
   * The PG behind `channel-key` (e.g. `smartro_v2`), so that PG's rules are checked before the window opens. Never
   * sent to PortOne. Without it, a channel key gets the universal checks only (the console says so once).
   * @attr pg-provider
   */
  declare pgProvider?: string;
  /**
   * Your id for this customer's card; PortOne binds the billing key to it. Required.
   * @attr customer-uid
   */
  declare customerUid?: string;
  /**
   * `customer_id` (required by nice_v2).
   * @attr customer-id
   */
  declare customerId?: string;
  /**
   * Default 0: issue the key only, where the PG allows.
   * @attr amount
   */
  declare amount?: number | string;
  /**
   * Generated per request when absent.
   * @attr merchant-uid
   */
  declare merchantUid?: string;
  /**
   * `name` in request_pay.
   * @attr order-name
   */
  declare orderName?: string;
  /** @attr currency */
  declare currency?: string;
  /** @attr language */
  declare language?: string;
  /** @attr buyer-email */
  declare buyerEmail?: string;
  /** @attr buyer-name */
  declare buyerName?: string;
  /** @attr buyer-tel */
  declare buyerTel?: string;
  /** @attr buyer-addr */
  declare buyerAddr?: string;
  /** @attr buyer-postcode */
  declare buyerPostcode?: string;
  /**
   * `m_redirect_url`; default: this page, so the same element reads the mobile return.
   * @attr redirect-url
   */
  declare redirectUrl?: string;
  /**
   * Default: the PG's own method, else `card`.
   * @attr pay-method
   */
  declare payMethod?: string;
  /**
   * SDK script URL; default PortOne's `https://cdn.iamport.kr/v1/iamport.js`.
   * @attr sdk-src
   */
  declare sdkSrc?: string;
  /**
   * CSP nonce for the injected SDK script.
   * @attr sdk-nonce
   */
  declare sdkNonce?: string;
  /**
   * Milliseconds to wait for the SDK script before reporting `sdk-load-failed`; default 15 s.
   * @attr sdk-timeout
   */
  declare sdkTimeout?: number;
  /**
   * Milliseconds to wait for the payment window's answer before closing it; default 5 minutes (`DEFAULT_TIMEOUT_MS`).
   * @attr timeout
   */
  declare timeout?: number;
  /**
   * With `sandbox`: base URL of `imp-billing/mock-api`, where the sandbox records what it issues (default: off).
   * @attr sandbox-api
   */
  declare sandboxApi?: string;
  /**
   * Use the offline sandbox instead of PortOne's script. The `sandbox` attribute is the state.
   * @default false
   * @reflect
   */
  get sandbox(): boolean {
    return this.hasAttribute('sandbox');
  }
  set sandbox(value: boolean) {
    this.#setFlag('sandbox', value);
  }
  /**
   * The `disabled` attribute is the state.
   * @default false
   * @reflect
   */
  get disabled(): boolean {
    return this.hasAttribute('disabled');
  }
  set disabled(value: boolean) {
    this.#setFlag('disabled', value);
  }
  /**
   * When to load the SDK: when the button becomes `visible` (default), on hover/focus (`interaction`), or on click
   * (`none`). Read when the button is connected to the page.
   * @attr preload
   * @default 'visible'
   */
  get preload(): PreloadMode {
    return (this.#read('preload') as PreloadMode | undefined) ?? 'visible';
  }
  set preload(value: PreloadMode) {
    this.#write('preload', value);
  }
  // Properties only: they may carry card data or objects, which must never be reflected to attributes.
  /** Paymentwall Brick card data `{ number, expiry, cvc }`. Property only; never reflected, logged or emitted. */
  declare card?: Partial<CardInfo>;
  /** PG-specific options, e.g. `{ widget_code: 't3_1' }`. */
  declare bypass?: Record<string, unknown>;
  /** `custom_data`, echoed back by PortOne. */
  declare customData?: unknown;
  /** Extra `request_pay` fields; named attributes win over the same field here. */
  declare params?: Record<string, unknown>;

  declare private _busy?: boolean;
  /**
   * @internal The payment window has been open a while with no answer: the status line says so. Not reactive (nor
   * `_succeeded`): the engine sets both next to a busy change, or asks for the render itself.
   */
  declare _waiting?: boolean;
  /** @internal The last failure, shown in the status line (read by the engine). */
  declare _failure?: ImpBillingFailureDetail | null;
  /** @internal The last request succeeded (set by the engine): the status line says so until the next click. */
  declare _succeeded?: boolean;
  // The fields below are TypeScript-private and only declared: a `#` field is defined on every button as it is
  // constructed, and these stay absent until they are used (most are never used on most buttons).
  private redirectTimer?: ReturnType<typeof setTimeout>;
  /** A redirect return this button is to report once its engine is here. */
  private redirectPending?: boolean;
  /** @internal The mode this element last loaded its SDK for (sdk-controller.ts). */
  declare _sdkLoadedFor?: boolean;
  /** The shadow tree's button, its label slot and the status line, kept from the first update. */
  private shadowButton?: HTMLButtonElement;
  private labelSlot?: HTMLSlotElement;
  private statusLine?: HTMLParagraphElement;
  /** Attached at the first busy state, not on paint: most buttons on a page are never clicked. */
  private internals?: ElementInternals;
  /** Properties set from script, by attribute name, with the attribute's value at that moment. */
  private written?: Record<string, [value: unknown, attribute: string | null]>;

  /** The last write wins, as with Lit's properties: a property set stands until the attribute changes after it. */
  #read(attribute: string): unknown {
    const value = this.getAttribute(attribute);
    const written = this.written?.[attribute];
    if (written && written[1] === value) return written[0];
    return value === null ? undefined : attribute.endsWith('timeout') ? Number(value) : value;
  }

  /**
   * A boolean attribute, set from its property as a native element's is; the render follows either way. Lit also calls
   * this with the attribute already changed, so no old value can be told: the update re-reads both flags.
   */
  #setFlag(name: 'sandbox' | 'disabled', value: boolean): void {
    this.toggleAttribute(name, !!value);
    this.requestUpdate();
  }

  #write(attribute: string, value: unknown): void {
    (this.written ??= {})[attribute] = [value, this.getAttribute(attribute)];
  }

  constructor() {
    super();
    this.addEventListener('click', onClick);
    // Set before the element was defined (a framework rendered it first), a property is the element's own and hides
    // its accessor for good: taken off and set again through the accessor. Lit does the same for its own properties.
    const own = this as unknown as Record<string, unknown>;
    for (const key of Object.keys(this)) {
      if (!ACCESSORS.has(key)) continue;
      const value = own[key];
      if (Reflect.deleteProperty(this, key)) own[key] = value; // one the page made non-configurable stays as it is
    }
  }

  /** True while a request is open. */
  get busy(): boolean {
    return !!this._busy;
  }

  /** @internal The SDK for this element's mode when it is on the page now; read by the engine at a click. */
  get _imp(): Iamport | null {
    return usableSdk(this);
  }

  /** @internal Loads the SDK for this element's mode (the engine's click, when the SDK was not there yet). */
  _loadSdk(): Promise<Iamport> {
    return loadSdk(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The element's own lifecycle rather than controllers: no object and no registration more per button.
    startPreloadTrigger(this);
    followDocumentLang(this);
    if (isRedirectReturn()) {
      // A redirect return: the engine is needed at once to read it. Reported a task later, so listeners added right
      // after the element is created still hear the outcome, and whenever the engine arrives, however late. One that
      // does not load claims no failure (the payment's outcome is unknown, not failed): the return stays in the
      // address bar for the next click's engine.
      this.redirectPending = true;
      const ignore = () => {};
      void engineArrives().catch(ignore);
      this.redirectTimer = setTimeout(() => engineArrives().then((e) => this.#reportRedirect(e), ignore), 0);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    stopPreloadTrigger(this);
    unfollowDocumentLang(this);
    clearTimeout(this.redirectTimer);
  }

  protected override updated(): void {
    followSdkMode(this);
  }

  /**
   * Renders without a template engine: ReactiveElement (Lit's base, without lit-html) and a shadow tree cloned from one
   * template, then by hand whatever differs from it (label, disabled, busy, the status line). On the first paint that is
   * half of Lit's bytes and none of its per-binding work, for the markup a Lit template gave.
   */
  protected override update(changed: PropertyValues): void {
    super.update(changed);
    const lang = langOf(this);
    // Without the engine, the only failure there can be is its own load; the engine words every other state.
    const { text, tone } = engine
      ? engine.status(lang, this)
      : this._busy
        ? { text: BUSY[lang], tone: 'neutral' }
        : { text: this._failure ? LOAD_FAILED[lang] : '', tone: this._failure ? 'error' : '' };
    if (!this.shadowButton) {
      const tree = (shadowTemplate ??= buildShadowTemplate()).content.cloneNode(true) as DocumentFragment;
      this.shadowButton = tree.firstChild as HTMLButtonElement;
      this.labelSlot = this.shadowButton.lastChild!.firstChild as HTMLSlotElement;
      this.statusLine = tree.lastChild as HTMLParagraphElement;
      this.renderRoot.append(tree);
    }
    // Only what differs from the tree as it stands (the template holds the idle state): an idle button's first render
    // writes its label and the disabled flag, nothing else.
    const button = this.shadowButton!;
    const message = this.statusLine!;
    button.disabled = this.disabled;
    if (changed.has('_busy')) {
      // aria-disabled, not disabled, while busy: the button keeps its focus and says it cannot be activated.
      button.setAttribute('aria-busy', String(this.busy));
      if (this.busy) button.setAttribute('aria-disabled', 'true');
      else button.removeAttribute('aria-disabled');
    }
    if (this.labelSlot!.textContent !== LABEL[lang]) this.labelSlot!.textContent = LABEL[lang];
    if (message.className !== tone) message.className = tone;
    if (message.textContent !== text) message.textContent = text;
  }

  /** @internal Busy, or idle again; the engine calls it with false when a request ends without a failure. */
  _setBusy(busy: boolean): void {
    this._busy = busy;
    this._waiting = false;
    this._succeeded = false;
    try {
      (this.internals ??= this.attachInternals()).states[busy ? 'add' : 'delete']('busy');
    } catch {
      /* CustomStateSet unsupported: aria-busy still tells */
    }
  }

  /**
   * Loads the SDK (or the sandbox) and the element's engine now, in parallel, so the next click calls
   * `IMP.request_pay` inside the user's gesture. Rejects with a `BillingError('sdk-load-failed')`; calling again retries.
   */
  preloadSdk(): Promise<void> {
    const sdk = this._loadSdk();
    const ready = loadEngine(this.sdkTimeout).then((loaded) => {
      // Ahead of the click only: a click that has to load the SDK has built its params already.
      loaded.warm(this);
    });
    // Both at once, never one after the other; one rejection handler for both, so neither goes unhandled.
    return Promise.all([ready, sdk]).then(() => undefined);
  }

  /**
   * The redirect return, once the engine is here: by a connected button only (one removed meanwhile leaves it to the
   * button that took its place), once per connection. Whether it reported an outcome.
   */
  #reportRedirect(loaded: Engine): boolean {
    if (!this.redirectPending || !this.isConnected) return false;
    this.redirectPending = false;
    return loaded.reportRedirect(this);
  }

  /** The click, once the engine is here (at once when it is): a failed engine load is reported like a failed SDK. */
  #withEngine(run: (engine: Engine) => void): void {
    if (engine) return run(engine);
    loadEngine(this.sdkTimeout).then(
      (loaded) => run(loaded),
      (error: BillingError) =>
        this._fail({ code: error.code, message: error.message, customer_uid: normalizeText(this.customerUid) ?? null, via: 'local' }),
    );
  }

  static {
    for (const attribute of ATTRIBUTES_READ_ON_USE.split(' ')) {
      const name = attribute.replace(/-(.)/g, (_, c: string) => c.toUpperCase());
      ACCESSORS.add(name);
      Object.defineProperty(this.prototype, name, {
        configurable: true,
        get(this: ImpBillingButton) {
          return this.#read(attribute);
        },
        set(this: ImpBillingButton, value: unknown) {
          this.#write(attribute, value);
        },
      });
    }
    onClick = function (this: HTMLElement, event: Event) {
      const el = this as ImpBillingButton;
      // A click on the status line is not an activation; on the host itself (el.click()), the button or the label is.
      if (event.composedPath()[0] === el.statusLine || el.disabled || el._busy) return;
      el._setBusy(true);
      el._failure = null;
      // Without the engine yet (preload="none", or a click before the trigger's loads arrived), the click is the
      // trigger: the SDK starts now too, in parallel, and the engine's click waits on this same load.
      const sdk = engine ? undefined : el._loadSdk();
      sdk?.catch(() => {
        /* reported by the engine's click, which waits on it */
      });
      // A redirect return not reported yet (its engine was the one this click waited for, or it failed to load) is
      // reported instead of starting a payment: the customer sees the outcome of the one he came back from first. A
      // report while the click waited (busy cleared) ends the click the same way.
      el.#withEngine((e) => {
        if (!el.#reportRedirect(e) && el._busy) e.click(el, sdk);
      });
    };
  }

  /** @internal Idle again, the failure shown and emitted. */
  _fail(detail: ImpBillingFailureDetail): void {
    this._setBusy(false);
    this._failure = detail;
    emit(this, 'imp-billing-failure', detail);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'imp-billing-button': ImpBillingButton;
  }
}
