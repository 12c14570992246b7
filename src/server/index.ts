/**
 * `imp-billing/server`: the merchant-server half of imp-billing, for Node ≥ 20. Keep it out of browser bundles: it
 * holds the PortOne API secret and receives card data.
 */
export { createImpClient, ImpApiError, DEFAULT_BASE_URL, type ImpClient, type ImpClientOptions, type ListSchedulesQuery } from './client.js';
export {
  createCardFormHandler,
  createVerifyHandler,
  createScheduleWebhookHandler,
  freshMerchantUid,
  nextMerchantUid,
  isDuplicateMerchantUidError,
  isSafeId,
  jsonOnly,
  describeError,
  toPaymentRecord,
  type Handler,
  type HandlerInput,
  type HandlerResult,
  type Refusal,
  type CardFormHandlerOptions,
  type CardFormSuccess,
  type VerifyHandlerOptions,
  type ExpectedOrder,
  type ScheduleWebhookOptions,
} from './handlers.js';
export { toNodeHandler, toExpressHandler, toFetchHandler, type AdapterOptions, type NodeRequest } from './adapters.js';
export {
  openStore,
  createSqlStore,
  migrate,
  pgliteDriver,
  postgresDriver,
  MIGRATIONS,
  type BillingStore,
  type Driver,
  type Sql,
  type OpenStoreOptions,
  type Subscription,
  type SubscriptionInput,
  type SubscriptionPatch,
  type SubscriptionStatus,
  type PaymentRecord,
} from './store/index.js';
export { BodyError, parseBody, readText, DEFAULT_BODY_LIMIT, DEFAULT_BODY_TIMEOUT_MS } from '../shared/body.js';
export type * from '../shared/rest-types.js';
