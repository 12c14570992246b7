/**
 * The sandbox's half of the shared ledger: with `api` set, each answer the sandbox gives is first reported to the
 * mock REST API's sandbox-only endpoint (src/mock-api/sandbox-desk.ts), so the payment and the billing key exist
 * there under the same imp_uid before the page hears of them.
 */
import type { RequestPayResponse } from '../core/types.js';
import { SANDBOX_PAYMENTS_PATH, type SandboxReport } from '../shared/sandbox-report.js';

export interface LedgerFacts {
  amount: number;
  /** `pg` as sent: `code` or `code.{MID}`. */
  pg: string | undefined;
  awaitingWebhook: boolean;
  viaRedirect: boolean;
  /** What the window did: checkout-service PGs answer with the ids only, so it cannot be read from the answer. */
  status: SandboxReport['status'];
  /** The test card behind a success (`card_name`, masked `card_number`); null for a failure. */
  card: { name: string; masked: string } | null;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export function reportOf(response: RequestPayResponse, facts: LedgerFacts): SandboxReport {
  const [pgCode, ...mid] = (facts.pg ?? '').split('.');
  return {
    imp_uid: response.imp_uid!,
    merchant_uid: response.merchant_uid,
    customer_uid: str(response.customer_uid),
    pg_provider: str(pgCode),
    pg_id: str(mid.join('.')),
    pay_method: str(response.pay_method) ?? 'card',
    amount: facts.amount,
    currency: str(response.currency) ?? 'KRW',
    status: facts.status,
    awaiting_webhook: facts.awaitingWebhook,
    name: str(response.name),
    buyer_name: str(response.buyer_name),
    buyer_email: str(response.buyer_email),
    buyer_tel: str(response.buyer_tel),
    buyer_addr: str(response.buyer_addr),
    buyer_postcode: str(response.buyer_postcode),
    card_name: facts.card?.name ?? null,
    card_number: facts.card?.masked ?? null,
    fail_reason: str(response.error_msg),
    custom_data: str(response.custom_data),
    channel: facts.viaRedirect ? 'mobile' : 'pc',
  };
}

/** Resolves once the mock holds the record; rejects with the mock's own message when it refuses or is unreachable. */
export async function reportToMock(api: string, report: SandboxReport, fetchImpl: typeof fetch = fetch): Promise<void> {
  const url = new URL(SANDBOX_PAYMENTS_PATH, api);
  let res: Response;
  try {
    res = await fetchImpl(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(report) });
  } catch {
    throw new Error(`the mock API at ${url.origin} did not answer (is it running?)`);
  }
  const envelope = (await res.json().catch(() => null)) as { code?: number; message?: string } | null;
  if (!res.ok || envelope?.code !== 0) {
    throw new Error(`the mock API at ${url.origin} refused the record: ${envelope?.message ?? `HTTP ${res.status}`}`);
  }
}
