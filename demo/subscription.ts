/**
 * "A subscription's life" against the demo merchant server (demo/server, proxied as /api): register a card by key-in
 * with <imp-billing-card-form>, then charge again, schedule the next payment, advance the PortOne stand-in's clock
 * (which runs the schedule and delivers the webhook) and watch the server's records change.
 * Server answers are rendered as text only.
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
interface Overview {
  now: number;
  subscriptions: Subscription[];
  payments: Payment[];
  schedules: Record<string, Schedule[]>;
}
interface Answer {
  status: number;
  body: Record<string, unknown>;
}

const STORAGE_KEY = 'imp-billing-demo:customer-uid';
/** One of the server's steps: what to post, and a label key. */
const ACTIONS = {
  again: { path: '/api/again', body: {} },
  schedule: { path: '/api/schedule', body: {} },
  // A little over the plan's 30-day period, so a payment scheduled "in 30 days" falls due.
  advance: { path: '/api/advance', body: { days: 31 } },
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

function cell(text: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

function fill(table: HTMLTableElement, rows: HTMLTableRowElement[]): void {
  const body = table.tBodies[0] ?? table.createTBody();
  if (rows.length) return void body.replaceChildren(...rows);
  const empty = document.createElement('tr');
  const td = cell('—');
  td.colSpan = table.tHead?.rows[0]?.cells.length ?? 1;
  empty.append(td);
  body.replaceChildren(empty);
}

function row(cells: string[], data: Record<string, string>): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const [key, value] of Object.entries(data)) tr.dataset[key] = value;
  tr.append(...cells.map(cell));
  return tr;
}

const locale = () => (currentLang() === 'en' ? 'en-US' : 'ko-KR');
const money = (n: number | null) => (n === null ? '—' : `${new Intl.NumberFormat(locale()).format(n)} KRW`);
const when = (seconds: number | null) =>
  seconds ? new Date(seconds * 1000).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' }) : '—';

/** One line for the last server answer: what was done, the HTTP status when it failed, and the server's words. */
function describe(action: Action, answer: Answer): { ok: boolean; text: string } {
  const b = answer.body;
  const label = t(`sub.${action}`);
  if (answer.status >= 400 || b['ok'] === undefined) {
    const message = typeof b['message'] === 'string' ? b['message'] : t('sub.noServer');
    return { ok: false, text: `${label}: HTTP ${answer.status} · ${message}` };
  }
  if (action === 'again') {
    return b['status'] === 'paid'
      ? { ok: true, text: `${label}: ${t('sub.paid')} ${money(Number(b['amount']))} · ${String(b['imp_uid'])}` }
      : { ok: false, text: `${label}: ${t('sub.declined')} · ${String(b['fail_reason'] ?? b['status'])}` };
  }
  if (action === 'schedule') {
    const s = (b['schedule'] ?? {}) as Partial<Schedule>;
    return { ok: true, text: `${label}: ${s.merchant_uid ?? ''} · ${when(s.schedule_at ?? null)}` };
  }
  const executed = Array.isArray(b['executed']) ? (b['executed'] as Array<{ status: string; webhook: { status?: number; error?: string } | null }>) : [];
  const hooks = executed.map((e) => `${e.status} → webhook ${e.webhook?.status ?? e.webhook?.error ?? '—'}`);
  return { ok: true, text: `${label}: ${t('sub.executed')(executed.length)}${hooks.length ? ` (${hooks.join(', ')})` : ''}` };
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
      const { ok, text } = describe(lastAnswer.action, lastAnswer.answer);
      answerLine.textContent = text;
      answerLine.className = `sub-answer ${ok ? 'ok' : 'error'}`;
    }
    if (!last) return;
    clock.textContent = new Date(last.now).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });
    const uid = customerUid();
    const subscriptions = last.subscriptions.filter((s) => s.customer_uid === uid);
    fill(
      tables.subscriptions,
      subscriptions.map((s) =>
        row(
          [s.customer_uid, s.status, [s.card_name, s.card_masked].filter(Boolean).join(' ') || '—', `${s.plan_name ?? '—'} · ${money(s.amount)}`, when(s.next_schedule_at)],
          { status: s.status },
        ),
      ),
    );
    fill(
      tables.payments,
      last.payments
        .filter((p) => p.customer_uid === uid)
        .map((p) => row([when(p.paid_at), p.merchant_uid, money(p.amount), p.status, p.source, p.imp_uid], { status: p.status, source: p.source })),
    );
    fill(
      tables.schedules,
      (last.schedules[uid] ?? []).map((s) =>
        row([s.merchant_uid, when(s.schedule_at), s.schedule_status, s.payment_status ?? '—', money(s.amount)], {
          scheduleStatus: s.schedule_status,
        }),
      ),
    );
  };

  const refresh = async () => {
    try {
      const answer = await call('/api/subscriptions');
      if (answer.status !== 200 || answer.body['ok'] !== true) throw new Error(`HTTP ${answer.status}`);
      last = answer.body as unknown as Overview;
      offline.hidden = true;
    } catch {
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
    answerLine.textContent = '';
    render();
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
