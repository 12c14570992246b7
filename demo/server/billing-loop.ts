/**
 * The demo's "whole loop" endpoints (README, "The whole loop"): the page asks for a pending registration, opens the
 * button in the sandbox (which records what it issues in the mock API, `sandbox-api`), and posts the success event
 * back, which createBillingKeyVerifyHandler checks against the mock. The verified customer then lives in the
 * subscription section like a key-in one: again, schedule, webhook, refund.
 */
import { randomBytes } from 'node:crypto';
import {
  createBillingKeyVerifyHandler,
  freshMerchantUid,
  type BillingStore,
  type ExpectedRegistration,
  type Handler,
  type ImpClient,
} from '../../src/server/index.js';

/** The three cases the loop shows: key only, issue and charge, and Paymentwall (key after its pingback). */
export const LOOP_CASES = {
  'jtnet-key': { pg: 'jtnet', amount: 0 },
  'jtnet-charge': { pg: 'jtnet', amount: 1004 },
  paymentwall: { pg: 'paymentwall', amount: 50, currency: 'USD', name: 'Monthly plan', buyer_email: 'gildong@example.com', buyer_name: 'Gildong Hong' },
} as const;

/** Demo-only memory, bounded like the demo server's order book. */
const MAX_REGISTRATIONS = 1000;

export function billingLoopHandlers(options: {
  client: ImpClient;
  store: BillingStore;
  /** Where the sandbox records what it issues: the mock API the demo server talks to. */
  mockApiUrl: string;
  plan: { name: string; amount: number; periodSeconds: number };
}): Record<string, Handler> {
  const registrations = new Map<string, ExpectedRegistration>();

  const register: Handler = async ({ body }) => {
    const key = String(body.case ?? 'jtnet-key');
    if (!Object.hasOwn(LOOP_CASES, key)) return { status: 400, body: { ok: false, code: 'invalid-params', message: 'unknown case', field: 'case' } };
    const chosen = LOOP_CASES[key as keyof typeof LOOP_CASES];
    // The customer would come from the session; the demo has none, so each registration is a new customer.
    const registration = { merchant_uid: freshMerchantUid('reg'), customer_uid: `loop_${randomBytes(4).toString('hex')}` };
    if (registrations.size >= MAX_REGISTRATIONS) registrations.delete(registrations.keys().next().value!);
    registrations.set(registration.merchant_uid, {
      customer_uid: registration.customer_uid,
      pg: chosen.pg,
      amount: chosen.amount,
      plan: options.plan,
    });
    return { status: 200, body: { ok: true, ...registration, ...chosen, sandbox_api: options.mockApiUrl } };
  };

  return {
    '/api/billing/registrations': register,
    '/api/billing/verify': createBillingKeyVerifyHandler({
      client: options.client,
      store: options.store,
      expectedRegistration: (merchantUid) => registrations.get(merchantUid) ?? null,
    }),
  };
}
