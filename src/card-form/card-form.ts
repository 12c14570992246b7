import { html, LitElement, nothing, type PropertyDeclarations } from 'lit';
import {
  looksLikeCardNumber,
  normalizeBirth,
  normalizeCardNumber,
  normalizeExpiry,
  normalizePassword2,
  type Checked,
} from '../core/card.js';
import type { BillingErrorCode } from '../core/errors.js';
import { isPlainObject } from '../core/plain-object.js';
import { emit, type FailureVia } from '../ui/events.js';
import { cardFormStyles } from './card-form.styles.js';
import { formCopy, validationMessage, type CardField, type FormCopy } from './messages.js';
import { LangController, type UiLang } from '../ui/lang.js';

interface FieldSpec {
  name: CardField;
  autocomplete: 'cc-number' | 'cc-exp' | 'off';
  type: 'text' | 'password';
  maxlength: number;
  /** Reformats what was typed; only digits (and `/` for MM/YY autofill) survive. */
  format: (raw: string) => string;
  check: (value: string) => Checked;
}

const digits = (s: string, max: number) => s.replace(/\D/g, '').slice(0, max);

/** Amex (34/37, 15 digits) and Diners (300–305/36/38, 14 digits) group 4-6-rest; everything else 4-4-4-4. */
function formatCardTyping(raw: string): string {
  const d = digits(raw, 16);
  if (/^3[47]/.test(d) || /^3(0[0-5]|[68])/.test(d)) {
    const max = /^3[47]/.test(d) ? 15 : 14;
    const v = d.slice(0, max);
    return [v.slice(0, 4), v.slice(4, 10), v.slice(10)].filter(Boolean).join('-');
  }
  return d.replace(/(\d{4})(?=\d)/g, '$1-');
}

function formatExpiryTyping(raw: string): string {
  // Browser autofill for cc-exp often gives MM/YY; keep it as typed and let core normalise it to YYYY-MM.
  if (raw.includes('/')) return raw.replace(/[^\d/]/g, '').slice(0, 7);
  const d = digits(raw, 6);
  return d.length > 4 ? `${d.slice(0, 4)}-${d.slice(4)}` : d;
}

function formatBirthTyping(raw: string): string {
  const d = digits(raw, 10);
  // Six digits are a birth date; more can only be a business number, shown the Korean way (3-2-5).
  return d.length > 6 ? [d.slice(0, 3), d.slice(3, 5), d.slice(5)].join('-') : d;
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'card_number', autocomplete: 'cc-number', type: 'text', maxlength: 19, format: formatCardTyping, check: normalizeCardNumber },
  { name: 'expiry', autocomplete: 'cc-exp', type: 'text', maxlength: 7, format: formatExpiryTyping, check: (v) => normalizeExpiry(v) },
  { name: 'birth', autocomplete: 'off', type: 'text', maxlength: 12, format: formatBirthTyping, check: normalizeBirth },
  { name: 'pwd_2digit', autocomplete: 'off', type: 'password', maxlength: 2, format: (v) => digits(v, 2), check: normalizePassword2 },
];

/** Keys of a server answer that could hold card data; dropped before the answer reaches an event. */
const CARD_KEYS = /^(card_?number|number|expiry|exp|birth|pwd_?2digit|password|pin|cvc|cvv)$/i;
const ID_KEYS = /^(customer_uid|merchant_uid|imp_uid)$/;

/**
 * A pattern for what this customer typed (card digits, expiry, birth or business number, password digits), written
 * with any separators, but never as part of a longer number: a server that echoes them back in a message or a field
 * must not put them on screen or into an event.
 */
function typedPattern(values: Partial<Record<CardField, string>>): RegExp | null {
  const alternatives = Object.values(values)
    .map((v) => v.replace(/\D/g, ''))
    .filter((d) => d.length >= 2)
    .sort((a, b) => b.length - a.length)
    .map((d) => d.split('').join('[\\s./-]?'));
  return alternatives.length ? new RegExp(`(?<!\\d)(?:${alternatives.join('|')})(?!\\d)`, 'g') : null;
}

/** Drops card-named keys, and replaces card-number-like strings and anything the customer typed, at any depth. */
function redact(value: unknown, typed: RegExp | null, depth = 0): unknown {
  if (depth > 6) return undefined;
  if (typeof value === 'string') {
    if (looksLikeCardNumber(value)) return '[redacted]';
    return typed ? value.replace(typed, '[redacted]') : value;
  }
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redact(v, typed, depth + 1));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // Ids are the merchant's and PortOne's own; a customer_uid ending in "_83" is not the password.
      if (!CARD_KEYS.test(k)) out[k] = redact(v, ID_KEYS.test(k) ? null : typed, depth + 1);
    }
    return out;
  }
  return value;
}


/**
 * A key-in card form for PortOne V1 billing-key issuance through your server (seed 001): card number, expiry,
 * birth date or business number, and the first two PIN digits. On submit it POSTs JSON
 * `{ customer_uid, card_number, expiry, birth, pwd_2digit }` to `action`; your server calls
 * `POST /subscribe/customers/{customer_uid}` (see `imp-billing/server`'s `createCardFormHandler`).
 *
 * Card data lives only in the inputs: it is never reflected to attributes, stored, logged or put into events, and
 * the fields are cleared once the server has answered.
 *
 * @summary Key-in card registration form for PortOne (iamport) V1 billing keys.
 *
 * @fires imp-billing-success - The server registered the card (`via: 'server'`; `response` is its answer without card-like fields).
 * @fires imp-billing-failure - Local validation (`invalid-params` with `field`, `via: 'local'`), missing configuration,
 *   network failure or timeout (`via: 'local'`), or a server refusal (`pg-error`, or `invalid-params` with `field`; `via: 'server'`).
 *
 * @csspart form - The `<form>`.
 * @csspart field - The wrapper of one label, hint, input and error.
 * @csspart input - Each `<input>`.
 * @csspart error - Each field's error message.
 * @csspart submit - The submit `<button>`.
 * @csspart status - The live status line (progress, success, server failure).
 *
 * @cssprop [--imp-billing-background=#1f4fd8] - Submit button background.
 * @cssprop [--imp-billing-color=#fff] - Submit button text colour.
 * @cssprop [--imp-billing-radius=0.5rem] - Corner radius of inputs and button.
 * @cssprop [--imp-billing-font=inherit] - Font shorthand.
 * @cssprop [--imp-billing-focus-ring=#7aa2ff] - Focus outline colour.
 * @cssprop [--imp-billing-error-color=#b3261e] - Error text and invalid border colour.
 * @cssprop [--imp-billing-border-color=#8a8f98] - Input border colour.
 * @cssprop [--imp-billing-gap=1rem] - Space between fields.
 */
export class ImpBillingCardForm extends LitElement {
  static override styles = cardFormStyles;

  static override properties: PropertyDeclarations = {
    // Reactive so that a change of the element's own lang re-words it at once (LangController reads it).
    lang: { reflect: true },
    action: {},
    customerUid: { attribute: 'customer-uid' },
    disabled: { type: Boolean, reflect: true },
    timeout: { type: Number },
    _busy: { state: true },
    _errors: { state: true },
    _status: { state: true },
  };

  /** The merchant server URL that receives the card JSON. */
  action?: string;
  /** Your id for this customer's card; sent with the card and bound to the billing key by PortOne. */
  customerUid?: string;
  disabled = false;
  /** Milliseconds to wait for the server; default 60 s. */
  timeout = 60_000;

  readonly #lang = new LangController(this);
  private _busy = false;
  private _errors: Partial<Record<CardField, string>> = {};
  /** Text in the copy of the moment it is rendered, so a later `lang` change re-words it. */
  private _status: { kind: 'busy' | 'success' | 'failure'; text: (copy: FormCopy) => string } | null = null;

  /** True while the card is being sent. */
  get busy(): boolean {
    return this._busy;
  }

  override render() {
    const lang = this.#lang.lang;
    const copy = formCopy(lang);
    const locked = this.disabled || this._busy;
    return html`<form part="form" novalidate aria-label=${copy.formLabel} aria-busy=${this._busy ? 'true' : 'false'} @submit=${this._onSubmit}>
      ${FIELDS.map((f) => {
        const c = copy.fields[f.name];
        const error = this._errors[f.name];
        return html`<div part="field" class="field">
          <label for=${f.name}>${c.label}</label>
          <span class="hint" id=${`${f.name}-hint`}>${c.hint}</span>
          <input
            part="input"
            id=${f.name}
            name=${f.name}
            type=${f.type}
            inputmode="numeric"
            autocomplete=${f.autocomplete}
            maxlength=${f.maxlength}
            placeholder=${c.placeholder}
            spellcheck="false"
            autocapitalize="off"
            required
            aria-required="true"
            aria-invalid=${error ? 'true' : 'false'}
            aria-describedby=${`${f.name}-hint ${f.name}-error`}
            ?disabled=${locked}
            @input=${this._onInput}
            @blur=${this._onBlur}
          />
          <p part="error" id=${`${f.name}-error`}>${error ?? ''}</p>
        </div>`;
      })}
      <button part="submit" type="submit" ?disabled=${locked}>
        ${this._busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}
        <span>${this._busy ? copy.busy : copy.submit}</span>
      </button>
      <p part="status" role="status" data-kind=${this._status?.kind ?? nothing}>${this._status?.text(copy) ?? ''}</p>
    </form>`;
  }

  private _input(name: CardField): HTMLInputElement {
    return this.renderRoot.querySelector<HTMLInputElement>(`#${name}`)!;
  }

  private _spec(input: HTMLInputElement): FieldSpec {
    return FIELDS.find((f) => f.name === input.id)!;
  }

  /** Validates one field as the user sees it: an empty field is "required", otherwise core's check decides. */
  private _check(spec: FieldSpec, lang: UiLang): Checked {
    const value = this._input(spec.name).value.trim();
    if (!value) return { ok: false, message: formCopy(lang).fields[spec.name].required };
    const result = spec.check(value);
    return result.ok ? result : { ok: false, message: validationMessage(lang, spec.name, result.message) };
  }

  private _setError(name: CardField, message: string | undefined): void {
    if (this._errors[name] === message) return;
    const next = { ...this._errors };
    if (message) next[name] = message;
    else delete next[name];
    this._errors = next;
  }

  private _onInput = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const spec = this._spec(input);
    const raw = input.value;
    const formatted = spec.format(raw);
    if (formatted !== raw) {
      // Keep the caret after the same number of digits it followed before reformatting.
      const caret = input.selectionStart ?? raw.length;
      const digitsBefore = raw.slice(0, caret).replace(/\D/g, '').length;
      input.value = formatted;
      let pos = 0;
      for (let seen = 0; pos < formatted.length && seen < digitsBefore; pos++) if (/\d/.test(formatted[pos]!)) seen++;
      if (document.activeElement === this && this.shadowRoot?.activeElement === input) input.setSelectionRange(pos, pos);
    }
    // Once a field shows an error, re-check as the user types so the error goes away as soon as it is fixed.
    if (this._errors[spec.name]) {
      const result = this._check(spec, this.#lang.lang);
      this._setError(spec.name, result.ok ? undefined : result.message);
    }
  };

  private _onBlur = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    if (this._busy || !input.value) return;
    const spec = this._spec(input);
    const result = this._check(spec, this.#lang.lang);
    // Show the normalised form (e.g. autofilled 12/31 → 2031-12) once it is valid.
    if (result.ok && spec.name === 'expiry') input.value = result.value;
    this._setError(spec.name, result.ok ? undefined : result.message);
  };

  private _onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    // One request at a time: a second Enter or click while sending is ignored.
    if (this._busy || this.disabled) return;
    const lang = this.#lang.lang;
    const values: Partial<Record<CardField, string>> = {};
    const errors: Partial<Record<CardField, string>> = {};
    for (const spec of FIELDS) {
      const result = this._check(spec, lang);
      if (result.ok) values[spec.name] = result.value;
      else errors[spec.name] = result.message;
    }
    this._errors = errors;
    const invalid = FIELDS.find((f) => errors[f.name]);
    if (invalid) {
      this._status = null;
      await this.updateComplete;
      this._input(invalid.name).focus();
      this._fail('invalid-params', () => errors[invalid.name]!, 'local', invalid.name);
      return;
    }
    if (!this.action) return this._fail('invalid-params', (c) => c.missingAction, 'local', 'action');
    if (!this.customerUid) return this._fail('invalid-params', (c) => c.missingCustomer, 'local', 'customer_uid');

    this._busy = true;
    this._status = { kind: 'busy', text: (c) => c.busy };
    const customerUid = this.customerUid;
    let outcome: () => void;
    try {
      const res = await fetch(this.action, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ customer_uid: customerUid, ...values }),
        credentials: 'same-origin',
        signal: AbortSignal.timeout(this.timeout),
      });
      let answer: unknown = null;
      try {
        answer = await res.json();
      } catch {
        // not JSON: treated as a refusal below
      }
      const typed = typedPattern(values);
      outcome =
        res.ok && isPlainObject(answer) && answer.ok === true
          ? this._succeeded(answer, customerUid, typed)
          : this._refused(answer, typed);
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      outcome = () => this._fail(timedOut ? 'timeout' : 'pg-error', (c) => (timedOut ? c.timeout : c.networkFailure), 'local');
    }
    // Clear before anyone hears the outcome, so no listener can read the card back from the inputs.
    for (const spec of FIELDS) this._input(spec.name).value = '';
    this._busy = false;
    outcome();
  };

  private _succeeded(answer: Record<string, unknown>, customerUid: string, typed: RegExp | null): () => void {
    const shown = redact(answer, typed) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    return () => {
      this._errors = {};
      // The server's words are shown only after redaction, like the event's: `masked` could be a full number.
      this._status = { kind: 'success', text: (c) => c.success(str(shown.card_name), str(shown.masked)) };
      emit(this, 'imp-billing-success', {
        imp_uid: null,
        merchant_uid: null,
        customer_uid: str(answer.customer_uid) ?? customerUid,
        pg: null,
        via: 'server',
        awaitingWebhook: false,
        response: shown,
      });
    };
  }

  private _refused(answer: unknown, typed: RegExp | null): () => void {
    const copy = formCopy(this.#lang.lang);
    const a = isPlainObject(answer) ? answer : {};
    const field = typeof a.field === 'string' && FIELDS.some((f) => f.name === a.field) ? (a.field as CardField) : undefined;
    const serverMessage = typeof a.message === 'string' ? (redact(a.message.slice(0, 300), typed) as string) : '';
    const describe = (c: FormCopy) => (serverMessage ? `${c.serverFailure} (${serverMessage})` : c.serverFailure);
    return () => {
      // The server names a card field it refused: mark it, since the user has to type it again anyway.
      if (field) this._errors = { [field]: copy.fields[field].invalid };
      this._fail(a.code === 'invalid-params' ? 'invalid-params' : 'pg-error', describe, 'server', field);
    };
  }

  private _fail(code: BillingErrorCode, describe: (copy: FormCopy) => string, via: FailureVia, field?: string): void {
    this._status = { kind: 'failure', text: describe };
    const message = describe(formCopy(this.#lang.lang));
    emit(this, 'imp-billing-failure', {
      code,
      message,
      ...(field ? { field } : {}),
      customer_uid: this.customerUid ?? null,
      via,
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'imp-billing-card-form': ImpBillingCardForm;
  }
}
