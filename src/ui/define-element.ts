/**
 * Registers `tag` for `element`, the same way for every element of the package: a no-op during server rendering, and
 * safe to call twice or from two bundles on one page (the first definition wins; a different class already holding
 * the tag, i.e. another copy of imp-billing, gets one console warning).
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return;
  const existing = customElements.get(tag);
  if (!existing) customElements.define(tag, element);
  else if (existing !== element) {
    console.warn(`[imp-billing] <${tag}> is already defined by another copy of imp-billing; using that one.`);
  }
}
