/**
 * The PG example cards: what index.html cannot say in attributes (the Brick card, Terminal3's bypass) and a
 * success line under each button. Failures need no line here: the element shows its own message.
 */
import type { ImpBillingSuccessDetail } from '../src/ui/events.js';
import { t } from './i18n.js';

function button(scenario: string) {
  return document.querySelector<HTMLElementTagNameMap['imp-billing-button']>(`imp-billing-button[data-scenario="${scenario}"]`);
}

/** A test card that passes Luhn (seed 000's), valid for a few more years whenever the demo runs. */
function testCard() {
  return { number: '4242-4242-4242-4242', expiry: `${new Date().getFullYear() + 3}-09`, cvc: '826' };
}

/** The Brick form feeds the element's `card` property on every keystroke: card data never goes into attributes. */
function setupBrick(): void {
  const form = document.getElementById('brick-form') as HTMLFormElement | null;
  const el = button('pw-brick');
  if (!form || !el) return;
  const input = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  const card = testCard();
  input('number').value = card.number;
  input('expiry').value = card.expiry;
  input('cvc').value = card.cvc;

  const feed = () => {
    el.card = { number: input('number').value, expiry: input('expiry').value, cvc: input('cvc').value };
  };
  feed();
  form.addEventListener('input', (event) => {
    (event.target as HTMLElement).removeAttribute('aria-invalid');
    feed();
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  // The element names the faulty field (card.info.number, …): point at the matching input.
  el.addEventListener('imp-billing-failure', (event) => {
    const name = event.detail.field?.match(/^card\.info\.(\w+)$/)?.[1];
    if (name && form.elements.namedItem(name)) input(name).setAttribute('aria-invalid', 'true');
  });
}

/** Success lines, kept per card so a language switch can rewrite them. */
function setupResults(): void {
  const last = new Map<HTMLElement, ImpBillingSuccessDetail | null>();
  const render = (card: HTMLElement) => {
    let line = card.querySelector<HTMLElement>(':scope > .result');
    if (!line) {
      line = document.createElement('p');
      line.className = 'result';
      line.setAttribute('role', 'status');
      card.append(line);
    }
    const detail = last.get(card);
    line.textContent = detail
      ? `✓ ${t('result.success')} · ${detail.imp_uid ?? '—'} · ${detail.awaitingWebhook ? `${t('result.webhook')} · ` : ''}${t('result.verify')}`
      : '';
  };
  const cardOf = (target: EventTarget | null) => (target instanceof Element ? target.closest<HTMLElement>('.card') : null);
  const update = (target: EventTarget | null, detail: ImpBillingSuccessDetail | null) => {
    const card = cardOf(target);
    if (!card) return;
    last.set(card, detail);
    render(card);
  };
  document.addEventListener('imp-billing-request', (event) => update(event.target, null));
  document.addEventListener('imp-billing-success', (event) => update(event.target, event.detail));
  document.addEventListener('demo-lang', () => {
    for (const card of last.keys()) render(card);
  });
}

export function setupScenarios(): void {
  const t3 = button('t3');
  if (t3) t3.bypass = { widget_code: 't3_1' };
  setupBrick();
  setupResults();
}
