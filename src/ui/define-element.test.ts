import { expect } from '@open-wc/testing';
import { defineElement } from './define-element.js';

describe('defineElement', () => {
  const originalWarn = console.warn;
  let warnings: string[];
  beforeEach(() => {
    warnings = [];
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
  });
  afterEach(() => {
    console.warn = originalWarn;
  });

  it('defines the tag once; a second call with the same class is silent', () => {
    class First extends HTMLElement {}
    defineElement('define-element-once', First);
    defineElement('define-element-once', First);
    expect(customElements.get('define-element-once')).to.equal(First);
    expect(warnings).to.deep.equal([]);
  });

  it('keeps the first definition and warns when another copy brings a different class', () => {
    class Mine extends HTMLElement {}
    class Theirs extends HTMLElement {}
    defineElement('define-element-clash', Mine);
    defineElement('define-element-clash', Theirs);
    expect(customElements.get('define-element-clash')).to.equal(Mine);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('<define-element-clash> is already defined by another copy of imp-billing');
  });
});
