/**
 * The PG codes PortOne V1 routes, so the sandbox refuses a `pg` the real service could not route instead of approving
 * it. Sources: every billing PG in core's PG_RULES, plus the other V1 codes PortOne documents — the PG pages under
 * `opi/ko/integration/pg/v1/`, the `pg` field of `sdk/ko/v1-sdk/javascript-sdk/payrq`, and iamport-typings' `Pg` union.
 */
import { PG_RULES } from '../core/pg-rules.js';

/** V1 PG codes that have no entry in PG_RULES (no billing rules of their own: the universal checks apply). */
const OTHER_V1_CODES = [
  'bluewalnut',
  'daou',
  'eximbay',
  'inicis',
  'inicis_unified',
  'naverco',
  'naverpay',
  'paypal',
  'paypal_v2',
  'smartro',
  'smartro_v2',
  'smilepay',
  'syrup',
  'toss_brandpay',
  'tosspay',
  'tosspay_v2',
  'uplus',
  'welcome',
] as const;

export const V1_PG_CODES: ReadonlySet<string> = new Set([...Object.keys(PG_RULES), ...OTHER_V1_CODES]);

/** True when `code` (the part of `pg` before `.{MID}`) is a PG code PortOne V1 knows. Codes are lower-case. */
export function isKnownPgCode(code: string): boolean {
  return V1_PG_CODES.has(code);
}
