import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ImpBillingFailureEvent, ImpBillingSuccessEvent } from '../ui/events.js';
import { ImpBillingCardForm } from './card-form.js';
import { defineImpBillingCardForm } from './define.js';

const CARD = { card_number: '4242424242424242', expiry: '203112', birth: '900101', pwd_2digit: '12' };
const SECRETS = ['4242424242424242', '4242-4242-4242-4242', '2031-12', '900101', '203112'];

type FetchCall = { url: string; init: RequestInit };

/** Replaces window.fetch; `respond` decides each answer (a promise lets a test hold the request open). */
function stubFetch(respond: (call: FetchCall) => Promise<Response> | Response) {
  const original = window.fetch;
  const calls: FetchCall[] = [];
  window.fetch = ((input: RequestInfo | URL, init: RequestInit = {}) => {
    const call = { url: String(input), init };
    calls.push(call);
    return Promise.resolve(respond(call));
  }) as typeof fetch;
  return { calls, restore: () => (window.fetch = original) };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const OK_ANSWER = { ok: true, customer_uid: 'cust-1', card_name: '신한카드', masked: '4242-****-****-4242' };

const input = (el: ImpBillingCardForm, name: string) => el.shadowRoot!.querySelector<HTMLInputElement>(`#${name}`)!;
const errorOf = (el: ImpBillingCardForm, name: string) => el.shadowRoot!.querySelector(`#${name}-error`)!.textContent!.trim();
const form = (el: ImpBillingCardForm) => el.shadowRoot!.querySelector('form')!;
const submitButton = (el: ImpBillingCardForm) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part=submit]')!;

/** Types like a user would: value set, then an input event (the form formats on input). */
async function type(el: ImpBillingCardForm, name: string, value: string) {
  const i = input(el, name);
  i.value = value;
  i.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

async function fill(el: ImpBillingCardForm, values: Partial<typeof CARD> = {}) {
  for (const [name, value] of Object.entries({ ...CARD, ...values })) await type(el, name, value);
}

async function mount(attrs = 'action="/api/card" customer-uid="cust-1"') {
  const wrapper = await fixture(html`<div .innerHTML=${`<imp-billing-card-form ${attrs}></imp-billing-card-form>`}></div>`);
  const el = wrapper.querySelector('imp-billing-card-form')!;
  await el.updateComplete;
  return el;
}

/** Every attribute value in the light and shadow trees, to prove no card data is reflected anywhere. */
function allAttributeText(root: Element): string {
  const parts: string[] = [];
  const walk = (node: Element | ShadowRoot) => {
    for (const child of Array.from(node.children)) {
      for (const a of Array.from(child.attributes)) parts.push(a.value);
      walk(child);
      if (child.shadowRoot) walk(child.shadowRoot);
    }
  };
  walk(root.parentElement ?? root);
  return parts.join('\n');
}

describe('<imp-billing-card-form>', () => {
  let logged: unknown[][];
  const originals = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };

  beforeEach(() => {
    logged = [];
    for (const k of Object.keys(originals) as Array<keyof typeof originals>) console[k] = (...args: unknown[]) => logged.push(args);
    localStorage.clear();
    sessionStorage.clear();
  });
  afterEach(() => {
    Object.assign(console, originals);
  });

  it('is registered and typed as imp-billing-card-form; defining twice is harmless', () => {
    expect(customElements.get('imp-billing-card-form')).to.equal(ImpBillingCardForm);
    defineImpBillingCardForm();
    const el: ImpBillingCardForm = document.createElement('imp-billing-card-form');
    expect(el).to.be.instanceOf(ImpBillingCardForm);
  });

  it('renders the four fields of seed 001 with labels, autocomplete and numeric keyboards', async () => {
    const el = await mount();
    const expected: Array<[string, string, string]> = [
      ['card_number', 'cc-number', 'text'],
      ['expiry', 'cc-exp', 'text'],
      ['birth', 'off', 'text'],
      ['pwd_2digit', 'off', 'password'],
    ];
    for (const [name, autocomplete, typeAttr] of expected) {
      const i = input(el, name);
      expect(i.getAttribute('autocomplete')).to.equal(autocomplete);
      expect(i.getAttribute('inputmode')).to.equal('numeric');
      expect(i.type).to.equal(typeAttr);
      expect(i.labels?.length).to.equal(1);
      expect(i.getAttribute('aria-describedby')).to.contain(`${name}-error`);
      expect(i.getAttribute('part')).to.equal('input');
    }
    expect(input(el, 'card_number').labels![0]!.textContent).to.equal('카드 번호');
    expect(submitButton(el).textContent!.trim()).to.equal('카드 등록하기');
    for (const part of ['form', 'field', 'input', 'error', 'submit']) expect(el.shadowRoot!.querySelector(`[part~=${part}]`)).to.exist;
  });

  it('speaks English under the closest lang="en", and follows its own lang attribute', async () => {
    const wrapper = await fixture(html`<div lang="en-US"><imp-billing-card-form></imp-billing-card-form></div>`);
    const el = wrapper.querySelector('imp-billing-card-form')!;
    await el.updateComplete;
    expect(input(el, 'card_number').labels![0]!.textContent).to.equal('Card number');
    el.setAttribute('lang', 'ko');
    await el.updateComplete;
    expect(input(el, 'card_number').labels![0]!.textContent).to.equal('카드 번호');
  });

  it('formats as you type, with a real keyboard too', async () => {
    const el = await mount();
    input(el, 'card_number').focus();
    await sendKeys({ type: '4242424242424242' });
    expect(input(el, 'card_number').value).to.equal('4242-4242-4242-4242');
    await type(el, 'card_number', '3782 822463 10005');
    expect(input(el, 'card_number').value).to.equal('3782-822463-10005');
    await type(el, 'card_number', '4242abc4242');
    expect(input(el, 'card_number').value).to.equal('4242-4242');
    await type(el, 'expiry', '203112');
    expect(input(el, 'expiry').value).to.equal('2031-12');
    await type(el, 'birth', '2208162517');
    expect(input(el, 'birth').value).to.equal('220-81-62517');
    await type(el, 'birth', '900101');
    expect(input(el, 'birth').value).to.equal('900101');
    await type(el, 'pwd_2digit', '1a2');
    expect(input(el, 'pwd_2digit').value).to.equal('12');
  });

  it('keeps autofilled MM/YY and shows it as YYYY-MM once valid', async () => {
    const el = await mount();
    await type(el, 'expiry', '12/31');
    input(el, 'expiry').dispatchEvent(new Event('blur'));
    await el.updateComplete;
    expect(input(el, 'expiry').value).to.equal('2031-12');
  });

  const invalidCases: Array<[string, Partial<typeof CARD>, RegExp, RegExp]> = [
    ['card_number', { card_number: '4242424242424241' }, /카드 번호가 올바르지 않습니다/, /mistyped/],
    ['card_number', { card_number: '4242' }, /14~16자리/, /14 to 16 digits/],
    ['card_number', { card_number: '' }, /카드 번호를 입력해/, /Enter the card number/],
    ['expiry', { expiry: '201001' }, /유효기간이 지난/, /expired/],
    ['expiry', { expiry: '203113' }, /01에서 12/, /between 01 and 12/],
    ['birth', { birth: '990230' }, /존재하지 않는 날짜/, /not a real date/],
    ['birth', { birth: '2208162518' }, /사업자등록번호가 올바르지/, /business registration number is mistyped/],
    ['birth', { birth: '1234' }, /6자리/, /6 digits/],
    ['pwd_2digit', { pwd_2digit: '1' }, /앞 두 자리/, /first two digits/],
  ];

  for (const [field, values, ko, en] of invalidCases) {
    it(`refuses ${field} = ${JSON.stringify(Object.values(values)[0])} locally, in Korean and English`, async () => {
      const f = stubFetch(() => json(OK_ANSWER));
      try {
        for (const lang of ['ko', 'en'] as const) {
          const el = await mount(`action="/api/card" customer-uid="cust-1" lang="${lang}"`);
          await fill(el, values);
          const failed = oneEvent(el, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
          form(el).requestSubmit();
          const { detail } = await failed;
          await el.updateComplete;
          expect(detail.code).to.equal('invalid-params');
          expect(detail.field).to.equal(field);
          expect(detail.via).to.equal('local');
          expect(errorOf(el, field)).to.match(lang === 'ko' ? ko : en);
          expect(detail.message).to.equal(errorOf(el, field));
          expect(input(el, field).getAttribute('aria-invalid')).to.equal('true');
          expect(el.shadowRoot!.activeElement).to.equal(input(el, field));
          // Nothing was sent, and the other fields keep what the user typed.
          expect(f.calls).to.have.length(0);
          const other = field === 'card_number' ? 'expiry' : 'card_number';
          expect(input(el, other).value).to.not.equal('');
          expect(input(el, other).getAttribute('aria-invalid')).to.equal('false');
        }
      } finally {
        f.restore();
      }
    });
  }

  it('clears an error as soon as the field is fixed, and checks on blur', async () => {
    const el = await mount();
    await type(el, 'card_number', '4242424242424241');
    input(el, 'card_number').dispatchEvent(new Event('blur'));
    await el.updateComplete;
    expect(input(el, 'card_number').getAttribute('aria-invalid')).to.equal('true');
    await type(el, 'card_number', '4242424242424242');
    expect(input(el, 'card_number').getAttribute('aria-invalid')).to.equal('false');
    expect(errorOf(el, 'card_number')).to.equal('');
  });

  it('POSTs the JSON body of seed 001 to action, shows progress, refuses a double submission', async () => {
    let answer!: (r: Response) => void;
    const f = stubFetch(() => new Promise<Response>((r) => (answer = r)));
    try {
      const el = await mount();
      await fill(el);
      const done = oneEvent(el, 'imp-billing-success');
      form(el).requestSubmit();
      await el.updateComplete;
      expect(form(el).getAttribute('aria-busy')).to.equal('true');
      expect(submitButton(el).disabled).to.equal(true);
      expect(el.busy).to.equal(true);
      form(el).requestSubmit();
      submitButton(el).click();
      await el.updateComplete;
      expect(f.calls).to.have.length(1);

      const call = f.calls[0]!;
      expect(new URL(call.url, location.href).pathname).to.equal('/api/card');
      expect(call.init.method).to.equal('POST');
      expect(new Headers(call.init.headers).get('content-type')).to.equal('application/json');
      expect(JSON.parse(String(call.init.body))).to.deep.equal({
        customer_uid: 'cust-1',
        card_number: '4242-4242-4242-4242',
        expiry: '2031-12',
        birth: '900101',
        pwd_2digit: '12',
      });
      answer(json(OK_ANSWER));
      await done;
      await el.updateComplete;
      expect(form(el).getAttribute('aria-busy')).to.equal('false');
      expect(submitButton(el).disabled).to.equal(false);
    } finally {
      f.restore();
    }
  });

  it('on success: clears the card fields and emits imp-billing-success via server without card-like data', async () => {
    const f = stubFetch(() => json({ ...OK_ANSWER, card_number: '4242-4242-4242-4242', expiry: '2031-12', note: 'x4242424242424242' }));
    try {
      const el = await mount();
      await fill(el);
      const seen: ImpBillingSuccessEvent[] = [];
      el.addEventListener('imp-billing-success', (e) => {
        // Listeners already see empty inputs.
        expect(input(el, 'card_number').value).to.equal('');
        seen.push(e);
      });
      const done = oneEvent(el, 'imp-billing-success') as Promise<ImpBillingSuccessEvent>;
      form(el).requestSubmit();
      const { detail } = await done;
      await el.updateComplete;
      expect(detail.via).to.equal('server');
      expect(detail.customer_uid).to.equal('cust-1');
      expect(detail.response).to.deep.equal({ ...OK_ANSWER, note: '[redacted]' });
      for (const name of Object.keys(CARD)) expect(input(el, name).value).to.equal('');
      expect(el.shadowRoot!.querySelector('[part=status]')!.textContent).to.contain('카드가 등록되었습니다 (신한카드');
      // The status line is re-worded when the language changes afterwards (the demo's language switch).
      el.setAttribute('lang', 'en');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part=status]')!.textContent).to.contain('Card registered (신한카드');
      expect(seen).to.have.length(1);
      const text = JSON.stringify(detail);
      for (const s of SECRETS) expect(text).to.not.contain(s);
    } finally {
      f.restore();
    }
  });

  it('on a server refusal: clears the fields and emits pg-error via server', async () => {
    const f = stubFetch(() => json({ ok: false, code: 'pg-error', message: '[F112] 카드정보 인증에 실패했습니다' }, 422));
    try {
      const el = await mount();
      await fill(el);
      const failed = oneEvent(el, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
      form(el).requestSubmit();
      const { detail } = await failed;
      await el.updateComplete;
      expect(detail.code).to.equal('pg-error');
      expect(detail.via).to.equal('server');
      expect(detail.message).to.contain('F112');
      expect(detail.customer_uid).to.equal('cust-1');
      for (const name of Object.keys(CARD)) expect(input(el, name).value).to.equal('');
      expect(el.shadowRoot!.querySelector('[part=status]')!.textContent).to.contain('카드 등록에 실패했습니다');
      el.setAttribute('lang', 'en');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part=status]')!.textContent).to.match(/could not be registered.*F112/);
    } finally {
      f.restore();
    }
  });

  it('a server-side invalid field is marked and reported as invalid-params via server', async () => {
    const f = stubFetch(() => json({ ok: false, code: 'invalid-params', message: 'the card has expired', field: 'expiry' }, 400));
    try {
      const el = await mount();
      await fill(el);
      const failed = oneEvent(el, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
      form(el).requestSubmit();
      const { detail } = await failed;
      await el.updateComplete;
      expect([detail.code, detail.field, detail.via]).to.deep.equal(['invalid-params', 'expiry', 'server']);
      expect(input(el, 'expiry').getAttribute('aria-invalid')).to.equal('true');
    } finally {
      f.restore();
    }
  });

  it('a network failure is pg-error via local, and the fields are still cleared', async () => {
    const f = stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    try {
      const el = await mount();
      await fill(el);
      const failed = oneEvent(el, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
      form(el).requestSubmit();
      const { detail } = await failed;
      expect([detail.code, detail.via]).to.deep.equal(['pg-error', 'local']);
      expect(input(el, 'card_number').value).to.equal('');
    } finally {
      f.restore();
    }
  });

  it('without action or customer-uid it refuses locally and sends nothing', async () => {
    const f = stubFetch(() => json(OK_ANSWER));
    try {
      for (const [attrs, field] of [
        ['customer-uid="c"', 'action'],
        ['action="/api/card"', 'customer_uid'],
      ] as const) {
        const el = await mount(attrs);
        await fill(el);
        const failed = oneEvent(el, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
        form(el).requestSubmit();
        const { detail } = await failed;
        expect([detail.code, detail.field, detail.via]).to.deep.equal(['invalid-params', field, 'local']);
      }
      expect(f.calls).to.have.length(0);
    } finally {
      f.restore();
    }
  });

  it('disabled: inputs and button are disabled and a submit does nothing', async () => {
    const f = stubFetch(() => json(OK_ANSWER));
    try {
      const el = await mount('action="/api/card" customer-uid="c" disabled');
      expect(input(el, 'card_number').disabled).to.equal(true);
      expect(submitButton(el).disabled).to.equal(true);
      form(el).requestSubmit();
      await el.updateComplete;
      expect(f.calls).to.have.length(0);
    } finally {
      f.restore();
    }
  });

  it('card data never appears in attributes, storage, event details or the console', async () => {
    const f = stubFetch(() => json(OK_ANSWER));
    try {
      const el = await mount();
      const details: unknown[] = [];
      for (const type of ['imp-billing-success', 'imp-billing-failure'] as const) el.addEventListener(type, (e) => details.push(e.detail));
      await fill(el, { card_number: '4242424242424241' });
      form(el).requestSubmit();
      await el.updateComplete;
      await fill(el);
      const attrsWhileFilled = allAttributeText(el);
      const done = oneEvent(el, 'imp-billing-success');
      form(el).requestSubmit();
      await done;
      await el.updateComplete;
      const haystack = [
        attrsWhileFilled,
        allAttributeText(el),
        JSON.stringify(details),
        JSON.stringify({ ...localStorage }),
        JSON.stringify({ ...sessionStorage }),
        document.cookie,
        JSON.stringify(logged),
      ].join('\n');
      for (const s of [...SECRETS, '4242424242424241', '4242-4242-4242-4241']) expect(haystack).to.not.contain(s);
      expect(logged).to.deep.equal([]);
      expect(details).to.have.length(2);
    } finally {
      f.restore();
    }
  });

  it('is accessible (axe), empty and with errors showing', async () => {
    const el = await mount();
    await expect(el).to.be.accessible();
    form(el).requestSubmit();
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
