
/** UI copy. Korean by default (PortOne's home market); English for `lang="en…"`. */
export type UiLang = 'ko' | 'en';

/** The button's label, needed at first paint. */
export const LABEL: Record<UiLang, string> = { ko: '카드 등록하기', en: 'Register card' };

/** The one failure the shell shows by itself: its engine (or the SDK) did not load. The others: failure-copy.ts. */
export const LOAD_FAILED: Record<UiLang, string> = {
  ko: '결제 모듈을 불러오지 못했습니다. 다시 시도해 주세요.',
  en: 'The payment module could not be loaded. Please try again.',
};

/** The closest `lang` up the tree, crossing shadow roots, then the document's; anything `en…` is English. */
export function closestLang(el: Element): UiLang {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) return pick(node.getAttribute('lang'));
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return pick(document.documentElement.getAttribute('lang'));
}

function pick(lang: string | null): UiLang {
  return lang?.toLowerCase().startsWith('en') ? 'en' : 'ko';
}
