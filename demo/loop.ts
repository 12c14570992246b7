/**
 * "The whole loop, with the button": the demo merchant server creates a pending registration, the button opens the
 * sandbox with `sandbox-api` (so what it issues is recorded in the PortOne stand-in), the success event goes back to
 * the server, which verifies it against the stand-in (createBillingKeyVerifyHandler), and the verified customer is
 * handed to the subscription section below (again, schedule, webhook, refund). Two SVG diagrams show the cycle and
 * the desktop-callback vs mobile-redirect round trip. Server answers are rendered as text only.
 */
import type { ImpBillingButton } from '../src/button/button.js';
import type { ImpSandboxHandle } from '../src/sandbox/index.js';
import { currentLang } from './i18n.js';

const COPY = {
  ko: {
    case: '경우',
    cases: { 'jtnet-key': 'JTNet, 0원 (빌링키만 발급)', 'jtnet-charge': 'JTNet, 1,004원 (발급과 함께 결제)', paymentwall: 'Paymentwall (웹훅 뒤에 사용 가능)' },
    button: '버튼으로 카드 등록',
    preparing: '서버가 등록 건(merchant_uid)을 만드는 중…',
    ready: (m: string, c: string) => `등록 준비됨: merchant_uid ${m}, customer_uid ${c}`,
    verifying: '서버가 PortOne(대역)에 확인하는 중…',
    awaiting: 'Paymentwall의 웹훅(pingback)을 기다리는 중…',
    verified: (card: string) => `서버 확인 완료: ${card}. 아래 구독 섹션이 이 고객을 보여줍니다.`,
    refused: (message: string) => `서버가 거절했습니다: ${message}`,
    offline: '가맹점 서버에 연결할 수 없습니다.',
    realMode: '실제 SDK 모드에서는 꺼져 있습니다: 이 흐름은 샌드박스와 PortOne 대역으로 돕니다.',
    cycleTitle: '정기결제의 순환',
    cycleDesc: '카드 등록으로 빌링키가 발급되고, 서버가 again 또는 schedule로 결제하면 PortOne이 웹훅을 보내고, 서버가 결제를 조회해 확인한 뒤 다음 결제를 예약합니다.',
    cycle: ['카드', '빌링키', 'again / schedule', '웹훅', '조회', '다음 예약'],
    tripTitle: 'PC 콜백과 모바일 m_redirect_url',
    tripDesc: 'PC에서는 결제창이 같은 페이지의 콜백으로 결과를 돌려줍니다. 모바일에서는 PG 페이지로 이동했다가 m_redirect_url로 돌아오며, 같은 버튼이 주소의 결과를 읽어 같은 이벤트를 냅니다.',
    desktop: 'PC',
    mobile: '모바일',
    page: '가맹점 페이지',
    window: '결제창',
    pgPage: 'PG 페이지',
    callback: '콜백',
    redirect: 'm_redirect_url로 이동',
    event: 'imp-billing-success',
  },
  en: {
    case: 'Case',
    cases: { 'jtnet-key': 'JTNet, 0 KRW (key only)', 'jtnet-charge': 'JTNet, 1,004 KRW (issue and charge)', paymentwall: 'Paymentwall (usable after its webhook)' },
    button: 'Register a card with the button',
    preparing: 'The server is creating the registration (merchant_uid)…',
    ready: (m: string, c: string) => `Registration ready: merchant_uid ${m}, customer_uid ${c}`,
    verifying: 'The server is checking with PortOne (the stand-in)…',
    awaiting: "Waiting for Paymentwall's webhook (pingback)…",
    verified: (card: string) => `Verified by the server: ${card}. The subscription section below now shows this customer.`,
    refused: (message: string) => `The server refused: ${message}`,
    offline: 'The merchant server cannot be reached.',
    realMode: 'Off in real-SDK mode: this loop runs on the sandbox and the PortOne stand-in.',
    cycleTitle: 'The recurring-billing cycle',
    cycleDesc: 'Registering a card issues a billing key; the server charges it with again or schedule; PortOne sends a webhook; the server looks the payment up and schedules the next one.',
    cycle: ['card', 'billing key', 'again / schedule', 'webhook', 'lookup', 'next schedule'],
    tripTitle: 'Desktop callback vs mobile m_redirect_url',
    tripDesc: 'On a desktop the window answers the callback in the same page. On a phone the page leaves for the PG and comes back to m_redirect_url; the same button reads the result from the address and emits the same event.',
    desktop: 'Desktop',
    mobile: 'Mobile',
    page: 'merchant page',
    window: 'payment window',
    pgPage: 'PG page',
    callback: 'callback',
    redirect: 'to m_redirect_url',
    event: 'imp-billing-success',
  },
} as const;
type Copy = (typeof COPY)['ko' | 'en'];
type CaseKey = keyof Copy['cases'];

interface Registration {
  merchant_uid: string;
  customer_uid: string;
  pg: string;
  amount: number;
  currency?: string;
  name?: string;
  buyer_email?: string;
  buyer_name?: string;
  sandbox_api: string;
}

const SVG = 'http://www.w3.org/2000/svg';

function svgEl<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** An accessible picture: role img, named by its title, described by its desc. */
function figure(id: string, title: string, desc: string, width: number, height: number): SVGSVGElement {
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`, class: 'loop-diagram' });
  svg.append(svgEl('title', { id: `${id}-title` }, title), svgEl('desc', { id: `${id}-desc` }, desc));
  const marker = svgEl('marker', { id: `${id}-arrow`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(svgEl('path', { d: 'M0,0 L10,5 L0,10 z', fill: 'currentColor' }));
  const defs = svgEl('defs', {});
  defs.append(marker);
  svg.append(defs);
  return svg;
}

function box(svg: SVGSVGElement, x: number, y: number, w: number, label: string): void {
  svg.append(
    svgEl('rect', { x, y, width: w, height: 34, rx: 6, fill: 'none', stroke: 'currentColor' }),
    svgEl('text', { x: x + w / 2, y: y + 22, 'text-anchor': 'middle', fill: 'currentColor', 'font-size': 13 }, label),
  );
}

function arrow(svg: SVGSVGElement, id: string, x1: number, y1: number, x2: number, y2: number, label?: string): void {
  svg.append(svgEl('line', { x1, y1, x2, y2, stroke: 'currentColor', 'marker-end': `url(#${id}-arrow)` }));
  if (label) svg.append(svgEl('text', { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 6, 'text-anchor': 'middle', fill: 'currentColor', 'font-size': 11 }, label));
}

/** card → billing key → again/schedule → webhook → lookup → next schedule, and back to again/schedule. */
function cycleDiagram(copy: Copy): SVGSVGElement {
  const svg = figure('loop-cycle', copy.cycleTitle, copy.cycleDesc, 560, 150);
  const [card, key, charge, webhook, lookup, next] = copy.cycle;
  const w = 120;
  box(svg, 10, 20, w, card);
  box(svg, 220, 20, w, key);
  box(svg, 430, 20, w, charge);
  box(svg, 430, 100, w, webhook);
  box(svg, 220, 100, w, lookup);
  box(svg, 10, 100, w, next);
  arrow(svg, 'loop-cycle', 130, 37, 218, 37);
  arrow(svg, 'loop-cycle', 340, 37, 428, 37);
  arrow(svg, 'loop-cycle', 490, 54, 490, 98);
  arrow(svg, 'loop-cycle', 430, 117, 342, 117);
  arrow(svg, 'loop-cycle', 220, 117, 132, 117);
  // The next schedule is charged like the first: back up to again / schedule.
  svg.append(svgEl('path', { d: 'M70,100 C70,70 400,80 440,56', fill: 'none', stroke: 'currentColor', 'stroke-dasharray': '4 3', 'marker-end': 'url(#loop-cycle-arrow)' }));
  return svg;
}

/** Two lanes: desktop (window → callback in the same page) and mobile (PG page → m_redirect_url → same event). */
function roundTripDiagram(copy: Copy): SVGSVGElement {
  const svg = figure('loop-trip', copy.tripTitle, copy.tripDesc, 560, 170);
  svg.append(svgEl('text', { x: 10, y: 42, fill: 'currentColor', 'font-size': 12, 'font-weight': 700 }, copy.desktop));
  box(svg, 80, 20, 130, copy.page);
  box(svg, 280, 20, 110, copy.window);
  box(svg, 450, 20, 100, copy.event);
  arrow(svg, 'loop-trip', 210, 37, 278, 37);
  arrow(svg, 'loop-trip', 390, 37, 448, 37, copy.callback);
  svg.append(svgEl('text', { x: 10, y: 122, fill: 'currentColor', 'font-size': 12, 'font-weight': 700 }, copy.mobile));
  box(svg, 80, 100, 130, copy.page);
  box(svg, 280, 100, 110, copy.pgPage);
  box(svg, 450, 100, 100, copy.event);
  arrow(svg, 'loop-trip', 210, 117, 278, 117);
  svg.append(svgEl('path', { d: 'M335,134 C335,165 145,165 145,136', fill: 'none', stroke: 'currentColor', 'marker-end': 'url(#loop-trip-arrow)' }));
  svg.append(svgEl('text', { x: 240, y: 166, 'text-anchor': 'middle', fill: 'currentColor', 'font-size': 11 }, copy.redirect));
  arrow(svg, 'loop-trip', 210, 110, 448, 110);
  return svg;
}

async function post(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

const REGISTRATION_KEY = 'imp-billing-demo:loop-registration';

/** The registration saved before the window opened, when the address is the m_redirect_url return for it. */
function returningRegistration(): Registration | null {
  const returned = new URLSearchParams(location.search).get('merchant_uid');
  if (!returned) return null;
  try {
    const saved = JSON.parse(sessionStorage.getItem(REGISTRATION_KEY) ?? 'null') as Registration | null;
    return saved?.merchant_uid === returned ? saved : null;
  } catch {
    return null;
  }
}

/** `sandbox`: the demo's own sandbox (settings.ts); null in real-SDK mode, where this section stays off. */
export function setupLoop(sandbox: ImpSandboxHandle | null): void {
  const section = document.getElementById('loop');
  const button = section?.querySelector<ImpBillingButton>('imp-billing-button');
  const select = section?.querySelector<HTMLSelectElement>('#loop-case');
  const status = section?.querySelector<HTMLElement>('#loop-status');
  const diagrams = section?.querySelector<HTMLElement>('#loop-diagrams');
  if (!section || !button || !select || !status || !diagrams) return;
  let state: { say: (copy: Copy) => string } = { say: (copy) => copy.preparing };

  const render = () => {
    const copy = COPY[currentLang()];
    diagrams.replaceChildren(cycleDiagram(copy), roundTripDiagram(copy));
    section.querySelector('#loop-case-label')!.textContent = copy.case;
    for (const option of select.options) option.textContent = copy.cases[option.value as CaseKey] ?? option.value;
    button.textContent = copy.button;
    status.textContent = state.say(copy);
  };
  const show = (say: (copy: Copy) => string) => {
    state = { say };
    status.textContent = say(COPY[currentLang()]);
  };

  // Each choice of case prepares anew; an answer to an earlier choice that arrives later is dropped, so the button
  // and the status line always show the latest registration (the page's own first one can still be on its way).
  let latest = 0;
  const prepare = async () => {
    const attempt = ++latest;
    button.disabled = true;
    if (!sandbox) return show((copy) => copy.realMode);
    // Back from a phone's m_redirect_url: the button must carry the registration the customer paid for (its
    // customer-uid is how the button knows the return is its own), not a fresh one made while the page loads.
    let r = returningRegistration();
    if (!r) {
      show((copy) => copy.preparing);
      const answer = await post('/api/billing/registrations', { case: select.value }).catch(() => null);
      if (attempt !== latest) return;
      if (!answer || answer.status !== 200) return show((copy) => copy.offline);
      r = answer.body as unknown as Registration;
      try {
        sessionStorage.setItem(REGISTRATION_KEY, JSON.stringify(r));
      } catch {
        /* storage refused: a phone's return then cannot be matched, as on any page without storage */
      }
    }
    const attrs: Record<string, string | undefined> = {
      pg: r.pg,
      amount: String(r.amount),
      currency: r.currency,
      'order-name': r.name,
      'buyer-email': r.buyer_email,
      'buyer-name': r.buyer_name,
      'merchant-uid': r.merchant_uid,
      'customer-uid': r.customer_uid,
      'sandbox-api': r.sandbox_api,
    };
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined) button.removeAttribute(name);
      else button.setAttribute(name, value);
    }
    // The demo installed the sandbox itself (settings.ts), so `sandbox-api` alone would not reach it.
    sandbox.api = r.sandbox_api;
    button.disabled = false;
    show((copy) => copy.ready(r.merchant_uid, r.customer_uid));
  };

  button.addEventListener('imp-billing-success', async (e) => {
    show((copy) => copy.verifying);
    // Paymentwall answers 202 until its pingback: ask again, as a merchant page would.
    for (let attempt = 0; attempt < 40; attempt++) {
      const answer = await post('/api/billing/verify', e.detail).catch(() => null);
      if (!answer) return show((copy) => copy.offline);
      if (answer.status === 202) {
        show((copy) => copy.awaiting);
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      if (answer.status !== 200) return show((copy) => copy.refused(String(answer.body['message'] ?? answer.status)));
      const card = `${String(answer.body['card_name'] ?? '')} ${String(answer.body['masked'] ?? '')}`.trim();
      show((copy) => copy.verified(card));
      // Hand the customer to the subscription section (it follows its customer-uid field).
      const uid = document.getElementById('sub-customer') as HTMLInputElement | null;
      if (uid) {
        uid.value = String(answer.body['customer_uid']);
        uid.dispatchEvent(new Event('change'));
      }
      return;
    }
  });
  select.addEventListener('change', () => void prepare());
  document.addEventListener('demo-lang', render);
  render();
  void prepare();
}
