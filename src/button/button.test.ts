import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { amountRuleFor, PG_RULES } from '../core/pg-rules.js';
import type { ImpBillingFailureEvent, ImpBillingRequestEvent, ImpBillingSuccessEvent } from '../ui/events.js';
import { installFakeImp, removeFakeImp, type FakeImp } from '../test-helpers/fake-imp.js';
import { SDK_ANSWERS } from '../test-helpers/sdk-answers.js';
import { installImpSandbox, isImpSandbox } from '../sandbox/index.js';
import { ImpBillingButton } from './button.js';
import { defineImpBillingButton } from './define.js';

defineImpBillingButton();

const SEED_RETURN = 'https://www.my-service.com/payments/complete/mobile';

async function ready(el: ImpBillingButton): Promise<ImpBillingButton> {
  await el.preloadSdk();
  await el.updateComplete;
  return el;
}

function inner(el: ImpBillingButton): HTMLButtonElement {
  return el.shadowRoot!.querySelector('button')!;
}

function messageText(el: ImpBillingButton): string {
  return el.shadowRoot!.querySelector('[part=message]')!.textContent!.trim();
}

describe('<imp-billing-button>', () => {
  let imp: FakeImp;
  let warnings: string[];
  const originalWarn = console.warn;

  beforeEach(() => {
    imp = installFakeImp();
    warnings = [];
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
  });
  afterEach(() => {
    console.warn = originalWarn;
    imp.settleAll();
    removeFakeImp();
  });

  it('is registered and typed as imp-billing-button, and defining twice does not throw', () => {
    expect(customElements.get('imp-billing-button')).to.equal(ImpBillingButton);
    defineImpBillingButton();
    const el: ImpBillingButton = document.createElement('imp-billing-button');
    expect(el).to.be.instanceOf(ImpBillingButton);
  });

  it('renders a real button with Korean copy by default and English under lang="en"', async () => {
    const ko = await fixture<ImpBillingButton>(html`<imp-billing-button customer-uid="c"></imp-billing-button>`);
    expect(inner(ko).tagName).to.equal('BUTTON');
    expect(inner(ko).type).to.equal('button');
    expect(ko.shadowRoot!.querySelector('slot')!.textContent).to.equal('카드 등록하기');
    const wrapper = await fixture(html`<div lang="en"><imp-billing-button customer-uid="c"></imp-billing-button></div>`);
    const en = wrapper.querySelector('imp-billing-button')!;
    await en.updateComplete;
    expect(en.shadowRoot!.querySelector('slot')!.textContent).to.equal('Register card');
  });

  it('re-words itself when <html lang> changes, and stops following once disconnected', async () => {
    const original = document.documentElement.getAttribute('lang');
    const label = (el: ImpBillingButton) => el.shadowRoot!.querySelector('slot')!.textContent;
    try {
      document.documentElement.setAttribute('lang', 'ko');
      const el = await fixture<ImpBillingButton>(html`<imp-billing-button customer-uid="c"></imp-billing-button>`);
      expect(label(el)).to.equal('카드 등록하기');
      document.documentElement.setAttribute('lang', 'en');
      await aTimeout(0);
      await el.updateComplete;
      expect(label(el)).to.equal('Register card');
      el.remove();
      let asked = 0;
      el.requestUpdate = () => void asked++;
      document.documentElement.setAttribute('lang', 'ko');
      await aTimeout(0);
      expect(asked, 'a disconnected button is not asked to render').to.equal(0);
    } finally {
      if (original === null) document.documentElement.removeAttribute('lang');
      else document.documentElement.setAttribute('lang', original);
    }
  });

  it('follows a later change of its own lang attribute, and of an ancestor\'s at the next render', async () => {
    const wrapper = await fixture(html`<div><imp-billing-button customer-uid="c"></imp-billing-button></div>`);
    const el = wrapper.querySelector('imp-billing-button')!;
    await el.updateComplete;
    const label = () => el.shadowRoot!.querySelector('slot')!.textContent;
    expect(label()).to.equal('카드 등록하기');
    el.setAttribute('lang', 'en');
    await el.updateComplete;
    expect(label()).to.equal('Register card');
    el.removeAttribute('lang');
    wrapper.setAttribute('lang', 'en');
    await el.updateComplete;
    expect(label()).to.equal('Register card');
  });

  it('keeps the empty status line in the accessibility tree without taking space', async () => {
    const el = await fixture<ImpBillingButton>(html`<imp-billing-button customer-uid="c"></imp-billing-button>`);
    const message = el.shadowRoot!.querySelector<HTMLElement>('[part=message]')!;
    expect(message.getAttribute('role')).to.equal('status');
    expect(messageText(el)).to.equal('');
    expect(getComputedStyle(message).display).to.not.equal('none');
    expect(getComputedStyle(message).visibility).to.equal('visible');
    expect(message.getBoundingClientRect().height).to.equal(0);
    expect(el.getBoundingClientRect().height).to.equal(inner(el).getBoundingClientRect().height);
  });

  it('sends the jtnet key-only seed example from attributes (seed 002)', async () => {
    const el = await ready(
      await fixture<ImpBillingButton>(html`<imp-billing-button
        merchant-code="imp00000000"
        pg="jtnet"
        merchant-uid="order_monthly_0001"
        order-name="최초인증결제"
        amount="0"
        customer-uid="your-customer-unique-id"
        buyer-email="iamport@siot.do"
        buyer-name="아임포트"
        buyer-tel="02-1234-1234"
        redirect-url=${SEED_RETURN}
      ></imp-billing-button>`),
    );
    el.click();
    expect(imp.inits).to.deep.equal(['imp00000000']);
    expect(imp.calls).to.have.length(1);
    expect(imp.calls[0]!.params).to.deep.equal({
      pg: 'jtnet',
      pay_method: 'card',
      merchant_uid: 'order_monthly_0001',
      name: '최초인증결제',
      amount: 0,
      customer_uid: 'your-customer-unique-id',
      buyer_email: 'iamport@siot.do',
      buyer_name: '아임포트',
      buyer_tel: '02-1234-1234',
      m_redirect_url: SEED_RETURN,
    });
  });

  it('sends the jtnet key + first payment seed example (no pg, amount 1004)', async () => {
    const el = await ready(
      await fixture<ImpBillingButton>(html`<imp-billing-button
        merchant-code="imp00000000"
        merchant-uid="order_monthly_0001"
        order-name="최초인증결제"
        amount="1004"
        customer-uid="your-customer-unique-id"
        buyer-email="iamport@siot.do"
        buyer-name="아임포트"
        buyer-tel="02-1234-1234"
        redirect-url=${SEED_RETURN}
      ></imp-billing-button>`),
    );
    el.click();
    const { m_redirect_url, ...rest } = imp.calls[0]!.params;
    expect(m_redirect_url).to.equal(SEED_RETURN);
    expect(rest).to.deep.equal({
      pay_method: 'card',
      merchant_uid: 'order_monthly_0001',
      name: '최초인증결제',
      amount: 1004,
      customer_uid: 'your-customer-unique-id',
      buyer_email: 'iamport@siot.do',
      buyer_name: '아임포트',
      buyer_tel: '02-1234-1234',
    });
  });

  it('sends the paymentwall seed example with card and bypass properties (seed 000), card data redacted in the request event', async () => {
    const el = await fixture<ImpBillingButton>(html`<imp-billing-button
      merchant-code="imp00000000"
      pg="paymentwall"
      merchant-uid="order_no_0001"
      order-name="주문명:결제테스트"
      amount="50"
      buyer-email="iamport@example.com"
      buyer-name="구매자이름"
      buyer-tel="010-1234-5678"
      buyer-addr="서울특별시 강남구 삼성동"
      buyer-postcode="123-456"
      currency="USD"
      language="en"
      redirect-url=${SEED_RETURN}
      customer-uid="customer_uid"
    ></imp-billing-button>`);
    // The seed's card expires 2026-09; an expiry three years ahead keeps this test from ageing.
    const expiry = `${new Date().getFullYear() + 3}-09`;
    el.card = { number: '4242 4242 4242 4242', expiry, cvc: '826' };
    el.bypass = { widget_code: 't3_1' };
    await ready(el);
    const requested = oneEvent(el, 'imp-billing-request') as Promise<ImpBillingRequestEvent>;
    el.click();
    const requestEvent = await requested;
    expect(imp.calls[0]!.params).to.deep.equal({
      pg: 'paymentwall',
      pay_method: 'card',
      merchant_uid: 'order_no_0001',
      name: '주문명:결제테스트',
      amount: 50,
      buyer_email: 'iamport@example.com',
      buyer_name: '구매자이름',
      buyer_tel: '010-1234-5678',
      buyer_addr: '서울특별시 강남구 삼성동',
      buyer_postcode: '123-456',
      currency: 'USD',
      language: 'en',
      m_redirect_url: SEED_RETURN,
      customer_uid: 'customer_uid',
      card: { info: { number: '4242-4242-4242-4242', expiry, cvc: '826' } },
      bypass: { widget_code: 't3_1' },
    });
    expect(JSON.stringify(requestEvent.detail)).not.to.contain('4242');
    expect(JSON.stringify(requestEvent.detail)).not.to.contain('826');
    expect(el.getAttributeNames().join(' ')).not.to.match(/card|cvc/);
    // "First Last" buyer_name is advice, not a refusal.
    expect(warnings.some((w) => w.includes('First Last'))).to.equal(true);
  });

  for (const rule of Object.values(PG_RULES)) {
    it(`builds ${rule.code} params from attributes or refuses them clearly`, async () => {
      const method = rule.payMethods?.[0];
      const amount = amountRuleFor(rule, method) === 'charged' ? 1000 : 0;
      const el = await fixture<ImpBillingButton>(html`<imp-billing-button
        merchant-code="imp00000000"
        pg=${`${rule.code}.MID0001`}
        customer-uid="cust_1"
        customer-id="cid_1"
        order-name="정기결제"
        currency="KRW"
        buyer-email="buyer@example.com"
        buyer-name="Gil Hong"
        buyer-tel="010-1234-5678"
        amount=${String(amount)}
        .bypass=${{ kcpQuick: { actionType: 'Register' } }}
      ></imp-billing-button>`);
      await ready(el);
      const failed = new Promise<ImpBillingFailureEvent | null>((resolve) => {
        el.addEventListener('imp-billing-failure', resolve, { once: true });
        setTimeout(() => resolve(null), 50);
      });
      el.click();
      if (rule.refusal) {
        const event = (await failed)!;
        expect(event.detail).to.include({ code: 'invalid-params', field: 'pg', via: 'local', message: rule.refusal });
        expect(imp.calls).to.have.length(0);
        return;
      }
      expect(await failed).to.equal(null);
      expect(imp.calls).to.have.length(1);
      const params = imp.calls[0]!.params;
      expect(params.pg).to.equal(`${rule.code}.MID0001`);
      expect(params.pay_method).to.equal(rule.payMethods ? method : undefined);
      expect(params.amount).to.equal(amount);
      expect(params.customer_uid).to.equal('cust_1');
      expect(params.merchant_uid).to.match(/^.{1,40}$/);
    });
  }

  describe('channel keys and pg-provider', () => {
    it('applies the rules of pg-provider (smartro_v2: customer_id required) before the SDK is called', async () => {
      const el = await fixture<ImpBillingButton>(html`<imp-billing-button
        merchant-code="imp00000000" channel-key="channel-key-1" pg-provider="smartro_v2" customer-uid="cust_ck"
      ></imp-billing-button>`);
      await ready(el);
      const failure = oneEvent(el, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
      el.click();
      expect((await failure).detail).to.include({ code: 'invalid-params', field: 'customer_id', via: 'local' });
      expect(imp.calls).to.have.length(0);
    });

    it('sends channelKey and never pg-provider; the property reflects nothing of its own', async () => {
      const el = await fixture<ImpBillingButton>(html`<imp-billing-button
        merchant-code="imp00000000" channel-key="channel-key-1" pg-provider="smartro_v2" customer-uid="cust_ck2" customer-id="matthew"
      ></imp-billing-button>`);
      expect(el.pgProvider).to.equal('smartro_v2');
      await ready(el);
      el.click();
      expect(imp.calls).to.have.length(1);
      const params = imp.calls[0]!.params;
      expect(params.channelKey).to.equal('channel-key-1');
      expect(params.customer_id).to.equal('matthew');
      expect(params.merchant_uid).to.match(/^[A-Za-z0-9]+$/);
      expect(JSON.stringify(params)).to.not.match(/pgProvider|pg_provider|pg-provider/);
      expect(params).to.not.have.property('pg');
    });

    it('without pg-provider: universal checks only, and the console says once which rules were not applied', async () => {
      const el = await fixture<ImpBillingButton>(html`<imp-billing-button
        merchant-code="imp00000000" channel-key="channel-key-2" customer-uid="cust_ck3"
      ></imp-billing-button>`);
      await ready(el);
      el.click();
      imp.answer({ imp_uid: 'imp_ck3' });
      await el.updateComplete;
      el.click();
      expect(imp.calls).to.have.length(2);
      const notes = warnings.filter((w) => w.includes('channelKey without pgProvider'));
      expect(notes).to.have.length(1);
      expect(notes[0]).to.contain('universal checks');
    });
  });

  describe('the real SDK\'s checkout-service answers, as the element reports them', () => {
    async function clicked(): Promise<ImpBillingButton> {
      const el = await fixture<ImpBillingButton>(html`<imp-billing-button
        merchant-code="imp00000000" channel-key="channel-key-3" pg-provider="welcome" customer-uid="cust_checkout"
        buyer-name="포트원" buyer-tel="02-1234-1234"
      ></imp-billing-button>`);
      await ready(el);
      el.click();
      expect(imp.calls).to.have.length(1);
      return el;
    }

    it('{ merchant_uid, error_msg }: a failure, never a success', async () => {
      const el = await clicked();
      const failure = oneEvent(el, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
      const call = imp.calls[0]!;
      call.callback!(SDK_ANSWERS.checkoutRefused(call.params.merchant_uid, '이미 등록된 빌링키입니다.'));
      expect((await failure).detail).to.include({ code: 'pg-error', error_msg: '이미 등록된 빌링키입니다.', via: 'callback' });
    });

    it('F400 billing-key cancel: cancelled; bare success: success with the merchant_uid sent', async () => {
      const el = await clicked();
      const failure = oneEvent(el, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
      const call = imp.calls[0]!;
      call.callback!(SDK_ANSWERS.checkoutCancelled(call.params.merchant_uid));
      expect((await failure).detail).to.include({ code: 'cancelled', error_code: 'F400' });
      await el.updateComplete;
      el.click();
      const success = oneEvent(el, 'imp-billing-success') as Promise<ImpBillingSuccessEvent>;
      const again = imp.calls[1]!;
      again.callback!(SDK_ANSWERS.checkoutSuccess('portone_issue_1', 'cust_checkout'));
      expect((await success).detail).to.include({ merchant_uid: again.params.merchant_uid, customer_uid: 'cust_checkout', imp_uid: 'imp_100000000003' });
    });
  });

  it('on timeout closes the SDK window (IMP.close) and says so; while waiting, the status line says it is still waiting', async () => {
    const el = await fixture<ImpBillingButton>(html`<imp-billing-button
      merchant-code="imp00000000" pg="kcp_billing" customer-uid="cust_timeout_close" timeout="400"
    ></imp-billing-button>`);
    await ready(el);
    const failure = oneEvent(el, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
    el.click();
    await aTimeout(250);
    await el.updateComplete;
    expect(messageText(el)).to.equal('결제창의 응답을 기다리고 있습니다…');
    expect((await failure).detail.code).to.equal('timeout');
    expect(imp.closed).to.equal(1);
    await el.updateComplete;
    expect(messageText(el)).to.not.contain('기다리고');
  });

  it('refuses a missing customer-uid before the SDK is called, names the field, shows it and warns once', async () => {
    const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp00000000" pg="jtnet"></imp-billing-button>`));
    const failed = oneEvent(el, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
    el.click();
    const { detail } = await failed;
    expect(detail).to.include({ code: 'invalid-params', field: 'customer_uid', via: 'local' });
    expect(imp.calls).to.have.length(0);
    await el.updateComplete;
    expect(messageText(el)).to.equal('결제 설정 오류로 카드를 등록할 수 없습니다.');
    el.click();
    await aTimeout(0);
    expect(warnings.filter((w) => w.includes('customer_uid is required'))).to.have.length(1);
    expect(el.busy).to.equal(false);
  });

  it('names PortOne fields in failures: pay_method, amount, buyer_email, card.info.number', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ pg: 'jtnet', 'pay-method': 'trans' }, 'pay_method'],
      [{ pg: 'paymentwall', amount: '0', currency: 'USD', 'order-name': 'x', 'buyer-email': 'a@b.co' }, 'amount'],
      [{ pg: 'paymentwall', amount: '5', currency: 'USD', 'order-name': 'x' }, 'buyer_email'],
      [{ amount: '-1' }, 'amount'],
      [{ 'redirect-url': 'javascript:alert(1)' }, 'm_redirect_url'],
    ];
    for (const [attrs, field] of cases) {
      const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="c"></imp-billing-button>`));
      for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
      const failed = oneEvent(el, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
      el.click();
      expect((await failed).detail.field, JSON.stringify(attrs)).to.equal(field);
    }
    const el = await ready(
      await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="c" pg="paymentwall" amount="5" currency="USD" order-name="x" buyer-email="a@b.co"></imp-billing-button>`),
    );
    el.card = { number: '4242 4242 4242 4241', expiry: `${new Date().getFullYear() + 1}-01`, cvc: '123' };
    const failed = oneEvent(el, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
    el.click();
    const { detail } = await failed;
    expect(detail.field).to.equal('card.info.number');
    expect(JSON.stringify(detail)).not.to.contain('4242');
    expect(warnings.join('\n')).not.to.contain('4242');
    expect(imp.calls).to.have.length(0);
  });

  it('gives the request event a deep copy: a listener changing nested params does not change what is sent', async () => {
    const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="c"></imp-billing-button>`));
    el.bypass = { widget_code: 't3_1' };
    el.customData = { plan: { id: 'pro', seats: 3 } };
    el.addEventListener('imp-billing-request', (e) => {
      const params = (e as ImpBillingRequestEvent).detail.params;
      params.bypass!['widget_code'] = 'hijacked';
      (params.custom_data as { plan: { id: string } }).plan.id = 'free';
      (params.custom_data as Record<string, unknown>)['extra'] = 1;
    }, { once: true });
    el.click();
    expect(imp.calls[0]!.params.bypass).to.deep.equal({ widget_code: 't3_1' });
    expect(imp.calls[0]!.params.custom_data).to.deep.equal({ plan: { id: 'pro', seats: 3 } });
  });

  it('m_redirect_url: the redirect-url attribute, then params.m_redirect_url, then this page', async () => {
    const fromParams = 'https://shop.example/billing/return';
    const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="redirect-order"></imp-billing-button>`));
    el.click();
    expect(imp.calls[0]!.params.m_redirect_url).to.equal(location.href);
    imp.answer({ imp_uid: 'i1' });
    await aTimeout(0);
    el.params = { m_redirect_url: fromParams };
    el.click();
    expect(imp.calls[1]!.params.m_redirect_url).to.equal(fromParams);
    imp.answer({ imp_uid: 'i2' });
    await aTimeout(0);
    el.setAttribute('redirect-url', SEED_RETURN);
    el.click();
    expect(imp.calls[2]!.params.m_redirect_url).to.equal(SEED_RETURN);
  });

  it('the default m_redirect_url keeps the merchant\'s own query byte-for-byte and drops only PortOne\'s keys', async () => {
    const home = `${location.pathname}${location.search}`;
    // A bare merchant_uid with no recorded request is not a return, so it is still in the address when the click comes.
    history.replaceState(null, '', `${location.pathname}?plan=a%20b&flag&merchant_uid=stale#pricing`);
    try {
      const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="c"></imp-billing-button>`));
      el.click();
      expect(imp.calls[0]!.params.m_redirect_url).to.equal(`${location.origin}${location.pathname}?plan=a%20b&flag#pricing`);
    } finally {
      history.replaceState(null, '', home);
    }
  });

  it('lets a listener cancel the request with preventDefault()', async () => {
    const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="c"></imp-billing-button>`));
    el.addEventListener('imp-billing-request', (e) => e.preventDefault(), { once: true });
    el.click();
    expect(imp.calls).to.have.length(0);
    expect(el.busy).to.equal(false);
    el.click();
    expect(imp.calls).to.have.length(1);
  });

  it('calls request_pay inside the click task when the SDK is ready, and is busy until the answer', async () => {
    const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="c"></imp-billing-button>`));
    inner(el).click();
    expect(imp.calls).to.have.length(1); // synchronously: no await between click and request_pay
    expect(el.busy).to.equal(true);
    await el.updateComplete;
    expect(inner(el).getAttribute('aria-busy')).to.equal('true');
    expect(el.matches(':state(busy)')).to.equal(true);
    const spinner = el.shadowRoot!.querySelector<HTMLElement>('[part=spinner]')!;
    expect(spinner.offsetWidth).to.be.greaterThan(0);
    imp.answer({ success: true, imp_uid: 'imp_000000000001' });
    await aTimeout(0);
    expect(el.busy).to.equal(false);
    expect(el.matches(':state(busy)')).to.equal(false);
    await el.updateComplete;
    expect(spinner.offsetWidth).to.equal(0);
  });

  it('turns 50 rapid clicks, key repeats and script clicks into one request_pay', async () => {
    const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="c"></imp-billing-button>`));
    for (let i = 0; i < 50; i++) (i % 2 ? el : inner(el)).click();
    inner(el).focus();
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Space' });
    expect(imp.calls).to.have.length(1);
  });

  it('takes a click on the host, the button or the slotted label as activation, never one on the status line', async () => {
    const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="c"><b>Pay monthly</b></imp-billing-button>`));
    el.shadowRoot!.querySelector<HTMLElement>('[part=message]')!.click();
    expect(imp.calls).to.have.length(0);
    el.querySelector('b')!.click();
    expect(imp.calls).to.have.length(1);
    imp.answer({ imp_uid: 'imp_1' });
    await aTimeout(0);
    inner(el).click();
    expect(imp.calls).to.have.length(2);
  });

  it('uses properties a framework set before the element was defined (customer-uid, amount, disabled)', async () => {
    const tag = 'imp-billing-button-defined-late';
    const el = document.createElement(tag) as ImpBillingButton;
    Object.assign(el, { merchantCode: 'imp0', customerUid: 'c_early', amount: 1004, pg: 'jtnet', disabled: true });
    document.body.append(el);
    try {
      customElements.define(tag, class extends ImpBillingButton {});
      await el.updateComplete;
      expect([el.disabled, inner(el).disabled]).to.deep.equal([true, true]);
      el.disabled = false;
      await ready(el);
      el.click();
      expect(imp.calls[0]!.params).to.include({ customer_uid: 'c_early', amount: 1004, pg: 'jtnet' });
    } finally {
      el.remove();
    }
  });

  it('follows its disabled and sandbox attributes and properties both ways, the inner button with them', async () => {
    const el = await fixture<ImpBillingButton>(html`<imp-billing-button customer-uid="c" disabled></imp-billing-button>`);
    expect([el.disabled, inner(el).disabled]).to.deep.equal([true, true]);
    el.removeAttribute('disabled');
    await el.updateComplete;
    expect([el.disabled, inner(el).disabled]).to.deep.equal([false, false]);
    el.setAttribute('disabled', '');
    await el.updateComplete;
    expect([el.disabled, inner(el).disabled]).to.deep.equal([true, true]);
    el.disabled = false;
    await el.updateComplete;
    expect([el.hasAttribute('disabled'), inner(el).disabled]).to.deep.equal([false, false]);
    el.disabled = true;
    await el.updateComplete;
    expect([el.hasAttribute('disabled'), inner(el).disabled]).to.deep.equal([true, true]);
    expect(el.sandbox).to.equal(false);
    el.sandbox = true;
    expect(el.hasAttribute('sandbox')).to.equal(true);
    el.removeAttribute('sandbox');
    expect(el.sandbox).to.equal(false);
  });

  it('does nothing while disabled, and works once enabled', async () => {
    const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="c" disabled></imp-billing-button>`));
    el.click();
    inner(el).click();
    expect(imp.calls).to.have.length(0);
    expect(inner(el).disabled).to.equal(true);
    el.disabled = false;
    await el.updateComplete;
    el.click();
    expect(imp.calls).to.have.length(1);
  });

  it('is usable from the keyboard', async () => {
    const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="c"></imp-billing-button>`));
    el.focus();
    expect(el.shadowRoot!.activeElement).to.equal(inner(el));
    await sendKeys({ press: 'Enter' });
    expect(imp.calls).to.have.length(1);
  });

  it('emits success with the ids, pg, via and awaitingWebhook from the callback', async () => {
    const el = await ready(
      await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="cu_9" pg="paymentwall" amount="9.99" currency="USD" order-name="Pro" buyer-email="a@b.co" buyer-name="Gil Hong"></imp-billing-button>`),
    );
    const succeeded = oneEvent(el, 'imp-billing-success') as Promise<ImpBillingSuccessEvent>;
    el.click();
    imp.answer({ imp_success: true, imp_uid: 'imp_123412341234' });
    const event = await succeeded;
    expect(event.bubbles && event.composed).to.equal(true);
    expect(event.detail).to.include({
      imp_uid: 'imp_123412341234',
      merchant_uid: imp.calls[0]!.params.merchant_uid,
      customer_uid: 'cu_9',
      pg: 'paymentwall',
      via: 'callback',
      awaitingWebhook: true,
    });
    expect(event.detail.response).to.include({ imp_uid: 'imp_123412341234' });
  });

  it('reports a PG refusal and a cancellation with stable codes, shows the PG text as text, then can be used again', async () => {
    const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="c" pg="kcp_billing"></imp-billing-button>`));
    let failed = oneEvent(el, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
    el.click();
    imp.answer({ success: false, error_code: 'F0004', error_msg: '<img src=x onerror=alert(1)>한도초과' });
    let { detail } = await failed;
    expect(detail).to.include({ code: 'pg-error', error_code: 'F0004', via: 'callback' });
    await el.updateComplete;
    expect(messageText(el)).to.equal('카드 등록에 실패했습니다. (<img src=x onerror=alert(1)>한도초과)');
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);

    failed = oneEvent(el, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
    el.click();
    expect(imp.calls).to.have.length(2);
    imp.answer({ success: false, error_code: 'F1001', error_msg: '[결제포기] 사용자가 결제를 취소하셨습니다' });
    ({ detail } = await failed);
    expect(detail.code).to.equal('cancelled');

    const succeeded = oneEvent(el, 'imp-billing-success');
    el.click();
    imp.answer({ imp_uid: 'imp_1' });
    await succeeded;
    await el.updateComplete;
    expect(messageText(el)).to.equal('카드가 등록되었습니다.');
  });

  it('announces busy as text from the click on, then the success, in its status line (ko and en)', async () => {
    const wrapper = await fixture(html`<div lang="en"><imp-billing-button merchant-code="imp0" customer-uid="c"></imp-billing-button></div>`);
    const en = await ready(wrapper.querySelector('imp-billing-button')!);
    en.click();
    await en.updateComplete;
    expect(messageText(en)).to.equal('Registering the card…');
    imp.answer({ imp_uid: 'imp_2' });
    await aTimeout(0);
    await en.updateComplete;
    expect(messageText(en)).to.equal('The card was registered.');
    expect(en.shadowRoot!.querySelector('[part=message]')!.className).to.equal('success');
    en.click(); // a new request: the old success is no longer announced
    await en.updateComplete;
    expect(messageText(en)).to.equal('Registering the card…');
  });

  it('while busy, says so with aria-disabled="true" and ignores activation; idle again, it drops aria-disabled', async () => {
    const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="c"></imp-billing-button>`));
    expect(inner(el).hasAttribute('aria-disabled')).to.equal(false);
    el.click();
    await el.updateComplete;
    expect(inner(el).getAttribute('aria-disabled')).to.equal('true');
    inner(el).click();
    expect(imp.calls).to.have.length(1);
    imp.answer({ imp_uid: 'imp_3' });
    await aTimeout(0);
    await el.updateComplete;
    expect(inner(el).hasAttribute('aria-disabled')).to.equal(false);
  });

  it('styles a PG refusal as an error and a cancel the customer chose as neutral', async () => {
    const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="c" style="--imp-billing-error-color: rgb(200, 0, 0)"></imp-billing-button>`));
    const message = el.shadowRoot!.querySelector<HTMLElement>('[part=message]')!;
    let failed = oneEvent(el, 'imp-billing-failure');
    el.click();
    imp.answer({ success: false, error_code: 'F0004', error_msg: '한도초과' });
    await failed;
    await el.updateComplete;
    expect(message.className).to.equal('error');
    expect(getComputedStyle(message).color).to.equal('rgb(200, 0, 0)');
    failed = oneEvent(el, 'imp-billing-failure');
    el.click();
    imp.answer({ success: false, error_code: 'F1001', error_msg: '[결제포기] 사용자가 결제를 취소하셨습니다' });
    await failed;
    await el.updateComplete;
    expect(messageText(el)).to.contain('카드 등록이 취소되었습니다.');
    expect(message.className).to.equal('neutral');
    expect(getComputedStyle(message).color).to.not.equal('rgb(200, 0, 0)');
  });

  it('reads attributes and properties at click time; named attributes win over params; init runs once', async () => {
    const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="a"></imp-billing-button>`));
    el.params = { customer_uid: 'from-params', period: { from: '20260101', to: '20261231' }, pg: 'danal_tpay' };
    el.click();
    imp.answer({ imp_uid: 'imp_1' });
    await aTimeout(0);
    el.setAttribute('customer-uid', 'b');
    el.setAttribute('amount', '500');
    el.click();
    expect(imp.calls[0]!.params).to.include({ customer_uid: 'a', pg: 'danal_tpay' });
    expect(imp.calls[0]!.params['period']).to.deep.equal({ from: '20260101', to: '20261231' });
    expect(imp.calls[1]!.params).to.include({ customer_uid: 'b', amount: 500 });
    expect(imp.inits).to.deep.equal(['imp0']);
  });

  it('takes properties set before the element was defined through its accessors, so a later attribute still wins', async () => {
    // Not upgraded yet: an element in a template's inert content, as one a framework rendered before define() ran.
    const template = document.createElement('template');
    template.innerHTML = '<imp-billing-button customer-uid="attr-before" preload="visible"></imp-billing-button>';
    const early = template.content.firstElementChild as HTMLElement & Record<string, unknown>;
    early['customerUid'] = 'prop-before';
    early['preload'] = 'none';
    early['sdkTimeout'] = 1234;
    const el = document.adoptNode(early) as unknown as ImpBillingButton;
    document.body.append(el); // upgraded here
    try {
      expect(el).to.be.instanceOf(customElements.get('imp-billing-button')!);
      expect(Object.keys(el).filter((key) => ['customerUid', 'preload', 'sdkTimeout'].includes(key)), 'no own property hides an accessor').to.deep.equal([]);
      expect([el.customerUid, el.preload, el.sdkTimeout]).to.deep.equal(['prop-before', 'none', 1234]);
      el.setAttribute('customer-uid', 'attr-after');
      expect(el.customerUid).to.equal('attr-after');
    } finally {
      el.remove();
    }
  });

  it('reads each attribute through its property, and the last write wins between the two', async () => {
    const el = await fixture<ImpBillingButton>(html`<imp-billing-button customer-uid="from-attr" timeout="2500" sdk-timeout="900"></imp-billing-button>`);
    expect(el.customerUid).to.equal('from-attr');
    expect(el.timeout).to.equal(2500);
    expect(el.sdkTimeout).to.equal(900);
    expect(el.preload).to.equal('visible');
    expect(el.merchantCode).to.equal(undefined);
    el.customerUid = 'from-prop';
    el.amount = 1004;
    expect(el.customerUid).to.equal('from-prop');
    expect(el.amount).to.equal(1004);
    // A property never reaches the attribute (it may hold anything); a later attribute change wins over it.
    expect(el.getAttribute('customer-uid')).to.equal('from-attr');
    el.setAttribute('customer-uid', 'attr-again');
    expect(el.customerUid).to.equal('attr-again');
    el.removeAttribute('customer-uid');
    expect(el.customerUid).to.equal(undefined);
    el.preload = 'none';
    expect(el.preload).to.equal('none');
    expect(el.hasAttribute('preload')).to.equal(false);
  });

  it('fails with sdk-load-failed when the script cannot load, and the next click retries', async () => {
    removeFakeImp();
    const el = await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="c" preload="none" sdk-src="/does-not-exist/iamport.js"></imp-billing-button>`);
    let failed = oneEvent(el, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
    el.click();
    expect((await failed).detail).to.include({ code: 'sdk-load-failed', via: 'local' });
    expect(el.busy).to.equal(false);
    // The script becomes available (here: the SDK object appears) and the same element succeeds.
    imp = installFakeImp();
    el.click();
    await aTimeout(0);
    expect(imp.calls).to.have.length(1);
    failed = oneEvent(el, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
    imp.answer({ error_code: 'X', error_msg: 'no' });
    expect((await failed).detail.code).to.equal('pg-error');
  });

  it('leaves busy after the timeout and says so', async () => {
    const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="c" timeout="30"></imp-billing-button>`));
    const failed = oneEvent(el, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
    el.click();
    expect((await failed).detail).to.include({ code: 'timeout', via: 'callback' });
    expect(el.busy).to.equal(false);
    el.click();
    expect(imp.calls).to.have.length(2);
  });

  it('after a timeout of a request that can charge, refuses a retry until the late answer', async () => {
    const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="charged-slow" pg="jtnet" amount="1004" timeout="30"></imp-billing-button>`));
    let failed = oneEvent(el, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
    el.click();
    const { detail } = await failed;
    expect(detail).to.include({ code: 'timeout', via: 'callback' });
    expect(detail.message).to.contain('may have been charged');
    failed = oneEvent(el, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
    el.click();
    expect((await failed).detail).to.include({ code: 'in-flight', field: 'customer_uid' });
    expect(imp.calls).to.have.length(1);
    imp.answer({ imp_uid: 'imp_late' });
    el.click();
    expect(imp.calls).to.have.length(2);
  });

  it('refuses a second request for the same customer from another element', async () => {
    const wrap = await fixture(html`<div>
      <imp-billing-button merchant-code="imp0" customer-uid="same"></imp-billing-button>
      <imp-billing-button merchant-code="imp0" customer-uid="same"></imp-billing-button>
    </div>`);
    const [a, b] = Array.from(wrap.querySelectorAll('imp-billing-button'));
    await ready(a!);
    await ready(b!);
    a!.click();
    const failed = oneEvent(b!, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
    b!.click();
    expect((await failed).detail).to.include({ code: 'in-flight', field: 'customer_uid' });
    expect(imp.calls).to.have.length(1);
  });

  describe('sandbox attribute changed after the SDK loaded', () => {
    it('setting sandbox stops using the real SDK; a button in real mode then removes that sandbox', async () => {
      const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="to-sandbox" preload="none"></imp-billing-button>`));
      expect(window.IMP).to.equal(imp);
      el.sandbox = true;
      await ready(el);
      expect(isImpSandbox(window.IMP)).to.equal(true);
      el.click();
      expect(imp.calls).to.have.length(0);
      const real = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="real" preload="none"></imp-billing-button>`));
      expect(window.IMP).to.equal(imp); // the element's sandbox is gone and the IMP it replaced is back
      real.click();
      expect(imp.calls).to.have.length(1);
    });

    it('removing sandbox stops using the sandbox the element installed', async () => {
      const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button sandbox merchant-code="imp0" customer-uid="to-real" preload="none"></imp-billing-button>`));
      expect(isImpSandbox(window.IMP)).to.equal(true);
      el.sandbox = false;
      await ready(el);
      expect(window.IMP).to.equal(imp);
      el.click();
      expect(imp.calls).to.have.length(1);
    });

    it('keeps a sandbox the merchant installed, for buttons without the attribute too', async () => {
      const handle = installImpSandbox(window, { outcome: 'approve' });
      try {
        const withAttr = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button sandbox merchant-code="imp0" customer-uid="m1" preload="none"></imp-billing-button>`));
        const without = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="m2" preload="none"></imp-billing-button>`));
        expect(isImpSandbox(window.IMP)).to.equal(true);
        withAttr.click();
        const succeeded = oneEvent(without, 'imp-billing-success');
        without.click();
        await succeeded;
        expect(handle.calls.map((c) => c.customer_uid)).to.deep.equal(['m1', 'm2']);
        expect(imp.calls).to.have.length(0);
      } finally {
        handle.uninstall();
      }
    });
  });

  it('refuses a missing merchant-code before the request event and the SDK load, so a load failure cannot hide it', async () => {
    removeFakeImp();
    const el = await fixture<ImpBillingButton>(html`<imp-billing-button customer-uid="no-code" preload="none" sdk-src="/does-not-exist/no-merchant-code.js"></imp-billing-button>`);
    let requests = 0;
    el.addEventListener('imp-billing-request', () => requests++);
    const failed = oneEvent(el, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
    el.click();
    expect((await failed).detail).to.include({ code: 'invalid-params', field: 'merchantCode', via: 'local' });
    expect(requests).to.equal(0);
    expect(document.querySelector('script[src*="no-merchant-code"]')).to.equal(null);
    expect(el.busy).to.equal(false);
  });

  it('refuses a second element with the same customer-uid before its request event and before loading the SDK', async () => {
    const a = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="same-early"></imp-billing-button>`));
    a.click();
    const b = await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="same-early" preload="none" sdk-src="/does-not-exist/in-flight.js"></imp-billing-button>`);
    let requests = 0;
    b.addEventListener('imp-billing-request', () => requests++);
    const failed = oneEvent(b, 'imp-billing-failure') as Promise<ImpBillingFailureEvent>;
    b.click();
    expect((await failed).detail).to.include({ code: 'in-flight', field: 'customer_uid', via: 'local' });
    expect(requests).to.equal(0);
    expect(imp.calls).to.have.length(1);
  });

  it('preloads the SDK on hover with preload="interaction"', async () => {
    removeFakeImp();
    const el = await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="c" preload="interaction"></imp-billing-button>`);
    imp = installFakeImp();
    el.dispatchEvent(new PointerEvent('pointerenter'));
    await aTimeout(0);
    el.click();
    expect(imp.calls).to.have.length(1);
  });

  it('takes hover and focus as its trigger only with preload="interaction"', async () => {
    removeFakeImp();
    const el = await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="c" preload="none" sdk-src="/does-not-exist/iamport.js"></imp-billing-button>`);
    el.dispatchEvent(new PointerEvent('pointerenter'));
    el.dispatchEvent(new FocusEvent('focusin'));
    await aTimeout(0);
    expect(document.querySelector('script[src$="/does-not-exist/iamport.js"]')).to.equal(null);
  });

  describe('preload="visible"', () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    /** Every <script> the buttons add for `src`, counted as it is added (a failed one removes itself again). */
    function scriptsAdded(src: string): { count: number; stop(): void } {
      const seen = { count: 0, stop: () => watcher.disconnect() };
      const watcher = new MutationObserver((records) => {
        for (const record of records) for (const node of record.addedNodes) if (node instanceof HTMLScriptElement && node.src.endsWith(src)) seen.count++;
      });
      watcher.observe(document.head, { childList: true });
      return seen;
    }
    let observed: Element[];
    const observe = IntersectionObserver.prototype.observe;
    beforeEach(() => {
      removeFakeImp();
      observed = [];
      IntersectionObserver.prototype.observe = function (this: IntersectionObserver, target: Element) {
        observed.push(target);
        observe.call(this, target);
      };
    });
    afterEach(() => {
      IntersectionObserver.prototype.observe = observe;
      window.scrollTo(0, 0);
      for (const script of document.querySelectorAll('script[data-imp-billing]')) script.remove();
    });

    it('preloads every button in view, with no IntersectionObserver for any of them and one SDK script for all', async () => {
      const src = `/test-slow/in-view-${Date.now()}.js`;
      const added = scriptsAdded(src);
      const box = document.createElement('div');
      const buttons = Array.from({ length: 20 }, (_, i) => {
        const el = document.createElement('imp-billing-button');
        el.setAttribute('customer-uid', `v${i}`);
        el.setAttribute('sdk-src', src);
        el.setAttribute('sdk-timeout', '60000');
        return el;
      });
      box.append(...buttons);
      document.body.append(box);
      // Connected, not yet looked at: nothing happens before the frame.
      expect(buttons.map((el) => el._sdkLoadedFor)).to.deep.equal(Array(20).fill(undefined));
      await frame();
      await aTimeout(50);
      added.stop();
      expect(added.count).to.equal(1);
      expect(observed).to.have.length(0);
      // Each one's own preload records the mode it loaded for (toggling `sandbox` then follows at once).
      expect(buttons.map((el) => el._sdkLoadedFor)).to.deep.equal(Array(20).fill(false));
      box.remove();
    });

    it('neither preloads nor observes a button removed before the frame', async () => {
      const src = `/test-slow/removed-${Date.now()}.js`;
      const added = scriptsAdded(src);
      const el = await fixture<ImpBillingButton>(html`<imp-billing-button customer-uid="gone" sdk-src=${src} sdk-timeout="60000"></imp-billing-button>`);
      el.remove();
      await frame();
      await aTimeout(50);
      added.stop();
      expect(added.count).to.equal(0);
      expect(observed).to.have.length(0);
      expect(el._sdkLoadedFor).to.equal(undefined);
    });

    it('observes a button out of view, and preloads when it is scrolled into view', async () => {
      const src = `/test-slow/below-${Date.now()}.js`;
      const added = scriptsAdded(src);
      const box = await fixture(html`<div><div style="height: 300vh"></div><imp-billing-button customer-uid="below" sdk-src=${src} sdk-timeout="60000"></imp-billing-button></div>`);
      const el = box.querySelector('imp-billing-button')!;
      await frame();
      await aTimeout(50);
      expect(added.count).to.equal(0);
      expect(observed).to.deep.equal([el]);
      el.scrollIntoView();
      await waitUntil(() => added.count > 0, 'no SDK script once in view', { timeout: 2000 });
      added.stop();
      expect(added.count).to.equal(1);
    });

    it('does not preload a button switched to another preload before the frame, nor one switched while out of view', async () => {
      const src = `/test-slow/switched-${Date.now()}.js`;
      const added = scriptsAdded(src);
      const box = document.createElement('div');
      box.innerHTML = `<imp-billing-button id="top" customer-uid="top" sdk-src="${src}" sdk-timeout="60000"></imp-billing-button>
        <div style="height: 300vh"></div><imp-billing-button id="below" customer-uid="below" sdk-src="${src}" sdk-timeout="60000"></imp-billing-button>`;
      document.body.append(box);
      const top = box.querySelector<ImpBillingButton>('#top')!;
      const below = box.querySelector<ImpBillingButton>('#below')!;
      top.preload = 'none'; // in the task that inserted it, as a framework sets its properties
      await frame();
      await aTimeout(50);
      expect(observed).to.deep.equal([below]);
      below.setAttribute('preload', 'none');
      // The observer's callback unobserves a button as it comes into view: then it has looked at `below`.
      const unobserve = IntersectionObserver.prototype.unobserve;
      const unobserved: Element[] = [];
      IntersectionObserver.prototype.unobserve = function (this: IntersectionObserver, target: Element) {
        unobserved.push(target);
        unobserve.call(this, target);
      };
      try {
        below.scrollIntoView();
        await waitUntil(() => unobserved.includes(below), 'the observer never saw the button come into view', { timeout: 2000 });
        await aTimeout(50);
      } finally {
        IntersectionObserver.prototype.unobserve = unobserve;
      }
      added.stop();
      expect(added.count).to.equal(0);
      expect([top._sdkLoadedFor, below._sdkLoadedFor]).to.deep.equal([undefined, undefined]);
      box.remove();
    });

    it('does not preload a hidden button until it is shown', async () => {
      const src = `/test-slow/hidden-${Date.now()}.js`;
      const added = scriptsAdded(src);
      const el = await fixture<ImpBillingButton>(html`<imp-billing-button hidden customer-uid="hidden" sdk-src=${src} sdk-timeout="60000"></imp-billing-button>`);
      await frame();
      await aTimeout(50);
      expect(added.count).to.equal(0);
      el.hidden = false;
      await waitUntil(() => added.count > 0, 'no SDK script once shown', { timeout: 2000 });
      added.stop();
      expect(added.count).to.equal(1);
    });

    it('leaves the load to the click, without throwing, where there is no IntersectionObserver (jsdom)', async () => {
      const src = `/test-slow/no-observer-${Date.now()}.js`;
      const added = scriptsAdded(src);
      const globals = globalThis as { IntersectionObserver?: unknown };
      const io = globals.IntersectionObserver;
      const errors: unknown[] = [];
      const onError = (event: ErrorEvent) => errors.push(event.error);
      window.addEventListener('error', onError);
      delete globals.IntersectionObserver;
      let el: ImpBillingButton;
      try {
        el = document.createElement('imp-billing-button');
        el.setAttribute('customer-uid', 'no-observer');
        el.setAttribute('sdk-src', src);
        el.setAttribute('sdk-timeout', '60000');
        document.body.append(el);
        await frame();
        await aTimeout(50);
      } finally {
        globals.IntersectionObserver = io;
        window.removeEventListener('error', onError);
      }
      expect(errors).to.deep.equal([]);
      expect(added.count).to.equal(0);
      expect(el.shadowRoot!.querySelector('button')).to.not.equal(null);
      el.remove();
      added.stop();
    });

    it('lets the next button in view retry a preload that failed', async () => {
      const src = `/does-not-exist/retry-${Date.now()}.js`;
      const added = scriptsAdded(src);
      const first = await fixture<ImpBillingButton>(html`<imp-billing-button customer-uid="first" sdk-src=${src}></imp-billing-button>`);
      // The failed tag removes itself: then the preload has failed.
      await waitUntil(() => added.count > 0 && !document.querySelector(`script[src$="${src}"]`), 'the first preload did not fail', { timeout: 3000 });
      expect(added.count).to.equal(1);
      first.remove();
      await fixture(html`<imp-billing-button customer-uid="second" sdk-src=${src}></imp-billing-button>`);
      await waitUntil(() => added.count >= 2, 'the next button in view did not retry', { timeout: 2000 });
      added.stop();
      expect(added.count).to.equal(2);
    });
  });

  describe('mobile redirect return', () => {
    const home = location.pathname;
    afterEach(() => history.replaceState(null, '', home));

    it('emits the outcome once with via "redirect", after listeners attach, and cleans the URL', async () => {
      history.replaceState(null, '', `${home}?keep=1&imp_uid=imp_555555555555&merchant_uid=m_1&imp_success=true#top`);
      const el = document.createElement('imp-billing-button');
      el.setAttribute('customer-uid', 'c');
      const seen: ImpBillingSuccessEvent[] = [];
      document.body.append(el);
      el.addEventListener('imp-billing-success', (e) => seen.push(e));
      await aTimeout(10);
      expect(seen).to.have.length(1);
      expect(seen[0]!.detail).to.include({ imp_uid: 'imp_555555555555', merchant_uid: 'm_1', via: 'redirect' });
      expect(location.search).to.equal('?keep=1');
      expect(location.hash).to.equal('#top');
      await el.updateComplete;
      expect(messageText(el)).to.equal('카드가 등록되었습니다.');
      const again = document.createElement('imp-billing-button');
      document.body.append(again);
      again.addEventListener('imp-billing-success', (e) => seen.push(e));
      await aTimeout(10);
      expect(seen).to.have.length(1);
      el.remove();
      again.remove();
    });

    it('a customer-uid with surrounding spaces consumes its own return, and its failures report the trimmed id', async () => {
      const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="  c_spaced  "></imp-billing-button>`));
      el.click(); // records the request note for the mobile return under the normalised customer_uid
      const merchantUid = imp.calls[0]!.params.merchant_uid as string;
      expect(imp.calls[0]!.params.customer_uid).to.equal('c_spaced');
      el.remove(); // the page navigates away to the PG; the note stays in sessionStorage

      history.replaceState(null, '', `${home}?tab=1&imp_uid=imp_444444444444&merchant_uid=${merchantUid}&imp_success=true`);
      const back = document.createElement('imp-billing-button');
      back.setAttribute('customer-uid', '  c_spaced  ');
      const seen: ImpBillingSuccessEvent[] = [];
      back.addEventListener('imp-billing-success', (e) => seen.push(e));
      document.body.append(back);
      await aTimeout(10);
      expect(seen).to.have.length(1);
      expect(seen[0]!.detail).to.include({ imp_uid: 'imp_444444444444', merchant_uid: merchantUid, customer_uid: 'c_spaced', via: 'redirect' });
      expect(location.search).to.equal('?tab=1');

      back.removeAttribute('merchant-code');
      const failure = oneEvent(back, 'imp-billing-failure');
      back.click(); // no merchant-code: refused before the SDK, reported for this customer
      const { detail } = (await failure) as ImpBillingFailureEvent;
      expect(detail.customer_uid).to.equal('c_spaced');
      back.remove();
    });

    it('scrolls the button into view when it reports the return, and only then', async () => {
      const spacer = document.createElement('div');
      spacer.style.height = '300vh';
      document.body.prepend(spacer);
      const quiet = document.createElement('imp-billing-button');
      quiet.setAttribute('customer-uid', 'c');
      document.body.append(quiet);
      await aTimeout(10);
      expect(quiet.getBoundingClientRect().top).to.be.greaterThan(window.innerHeight); // no return: left where it is
      quiet.remove();
      history.replaceState(null, '', `${home}?imp_uid=imp_666666666666&merchant_uid=m_3&imp_success=true`);
      const el = document.createElement('imp-billing-button');
      el.setAttribute('customer-uid', 'c');
      document.body.append(el);
      await oneEvent(el, 'imp-billing-success');
      await el.updateComplete;
      await aTimeout(0);
      expect(messageText(el)).to.equal('카드가 등록되었습니다.');
      const { top, bottom } = el.getBoundingClientRect();
      expect(top).to.be.at.least(0);
      expect(bottom).to.be.at.most(window.innerHeight);
      el.remove();
      spacer.remove();
      window.scrollTo(0, 0);
    });

    it('reports a redirect failure with the PG text rendered as text', async () => {
      const msg = encodeURIComponent('<script>window.__pwned=1</script>[결제포기] 사용자가 결제를 취소하셨습니다');
      history.replaceState(null, '', `${home}?imp_uid=imp_1&merchant_uid=m_2&imp_success=false&error_code=F1001&error_msg=${msg}`);
      const el = document.createElement('imp-billing-button');
      document.body.append(el);
      const { detail } = (await oneEvent(el, 'imp-billing-failure')) as ImpBillingFailureEvent;
      expect(detail).to.include({ code: 'cancelled', via: 'redirect', error_code: 'F1001' });
      await el.updateComplete;
      expect(messageText(el)).to.contain('<script>window.__pwned=1</script>');
      expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
      expect(el.shadowRoot!.querySelector('script')).to.equal(null);
      el.remove();
    });
  });

  it('passes axe in idle, busy and disabled states', async () => {
    const el = await ready(await fixture<ImpBillingButton>(html`<imp-billing-button merchant-code="imp0" customer-uid="c"></imp-billing-button>`));
    await expect(el).to.be.accessible();
    el.click();
    await el.updateComplete;
    await expect(el).to.be.accessible();
    imp.answer({ imp_uid: 'i' });
    el.disabled = true;
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
