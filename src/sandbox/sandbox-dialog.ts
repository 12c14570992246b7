import { LitElement, html, nothing } from 'lit';
import { sandboxDialogStyles } from './sandbox-dialog.styles.js';

export type SandboxChoice = 'approve' | 'decline' | 'cancel';
export type SandboxLang = 'ko' | 'en';

/** What the window shows. Built by the sandbox from the request; never contains card data. */
export interface SandboxDialogDetails {
  /** `pg` as sent; `undefined` when the request relies on the console's default PG or a channelKey. */
  pg: string | undefined;
  name: string | undefined;
  amount: number;
  currency: string;
  /** False for PGs whose amount is display-only at issuance (kcp_billing, html5_inicis, …). */
  charges: boolean;
  customerUid: string | undefined;
  merchantUid: string;
  /** The result goes to `m_redirect_url` instead of the callback. */
  redirect: boolean;
}

export const SANDBOX_DIALOG_TAG = 'imp-billing-sandbox-dialog';
/** Fired once on the element (not bubbling) with `detail: { choice, message? }`. */
export const SANDBOX_CHOICE_EVENT = 'sandbox-choice';

export interface SandboxChoiceDetail {
  choice: SandboxChoice;
  /** The decline reason to answer with (`error_msg`); absent: the sandbox's own. */
  message?: string;
}

const COPY = {
  ko: {
    title: '테스트 결제창',
    intro: '오프라인 테스트 창입니다. 실제 카드 결제나 빌링키 발급은 일어나지 않습니다.',
    pg: 'PG',
    defaultPg: '(콘솔 기본 PG)',
    name: '상품명',
    amount: '금액',
    keyOnly: '빌링키 발급만 (결제 없음)',
    displayOnly: '표시용 금액 · 발급 시 결제되지 않음',
    oneTime: '(없음 · 일반 결제)',
    via: '결과 전달',
    viaCallback: '콜백 함수',
    viaRedirect: 'm_redirect_url로 이동',
    approve: '승인',
    decline: '거절',
    cancel: '취소',
    actions: '테스트 결과 선택',
  },
  en: {
    title: 'Test payment window',
    intro: 'An offline test window. No card is charged and no real billing key is issued.',
    pg: 'PG',
    defaultPg: '(console default PG)',
    name: 'Product',
    amount: 'Amount',
    keyOnly: 'Key only (no charge)',
    displayOnly: 'display only · not charged at issuance',
    oneTime: '(none · one-time payment)',
    via: 'Result via',
    viaCallback: 'callback',
    viaRedirect: 'redirect to m_redirect_url',
    approve: 'Approve',
    decline: 'Decline',
    cancel: 'Cancel',
    actions: 'Choose the test outcome',
  },
} as const;

/**
 * The sandbox's stand-in for a PG payment window: a native modal `<dialog>` (focus moves in and is kept there,
 * Escape closes it) in a shadow root styled only through adopted stylesheets, so it runs under a strict CSP.
 */
export class ImpBillingSandboxDialog extends LitElement {
  static override styles = sandboxDialogStyles;

  static override properties = {
    details: { attribute: false },
    locale: {},
  };

  declare details: SandboxDialogDetails | undefined;
  declare locale: SandboxLang;

  private chosen: SandboxChoice | undefined;

  constructor() {
    super();
    this.locale = 'ko';
  }

  /** The choice made so far, if any. */
  get choice(): SandboxChoice | undefined {
    return this.chosen;
  }

  /**
   * Settles the window once; later calls (a second click, the close event that follows) are ignored. Public and
   * stable (`imp-billing/testing` calls it): `message` replaces the decline reason the sandbox answers with.
   */
  choose(choice: SandboxChoice, message?: string): void {
    if (this.chosen) return;
    this.chosen = choice;
    const dialog = this.dialog;
    if (dialog?.open) dialog.close();
    const detail: SandboxChoiceDetail = choice === 'decline' && message ? { choice, message } : { choice };
    this.dispatchEvent(new CustomEvent<SandboxChoiceDetail>(SANDBOX_CHOICE_EVENT, { detail }));
  }

  private get dialog(): HTMLDialogElement | null {
    return this.renderRoot?.querySelector('dialog') ?? null;
  }

  protected override firstUpdated(): void {
    const dialog = this.dialog;
    if (dialog && !dialog.open && this.isConnected && !this.chosen) dialog.showModal();
  }

  private onCancel(event: Event): void {
    // Escape (a close request): answer like a person closing the PG window.
    event.preventDefault();
    this.choose('cancel');
  }

  private onClose(): void {
    // Closed by any other path (the browser may force-close without a cancel event): nobody chose, so cancel.
    if (!this.chosen) this.choose('cancel');
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.choose('cancel');
    }
  }

  private amountText(copy: (typeof COPY)[SandboxLang], d: SandboxDialogDetails) {
    if (d.amount === 0) return copy.keyOnly;
    const number = new Intl.NumberFormat(this.locale === 'en' ? 'en-US' : 'ko-KR').format(d.amount);
    return html`${number} ${d.currency}${d.charges ? nothing : html`<span class="note">${copy.displayOnly}</span>`}`;
  }

  protected override render() {
    const copy = COPY[this.locale] ?? COPY.ko;
    const d = this.details;
    return html`
      <dialog
        lang=${this.locale}
        aria-labelledby="title"
        aria-describedby="intro"
        @cancel=${this.onCancel}
        @close=${this.onClose}
        @keydown=${this.onKeydown}
      >
        <div class="head">
          <h2 id="title"><span class="badge">SANDBOX</span> ${copy.title}</h2>
          <p id="intro">${copy.intro}</p>
        </div>
        ${d
          ? html`<dl>
              <dt>${copy.pg}</dt>
              <dd data-field="pg">${d.pg ?? copy.defaultPg}</dd>
              <dt>${copy.name}</dt>
              <dd data-field="name">${d.name || '—'}</dd>
              <dt>${copy.amount}</dt>
              <dd data-field="amount">${this.amountText(copy, d)}</dd>
              <dt>customer_uid</dt>
              <dd data-field="customer_uid">${d.customerUid ?? copy.oneTime}</dd>
              <dt>merchant_uid</dt>
              <dd data-field="merchant_uid">${d.merchantUid}</dd>
              <dt>${copy.via}</dt>
              <dd data-field="via">${d.redirect ? copy.viaRedirect : copy.viaCallback}</dd>
            </dl>`
          : nothing}
        <div class="actions" role="group" aria-label=${copy.actions}>
          <button type="button" data-choice="approve" autofocus @click=${() => this.choose('approve')}>${copy.approve}</button>
          <button type="button" data-choice="decline" @click=${() => this.choose('decline')}>${copy.decline}</button>
          <button type="button" data-choice="cancel" @click=${() => this.choose('cancel')}>${copy.cancel}</button>
        </div>
      </dialog>
    `;
  }
}

/** Registers the element once per registry; safe to call on every install and with several copies of the module. */
export function defineSandboxDialog(registry: CustomElementRegistry): void {
  if (!registry.get(SANDBOX_DIALOG_TAG)) registry.define(SANDBOX_DIALOG_TAG, ImpBillingSandboxDialog);
}

declare global {
  interface HTMLElementTagNameMap {
    'imp-billing-sandbox-dialog': ImpBillingSandboxDialog;
  }
}
