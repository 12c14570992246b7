export type { Iamport, CardInfo, RequestPayParams, RequestPayResponse, RedirectQuery } from './types.js';
export { BillingError, type BillingErrorCode } from './errors.js';
export {
  PG_RULES, PG_CODE_PATTERN, lookupPg, ruleFor, amountRuleFor, isKnownPgCode,
  type PgRule, type AmountRule, type WindowBilling, type PgAdvice,
} from './pg-rules.js';
export { buildRequestPayParams, redactParams, generateMerchantUid, type BillingOptions, type BuildContext } from './params.js';
export {
  normalizeCardNumber, normalizeExpiry, normalizeCvc, normalizeBirth, normalizePassword2, luhnValid, businessNumberValid,
  type Checked,
} from './card.js';
export { loadImp, DEFAULT_SDK_SRC, type LoadImpOptions } from './loader.js';
export { requestBillingKey, isInFlight, DEFAULT_TIMEOUT_MS, type RequestContext } from './request.js';
export { readRedirectResult, consumeRedirectResult, REDIRECT_KEYS, type ReadRedirectOptions, type ConsumeRedirectOptions } from './redirect.js';
export type { BillingResult, BillingSuccess, BillingFailure, ResultVia } from './result.js';
