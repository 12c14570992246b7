import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** UI copy language. Korean by default (PortOne's home market); English for `lang="en…"`. */
export type UiLang = 'ko' | 'en';

/** Elements re-rendered when `<html lang>` changes; one observer serves them all. */
const listeners = new Set<ReactiveControllerHost>();
let documentObserver: MutationObserver | null = null;

/**
 * The language an element speaks: its own `lang` (a reactive property, so setting it re-renders), else the closest
 * `lang` up the tree, crossing shadow roots, else the document's. A change of `<html lang>` re-renders every
 * connected element; a change on another ancestor shows at the element's next render.
 */
export class LangController implements ReactiveController {
  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  get lang(): UiLang {
    // The property first: when the element declares `lang` reactive, a property set reaches the attribute only
    // after this render. Then the closest `lang` attribute, crossing shadow roots; `lang=""` (language unknown)
    // stops the search, as it does for the browser. Disconnected: the document's.
    let node: Node | undefined = this.host;
    while (node && !(node instanceof Element && node.hasAttribute('lang'))) node = node.parentNode ?? (node as ShadowRoot).host;
    return pick(this.host.lang || (node ?? document.documentElement).getAttribute('lang'));
  }

  hostConnected(): void {
    listeners.add(this.host);
    // One observer for the page, started by the first element and kept: it costs nothing while <html lang> is still.
    if (documentObserver) return;
    documentObserver = new MutationObserver(() => {
      for (const host of listeners) host.requestUpdate();
    });
    documentObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }

  hostDisconnected(): void {
    listeners.delete(this.host);
  }
}

function pick(lang: string | null): UiLang {
  return lang?.toLowerCase().startsWith('en') ? 'en' : 'ko';
}
