import type { BillingErrorCode } from '../core/errors.js';

import type { UiLang } from '../ui/lang.js';

const COPY = {
  ko: {
    label: '카드 등록하기',
    waiting: '결제창의 응답을 기다리고 있습니다…',
    failure: {
      'invalid-params': '결제 설정에 문제가 있어 카드를 등록할 수 없습니다.',
      'in-flight': '이미 진행 중인 카드 등록이 있습니다. 잠시 후 다시 시도해 주세요.',
      'sdk-load-failed': '결제 모듈을 불러오지 못했습니다. 네트워크를 확인하고 다시 시도해 주세요.',
      cancelled: '카드 등록이 취소되었습니다.',
      'pg-error': '카드 등록에 실패했습니다.',
      timeout: '결제창의 응답이 없습니다. 등록 여부를 확인한 뒤 다시 시도해 주세요.',
    },
  },
  en: {
    label: 'Register card',
    waiting: 'Waiting for the payment window…',
    failure: {
      'invalid-params': 'The card cannot be registered: the payment button is misconfigured.',
      'in-flight': 'A card registration is already in progress. Please wait and try again.',
      'sdk-load-failed': 'The payment module could not be loaded. Check your connection and try again.',
      cancelled: 'Card registration was cancelled.',
      'pg-error': 'Card registration failed.',
      timeout: 'The payment window did not answer. Check whether the card was registered before trying again.',
    },
  },
} satisfies Record<UiLang, { label: string; waiting: string; failure: Record<BillingErrorCode, string> }>;

export function uiCopy(lang: UiLang) {
  return COPY[lang];
}
