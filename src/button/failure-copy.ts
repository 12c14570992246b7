import type { BillingErrorCode } from '../core/errors.js';
import type { UiLang } from '../ui/lang.js';
import { BUSY, LOAD_FAILED } from './messages.js';

/** The payment window is open and has not answered for a while. Reached only from the engine, like FAILURE. */
const WAITING: Record<UiLang, string> = { ko: '결제창의 응답을 기다리고 있습니다…', en: 'Waiting for the payment window…' };

/** The window reported success: announced like failures are. Reached only from the engine, like FAILURE. */
const SUCCESS: Record<UiLang, string> = { ko: '카드가 등록되었습니다.', en: 'The card was registered.' };

/** Every failure's sentence. Reached only from the engine, so it travels with it rather than with the first paint. */
const FAILURE = {
  ko: {
    'invalid-params': '결제 설정 오류로 카드를 등록할 수 없습니다.',
    'in-flight': '카드 등록이 이미 진행 중입니다. 잠시 후 다시 시도해 주세요.',
    'sdk-load-failed': LOAD_FAILED.ko,
    cancelled: '카드 등록이 취소되었습니다.',
    'pg-error': '카드 등록에 실패했습니다.',
    timeout: '결제창의 응답이 없습니다. 등록 여부를 확인한 뒤 다시 시도해 주세요.',
  },
  en: {
    'invalid-params': 'The card cannot be registered: the payment button is misconfigured.',
    'in-flight': 'A card registration is already in progress. Please wait and try again.',
    'sdk-load-failed': LOAD_FAILED.en,
    cancelled: 'Card registration was cancelled.',
    'pg-error': 'Card registration failed.',
    timeout: 'The payment window did not answer. Check whether the card was registered before trying again.',
  },
} satisfies Record<UiLang, Record<BillingErrorCode, string>>;

/** The engine's status-line copy; the label is the shell's alone (messages.ts). */
export function uiCopy(lang: UiLang) {
  return { busy: BUSY[lang], waiting: WAITING[lang], success: SUCCESS[lang], failure: FAILURE[lang] };
}
