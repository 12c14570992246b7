/**
 * Card data hygiene (issue 7 A). After the Paymentwall Brick flow of <imp-billing-button> and the key-in flow of
 * <imp-billing-card-form>, on success and on failure, the card number (any format), expiry, CVC, birth date and
 * password digits are found nowhere on the page: not in any attribute, text or control value (light DOM and every
 * shadow root), Web Storage, cookies, URL, history state, fetched URLs, console output, custom-event details or
 * uncaught errors. The only channels allowed to carry them are the intended ones: `IMP.request_pay`'s params for
 * Brick, and the POST body to the merchant server for the card form; each test checks the data did go there, so a
 * flow that silently dropped the card could not pass for a clean one.
 *
 * The scanner is proven first: each value, in several formats, planted in each scanned place, is found there.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ImpBillingButton } from './button.js';
import { defineImpBillingButton } from './define.js';
import type { ImpBillingCardForm } from '../card-form/card-form.js';
import { defineImpBillingCardForm } from '../card-form/define.js';
import type { RequestPayParams } from '../core/types.js';
import { installImpSandbox, type ImpSandboxHandle } from '../sandbox/index.js';
import {
  findSecrets,
  newHits,
  report,
  scan,
  startRecording,
  type FetchResponder,
  type Hit,
  type Recorder,
  type Secret,
} from '../test-helpers/leak-scan.js';

defineImpBillingButton();
defineImpBillingCardForm();

// Values chosen to appear nowhere else: a Luhn-valid number that is not a well-known test card (so no sandbox mask or
// fixture contains it), a CVC, birth date and password digits that no copy text, attribute or fixed id on the page
// contains as a number of its own.
const CARD = '5409-7823-1654-0938';
const CARD_DIGITS = '5409782316540938';
/** The same number with a wrong check digit: what a user who mistyped leaves behind. */
const MISTYPED = '5409-7823-1654-0937';
const EXPIRY = '2031-07';
const CVC = '719';
const BIRTH = '880514';
const PWD = '83';

const SECRETS: Secret[] = [
  { name: 'card number', forms: [CARD_DIGITS] },
  { name: 'mistyped card number', forms: ['5409782316540937'] },
  { name: 'expiry', forms: ['203107', '0731'] },
  { name: 'CVC', forms: [CVC] },
  { name: 'birth date', forms: [BIRTH] },
  { name: 'password digits', forms: [PWD] },
];

/** Lets late timers (a status update, a second event, a deferred log line) happen before the scan. */
const settle = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

let recorder: Recorder | undefined;
let sandbox: ImpSandboxHandle | undefined;
const cleanups: (() => void)[] = [];

afterEach(() => {
  recorder?.stop();
  recorder = undefined;
  sandbox?.uninstall();
  sandbox = undefined;
  for (const undo of cleanups.splice(0).reverse()) undo();
  localStorage.clear();
  sessionStorage.clear();
});

// ---- the scanner finds what it looks for -----------------------------------------------------------------------------

/** Formats a value may be written in; each planter takes another, so every format is exercised. */
const FORMATS: Record<string, string[]> = {
  'card number': [CARD_DIGITS, CARD, '5409 7823 1654 0938', '5409%207823%201654%200938', '5409.7823.1654.0938', '5409 - 7823 - 1654 - 0938'],
  'mistyped card number': [MISTYPED, '5409782316540937'],
  expiry: [EXPIRY, '07/31', '203107', '2031/07'],
  CVC: [CVC],
  'birth date': [BIRTH, '88-05-14', '88.05.14'],
  'password digits': [PWD],
};

/** Puts `value` in one scanned place and returns the start of the place name the scanner must report. */
type Planter = (value: string) => Promise<string> | string;

/** As a careless script would put it in a URL: spaces encoded, an already encoded value left alone. */
const inUrl = (v: string) => v.replace(/ /g, '%20');

function shadowHost(): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement('div');
  document.body.append(host);
  cleanups.push(() => host.remove());
  return { host, root: host.attachShadow({ mode: 'open' }) };
}

const PLANTERS: Record<string, Planter> = {
  'light DOM attribute': (v) => {
    const div = document.createElement('div');
    div.setAttribute('data-probe', v);
    document.body.append(div);
    cleanups.push(() => div.remove());
    return 'attribute';
  },
  'attribute two shadow roots deep': (v) => {
    const { root } = shadowHost();
    const inner = document.createElement('section');
    root.append(inner);
    const deeper = inner.attachShadow({ mode: 'open' });
    const span = document.createElement('span');
    span.title = v;
    deeper.append(span);
    return 'attribute';
  },
  'light DOM text': (v) => {
    const p = document.createElement('p');
    p.textContent = `Card: ${v}`;
    document.body.append(p);
    cleanups.push(() => p.remove());
    return 'text';
  },
  'shadow DOM text': (v) => {
    shadowHost().root.append(`left behind ${v}`);
    return 'text';
  },
  'comment in a shadow root': (v) => {
    shadowHost().root.append(new Comment(v));
    return 'comment';
  },
  'input value (property, no attribute) in a shadow root': (v) => {
    const input = document.createElement('input');
    shadowHost().root.append(input);
    input.value = v;
    return 'value of';
  },
  'textarea value': (v) => {
    const area = document.createElement('textarea');
    document.body.append(area);
    cleanups.push(() => area.remove());
    area.value = v;
    return 'value of';
  },
  localStorage: (v) => {
    localStorage.setItem('probe', JSON.stringify({ card: v }));
    return 'localStorage';
  },
  sessionStorage: (v) => {
    sessionStorage.setItem(`k_${v}`, '1');
    return 'sessionStorage';
  },
  'document.cookie': (v) => {
    document.cookie = `probe=${v}; path=/`;
    cleanups.push(() => (document.cookie = 'probe=; path=/; max-age=0'));
    return 'document.cookie';
  },
  'location.href': (v) => {
    const href = location.href;
    history.replaceState(history.state, '', `${location.pathname}${location.search}&probe=${inUrl(v)}`);
    cleanups.push(() => history.replaceState(history.state, '', href));
    return 'location.href';
  },
  'history.state': (v) => {
    const state: unknown = history.state;
    history.replaceState({ deep: { list: [v] } }, '');
    cleanups.push(() => history.replaceState(state, ''));
    return 'history.state';
  },
  'console.log of a nested object': (v) => {
    console.log('saved', { a: { b: [{ c: v }] } });
    return 'console';
  },
  'console.error of an Error with a cause': (v) => {
    console.error(new Error('register failed', { cause: new Error(`bad card ${v}`) }));
    return 'console';
  },
  'console.debug of a Map': (v) => {
    console.debug(new Map([['card', new Set([v])]]));
    return 'console';
  },
  'imp-billing-success detail': (v) => {
    window.dispatchEvent(new CustomEvent('imp-billing-success', { detail: { response: { nested: [v] } } }));
    return 'event';
  },
  'non-bubbling custom event inside a shadow root': (v) => {
    const span = document.createElement('span');
    shadowHost().root.append(span);
    span.dispatchEvent(new CustomEvent('some-other-event', { detail: { value: v } }));
    return 'event';
  },
  'fetch URL': async (v) => {
    await fetch(`/merchant/probe?n=${inUrl(v)}`);
    return 'fetch';
  },
  'fetch header': async (v) => {
    await fetch('/merchant/probe', { headers: { 'x-card': v } });
    return 'fetch';
  },
  'URL of a loaded resource': async (v) => {
    const img = new Image();
    const done = new Promise((resolve) => (img.onerror = img.onload = resolve));
    img.src = `/__no_such_probe.png?c=${inUrl(v)}`;
    await done;
    cleanups.push(() => performance.clearResourceTimings());
    return 'resource URL';
  },
};

describe('card hygiene: the scanner', function () {
  this.timeout(30_000);

  Object.entries(PLANTERS).forEach(([where, plant], p) => {
    it(`finds each value, in more than one format, planted in: ${where}`, async () => {
      for (const secret of SECRETS) {
        const formats = FORMATS[secret.name]!;
        const value = formats[p % formats.length]!;
        recorder = startRecording({ respond: () => new Response('{}', { status: 200 }) });
        const before = scan(SECRETS, recorder);
        const expected = await plant(value);
        const hits = newHits(before, scan(SECRETS, recorder));
        recorder.stop();
        recorder = undefined;
        for (const undo of cleanups.splice(0).reverse()) undo();
        localStorage.clear();
        sessionStorage.clear();
        const found = hits.filter((h) => h.secret === secret.name && h.place.startsWith(expected));
        expect(found, `${secret.name} written as ${JSON.stringify(value)} in ${where}; hits:\n${report(hits)}`).to.not.be.empty;
      }
    });
  });

  it('finds every listed format of the card number in one string', () => {
    for (const value of FORMATS['card number']!) {
      expect(findSecrets(SECRETS, [{ place: 'p', text: `x${value}x` }]).map((h) => h.secret), value).to.include('card number');
    }
  });

  it('does not mistake a short value inside a longer number for a leak (random imp_uids, masks, years)', () => {
    const text = ['imp_719123456789', 'pg_tid 8805141234567890', '1983', '540978******0938', 'F0083', '7190'].join(' ');
    expect(report(findSecrets(SECRETS, [{ place: 'p', text }]))).to.equal('');
    // …while the same values standing alone are found.
    expect(findSecrets(SECRETS, [{ place: 'p', text: 'cvc719 pwd:83 birth=880514' }]).map((h) => h.secret)).to.deep.equal([
      'CVC',
      'birth date',
      'password digits',
    ]);
  });

  it('leaves out only the POST body (the card form\'s intended channel), and still sees that URL and headers', async () => {
    recorder = startRecording({ respond: () => new Response('{}') });
    const before = scan(SECRETS, recorder);
    await fetch('/merchant/card', { method: 'POST', body: JSON.stringify({ card_number: CARD }) });
    expect(recorder.fetches[0]!.body).to.contain(CARD);
    expect(report(newHits(before, scan(SECRETS, recorder)))).to.equal('');
  });
});

// ---- Paymentwall Brick through <imp-billing-button> ----------------------------------------------------------------

interface FlowResult {
  /** Card data found after the flow that was not on the page before it. */
  leaks: Hit[];
  events: { type: string; detail: Record<string, unknown> }[];
}

/** Waits for the element's outcome: one imp-billing-success or imp-billing-failure. */
function outcome(el: Element): Promise<CustomEvent<Record<string, unknown>>> {
  return new Promise((resolve) => {
    const done = (e: Event) => {
      el.removeEventListener('imp-billing-success', done);
      el.removeEventListener('imp-billing-failure', done);
      resolve(e as CustomEvent<Record<string, unknown>>);
    };
    el.addEventListener('imp-billing-success', done);
    el.addEventListener('imp-billing-failure', done);
  });
}

function eventsOf(rec: Recorder): FlowResult['events'] {
  return rec.events.filter((e) => e.type.startsWith('imp-billing-')).map((e) => ({ type: e.type, detail: JSON.parse(e.json) as Record<string, unknown> }));
}

/**
 * The Brick flow: the card goes in through the element's `card` property (it has no attribute), a click sends it to
 * the sandbox SDK, which answers like Paymentwall. `sent` receives what request_pay really got.
 */
async function brick(card: { number: string; expiry: string; cvc: string }, choice: 'approve' | 'decline', sent: RequestPayParams[]): Promise<FlowResult> {
  sandbox = installImpSandbox(window, { outcome: choice });
  const imp = window.IMP!;
  const requestPay = imp.request_pay.bind(imp);
  imp.request_pay = (params, callback) => {
    sent.push(structuredClone(params));
    requestPay(params, callback);
  };
  recorder = startRecording();
  const el = await fixture<ImpBillingButton>(html`<imp-billing-button
    merchant-code="imp00000000"
    pg="paymentwall"
    customer-uid="hygiene_brick"
    merchant-uid="hygiene-brick-order"
    amount="50"
    currency="USD"
    order-name="Hygiene"
    buyer-email="hygiene@example.com"
    buyer-name="Hygiene Tester"
    sandbox
    preload="none"
  ></imp-billing-button>`);
  await el.updateComplete;
  const before = scan(SECRETS, recorder);
  el.card = card;
  const done = outcome(el);
  el.click();
  await done;
  await el.updateComplete;
  await settle();
  return { leaks: newHits(before, scan(SECRETS, recorder)), events: eventsOf(recorder) };
}

describe('card hygiene: Paymentwall Brick (<imp-billing-button> card property)', function () {
  this.timeout(20_000);

  it('approved: success, and the card is found nowhere but in request_pay', async () => {
    const sent: RequestPayParams[] = [];
    const { leaks, events } = await brick({ number: CARD, expiry: EXPIRY, cvc: CVC }, 'approve', sent);
    expect(report(leaks)).to.equal('');
    expect(events.map((e) => e.type)).to.deep.equal(['imp-billing-request', 'imp-billing-success']);
    expect(sent).to.have.length(1);
    expect(sent[0]!.card!.info).to.deep.equal({ number: CARD, expiry: EXPIRY, cvc: CVC });
  });

  it('declined by the PG: failure, and the card is found nowhere but in request_pay', async () => {
    const sent: RequestPayParams[] = [];
    const { leaks, events } = await brick({ number: CARD_DIGITS, expiry: '07/31', cvc: CVC }, 'decline', sent);
    expect(report(leaks)).to.equal('');
    expect(events.map((e) => e.type)).to.deep.equal(['imp-billing-request', 'imp-billing-failure']);
    expect(events[1]!.detail).to.include({ code: 'pg-error', via: 'callback' });
    expect(sent[0]!.card!.info).to.deep.equal({ number: CARD, expiry: EXPIRY, cvc: CVC });
  });

  it('refused locally (mistyped number): failure naming the field, a console warning, and the card found nowhere', async () => {
    const sent: RequestPayParams[] = [];
    const { leaks, events } = await brick({ number: MISTYPED, expiry: EXPIRY, cvc: CVC }, 'approve', sent);
    expect(report(leaks)).to.equal('');
    expect(events.map((e) => e.type)).to.deep.equal(['imp-billing-failure']);
    expect(events[0]!.detail).to.include({ code: 'invalid-params', field: 'card.info.number', via: 'local' });
    // The warning was printed (and scanned): the refusal path really ran through the console.
    expect(recorder!.console.some((line) => line.includes('card number'))).to.equal(true);
    expect(sent).to.have.length(0);
  });
});

// ---- the key-in card form -------------------------------------------------------------------------------------------

const ACTION = '/merchant/billing/card';
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Types into one field of the form with the keyboard, as a person would. */
async function typeInto(el: ImpBillingCardForm, field: string, text: string): Promise<void> {
  el.shadowRoot!.querySelector<HTMLInputElement>(`#${field}`)!.focus();
  await sendKeys({ type: text });
}

interface FormFlowResult extends FlowResult {
  /** Card data on the page while it was typed, outside the inputs' values. */
  leaksWhileTyping: Hit[];
  /** Where the scanner saw the typed card before submitting (it must see the inputs). */
  seenWhileTyping: string[];
  body: Record<string, unknown>;
  status: string;
}

async function cardForm(respond: FetchResponder): Promise<FormFlowResult> {
  recorder = startRecording({ respond });
  const el = await fixture<ImpBillingCardForm>(html`<imp-billing-card-form action=${ACTION} customer-uid="hygiene_form"></imp-billing-card-form>`);
  await el.updateComplete;
  const before = scan(SECRETS, recorder);
  await typeInto(el, 'card_number', CARD_DIGITS);
  await typeInto(el, 'expiry', '203107');
  await typeInto(el, 'birth', BIRTH);
  await typeInto(el, 'pwd_2digit', PWD);
  await el.updateComplete;
  const typing = newHits(before, scan(SECRETS, recorder));
  const done = outcome(el);
  await sendKeys({ press: 'Enter' }); // implicit submission from the last field
  await done;
  await el.updateComplete;
  await settle();
  const rec = recorder;
  return {
    leaks: newHits(before, scan(SECRETS, rec)),
    leaksWhileTyping: typing.filter((h) => !h.place.startsWith('value of')),
    seenWhileTyping: typing.filter((h) => h.place.startsWith('value of')).map((h) => h.secret),
    events: eventsOf(rec),
    body: rec.fetches.length === 1 ? (JSON.parse(rec.fetches[0]!.body) as Record<string, unknown>) : {},
    status: el.shadowRoot!.querySelector('[part=status]')!.textContent ?? '',
  };
}

/** What the card form must have POSTed: the intended channel, proving the typed card really left the page. */
const POSTED = { customer_uid: 'hygiene_form', card_number: CARD, expiry: EXPIRY, birth: BIRTH, pwd_2digit: PWD };

describe('card hygiene: <imp-billing-card-form>', function () {
  this.timeout(20_000);

  /** Checks shared by every server answer: typed for real, sent once, found nowhere else before or after. */
  function expectClean(result: FormFlowResult, type: 'imp-billing-success' | 'imp-billing-failure') {
    expect(result.seenWhileTyping).to.have.members(['card number', 'expiry', 'birth date', 'password digits']);
    expect(report(result.leaksWhileTyping), 'while typing').to.equal('');
    expect(result.body).to.deep.equal(POSTED);
    expect(recorder!.fetches[0]!.method).to.equal('POST');
    expect(report(result.leaks), 'after the answer').to.equal('');
    expect(result.events.map((e) => e.type)).to.deep.equal([type]);
  }

  it('registered: success, and the card is found nowhere but in the POST body', async () => {
    const result = await cardForm(() => json({ ok: true, customer_uid: 'hygiene_form', card_name: '신한카드', masked: '540978******0938' }));
    expectClean(result, 'imp-billing-success');
    expect(result.status).to.contain('540978******0938');
  });

  it('registered by a careless server that echoes the card back: its answer is stripped before anyone sees it', async () => {
    const result = await cardForm(() =>
      json({ ok: true, customer_uid: 'hygiene_form', card_name: '신한카드', card_number: CARD, expiry: EXPIRY, birth: BIRTH, pwd_2digit: PWD, note: `card ${CARD}` }),
    );
    expectClean(result, 'imp-billing-success');
  });

  // The status line once showed answer.masked verbatim while the event got the redacted answer.
  it('registered by a server that sends the full number as "masked": the status line does not show it', async () => {
    const result = await cardForm(() => json({ ok: true, customer_uid: 'hygiene_form', card_name: '신한카드', masked: CARD }));
    expectClean(result, 'imp-billing-success');
  });

  it('declined by the card company (422): failure, and the card is found nowhere but in the POST body', async () => {
    const result = await cardForm(() => json({ ok: false, code: 'pg-error', message: '[F112] 카드정보 인증에 실패했습니다' }, 422));
    expectClean(result, 'imp-billing-failure');
    expect(result.events[0]!.detail).to.include({ code: 'pg-error', via: 'server' });
  });

  it('refused by a server whose message repeats the birth date, password digits and expiry: none of them is shown or sent', async () => {
    const result = await cardForm(() =>
      json({ ok: false, code: 'invalid-params', field: 'birth', message: `birth ${BIRTH} pwd ${PWD} exp ${EXPIRY.replace('-', '/')} rejected` }, 400),
    );
    expectClean(result, 'imp-billing-failure');
    expect(result.events[0]!.detail).to.include({ code: 'invalid-params', field: 'birth', via: 'server' });
    expect(result.status).to.contain('rejected');
  });

  it('server error (500, HTML page): failure, and the card is found nowhere but in the POST body', async () => {
    const result = await cardForm(() => new Response('<h1>500 Internal Server Error</h1>', { status: 500, headers: { 'content-type': 'text/html' } }));
    expectClean(result, 'imp-billing-failure');
    expect(result.events[0]!.detail).to.include({ code: 'pg-error', via: 'server' });
  });

  it('network failure: failure, and the card is found nowhere but in the POST body', async () => {
    const result = await cardForm(() => Promise.reject(new TypeError('Failed to fetch')));
    expectClean(result, 'imp-billing-failure');
    expect(result.events[0]!.detail).to.include({ code: 'pg-error', via: 'local' });
  });
});
