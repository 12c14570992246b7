/**
 * Test-card rules of the stand-in. Only what the ledger needs survives a request: the masked number, the last
 * four digits, the issuer guess and whether the card declines. The full number never leaves the request handler.
 */

/** Cards to type into the demo. Any other Luhn-valid number approves too. */
export const TEST_CARDS = {
  approve: '4242-4242-4242-4242',
  /** Issues a key, but every charge comes back `status: 'failed'` (code 0), as PortOne reports card declines. */
  decline: '4000-0000-0000-0002',
} as const;

export const DECLINE_REASON = '[4008] 카드사 승인거절: 잔액부족 (declined by the card issuer: insufficient funds)';

interface Issuer {
  code: string;
  name: string;
}

// PortOne's card_code values for a few Korean issuers, picked by the first digit so the demo shows real-looking names.
const ISSUERS: Record<string, Issuer> = {
  '3': { code: '367', name: '현대카드' },
  '4': { code: '366', name: '신한카드' },
  '5': { code: '381', name: 'KB국민카드' },
  '6': { code: '361', name: 'BC카드' },
};
const DEFAULT_ISSUER: Issuer = { code: '374', name: '하나카드' };

export interface CardFacts {
  masked: string;
  last4: string;
  card_code: string;
  card_name: string;
  declines: boolean;
}

/** `formatted` is the normalised `dddd-dddd-dddd-dddd` (or Amex/Diners grouping) from core's normalizeCardNumber. */
export function cardFacts(formatted: string): CardFacts {
  const digits = formatted.replace(/-/g, '');
  const issuer = ISSUERS[digits[0]!] ?? DEFAULT_ISSUER;
  return {
    masked: maskCard(formatted),
    last4: digits.slice(-4),
    card_code: issuer.code,
    card_name: issuer.name,
    declines: formatted === TEST_CARDS.decline,
  };
}

/**
 * PortOne's usual masking (the schema's note on `card_number`): the 7th to 12th digits hidden, digits only —
 * `424242******4242`; a 15-digit Amex keeps its last three.
 */
export function maskCard(formatted: string): string {
  const digits = formatted.replace(/-/g, '');
  return digits.slice(0, 6) + '*'.repeat(Math.max(0, Math.min(12, digits.length) - 6)) + digits.slice(12);
}
