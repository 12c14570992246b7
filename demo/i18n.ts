/**
 * Korean and English for the demo. The Korean static text lives in index.html, where a reader sees it in place; the
 * English for it is here, keyed by `data-i18n`. Text written by scripts has both languages here.
 * In these strings, `backticks` mark code and are rendered as <code> elements (never as HTML).
 */
export type Lang = 'ko' | 'en';

const STATIC_EN: Record<string, string> = {
  'page.title': 'imp-billing demo · card registration for PortOne V1 recurring billing',
  'page.tagline': 'A web component that registers cards for PortOne (iamport) V1 recurring billing (billing keys)',
  'page.footer':
    'A success event is a claim to check: always confirm the payment status and amount on your server with PortOne’s REST API.',
  'settings.title': 'Settings',
  'settings.sandboxOn': 'Sandbox on',
  'settings.sandboxText': 'The buttons use the offline sandbox (the `sandbox` attribute). No card is charged and no real billing key is issued.',
  'settings.outcome': 'Sandbox answer',
  'settings.outcomePerson': 'Ask in the window',
  'settings.outcomeApprove': 'Always approve',
  'settings.outcomeDecline': 'Always decline',
  'settings.outcomeCancel': 'Always cancel',
  'settings.merchantCode': 'Merchant code',
  'settings.realSdk': 'Use the real PortOne SDK',
  'settings.realOn': 'Real SDK',
  'settings.realBanner':
    'Real PortOne SDK mode: the sandbox is off, so payments may really happen. This page’s CSP must allow cdn.iamport.kr.',
  'settings.realNote':
    'Type a merchant code to enable it. Switching reopens the page without `sandbox` and with `merchant-code`. It needs access to cdn.iamport.kr, and real cards may be charged.',
  'mobile.title': 'On mobile',
  'mobile.text':
    'the sandbox delivers the result by navigating to `m_redirect_url` (this page) instead of the callback. On the way back the same button reads the result from the address, sends the same events and removes the result query from the address bar. A reload does not send them again.',
  'mobile.detected': 'This browser counts as mobile: after the window’s choice the page navigates.',
  'scenarios.title': 'Examples by PG',
  'pwWindow.title': 'Paymentwall window',
  'pwWindow.text':
    'Issues the key together with a first charge (50 USD). `buyer_email` is required, and later charges must use the same email. The key is usable once the webhook has arrived.',
  'pwBrick.title': 'Paymentwall Brick (no window)',
  'pwBrick.text':
    'Card data passed in the `card` property issues the key and charges at once, without a window (merchants with Brick enabled only). One press charges, so repeated clicks are blocked. Card data never reaches attributes, events or the log.',
  'pwBrick.number': 'Card number',
  'pwBrick.expiry': 'Expiry (YYYY-MM)',
  't3.title': 'Terminal3 widget',
  't3.text':
    'Paymentwall’s Terminal3 window: set the `bypass` property to `{ widget_code: \'t3_1\' }`. Without it the default widget (`pw_1`) opens.',
  'jtnetKey.title': 'JTNet key only (0 KRW)',
  'jtnetKey.text':
    'With `amount="0"` only the billing key is issued, nothing is charged. Charge later from your server with `POST /subscribe/payments/again`.',
  'jtnetPay.title': 'JTNet key + first payment',
  'jtnetPay.text': 'With an amount, the key is issued and that amount (1,004 KRW) is charged in the same window.',
  'kcp.title': 'NHN KCP recurring',
  'kcp.text':
    '`pg="kcp_billing"` only issues the key in its window. The amount is for display and never charged; the first charge is an `again` call from your server.',
  'playground.title': 'Playground (any PG)',
  'playground.text':
    'Edit the attributes: the button follows at once, and so do the `request_pay` params it would send and the HTML to paste. An invalid value names its field.',
  'playground.params': 'Params to send (IMP.request_pay)',
  'playground.html': 'HTML to paste',
  'playground.copy': 'Copy',
  'playground.channelKeyHint': 'the console’s channel key (recommended)',
  'playground.pgProviderHint': 'the channel’s PG (for its rules; never sent)',
  'playground.pgHint': 'deprecated (use channel-key)',
  'playground.customerIdHint': 'buyer ID (required by nice_v2)',
  'playground.languageHint': 'window language (some PGs)',
  'playground.redirectUrlHint': 'mobile return URL (empty: this page)',
  'sub.title': 'A subscription’s life (with the server)',
  'sub.text':
    'Card details typed here go to the demo merchant server (`/api`), which obtains a billing key from PortOne’s REST API (here a local stand-in). Then the server charges again, schedules the next payment, and when the stand-in’s clock moves on, the scheduled payment runs and the webhook reaches the server, which looks the payment up, records it and schedules the one after.',
  'sub.offline': 'The merchant server cannot be reached. Open the page with `npm run demo` and the server starts with it.',
  'sub.step1': '1. Register a card (key-in)',
  'sub.newUid': 'New customer',
  'sub.cards':
    'Test cards: `4242-4242-4242-4242` approves; `4000-0000-0000-0002` registers but its charges are declined. Birth date: any real date (e.g. `900101`); first two PIN digits: any (e.g. `12`).',
  'sub.step2': '2. Charge from the server',
  'sub.again': 'Charge again',
  'sub.refund': 'Refund the last payment',
  'sub.schedule': 'Schedule next payment',
  'sub.advance': 'Clock +31 days',
  'sub.refresh': 'Refresh',
  'sub.replay': 'Replay webhook',
  'sub.wrongSecret': 'Call with a wrong imp_secret',
  'sub.step2Note':
    'Moving the clock on makes the PortOne stand-in run every schedule that falls due and send the webhook to the server, which checks it with `GET /payments/{imp_uid}`, records it and schedules the next payment with a fresh `merchant_uid`.',
  'sub.step3': '3. Webhook replay and a wrong key',
  'sub.step3Note':
    'PortOne sends a webhook again when it gets no answer. The server processes each `(imp_uid, status)` once, so the second delivery records nothing. With a wrong `imp_secret`, PortOne refuses the token with 401.',
  'sub.webhooks': 'Webhooks received by the server',
  'sub.th.receivedAt': 'Received',
  'sub.th.from': 'Sent by',
  'sub.th.verified': 'Verified status',
  'sub.th.outcome': 'Server’s answer',
  'sub.th.nextSchedule': 'Next schedule',
  'sub.clock': 'The stand-in’s clock',
  'sub.subscriptions': 'Subscription',
  'sub.payments': 'Payments',
  'sub.schedules': 'Schedules',
  'sub.th.status': 'Status',
  'sub.th.card': 'Card',
  'sub.th.plan': 'Plan',
  'sub.th.next': 'Next payment',
  'sub.th.paidAt': 'Paid at',
  'sub.th.amount': 'Amount',
  'sub.th.source': 'Recorded by',
  'sub.th.scheduleAt': 'Due',
  'sub.th.scheduleStatus': 'Schedule',
  'sub.th.paymentStatus': 'Payment',
  'log.title': 'Event log',
  'log.clear': 'Clear',
  'log.text': 'Every `imp-billing-*` event heard on the document. The element has already redacted card data.',
  'log.empty': 'No events yet. Press a button.',
};

/** Text written by scripts. */
const MESSAGES = {
  ko: {
    'result.success': '발급 요청 성공',
    'result.verify': '서버에서 확인하세요',
    'result.webhook': '웹훅을 기다리는 중',
    'log.count': (n: number) => `${n}개`,
    'log.detail': '자세히',
    'log.request': '요청',
    'log.success': '성공',
    'log.failure': '실패',
    'playground.valid': '유효한 설정입니다. 이 파라미터로 결제창을 엽니다.',
    'playground.invalid': '필드 오류',
    'playground.defaultPg': '(지정 안 함 · 공통 규칙만)',
    'playground.generated': 'merchant_uid는 누를 때마다 새로 만들어집니다.',
    'playground.copied': '복사했습니다',
    'rule.amount.zero-is-key-only': '0원이면 빌링키만, 금액이 있으면 발급과 함께 결제',
    'rule.amount.display-only': '금액은 표시용 · 발급 때 결제되지 않음',
    'rule.amount.charged': '발급 때 반드시 결제 (금액 > 0)',
    'rule.methods': '결제수단',
    'rule.anyMethod': 'PG/사용자가 선택',
    'rule.required': '필수',
    'rule.mobileCallback': '모바일도 콜백',
    'rule.mobileRedirect': '모바일은 m_redirect_url로 이동',
    'rule.none': 'PG를 지정하지 않으면 공통 규칙만 검사합니다.',
    'sub.again': '다시 결제',
    'sub.refund': '마지막 결제 환불',
    'sub.schedule': '다음 결제 예약',
    'sub.advance': '시계 31일 앞으로',
    'sub.replay': '웹훅 다시 보내기',
    'sub.wrongSecret': '잘못된 imp_secret으로 호출',
    'sub.noServer': '가맹점 서버의 응답이 없습니다',
    'sub.executed': (n: number) => `이 고객의 예약 결제 ${n}건 실행`,
    'sub.others': (n: number) => `다른 고객 ${n}건`,
    'sub.webhookWord': '웹훅',
    'sub.duplicate': '이미 처리한 웹훅: 다시 기록하지 않음',
    'sub.unauthorized': (status: number, message: string) =>
      `imp_secret이 틀려 PortOne이 토큰을 주지 않았습니다. 서버는 아무 요청도 하지 못했고 아무것도 기록하지 않았습니다 (가맹점 서버 응답 HTTP ${status}) · ${message}`,
    'sub.labels': {
      active: '활성',
      past_due: '연체',
      cancelled: '취소',
      paid: '결제 완료',
      failed: '결제 실패',
      ready: '미결제',
      scheduled: '예약됨',
      executed: '실행됨',
      revoked: '예약 취소',
      again: '다시 결제',
      webhook: '웹훅',
      verify: '결제 확인',
      first: 'PortOne 대역',
      replay: '다시 보냄',
      recorded: '기록함',
      duplicate: '중복: 기록 안 함',
      'not-recorded': '기록 안 함',
      refused: '거절',
    },
    'sub.reasons': {
      'not-found': '이 customer_uid로 등록된 카드가 없습니다. 먼저 카드를 등록하세요.',
      'nothing-to-refund': '환불할 결제가 없습니다. 먼저 결제하세요.',
      'already-scheduled': '다음 결제가 이미 예약되어 있습니다. 시계를 앞당겨 실행해 보세요.',
      'nothing-to-replay': '이 고객의 예약 결제가 아직 실행되지 않았습니다. 예약하고 시계를 앞당긴 뒤 다시 보내 보세요.',
      'invalid-params': 'customer_uid를 확인하세요 (영문, 숫자, _.:@- 80자 이내).',
    },
  },
  en: {
    'result.success': 'Registration reported',
    'result.verify': 'verify it on your server',
    'result.webhook': 'awaiting the webhook',
    'log.count': (n: number) => `${n} ${n === 1 ? 'event' : 'events'}`,
    'log.detail': 'Details',
    'log.request': 'request',
    'log.success': 'success',
    'log.failure': 'failure',
    'playground.valid': 'Valid: the window opens with these params.',
    'playground.invalid': 'Field error',
    'playground.defaultPg': '(none · universal rules only)',
    'playground.generated': 'merchant_uid is generated afresh for every press.',
    'playground.copied': 'Copied',
    'rule.amount.zero-is-key-only': '0 issues the key only; an amount also charges',
    'rule.amount.display-only': 'amount is display-only · not charged at issuance',
    'rule.amount.charged': 'issuance always charges (amount > 0)',
    'rule.methods': 'pay methods',
    'rule.anyMethod': 'chosen by the PG or the user',
    'rule.required': 'required',
    'rule.mobileCallback': 'callback on mobile too',
    'rule.mobileRedirect': 'mobile returns via m_redirect_url',
    'rule.none': 'No PG named: only the universal rules are checked.',
    'sub.again': 'Charge again',
    'sub.refund': 'Refund the last payment',
    'sub.schedule': 'Schedule next payment',
    'sub.advance': 'Clock +31 days',
    'sub.replay': 'Replay webhook',
    'sub.wrongSecret': 'Call with a wrong imp_secret',
    'sub.noServer': 'no answer from the merchant server',
    'sub.executed': (n: number) => `${n} scheduled ${n === 1 ? 'payment' : 'payments'} of this customer ran`,
    'sub.others': (n: number) => `${n} of other customers`,
    'sub.webhookWord': 'webhook',
    'sub.duplicate': 'already processed: not recorded again',
    'sub.unauthorized': (status: number, message: string) =>
      `With a wrong imp_secret PortOne gave no token, so the server could do nothing and recorded nothing (the merchant server answered HTTP ${status}) · ${message}`,
    'sub.labels': {
      active: 'active',
      past_due: 'past due',
      cancelled: 'cancelled',
      paid: 'paid',
      failed: 'failed',
      ready: 'not paid',
      scheduled: 'scheduled',
      executed: 'executed',
      revoked: 'revoked',
      again: 'charge again',
      webhook: 'webhook',
      verify: 'verify',
      first: 'PortOne stand-in',
      replay: 'replayed',
      recorded: 'recorded',
      duplicate: 'duplicate: not recorded',
      'not-recorded': 'not recorded',
      refused: 'refused',
    },
    'sub.reasons': {
      'not-found': 'No card is registered under this customer_uid. Register one first.',
      'nothing-to-refund': 'There is no paid payment to refund. Charge first.',
      'already-scheduled': 'The next payment is already scheduled. Move the clock on to run it.',
      'nothing-to-replay': 'No scheduled payment of this customer has run yet. Schedule one and move the clock on first.',
      'invalid-params': 'Check the customer_uid (letters, digits, _.:@-, up to 80).',
    },
  },
} satisfies Record<Lang, Record<string, string | ((...args: never[]) => string) | Readonly<Record<string, string>>>>;

type MessageKey = keyof (typeof MESSAGES)['ko'];
type Message<K extends MessageKey> = (typeof MESSAGES)['ko'][K];

const STORAGE_KEY = 'imp-billing-demo:lang';
/** The Korean content of each translated element, captured from index.html before the first switch. */
const korean = new Map<Element, Node[]>();

export function currentLang(): Lang {
  return document.documentElement.lang.toLowerCase().startsWith('en') ? 'en' : 'ko';
}

export function t<K extends MessageKey>(key: K): Message<K> {
  return MESSAGES[currentLang()][key] as Message<K>;
}

/** Fills `el` with `text`, turning `backtick` spans into <code> elements; everything stays text. */
export function renderRich(el: Element, text: string): void {
  el.replaceChildren(
    ...text.split('`').map((part, i) => {
      if (i % 2 === 0) return document.createTextNode(part);
      const code = document.createElement('code');
      code.textContent = part;
      return code;
    }),
  );
}

function applyStatic(lang: Lang): void {
  for (const el of document.querySelectorAll('[data-i18n]')) {
    if (!korean.has(el)) korean.set(el, Array.from(el.childNodes, (node) => node.cloneNode(true)));
    const en = STATIC_EN[el.getAttribute('data-i18n') ?? ''];
    if (lang === 'en' && en !== undefined) renderRich(el, en);
    else el.replaceChildren(...(korean.get(el) ?? []).map((node) => node.cloneNode(true)));
  }
}

/**
 * Switches the page language: `lang` on <html> (the imp-billing elements re-render on that change, and the sandbox
 * window follows the closest lang), the static text, and a `demo-lang` event for the modules that render text themselves.
 */
export function setLang(lang: Lang, { remember = true } = {}): void {
  document.documentElement.lang = lang;
  applyStatic(lang);
  for (const button of document.querySelectorAll<HTMLElement>('[data-lang]')) {
    button.setAttribute('aria-pressed', String(button.dataset['lang'] === lang));
  }
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      /* storage blocked: the choice lasts for this page only */
    }
  }
  document.dispatchEvent(new CustomEvent('demo-lang', { detail: { lang } }));
}

/** `?lang=` wins (shareable links), then the last choice, then the page's own Korean. */
export function initialLang(): Lang {
  const fromQuery = new URLSearchParams(location.search).get('lang');
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    /* storage blocked */
  }
  const pick = fromQuery ?? stored ?? 'ko';
  return pick.toLowerCase().startsWith('en') ? 'en' : 'ko';
}

export function setupLangSwitch(): void {
  for (const button of document.querySelectorAll<HTMLElement>('[data-lang]')) {
    button.addEventListener('click', () => setLang(button.dataset['lang'] === 'en' ? 'en' : 'ko'));
  }
  setLang(initialLang(), { remember: false });
}
