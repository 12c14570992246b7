/**
 * "Any PG": a form whose fields are the element's attributes. Every edit goes to the live button and through the same
 * builder the element uses (buildRequestPayParams), so the params shown are the params it would send.
 */
import { BillingError, buildRequestPayParams, PG_RULES, redactParams, REDIRECT_KEYS, ruleFor } from '../src/core/index.js';
import { t } from './i18n.js';

/** Attribute on <imp-billing-button> → request_pay field. One table for the button, the preview and the HTML. */
const FIELDS = [
  // The channel key first: PortOne recommends it over the deprecated `pg`.
  ['channel-key', 'channelKey'],
  ['pg-provider', 'pgProvider'],
  ['pg', 'pg'],
  ['customer-uid', 'customer_uid'],
  ['customer-id', 'customer_id'],
  ['amount', 'amount'],
  ['currency', 'currency'],
  ['language', 'language'],
  ['order-name', 'name'],
  ['pay-method', 'pay_method'],
  ['buyer-email', 'buyer_email'],
  ['buyer-name', 'buyer_name'],
  ['buyer-tel', 'buyer_tel'],
  // Empty: the element's default, this page (set below as the preview's m_redirect_url too).
  ['redirect-url', 'm_redirect_url'],
] as const;
type Attr = (typeof FIELDS)[number][0];

const START: Partial<Record<Attr, string>> = {
  'channel-key': 'channel-key-00000000-demo',
  'pg-provider': 'kcp_billing',
  'customer-uid': 'demo_playground',
  amount: '0',
  'order-name': '정기결제 카드 등록',
  'buyer-email': 'buyer@example.com',
  'buyer-name': '홍길동',
  'buyer-tel': '010-1234-5678',
};
/** Suggestions when the PG accepts any method (or none is chosen). */
const COMMON_METHODS = ['card', 'trans', 'phone', 'kakaopay', 'naverpay_card', 'naverpay_point'];

/** Escapes an attribute value for the copy-paste HTML (which is then shown as text, not parsed). */
function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The element's own default m_redirect_url: this page without PortOne's return query. */
function pageUrl(): string {
  const url = new URL(location.href);
  for (const key of REDIRECT_KEYS) url.searchParams.delete(key);
  return url.href;
}

function ruleText(pgProvider: string, pg: string): string {
  const rule = ruleFor({ pg, pgProvider });
  if (!rule) return t('rule.none');
  if (rule.refusal) return `${rule.code}: ${rule.refusal}`;
  const amounts = typeof rule.amount === 'string' ? [rule.amount] : Object.values(rule.amount);
  const parts = [
    [...new Set(amounts)].map((a) => t(`rule.amount.${a}`)).join(' / '),
    `${t('rule.methods')}: ${rule.payMethods ? rule.payMethods.join(', ') : t('rule.anyMethod')}`,
    rule.callbackOnMobile ? t('rule.mobileCallback') : t('rule.mobileRedirect'),
  ];
  if (rule.required.length) parts.push(`${t('rule.required')}: ${rule.required.join(', ')}`);
  return parts.join(' · ');
}

export function setupPlayground(): void {
  const form = document.getElementById('playground-form') as HTMLFormElement | null;
  const el = document.getElementById('playground-button') as HTMLElementTagNameMap['imp-billing-button'] | null;
  if (!form || !el) return;
  const input = (attr: Attr) => form.elements.namedItem(attr) as HTMLInputElement | HTMLSelectElement;
  const status = document.getElementById('playground-status') as HTMLElement;
  const warnings = document.getElementById('playground-warnings') as HTMLUListElement;
  const paramsOut = document.getElementById('playground-params') as HTMLElement;
  const htmlOut = document.getElementById('playground-html') as HTMLElement;
  const ruleOut = document.getElementById('playground-rule') as HTMLElement;
  const methods = document.getElementById('pay-methods') as HTMLDataListElement;
  const select = input('pg-provider') as HTMLSelectElement;

  const fillPgOptions = () => {
    const chosen = select.value;
    select.replaceChildren(
      new Option(t('playground.defaultPg'), ''),
      ...Object.keys(PG_RULES).map((code) => new Option(code, code)),
    );
    select.value = chosen;
  };
  fillPgOptions();
  for (const [attr] of FIELDS) input(attr).value = START[attr] ?? '';

  const update = () => {
    const values = FIELDS.map(([attr, param]) => ({ attr, param, value: input(attr).value.trim() }));
    for (const { attr, value } of values) {
      if (value) el.setAttribute(attr, value);
      else el.removeAttribute(attr);
      input(attr).removeAttribute('aria-invalid');
    }

    const pg = input('pg').value.trim();
    const pgProvider = input('pg-provider').value;
    ruleOut.textContent = ruleText(pgProvider, pg);
    const rule = ruleFor({ pg, pgProvider });
    methods.replaceChildren(...(rule?.payMethods ?? COMMON_METHODS).map((m) => new Option(m)));

    const options: Record<string, unknown> = { m_redirect_url: pageUrl(), merchantCode: el.getAttribute('merchant-code') ?? undefined };
    for (const { param, value } of values) if (value) options[param] = value;
    const warned: string[] = [];
    try {
      const params = redactParams(buildRequestPayParams(options, { warn: (m) => warned.push(m) }));
      status.className = 'validity ok';
      delete status.dataset['field'];
      status.textContent = `✓ ${t('playground.valid')} ${t('playground.generated')}`;
      paramsOut.textContent = JSON.stringify(params, null, 2);
    } catch (error) {
      if (!(error instanceof BillingError)) throw error;
      const field = error.field ?? '';
      status.className = 'validity error';
      status.dataset['field'] = field;
      const label = document.createElement('strong');
      label.textContent = `${t('playground.invalid')}: ${field}`;
      status.replaceChildren(label, document.createTextNode(` — ${error.message}`));
      paramsOut.textContent = '—';
      const faulty = values.find((v) => v.param === field);
      if (faulty) input(faulty.attr).setAttribute('aria-invalid', 'true');
    }
    warnings.replaceChildren(
      ...warned.map((message) => {
        const li = document.createElement('li');
        li.textContent = message;
        return li;
      }),
    );

    // Boolean `sandbox` and the merchant code first, as a merchant would write them, then the edited attributes.
    const lines = [
      ...(el.hasAttribute('sandbox') ? ['sandbox'] : []),
      `merchant-code="${escapeAttr(el.getAttribute('merchant-code') ?? '')}"`,
      ...values.filter((v) => v.value).map((v) => `${v.attr}="${escapeAttr(v.value)}"`),
    ];
    htmlOut.textContent = `<imp-billing-button\n  ${lines.join('\n  ')}\n></imp-billing-button>`;
  };

  form.addEventListener('input', update);
  form.addEventListener('change', update);
  form.addEventListener('submit', (event) => event.preventDefault());
  document.addEventListener('demo-lang', () => {
    fillPgOptions();
    update();
  });
  update();

  const copy = document.getElementById('copy-html');
  const copied = document.createElement('span');
  copied.className = 'copied';
  copied.setAttribute('role', 'status');
  copy?.after(copied);
  copy?.addEventListener('click', () => {
    navigator.clipboard?.writeText(htmlOut.textContent ?? '').then(
      () => {
        copied.textContent = t('playground.copied');
        setTimeout(() => (copied.textContent = ''), 2000);
      },
      () => {
        // Clipboard refused (permissions, http): select the text so Ctrl+C works.
        getSelection()?.selectAllChildren(htmlOut);
      },
    );
  });
}
