/**
 * The event log: every imp-billing-* event heard on the document, newest first. Everything is rendered as text
 * (textContent), never as HTML: details carry PG messages and redirect query values, which are untrusted.
 */
import { t } from './i18n.js';

const TYPES = ['imp-billing-request', 'imp-billing-success', 'imp-billing-failure'] as const;
type LogType = (typeof TYPES)[number];
const KIND = { 'imp-billing-request': 'request', 'imp-billing-success': 'success', 'imp-billing-failure': 'failure' } as const;
/** Enough history to follow a session; older entries go so a long session stays light. */
const MAX_ENTRIES = 200;

interface Entry {
  type: LogType;
  source: string;
  at: Date;
  detail: Record<string, unknown>;
}

function sourceOf(target: EventTarget | null): string {
  if (!(target instanceof Element)) return '?';
  return target.closest<HTMLElement>('[data-scenario]')?.dataset['scenario'] ?? target.localName;
}

function str(value: unknown): string {
  return value === undefined || value === null || value === '' ? '' : String(value);
}

function summary(entry: Entry): string {
  const d = entry.detail;
  const parts: string[] = [];
  if (entry.type === 'imp-billing-request') {
    const params = (d['params'] ?? {}) as Record<string, unknown>;
    parts.push(str(params['pg']) || '(default pg)', `${str(params['amount'])} ${str(params['currency']) || 'KRW'}`, str(params['merchant_uid']));
  } else if (entry.type === 'imp-billing-success') {
    parts.push(str(d['imp_uid']), `via ${str(d['via'])}`);
    if (d['awaitingWebhook']) parts.push('awaitingWebhook');
  } else {
    parts.push(`${str(d['code'])}: ${str(d['message'])}`);
    if (d['field']) parts.push(`field ${str(d['field'])}`);
    if (d['error_code'] || d['error_msg']) parts.push(`${str(d['error_code'])} ${str(d['error_msg'])}`.trim());
    parts.push(`via ${str(d['via'])}`);
  }
  return parts.filter(Boolean).join(' · ');
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.textContent = text;
  return node;
}

function renderEntry(entry: Entry): HTMLLIElement {
  const li = el('li', `entry ${KIND[entry.type]}`);
  li.dataset['type'] = entry.type;
  li.dataset['source'] = entry.source;
  const head = el('div', 'entry-head');
  head.append(el('span', `badge ${KIND[entry.type]}`, t(`log.${KIND[entry.type]}`)), el('span', 'source', entry.source));
  const time = el('time', '', entry.at.toLocaleTimeString(document.documentElement.lang, { hour12: false }));
  time.dateTime = entry.at.toISOString();
  head.append(time);
  const details = el('details', '');
  details.append(el('summary', '', t('log.detail')), el('pre', 'code', JSON.stringify(entry.detail, null, 2)));
  li.append(head, el('p', 'summary', summary(entry)), details);
  return li;
}

export function setupEventLog(): void {
  const list = document.getElementById('event-log') as HTMLOListElement;
  const empty = document.getElementById('log-empty') as HTMLElement;
  const count = document.getElementById('log-count') as HTMLElement;
  const entries: Entry[] = [];

  const refreshCount = () => {
    empty.hidden = entries.length > 0;
    count.textContent = entries.length ? t('log.count')(entries.length) : '';
  };

  for (const type of TYPES) {
    document.addEventListener(type, (event: Event) => {
      const detail = (event as CustomEvent<Record<string, unknown>>).detail;
      const entry: Entry = { type, source: sourceOf(event.target), at: new Date(), detail: { ...detail } };
      entries.unshift(entry);
      list.prepend(renderEntry(entry));
      if (entries.length > MAX_ENTRIES) {
        entries.pop();
        list.lastElementChild?.remove();
      }
      refreshCount();
    });
  }
  document.getElementById('log-clear')?.addEventListener('click', () => {
    entries.length = 0;
    list.replaceChildren();
    refreshCount();
  });
  document.addEventListener('demo-lang', () => {
    list.replaceChildren(...entries.map(renderEntry));
    refreshCount();
  });
  refreshCount();
}
