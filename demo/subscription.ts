/**
 * "A subscription's life" against the demo merchant server (demo/server, proxied as /api): register a card by key-in
 * with <imp-billing-card-form>, then charge again, refund, schedule the next payment, advance the PortOne stand-in's clock
 * (which runs the schedule and delivers the webhook), replay that webhook, and call PortOne with a wrong secret,
 * watching the server's records change. Server answers are rendered as text only.
 */
import { currentLang, t } from './i18n.js';

interface Subscription {
  customer_uid: string;
  status: string;
  card_name: string | null;
  card_masked: string | null;
  plan_name: string | null;
  amount: number | null;
  next_schedule_at: number | null;
}
interface Payment {
  imp_uid: string;
  merchant_uid: string;
  customer_uid: string | null;
  amount: number;
  status: string;
  paid_at: number;
  source: string;
}
interface Schedule {
  merchant_uid: string;
  schedule_at: number;
  amount: number;
  schedule_status: string;
  payment_status: string | null;
}
interface Webhook {
  clock_at: number | null;
  customer_uid: string | null;
  imp_uid: string | null;
  verified_status: string | null;
  http_status: number;
  outcome: string;
  next_merchant_uid: string | null;
  replay: boolean;
}
interface Overview {
  now: number;
  subscriptions: Subscription[];
  payments: Payment[];
  schedules: Record<string, Schedule[]>;
  webhooks: Webhook[];
}
interface Answer {
  status: number;
  body: Record<string, unknown>;
}

const STORAGE_KEY = 'imp-billing-demo:customer-uid';
/** The server's steps: where each button posts and what it adds to the customer_uid. */
const ACTIONS = {
  again: { path: '/api/again', body: {} },
  schedule: { path: '/api/schedule', body: {} },
  refund: { path: '/api/refund', body: {} },
  // A little over the plan's 30-day period, so a payment scheduled "in 30 days" falls due.
  advance: { path: '/api/advance', body: { days: 31 } },
  replay: { path: '/api/replay-webhook', body: {} },
  wrongSecret: { path: '/api/wrong-secret', body: {} },
} as const;
type Action = keyof typeof ACTIONS;

function newCustomerUid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return `sub_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

async function call(path: string, body?: Record<string, unknown>): Promise<Answer> {
  const res = await fetch(path, body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {});
  let parsed: unknown = null;
  try {
    parsed = await res.json();
  } catch {
    /* not JSON (no server behind /api): described by the status alone */
  }
  return { status: res.status, body: typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {} };
}

/** A status code as words in the page's language; the raw code stays in data-status for scripts and tests. */
function statusCell(code: string | null): HTMLTableCellElement {
  const td = cell(code ? (t('sub.labels') as Record<string, string>)[code] ?? code : '—');
  if (code) {
    td.dataset['status'] = code;
    td.className = `status ${code}`;
  }
  return td;
}

/** The server's answer to one webhook: its HTTP status, then what it did. */
function outcomeCell(w: Webhook): HTMLTableCellElement {
  const td = statusCell(w.outcome);
  td.textContent = `${w.http_status} · ${td.textContent}`;
  td.classList.add('wrap');
  return td;
}

/** Long text that may wrap, so the table fits its column. */
function textCell(text: string): HTMLTableCellElement {
  const td = cell(text);
  td.className = 'wrap';
  return td;
}

/** Issuer and masked number; the number itself never breaks at its hyphens. */
function cardCell(name: string | null, masked: string | null): HTMLTableCellElement {
  const td = textCell(name ?? '');
  if (masked) {
    const number = document.createElement('span');
    number.className = 'nowrap';
    number.textContent = masked;
    td.append(name ? ' ' : '', number);
  }
  if (!name && !masked) td.textContent = '—';
  return td;
}

function cell(text: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

/**
 * An id like `sub_mwthm4cc_32c0a1b2`: it may break before its last `_part` (never inside `imp_123…`), so a narrow
 * table need not scroll.
 */
function idCell(text: string | null): HTMLTableCellElement {
  const td = document.createElement('td');
  td.className = 'id';
  const cut = text ? text.lastIndexOf('_') : -1;
  if (!text) td.textContent = '—';
  else if (cut > 0 && text.indexOf('_') < cut) td.append(text.slice(0, cut), document.createElement('wbr'), text.slice(cut));
  else td.textContent = text;
  return td;
}

function fill(table: HTMLTableElement, rows: HTMLTableRowElement[]): void {
  const body = table.tBodies[0] ?? table.createTBody();
  // Narrow screens show each row as a card, with the column's header beside each value (demo.css).
  const headers = Array.from(table.tHead?.rows[0]?.cells ?? [], (th) => th.textContent ?? '');
  for (const tr of rows) for (const [i, td] of Array.from(tr.cells).entries()) td.dataset['label'] = headers[i] ?? '';
  if (rows.length) return void body.replaceChildren(...rows);
  const empty = document.createElement('tr');
  empty.className = 'empty-row';
  const td = cell('—');
  td.colSpan = table.tHead?.rows[0]?.cells.length ?? 1;
  empty.append(td);
  body.replaceChildren(empty);
}

function row(cells: Array<string | HTMLTableCellElement>, data: Record<string, string>): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const [key, value] of Object.entries(data)) tr.dataset[key] = value;
  tr.append(...cells.map((c) => (typeof c === 'string' ? cell(c) : c)));
  return tr;
}

const locale = () => (currentLang() === 'en' ? 'en-US' : 'ko-KR');
const money = (n: number | null) => (n === null ? '—' : `${new Intl.NumberFormat(locale()).format(n)} KRW`);
const when = (seconds: number | null) =>
  seconds ? new Date(seconds * 1000).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' }) : '—';
/** Table cells: the short date keeps six or seven columns within the page. */
const whenShort = (seconds: number | null) =>
  seconds ? new Date(seconds * 1000).toLocaleString(locale(), { dateStyle: 'short', timeStyle: 'short' }) : '—';
const word = (code: unknown) => (t('sub.labels') as Record<string, string>)[String(code)] ?? String(code);

/** The server's reason in the page's language when it is one the page knows, else the server's own words. */
function reason(answer: Answer): string {
  const code = answer.body['code'];
  const known = (t('sub.reasons') as Record<string, string>)[String(code)];
  if (known) return known;
  return typeof answer.body['message'] === 'string' ? answer.body['message'] : t('sub.noServer');
}

/** The last server answer: a short badge (an HTTP status, when there is one to show) and what it means. */
interface Described {
  ok: boolean;
  badge?: string;
  text: string;
}

function describe(action: Action, answer: Answer, uid: string): Described {
  const b = answer.body;
  if (action === 'wrongSecret') {
    // The point of this action is the refusal: PortOne's status (401) is the headline, the server's own (502) follows.
    if (typeof b['upstream_status'] === 'number') {
      return {
        ok: false,
        badge: `PortOne HTTP ${b['upstream_status']}${b['upstream_status'] === 401 ? ' Unauthorized' : ''}`,
        text: t('sub.unauthorized')(answer.status, String(b['message'] ?? '')),
      };
    }
    if (b['ok'] === true) return { ok: true, text: String(b['message']) };
  }
  if (answer.status >= 400 || b['ok'] === undefined) {
    return { ok: false, badge: `HTTP ${answer.status || '—'}`, text: reason(answer) };
  }
  if (action === 'again') {
    return b['status'] === 'paid'
      ? { ok: true, text: `${word('paid')} · ${money(Number(b['amount']))} · ${String(b['imp_uid'])}` }
      : { ok: false, text: `${word(b['status'])} · ${String(b['fail_reason'] ?? '')} · ${String(b['imp_uid'])}` };
  }
  if (action === 'refund') {
    return { ok: true, text: `${word(b['status'])} · ${money(Number(b['cancel_amount']))} · ${String(b['imp_uid'])}` };
  }
  if (action === 'schedule') {
    const s = (b['schedule'] ?? {}) as Partial<Schedule>;
    return { ok: true, text: `${word('scheduled')} · ${s.merchant_uid ?? ''} · ${when(s.schedule_at ?? null)}` };
  }
  if (action === 'replay') {
    const hook = (b['webhook'] ?? {}) as { status?: number; body?: Record<string, unknown> | null };
    const delivered = (b['delivered'] ?? {}) as Record<string, unknown>;
    const duplicate = hook.body?.['duplicate'] === true;
    return {
      ok: hook.status === 200,
      badge: `HTTP ${hook.status ?? '—'}`,
      text: `${String(delivered['imp_uid'] ?? '')} · ${duplicate ? t('sub.duplicate') : word(hook.body?.['ok'] === true ? 'recorded' : 'refused')}`,
    };
  }
  // advance: this customer's runs in detail; other customers' (the clock is shared) only counted.
  type Run = { customer_uid: string | null; status: string; webhook: { status?: number; error?: string } | null };
  const executed = Array.isArray(b['executed']) ? (b['executed'] as Run[]) : [];
  const mine = executed.filter((e) => e.customer_uid === uid);
  const hooks = mine.map((e) => `${word(e.status)} → ${t('sub.webhookWord')} HTTP ${e.webhook?.status ?? e.webhook?.error ?? '—'}`);
  const others = executed.length - mine.length;
  return {
    // The clock moved either way; a declined scheduled payment is still bad news for this customer.
    ok: mine.every((e) => e.status === 'paid'),
    text: `${t('sub.executed')(mine.length)}${hooks.length ? ` (${hooks.join(', ')})` : ''}${others ? ` · ${t('sub.others')(others)}` : ''}`,
  };
}

export function setupSubscription(): void {
  const section = document.getElementById('subscription');
  const form = section?.querySelector('imp-billing-card-form');
  const uidInput = document.getElementById('sub-customer') as HTMLInputElement | null;
  if (!section || !form || !uidInput) return;
  const answerLine = document.getElementById('sub-answer') as HTMLElement;
  const clock = document.getElementById('sub-clock') as HTMLElement;
  const offline = document.getElementById('sub-offline') as HTMLElement;
  const actions = section.querySelectorAll<HTMLButtonElement>('button[data-action]');
  const tables = {
    subscriptions: document.getElementById('sub-subscriptions') as HTMLTableElement,
    payments: document.getElementById('sub-payments') as HTMLTableElement,
    schedules: document.getElementById('sub-schedules') as HTMLTableElement,
    webhooks: document.getElementById('sub-webhooks') as HTMLTableElement,
  };

  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    /* storage blocked */
  }
  uidInput.value = stored ?? newCustomerUid();
  const customerUid = () => uidInput.value.trim();
  const syncUid = () => {
    form.setAttribute('customer-uid', customerUid());
    try {
      localStorage.setItem(STORAGE_KEY, customerUid());
    } catch {
      /* storage blocked: the id lasts for this page only */
    }
  };
  syncUid();

  let last: Overview | null = null;
  let lastAnswer: { action: Action; answer: Answer } | null = null;

  const render = () => {
    if (lastAnswer) {
      const { ok, badge, text } = describe(lastAnswer.action, lastAnswer.answer, customerUid());
      const label = document.createElement('strong');
      label.textContent = `${t(`sub.${lastAnswer.action}`)}:`;
      const parts: Array<Node | string> = [label, ' '];
      if (badge) {
        const code = document.createElement('span');
        code.className = 'http';
        code.textContent = badge;
        parts.push(code, ' ');
      }
      answerLine.replaceChildren(...parts, text);
      answerLine.className = `sub-answer ${ok ? 'ok' : 'error'}`;
      answerLine.dataset['answerTo'] = lastAnswer.action;
    }
    if (!last) return;
    clock.textContent = new Date(last.now).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });
    const uid = customerUid();
    fill(
      tables.subscriptions,
      last.subscriptions
        .filter((s) => s.customer_uid === uid)
        .map((s) =>
          row(
            [
              idCell(s.customer_uid),
              statusCell(s.status),
              cardCell(s.card_name, s.card_masked),
              textCell(`${s.plan_name ?? '—'} · ${money(s.amount)}`),
              whenShort(s.next_schedule_at),
            ],
            { status: s.status },
          ),
        ),
    );
    fill(
      tables.payments,
      last.payments
        .filter((p) => p.customer_uid === uid)
        .map((p) =>
          row([whenShort(p.paid_at), idCell(p.merchant_uid), money(p.amount), statusCell(p.status), word(p.source), idCell(p.imp_uid)], {
            status: p.status,
            source: p.source,
            impUid: p.imp_uid,
          }),
        ),
    );
    fill(
      tables.schedules,
      (last.schedules[uid] ?? []).map((s) =>
        row([idCell(s.merchant_uid), whenShort(s.schedule_at), statusCell(s.schedule_status), statusCell(s.payment_status), money(s.amount)], {
          scheduleStatus: s.schedule_status,
          merchantUid: s.merchant_uid,
        }),
      ),
    );
    fill(
      tables.webhooks,
      (last.webhooks ?? []).filter((w) => w.customer_uid === uid).map((w) =>
        row(
          [
            w.clock_at ? whenShort(Math.floor(w.clock_at / 1000)) : '—',
            word(w.replay ? 'replay' : 'first'),
            idCell(w.imp_uid),
            statusCell(w.verified_status),
            outcomeCell(w),
            idCell(w.next_merchant_uid),
          ],
          { outcome: w.outcome, delivery: w.replay ? 'replay' : 'first', impUid: w.imp_uid ?? '' },
        ),
      ),
    );
  };

  // Answers can overtake each other (a customer_uid change during an action): only the latest request's is shown.
  let latest = 0;
  const refresh = async () => {
    const mine = ++latest;
    try {
      const answer = await call(`/api/subscriptions?customer_uid=${encodeURIComponent(customerUid())}`);
      if (mine !== latest) return;
      if (answer.status === 400) {
        // A customer_uid the server cannot take: nothing to show for it, but the server is there.
        last = { now: last?.now ?? Date.now(), subscriptions: [], payments: [], schedules: {}, webhooks: [] };
      } else {
        if (answer.status !== 200 || answer.body['ok'] !== true) throw new Error(`HTTP ${answer.status}`);
        last = answer.body as unknown as Overview;
      }
      offline.hidden = true;
    } catch {
      if (mine !== latest) return;
      // No merchant server behind /api (a static copy of the page, or the server failed to start).
      offline.hidden = false;
      last = null;
    }
    for (const button of actions) button.disabled = !offline.hidden && button.dataset['action'] !== 'refresh';
    render();
  };

  for (const button of actions) {
    button.addEventListener('click', async () => {
      const action = button.dataset['action'];
      if (action === 'refresh' || !action || !(action in ACTIONS)) return void refresh();
      const { path, body } = ACTIONS[action as Action];
      button.disabled = true;
      try {
        lastAnswer = { action: action as Action, answer: await call(path, { customer_uid: customerUid(), ...body }) };
      } catch {
        lastAnswer = { action: action as Action, answer: { status: 0, body: {} } };
      } finally {
        button.disabled = false;
      }
      await refresh();
    });
  }
  uidInput.addEventListener('change', () => {
    syncUid();
    lastAnswer = null;
    answerLine.replaceChildren();
    void refresh();
  });
  document.getElementById('sub-new')?.addEventListener('click', () => {
    uidInput.value = newCustomerUid();
    uidInput.dispatchEvent(new Event('change'));
  });
  // Registered or refused by the server: either way its records may have changed.
  form.addEventListener('imp-billing-success', () => void refresh());
  form.addEventListener('imp-billing-failure', () => void refresh());
  document.addEventListener('demo-lang', render);
  void refresh();
}
