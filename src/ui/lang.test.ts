import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { LangController } from './lang.js';

/** A minimal host: renders the language its controller reports, and counts renders. */
class LangProbe extends LitElement {
  static override properties = { lang: { reflect: true } };
  readonly speaker = new LangController(this);
  renders = 0;
  override render() {
    this.renders++;
    return html`${this.speaker.lang}`;
  }
}
customElements.define('lang-probe', LangProbe);

const said = (el: LangProbe) => el.shadowRoot!.textContent!.trim();

describe('LangController', () => {
  const original = document.documentElement.getAttribute('lang');
  afterEach(() => {
    if (original === null) document.documentElement.removeAttribute('lang');
    else document.documentElement.setAttribute('lang', original);
  });

  it('own lang (attribute or property) first, then the closest ancestor across shadow roots, then Korean', async () => {
    document.documentElement.removeAttribute('lang');
    const outer = await fixture<HTMLDivElement>(html`<div lang="en-GB"></div>`);
    const shadow = outer.attachShadow({ mode: 'open' });
    const el = document.createElement('lang-probe') as LangProbe;
    shadow.append(el);
    await el.updateComplete;
    expect(said(el)).to.equal('en');
    el.lang = 'ko';
    await el.updateComplete;
    expect(said(el)).to.equal('ko');
    expect(el.getAttribute('lang')).to.equal('ko');
    el.removeAttribute('lang');
    await el.updateComplete;
    expect(said(el)).to.equal('en');
    outer.removeAttribute('lang');
    el.requestUpdate();
    await el.updateComplete;
    expect(said(el)).to.equal('ko');
  });

  it('lang="" (unknown) stops the search, as it does for the browser', async () => {
    const outer = await fixture<HTMLDivElement>(html`<div lang="en"><lang-probe lang=""></lang-probe></div>`);
    const el = outer.querySelector('lang-probe') as LangProbe;
    await el.updateComplete;
    expect(said(el)).to.equal('ko');
  });

  it('re-renders connected elements when <html lang> changes, and stops watching once they are gone', async () => {
    document.documentElement.setAttribute('lang', 'ko');
    const el = await fixture<LangProbe>(html`<lang-probe></lang-probe>`);
    expect(said(el)).to.equal('ko');
    document.documentElement.setAttribute('lang', 'en');
    await aTimeout(0);
    await el.updateComplete;
    expect(said(el)).to.equal('en');
    const renders = el.renders;
    el.remove();
    document.documentElement.setAttribute('lang', 'ko');
    await aTimeout(0);
    expect(el.renders).to.equal(renders);
  });
});
