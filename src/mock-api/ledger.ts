/**
 * The bookkeeping side of the PortOne stand-in: billing keys, payments and schedules, with PortOne's rules and
 * messages, and no HTTP. Every collection is capped, so a runaway test cannot grow the process without bound.
 */
import { randomInt } from 'node:crypto';
import { normalizeBirth, normalizeCardNumber, normalizeExpiry, normalizePassword2 } from '../core/card.js';
import type {
  CustomerAnnotation,
  PaymentAnnotation,
  PaymentStatus,
  ScheduleAnnotation,
  SchedulePage,
  ScheduleStatus,
} from '../shared/rest-types.js';
import { cardFacts, DECLINE_REASON, type CardFacts } from '../shared/test-cards.js';

/** A refusal with PortOne's envelope code and the HTTP status to send. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export const LIMITS = {
  customers: 10_000,
  payments: 100_000,
  schedules: 100_000,
  schedulesPerRequest: 100,
  pageSize: 100,
  uid: 80,
  text: 200,
  customData: 2_000,
} as const;

type Body = Record<string, unknown>;

interface StoredCustomer extends CustomerAnnotation {
  declines: boolean;
  last4: string;
}

const invalid = (message: string) => new ApiFailure(400, 1, message);
const notFound = (message: string) => new ApiFailure(404, 1, message);

const seconds = (ms: number) => Math.floor(ms / 1000);

export class Ledger {
  private readonly customers = new Map<string, StoredCustomer>();
  private readonly payments = new Map<string, PaymentAnnotation>();
  /** merchant_uid → imp_uid of its latest attempt. */
  private readonly byMerchantUid = new Map<string, string>();
  private readonly schedules = new Map<string, ScheduleAnnotation>();
  /** Per-schedule webhook URLs of pending schedules, kept aside because ScheduleAnnotation has no notice_url. */
  private readonly noticeUrls = new Map<string, string>();

  constructor(private readonly clock: () => number) {}

  // ---- billing keys ---------------------------------------------------------------------------------------

  issueCustomer(customerUid: string, body: Body): CustomerAnnotation {
    uid(customerUid, 'customer_uid');
    if (!this.customers.has(customerUid) && this.customers.size >= LIMITS.customers) {
      throw invalid(`등록 가능한 빌링키 수를 초과했습니다 (the stand-in holds at most ${LIMITS.customers} billing keys)`);
    }
    const card = this.checkCard(body);
    const now = seconds(this.clock());
    const previous = this.customers.get(customerUid);
    // Reusing a customer_uid replaces the card behind it, as PortOne does.
    const customer: StoredCustomer = {
      customer_uid: customerUid,
      pg_provider: 'kcp',
      pg_id: 'IMP_BILLING_MOCK',
      customer_id: optText(body, 'customer_id'),
      card_name: card.card_name,
      card_code: card.card_code,
      card_number: card.masked,
      card_type: 0,
      customer_name: optText(body, 'customer_name'),
      customer_tel: optText(body, 'customer_tel'),
      customer_email: optText(body, 'customer_email'),
      customer_addr: optText(body, 'customer_addr'),
      customer_postcode: optText(body, 'customer_postcode'),
      inserted: previous?.inserted ?? now,
      updated: now,
      declines: card.declines,
      last4: card.last4,
    };
    this.customers.set(customerUid, customer);
    return publicCustomer(customer);
  }

  getCustomer(customerUid: string): CustomerAnnotation {
    return publicCustomer(this.customer(customerUid));
  }

  deleteCustomer(customerUid: string): CustomerAnnotation {
    const customer = this.customer(customerUid);
    // PortOne leaves pending schedules to fail; revoking them here keeps the demo's list honest.
    for (const s of this.schedules.values()) {
      if (s.customer_uid === customerUid && s.schedule_status === 'scheduled') this.revoke(s);
    }
    this.customers.delete(customerUid);
    return publicCustomer(customer);
  }

  // ---- payments ------------------------------------------------------------------------------------------

  /** Key-in payment; with customer_uid the card is also kept as a billing key ("issue + first charge"). */
  onetime(body: Body): PaymentAnnotation {
    const merchantUid = this.freshMerchantUid(body.merchant_uid);
    const amount = positiveAmount(body.amount);
    const customerUid = body.customer_uid === undefined || body.customer_uid === '' ? null : uid(body.customer_uid, 'customer_uid');
    let card: CardFacts;
    if (customerUid) {
      this.issueCustomer(customerUid, body);
      const c = this.customer(customerUid);
      card = { masked: c.card_number!, last4: c.last4, card_code: c.card_code!, card_name: c.card_name!, declines: c.declines };
    } else {
      card = this.checkCard(body);
    }
    return this.charge({ body, merchantUid, amount, card, customerUid, usage: customerUid ? 'issue' : null });
  }

  again(body: Body): PaymentAnnotation {
    const customer = this.customer(uid(body.customer_uid, 'customer_uid'));
    const merchantUid = this.freshMerchantUid(body.merchant_uid);
    const amount = positiveAmount(body.amount);
    requiredText('name', body.name);
    return this.charge({ body, merchantUid, amount, card: customerCard(customer), customerUid: customer.customer_uid, usage: 'payment' });
  }

  getPayment(impUid: string): PaymentAnnotation {
    const payment = this.payments.get(impUid);
    if (!payment) throw notFound('존재하지 않는 결제정보입니다 (no payment with this imp_uid)');
    return { ...payment };
  }

  // ---- schedules -----------------------------------------------------------------------------------------

  schedule(body: Body): ScheduleAnnotation[] {
    const customer = this.customer(uid(body.customer_uid, 'customer_uid'));
    const list = body.schedules;
    if (!Array.isArray(list) || list.length === 0) throw invalid('schedules 파라미터가 필요합니다 (schedules is required)');
    if (list.length > LIMITS.schedulesPerRequest) {
      throw invalid(`한 번에 최대 ${LIMITS.schedulesPerRequest}건까지 예약할 수 있습니다 (too many schedules in one request)`);
    }
    if (this.schedules.size + list.length > LIMITS.schedules) throw invalid('예약 가능한 건수를 초과했습니다 (schedule store is full)');
    const now = this.clock();
    const seen = new Set<string>();
    // Validate the whole batch first: PortOne refuses it as a unit, so nothing half-registers.
    const drafts = list.map((raw: unknown): ScheduleAnnotation => {
      if (typeof raw !== 'object' || raw === null) throw invalid('schedules 항목이 올바르지 않습니다 (each schedule is an object)');
      const s = raw as Body;
      const merchantUid = this.freshMerchantUid(s.merchant_uid);
      if (seen.has(merchantUid) || this.schedules.has(merchantUid)) {
        throw invalid(`이미 예약된 merchant_uid입니다: ${merchantUid} (merchant_uid already scheduled)`);
      }
      seen.add(merchantUid);
      noticeUrl(s.notice_url);
      const at = integer(s.schedule_at, 'schedule_at');
      if (at * 1000 <= now) throw invalid('schedule_at은 현재 시각 이후여야 합니다 (schedule_at must be in the future)');
      return {
        customer_uid: customer.customer_uid,
        merchant_uid: merchantUid,
        imp_uid: null,
        schedule_at: at,
        executed_at: 0,
        revoked_at: 0,
        amount: positiveAmount(s.amount),
        name: optText(s, 'name'),
        buyer_name: optText(s, 'buyer_name') ?? customer.customer_name,
        buyer_email: optText(s, 'buyer_email') ?? customer.customer_email,
        buyer_tel: optText(s, 'buyer_tel') ?? customer.customer_tel,
        buyer_addr: optText(s, 'buyer_addr') ?? customer.customer_addr,
        buyer_postcode: optText(s, 'buyer_postcode') ?? customer.customer_postcode,
        custom_data: customData(s.custom_data),
        schedule_status: 'scheduled',
        payment_status: null,
        fail_reason: null,
      };
    });
    for (const d of drafts) this.schedules.set(d.merchant_uid, d);
    for (const [i, raw] of list.entries()) {
      const url = noticeUrl((raw as Body).notice_url);
      if (url) this.noticeUrls.set(drafts[i]!.merchant_uid, url);
    }
    return drafts.map((d) => ({ ...d }));
  }

  unschedule(body: Body): ScheduleAnnotation[] {
    const customerUid = uid(body.customer_uid, 'customer_uid');
    this.customer(customerUid);
    const raw = body.merchant_uid;
    const wanted = raw === undefined || raw === '' ? null : new Set((Array.isArray(raw) ? raw : [raw]).map((m) => uid(m, 'merchant_uid')));
    const revoked: ScheduleAnnotation[] = [];
    for (const s of this.schedules.values()) {
      if (s.customer_uid !== customerUid || s.schedule_status !== 'scheduled') continue;
      if (wanted && !wanted.has(s.merchant_uid)) continue;
      this.revoke(s);
      revoked.push({ ...s });
    }
    if (revoked.length === 0) throw notFound('취소할 예약결제 기록이 존재하지 않습니다 (no pending schedule to revoke)');
    return revoked;
  }

  getSchedule(merchantUid: string): ScheduleAnnotation {
    const s = this.schedules.get(merchantUid);
    if (!s) throw notFound('존재하지 않는 예약결제입니다 (no schedule with this merchant_uid)');
    return { ...s };
  }

  listSchedules(customerUid: string, query: URLSearchParams): SchedulePage {
    const status = query.get('schedule-status') ?? query.get('schedule_status');
    if (status && !['scheduled', 'executed', 'revoked'].includes(status)) throw invalid('schedule-status가 올바르지 않습니다');
    const from = query.has('from') ? Number(query.get('from')) : -Infinity;
    const to = query.has('to') ? Number(query.get('to')) : Infinity;
    const page = Math.max(1, Math.floor(Number(query.get('page') ?? 1)) || 1);
    const limit = Math.min(LIMITS.pageSize, Math.max(1, Math.floor(Number(query.get('limit') ?? 20)) || 20));
    const all = [...this.schedules.values()]
      .filter((s) => s.customer_uid === customerUid)
      .filter((s) => (!status || s.schedule_status === (status as ScheduleStatus)) && s.schedule_at >= from && s.schedule_at <= to)
      .sort((a, b) => a.schedule_at - b.schedule_at);
    const list = all.slice((page - 1) * limit, page * limit).map((s) => ({ ...s }));
    return { total: all.length, previous: page > 1 ? page - 1 : 0, next: page * limit < all.length ? page + 1 : 0, list };
  }

  /** The earliest pending schedule due at or before `untilMs`. */
  nextDue(untilMs: number): ScheduleAnnotation | null {
    let best: ScheduleAnnotation | null = null;
    for (const s of this.schedules.values()) {
      if (s.schedule_status === 'scheduled' && s.schedule_at * 1000 <= untilMs && (!best || s.schedule_at < best.schedule_at)) best = s;
    }
    return best;
  }

  /** Runs a due schedule now: charges the key, marks the schedule executed, and says where to deliver the webhook. */
  execute(s: ScheduleAnnotation): { payment: PaymentAnnotation; noticeUrl: string | null } {
    const customer = this.customers.get(s.customer_uid);
    const noticeUrl = this.noticeUrls.get(s.merchant_uid) ?? null;
    this.noticeUrls.delete(s.merchant_uid);
    s.executed_at = seconds(this.clock());
    s.schedule_status = 'executed';
    const payment = this.charge({
      body: s as unknown as Body,
      merchantUid: s.merchant_uid,
      amount: s.amount,
      // A key deleted after scheduling fails the charge, as at PortOne.
      card: customer ? customerCard(customer) : null,
      customerUid: s.customer_uid,
      usage: 'payment.scheduled',
    });
    s.imp_uid = payment.imp_uid;
    s.payment_status = payment.status;
    s.fail_reason = payment.fail_reason;
    return { payment, noticeUrl };
  }

  // ---- internals -----------------------------------------------------------------------------------------

  private customer(customerUid: string): StoredCustomer {
    const customer = this.customers.get(customerUid);
    if (!customer) throw notFound(`존재하지 않는 customer_uid입니다: ${customerUid.slice(0, LIMITS.uid)} (no billing key for this customer_uid)`);
    return customer;
  }

  private revoke(s: ScheduleAnnotation): void {
    s.schedule_status = 'revoked';
    s.revoked_at = seconds(this.clock());
    this.noticeUrls.delete(s.merchant_uid);
  }

  /**
   * A merchant_uid may be reused only after a failed attempt (PortOne's retry rule); a paid one, or one
   * waiting in a schedule, is refused.
   */
  private freshMerchantUid(value: unknown): string {
    const merchantUid = uid(value, 'merchant_uid');
    const previous = this.byMerchantUid.get(merchantUid);
    if (previous && this.payments.get(previous)?.status !== 'failed') {
      throw invalid(`[F1002] 이미 결제가 이루어진 거래건입니다 (merchant_uid ${merchantUid} is already used)`);
    }
    const pending = this.schedules.get(merchantUid);
    if (pending && pending.schedule_status === 'scheduled') {
      throw invalid(`이미 예약된 merchant_uid입니다: ${merchantUid} (merchant_uid already scheduled)`);
    }
    return merchantUid;
  }

  private checkCard(body: Body): CardFacts {
    const checks: Array<[string, string, ReturnType<typeof normalizeCardNumber>]> = [
      ['card_number', '카드번호', normalizeCardNumber(body.card_number)],
      ['expiry', '유효기간', normalizeExpiry(body.expiry, new Date(this.clock()))],
      // KCP's key-in API asks for a birth date (or business number) with every card.
      ['birth', '생년월일 또는 사업자번호', normalizeBirth(body.birth)],
    ];
    if (body.pwd_2digit !== undefined && body.pwd_2digit !== '') {
      checks.push(['pwd_2digit', '비밀번호 앞 두자리', normalizePassword2(body.pwd_2digit)]);
    }
    for (const [field, label, result] of checks) {
      if (!result.ok) throw invalid(`[F112] 카드정보 인증에 실패했습니다: ${label}을(를) 확인해주세요 (${field}: ${result.message})`);
    }
    const number = checks[0]![2];
    return cardFacts(number.ok ? number.value : '');
  }

  private charge(args: {
    body: Body;
    merchantUid: string;
    amount: number;
    card: CardFacts | null;
    customerUid: string | null;
    usage: PaymentAnnotation['customer_uid_usage'];
  }): PaymentAnnotation {
    if (this.payments.size >= LIMITS.payments) throw invalid('결제 가능한 건수를 초과했습니다 (payment store is full)');
    const { body, card } = args;
    const now = seconds(this.clock());
    const failReason = !card ? '등록되지 않은 빌링키입니다 (the billing key was deleted)' : card.declines ? DECLINE_REASON : null;
    const status: PaymentStatus = failReason ? 'failed' : 'paid';
    const impUid = this.newImpUid();
    const payment: PaymentAnnotation = {
      imp_uid: impUid,
      merchant_uid: args.merchantUid,
      pay_method: 'card',
      channel: 'api',
      pg_provider: 'kcp',
      emb_pg_provider: null,
      pg_tid: status === 'paid' ? `T${impUid.slice(4)}` : null,
      pg_id: 'IMP_BILLING_MOCK',
      escrow: false,
      apply_num: status === 'paid' ? String(randomInt(10_000_000, 100_000_000)) : null,
      bank_code: null,
      bank_name: null,
      card_code: card?.card_code ?? null,
      card_name: card?.card_name ?? null,
      card_quota: 0,
      card_number: card?.masked ?? null,
      card_type: card ? 0 : null,
      vbank_code: null,
      vbank_name: null,
      vbank_num: null,
      vbank_holder: null,
      vbank_date: 0,
      vbank_issued_at: 0,
      name: optText(body, 'name'),
      amount: args.amount,
      cancel_amount: 0,
      currency: 'KRW',
      buyer_name: optText(body, 'buyer_name'),
      buyer_email: optText(body, 'buyer_email'),
      buyer_tel: optText(body, 'buyer_tel'),
      buyer_addr: optText(body, 'buyer_addr'),
      buyer_postcode: optText(body, 'buyer_postcode'),
      custom_data: customData(body.custom_data),
      user_agent: 'sorry_not_supported',
      status,
      started_at: now,
      paid_at: status === 'paid' ? now : 0,
      failed_at: status === 'failed' ? now : 0,
      cancelled_at: 0,
      fail_reason: failReason,
      cancel_reason: null,
      receipt_url: status === 'paid' ? `https://mockup.iamport.kr/receipt/${impUid}` : null,
      cancel_history: [],
      cancel_receipt_urls: [],
      cash_receipt_issued: false,
      customer_uid: args.customerUid,
      customer_uid_usage: args.usage,
    };
    this.payments.set(impUid, payment);
    this.byMerchantUid.set(args.merchantUid, impUid);
    return { ...payment };
  }

  private newImpUid(): string {
    for (;;) {
      const id = `imp_${randomInt(100_000_000_000, 1_000_000_000_000)}`;
      if (!this.payments.has(id)) return id;
    }
  }
}

function publicCustomer(c: StoredCustomer): CustomerAnnotation {
  const { declines: _declines, last4: _last4, ...rest } = c;
  return rest;
}

function customerCard(c: StoredCustomer): CardFacts {
  return { masked: c.card_number!, last4: c.last4, card_code: c.card_code!, card_name: c.card_name!, declines: c.declines };
}

// ---- parameter checks (messages in Korean first, English in brackets, like the rest of the stand-in) ---------

function uid(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${field} 파라미터가 필요합니다 (${field} is required)`);
  if (value.length > LIMITS.uid) throw invalid(`${field}는 ${LIMITS.uid}자 이하여야 합니다 (${field} is too long)`);
  return value;
}

function requiredText(field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw invalid(`${field} 파라미터가 필요합니다 (${field} is required)`);
  if (value.length > LIMITS.text) throw invalid(`${field}가 너무 깁니다 (${field} is too long)`);
  return value;
}

function optText(body: Body, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null || value === '') return null;
  return requiredText(field, String(value));
}

function customData(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  if (s.length > LIMITS.customData) throw invalid('custom_data가 너무 깁니다 (custom_data is too long)');
  return s;
}

function noticeUrl(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || value.length > LIMITS.customData || !/^https?:\/\//.test(value)) {
    throw invalid('notice_url이 올바르지 않습니다 (notice_url must be an http(s) URL)');
  }
  return value;
}

/** Form bodies carry numbers as strings; PortOne accepts both. */
function integer(value: unknown, field: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw invalid(`${field}는 정수여야 합니다 (${field} must be an integer)`);
  return n;
}

function positiveAmount(value: unknown): number {
  const n = integer(value, 'amount');
  if (n <= 0) throw invalid('결제금액은 0보다 커야 합니다 (amount must be greater than 0)');
  return n;
}
