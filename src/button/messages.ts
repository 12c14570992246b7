import type { UiLang } from '../ui/lang.js';

/** The button's label, needed at first paint. */
export const LABEL: Record<UiLang, string> = { ko: '카드 등록하기', en: 'Register card' };

/** From the click on, before the engine arrives: busy is said in words, not only by aria-busy. */
export const BUSY: Record<UiLang, string> = { ko: '카드 등록 중…', en: 'Registering the card…' };

/** The one failure the shell shows by itself: its engine (or the SDK) did not load. The others: failure-copy.ts. */
export const LOAD_FAILED: Record<UiLang, string> = {
  ko: '결제 모듈을 불러오지 못했습니다. 다시 시도해 주세요.',
  en: 'The payment module could not be loaded. Please try again.',
};
