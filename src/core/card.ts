/**
 * Card-field normalisation and checks shared by the Brick params, the key-in card form and the server helpers.
 * Each function returns the normalised value or a message saying what is expected; none of them ever puts the
 * card data itself into a message.
 */

export type Checked = { ok: true; value: string } | { ok: false; message: string };

const ok = (value: string): Checked => ({ ok: true, value });
const bad = (message: string): Checked => ({ ok: false, message });

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * How long a card number is taken to be: 13 to 19 digits (ISO/IEC 7812 allows at most 19; Visa's oldest have 13).
 * Twelve is left out on purpose: every imp_uid carries 12 digits and must not read as a card number; the price is the
 * rare 12-digit Maestro. PortOne's key-in accepts 14 to 16 digits (`normalizeCardNumber`), well inside the range.
 */
const CARD_NUMBER_DIGITS = '\\d{13,19}';
const CARD_NUMBER_IN_TEXT = new RegExp(CARD_NUMBER_DIGITS);
const CARD_NUMBER_ONLY = new RegExp(`^${CARD_NUMBER_DIGITS}$`);

/** Whether a run of card-number length hides in `text`, spaces and hyphens ignored: such text is withheld. */
export function looksLikeCardNumber(text: string): boolean {
  return CARD_NUMBER_IN_TEXT.test(text.replace(/[\s-]/g, ''));
}

/** What a message says instead of text that looksLikeCardNumber: logs, errors and events never carry card numbers. */
export const WITHHELD_CARD_NUMBER = '(withheld: it looks like a card number)';

/** Whether `digits` (separators already removed) is digits only, of a card number's length. */
export function hasCardNumberLength(digits: string): boolean {
  return CARD_NUMBER_ONLY.test(digits);
}

/** Groups digits the way PortOne expects: 16 → 4-4-4-4; 15 (Amex) → 4-6-5; 14 (Diners) → 4-6-4. */
export function formatCardNumber(digits: string): string {
  if (digits.length === 16) return digits.replace(/(\d{4})(?=\d)/g, '$1-');
  return [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].filter(Boolean).join('-');
}

/** Accepts digits with spaces or hyphens; returns `dddd-dddd-dddd-dddd` when the number passes Luhn. */
export function normalizeCardNumber(input: unknown): Checked {
  if (typeof input !== 'string' && typeof input !== 'number') return bad('a card number is required');
  const raw = String(input);
  if (raw.length > 40 || !/^[\d\s-]+$/.test(raw)) return bad('a card number has only digits, spaces or hyphens');
  const digits = raw.replace(/[\s-]/g, '');
  if (digits.length < 14 || digits.length > 16) return bad('a card number has 14 to 16 digits');
  if (!luhnValid(digits)) return bad('the card number is mistyped (its check digit does not match)');
  return ok(formatCardNumber(digits));
}

/**
 * Accepts `YYYY-MM`, `YYYYMM`, `MM/YY` and `MM/YYYY`; returns `YYYY-MM` when the month has not ended yet
 * (a card is valid through the last day of its expiry month).
 */
export function normalizeExpiry(input: unknown, now: Date = new Date()): Checked {
  if (typeof input !== 'string') return bad('an expiry date is required, as YYYY-MM or MM/YY');
  const s = input.trim();
  let year: number;
  let month: number;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-?(\d{2})$/.exec(s))) {
    year = Number(m[1]);
    month = Number(m[2]);
  } else if ((m = /^(\d{2})\s*\/\s*(\d{2}|\d{4})$/.exec(s))) {
    month = Number(m[1]);
    year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  } else {
    return bad('an expiry date is written YYYY-MM or MM/YY');
  }
  if (month < 1 || month > 12) return bad('the expiry month is between 01 and 12');
  const thisMonth = now.getFullYear() * 12 + now.getMonth();
  if (year * 12 + (month - 1) < thisMonth) return bad('the card has expired');
  if (year > now.getFullYear() + 30) return bad('the expiry year is too far in the future');
  return ok(`${year}-${String(month).padStart(2, '0')}`);
}

export function normalizeCvc(input: unknown): Checked {
  const s = typeof input === 'number' ? String(input) : input;
  if (typeof s !== 'string' || !/^\d{3,4}$/.test(s.trim())) return bad('a CVC has 3 or 4 digits');
  return ok(s.trim());
}

/** Korean business registration number checksum (10 digits). */
export function businessNumberValid(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  const weights = [1, 3, 7, 1, 3, 7, 1, 3, 5];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * weights[i]!;
  sum += Math.floor((Number(digits[8]) * 5) / 10);
  return (10 - (sum % 10)) % 10 === Number(digits[9]);
}

/**
 * `birth` for key-in issuance: a real date as YYMMDD for a personal card, or a 10-digit business registration
 * number (hyphens allowed) for a corporate card.
 */
export function normalizeBirth(input: unknown): Checked {
  if (typeof input !== 'string') return bad('a birth date (YYMMDD) or business number (10 digits) is required');
  const digits = input.replace(/[\s-]/g, '');
  if (/^\d{6}$/.test(digits)) {
    const yy = Number(digits.slice(0, 2));
    const mm = Number(digits.slice(2, 4));
    const dd = Number(digits.slice(4, 6));
    // The century does not matter for validity except on 29 February; 2000 is a leap year like any yy=00.
    const year = 2000 + yy;
    const date = new Date(Date.UTC(year, mm - 1, dd));
    if (mm < 1 || mm > 12 || date.getUTCMonth() !== mm - 1 || date.getUTCDate() !== dd) {
      return bad('the birth date is not a real date (YYMMDD)');
    }
    return ok(digits);
  }
  if (/^\d{10}$/.test(digits)) {
    if (!businessNumberValid(digits)) return bad('the business registration number is mistyped');
    return ok(digits);
  }
  return bad('a birth date has 6 digits (YYMMDD); a business number has 10');
}

export function normalizePassword2(input: unknown): Checked {
  if (typeof input !== 'string' || !/^\d{2}$/.test(input.trim())) {
    return bad('the first two digits of the card password are required');
  }
  return ok(input.trim());
}
