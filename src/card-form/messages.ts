import type { UiLang } from '../ui/lang.js';

export type CardField = 'card_number' | 'expiry' | 'birth' | 'pwd_2digit';

interface FieldCopy {
  label: string;
  hint: string;
  placeholder: string;
  required: string;
  /** Shown when core's check fails with a message this table does not translate. */
  invalid: string;
}

export interface FormCopy {
  formLabel: string;
  submit: string;
  busy: string;
  success: (cardName: string | null, masked: string | null) => string;
  serverFailure: string;
  networkFailure: string;
  timeout: string;
  missingAction: string;
  missingCustomer: string;
  fields: Record<CardField, FieldCopy>;
}

const KO: FormCopy = {
  formLabel: '정기결제 카드 등록',
  submit: '카드 등록하기',
  busy: '등록 중…',
  success: (name, masked) => `카드가 등록되었습니다${name || masked ? ` (${[name, masked].filter(Boolean).join(' ')})` : ''}.`,
  serverFailure: '카드 등록에 실패했습니다.',
  networkFailure: '서버에 연결하지 못했습니다. 네트워크를 확인하고 다시 시도해 주세요.',
  timeout: '서버의 응답이 없습니다. 등록 여부를 확인한 뒤 다시 시도해 주세요.',
  missingAction: '카드 등록 폼에 action(전송할 서버 주소)이 설정되지 않았습니다.',
  missingCustomer: '카드 등록 폼에 customer-uid가 설정되지 않았습니다.',
  fields: {
    card_number: {
      label: '카드 번호',
      hint: '숫자 14~16자리 (XXXX-XXXX-XXXX-XXXX)',
      placeholder: '0000-0000-0000-0000',
      required: '카드 번호를 입력해 주세요.',
      invalid: '카드 번호를 확인해 주세요.',
    },
    expiry: {
      label: '유효기간',
      hint: '연도-월 (YYYY-MM)',
      placeholder: 'YYYY-MM',
      required: '유효기간을 입력해 주세요.',
      invalid: '유효기간을 확인해 주세요.',
    },
    birth: {
      label: '생년월일 또는 사업자등록번호',
      hint: '개인카드는 생년월일 6자리(YYMMDD), 법인카드는 사업자등록번호 10자리',
      placeholder: 'YYMMDD',
      required: '생년월일 또는 사업자등록번호를 입력해 주세요.',
      invalid: '생년월일 또는 사업자등록번호를 확인해 주세요.',
    },
    pwd_2digit: {
      label: '카드 비밀번호 앞 두 자리',
      hint: '비밀번호 4자리 중 앞 2자리',
      placeholder: '••',
      required: '카드 비밀번호 앞 두 자리를 입력해 주세요.',
      invalid: '카드 비밀번호 앞 두 자리를 확인해 주세요.',
    },
  },
};

const EN: FormCopy = {
  formLabel: 'Register a card for recurring billing',
  submit: 'Register card',
  busy: 'Registering…',
  success: (name, masked) => `Card registered${name || masked ? ` (${[name, masked].filter(Boolean).join(' ')})` : ''}.`,
  serverFailure: 'The card could not be registered.',
  networkFailure: 'Could not reach the server. Check your connection and try again.',
  timeout: 'The server did not answer. Check whether the card was registered before trying again.',
  missingAction: 'The card form has no action (the server URL to send to).',
  missingCustomer: 'The card form has no customer-uid.',
  fields: {
    card_number: {
      label: 'Card number',
      hint: '14 to 16 digits (XXXX-XXXX-XXXX-XXXX)',
      placeholder: '0000-0000-0000-0000',
      required: 'Enter the card number.',
      invalid: 'Check the card number.',
    },
    expiry: {
      label: 'Expiry date',
      hint: 'Year-month (YYYY-MM)',
      placeholder: 'YYYY-MM',
      required: 'Enter the expiry date.',
      invalid: 'Check the expiry date.',
    },
    birth: {
      label: 'Date of birth or business registration number',
      hint: 'Personal card: birth date as YYMMDD. Corporate card: the 10-digit business number',
      placeholder: 'YYMMDD',
      required: 'Enter your date of birth or business registration number.',
      invalid: 'Check the date of birth or business registration number.',
    },
    pwd_2digit: {
      label: 'First two digits of the card PIN',
      hint: 'The first 2 of the 4 digits',
      placeholder: '••',
      required: 'Enter the first two digits of the card PIN.',
      invalid: 'Check the first two digits of the card PIN.',
    },
  },
};

/**
 * Korean for core's validation messages (src/core/card.ts), which are English and never contain the card data.
 * A message missing here falls back to the field's generic `invalid` copy in Korean, and is shown as is in English.
 */
const CORE_KO: Record<string, string> = {
  'a card number has only digits, spaces or hyphens': '카드 번호는 숫자만 입력해 주세요.',
  'a card number has 14 to 16 digits': '카드 번호는 14~16자리입니다.',
  'the card number is mistyped (its check digit does not match)': '카드 번호가 올바르지 않습니다. 잘못 입력된 숫자가 없는지 확인해 주세요.',
  'an expiry date is written YYYY-MM or MM/YY': '유효기간은 YYYY-MM 형식으로 입력해 주세요.',
  'the expiry month is between 01 and 12': '유효기간의 월은 01에서 12 사이입니다.',
  'the card has expired': '유효기간이 지난 카드입니다.',
  'the expiry year is too far in the future': '유효기간의 연도가 올바르지 않습니다.',
  'the birth date is not a real date (YYMMDD)': '존재하지 않는 날짜입니다. 생년월일을 YYMMDD로 입력해 주세요.',
  'the business registration number is mistyped': '사업자등록번호가 올바르지 않습니다. 다시 확인해 주세요.',
  'a birth date has 6 digits (YYMMDD); a business number has 10': '생년월일은 6자리, 사업자등록번호는 10자리입니다.',
  'the first two digits of the card password are required': '카드 비밀번호 앞 두 자리(숫자)를 입력해 주세요.',
};

export function formCopy(lang: UiLang): FormCopy {
  return lang === 'en' ? EN : KO;
}

export function validationMessage(lang: UiLang, field: CardField, coreMessage: string): string {
  if (lang === 'ko') return CORE_KO[coreMessage] ?? KO.fields[field].invalid;
  return `${coreMessage.charAt(0).toUpperCase()}${coreMessage.slice(1)}.`;
}
