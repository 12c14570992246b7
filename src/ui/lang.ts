import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** UI copy language. Korean by default (PortOne's home market); English for `lang="en…"`. */
export type UiLang = 'ko' | 'en';

/** Elements re-rendered when `<html lang>` changes; one observer serves them all. */
const listeners = new Set<ReactiveControllerHost>();
let documentObserver: MutationObserver | null = null;

/**
 * The language an element speaks: its own `lang` property (reactive on our elements, so setting it re-renders), else
 * the closest `lang` attribute up the tree, crossing shadow roots, else the document's. `lang=""` (language unknown)
 * stops the search, as it does for the browser. A property set reaches the attribute only after the render, hence
 * the property first.
 */
export function langOf(host: HTMLElement): UiLang {
  let node: Node | undefined = host;
  while (node && !(node instanceof Element && node.hasAttribute('lang'))) node = node.parentNode ?? (node as ShadowRoot).host;
  return pick(host.lang || (node ?? document.documentElement).getAttribute('lang'));
}

/**
 * Re-renders `host` whenever `<html lang>` changes, from its connection to its disconnection (a change on another
 * ancestor shows at the element's next render). One observer for the page, started by the first element and kept:
 * it costs nothing while `<html lang>` is still.
 */
export function followDocumentLang(host: ReactiveControllerHost): void {
  listeners.add(host);
  if (documentObserver) return;
  documentObserver = new MutationObserver(() => {
    for (const listener of listeners) listener.requestUpdate();
  });
  documentObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
}

export function unfollowDocumentLang(host: ReactiveControllerHost): void {
  listeners.delete(host);
}

/**
 * `langOf` and the `<html lang>` following as a controller, for an element that prefers one (the card form). The
 * button calls the functions from its own lifecycle: a controller per button is an object and a registration more on
 * every first render.
 */
export class LangController implements ReactiveController {
  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  get lang(): UiLang {
    return langOf(this.host);
  }

  hostConnected(): void {
    followDocumentLang(this.host);
  }

  hostDisconnected(): void {
    unfollowDocumentLang(this.host);
  }
}

function pick(lang: string | null): UiLang {
  return lang?.toLowerCase().startsWith('en') ? 'en' : 'ko';
}
