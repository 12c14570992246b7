import type { RequestPayResponse } from '../core/types.js';

/**
 * The callbacks PortOne's V1 SDK gives, each in exactly its shape (issue 11's runs of v1/iamport.js 1.19.0 and 1.2.0
 * with PortOne's backend stubbed; sdk/ko/v1-sdk/javascript-sdk/payrt). Fakes answer with these and nothing more, so
 * a test cannot pass on a field the real SDK never sends.
 */
export const SDK_ANSWERS = {
  /** Iframe/popup PG windows: flags, ids and payment details. */
  iframeSuccess: (merchant_uid: string, imp_uid = 'imp_100000000001'): RequestPayResponse => ({
    success: true, imp_success: true, error_code: null, error_msg: null, imp_uid, merchant_uid, status: 'ready', paid_amount: 0,
  }),
  /** Iframe/popup PG windows: the customer gave up ("[결제포기]"). */
  iframeCancelled: (merchant_uid: string): RequestPayResponse => ({
    success: false, imp_success: false, imp_uid: 'imp_100000000002', merchant_uid,
    error_code: 'F0000', error_msg: '[결제포기] 사용자가 결제를 취소하셨습니다',
  }),
  /** Checkout service, key issued: the ids only, no flags; merchant_uid may be PortOne's issue id, not the one sent. */
  checkoutSuccess: (merchant_uid: string, customer_uid: string, imp_uid = 'imp_100000000003'): RequestPayResponse =>
    ({ imp_uid, merchant_uid, customer_uid }) as RequestPayResponse,
  /** Checkout service, request refused: merchant_uid and a message, no error_code, no flag, no imp_uid. */
  checkoutRefused: (merchant_uid: string, error_msg: string): RequestPayResponse => ({ merchant_uid, error_msg }) as RequestPayResponse,
  /** Checkout service, the customer closed the billing-key window. */
  checkoutCancelled: (merchant_uid: string): RequestPayResponse =>
    ({ merchant_uid, error_code: 'F400', error_msg: '사용자가 빌링키 발급을 취소하였습니다.' }) as RequestPayResponse,
  /**
   * The SDK's own "no PG configured" answer: its key is spelled `error_coe` (sic, still in 1.19.0). The wording of
   * error_msg is ours; the key and the code are the SDK's.
   */
  noPgConfigured: (): RequestPayResponse =>
    ({ error_coe: 'F1001', error_msg: 'PG 설정 정보가 없습니다.' }) as unknown as RequestPayResponse,
} as const;
