/**
 * The bookkeeping side of the PortOne stand-in: billing keys, payments, refunds, prepared amounts and schedules,
 * with PortOne's rules and messages, and no HTTP. Parameters arrive already checked against the conformance table
 * (./conformance.ts), so only PortOne's business rules live here. Every collection is capped, so a runaway test
 * cannot grow the process without bound.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { normalizeBirth, normalizeCardNumber, normalizeExpiry, normalizePassword2 } from '../core/card.js';
import type {
  CustomerAnnotation,
  PaymentAnnotation,
  PaymentPage,
  PaymentStatus,
  PreparedPayment,
  ScheduleAnnotation,
  SchedulePage,
  ScheduleStatus,
} from '../shared/rest-types.js';
import { cardFacts, DECLINE_REASON, type CardFacts } from '../shared/test-cards.js';
import type { RequestParams } from './conformance.js';

/**
 * Why a request was refused. The HTTP status follows from the endpoint's listed statuses (see ../mock-api/index.ts):
 * 'not-found' is 404 and 'invalid' 400 only where the endpoint lists them, otherwise HTTP 200 with code -1; a
 * number is a fixed HTTP status (401, 404 for an unknown path, …).
 */
export type RefusalReason = 'refused' | 'not-found' | 'invalid' | number;

/** A refusal, answered in PortOne's envelope with `code` -1 (the only refusal code PortOne's V1 pages show). */
export class ApiFailure extends Error {
  readonly code = -1;
  constructor(
    readonly reason: RefusalReason,
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
  prepared: 100_000,
  schedulesPerRequest: 100,
  /** Page size of the paged lists, PortOne's default. */
  pageSize: 20,
  /** The most `limit` may ask for on the range listing. */
  maxLimit: 1000,
  customData: 2_000,
} as const;

interface StoredCustomer extends CustomerAnnotation {
  declines: boolean;
  last4: string;
}

interface StoredSchedule extends ScheduleAnnotation {
  /** The checked schedule entry, charged as-is when it falls due. */
  request: RequestParams;
}

interface StoredPayment extends PaymentAnnotation {
  noticeUrl: string | null;
}

/** Where a charge notifies, kept apart from the public answer. */
export interface Charged {
  payment: PaymentAnnotation;
  noticeUrl: string | null;
}

export interface ScheduleFilter {
  customerUid?: string;
  /** Unix seconds, from inclusive, to exclusive. */
  from: number;
  to: number;
  status?: ScheduleStatus;
  page?: number;
  limit?: number;
  /** PortOne's range listing: `scheduled` sorts oldest first; the default is newest first. */
  oldestFirst?: boolean;
}

const refused = (message: string) => new ApiFailure('refused', message);
const notFound = (message: string) => new ApiFailure('not-found', message);

const seconds = (ms: number) => Math.floor(ms / 1000);
const str = (body: RequestParams, field: string): string | null => (typeof body[field] === 'string' ? (body[field] as string) : null);

export const MOCK_PG = { provider: 'kcp', id: 'IMP_BILLING_MOCK' } as const;

export class Ledger {
  private readonly customers = new Map<string, StoredCustomer>();
  private readonly payments = new Map<string, StoredPayment>();
  /** merchant_uid → imp_uid of its latest attempt. */
  private readonly byMerchantUid = new Map<string, string>();
  private readonly schedules = new Map<string, StoredSchedule>();
  private readonly prepared = new Map<string, PreparedPayment>();

  constructor(private readonly clock: () => number) {}

  // ---- billing keys ---------------------------------------------------------------------------------------

  issueCustomer(customerUid: string, body: RequestParams): CustomerAnnotation {
    if (!this.customers.has(customerUid) && this.customers.size >= LIMITS.customers) {
      throw refused(`등록 가능한 빌링키 수를 초과했습니다 (the stand-in holds at most ${LIMITS.customers} billing keys)`);
    }
    const card = this.checkCard(body);
    const now = seconds(this.clock());
    const previous = this.customers.get(customerUid);
    const pg = pgOf(body);
    // Reusing a customer_uid replaces the card behind it, as PortOne does.
    const customer: StoredCustomer = {
      customer_uid: customerUid,
      pg_provider: pg.provider,
      pg_id: pg.id,
      sandbox: false,
      customer_id: str(body, 'customer_id'),
      card_name: card.card_name,
      card_code: card.card_code,
      card_issuer_code: null,
      card_issuer_name: null,
      card_publisher_code: null,
      card_publisher_name: null,
      card_number: card.masked,
      card_type: 0,
      customer_name: str(body, 'customer_name'),
      customer_tel: str(body, 'customer_tel'),
      customer_email: str(body, 'customer_email'),
      customer_addr: str(body, 'customer_addr'),
      customer_postcode: str(body, 'customer_postcode'),
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

  /** The keys found, in the order asked; `complete` is false when some were not (PortOne then answers 207). */
  getCustomers(customerUids: string[]): { list: CustomerAnnotation[]; complete: boolean } {
    const list = customerUids.flatMap((uid) => {
      const c = this.customers.get(uid);
      return c ? [publicCustomer(c)] : [];
    });
    if (list.length === 0) throw notFound('존재하지 않는 customer_uid입니다 (none of these customer_uids has a billing key)');
    return { list, complete: list.length === customerUids.length };
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

  customerPayments(customerUid: string, page = 1): PaymentPage {
    const all = [...this.payments.values()].filter((p) => p.customer_uid === customerUid);
    if (!this.customers.has(customerUid) && all.length === 0) throw this.unknownCustomer(customerUid);
    all.sort((a, b) => b.started_at - a.started_at);
    return paged(all.map(publicPayment), page, LIMITS.pageSize);
  }

  // ---- payments ------------------------------------------------------------------------------------------

  /** Key-in payment; with customer_uid the card is also kept as a billing key ("issue + first charge"). */
  onetime(body: RequestParams): Charged {
    const merchantUid = this.freshMerchantUid(body);
    const customerUid = str(body, 'customer_uid');
    if (customerUid) this.issueCustomer(customerUid, body);
    const card = customerUid ? customerCard(this.customer(customerUid)) : this.checkCard(body);
    return this.charge({ body, merchantUid, card, customerUid, pg: pgOf(body), usage: customerUid ? 'issue' : null });
  }

  again(body: RequestParams): Charged {
    const customer = this.customer(body.customer_uid as string);
    const merchantUid = this.freshMerchantUid(body);
    return this.charge({
      body,
      merchantUid,
      card: customerCard(customer),
      customerUid: customer.customer_uid,
      pg: { provider: customer.pg_provider, id: customer.pg_id },
      usage: 'payment',
    });
  }

  getPayment(impUid: string): PaymentAnnotation {
    const payment = this.payments.get(impUid);
    if (!payment) throw notFound('존재하지 않는 결제정보입니다 (no payment with this imp_uid)');
    return publicPayment(payment);
  }

  /** The latest attempt for a merchant_uid (PortOne's default sorting, -started), optionally of one status. */
  findPayment(merchantUid: string, status: PaymentStatus | undefined, sorting = '-started'): PaymentAnnotation {
    const key = sorting.replace(/^-/, '');
    const at = (p: PaymentAnnotation) =>
      key === 'paid' ? p.paid_at : key === 'updated' ? Math.max(p.started_at, p.paid_at, p.failed_at, p.cancelled_at) : p.started_at;
    const sign = sorting.startsWith('-') ? -1 : 1;
    const found = [...this.payments.values()]
      .filter((p) => p.merchant_uid === merchantUid && (!status || p.status === status))
      .sort((a, b) => sign * (at(a) - at(b)))[0];
    if (!found) throw notFound('존재하지 않는 결제정보입니다 (no payment with this merchant_uid)');
    return publicPayment(found);
  }

  /** Refunds all of a paid payment, or part of it; answers the payment as it stands after the refund. */
  cancel(body: RequestParams): Charged & { cancellationId: string } {
    const impUid = str(body, 'imp_uid');
    const merchantUid = str(body, 'merchant_uid');
    if (!impUid && !merchantUid) throw refused('imp_uid 또는 merchant_uid 중 하나는 필수입니다 (give imp_uid or merchant_uid)');
    const latest = merchantUid && !impUid ? this.byMerchantUid.get(merchantUid) : undefined;
    const payment = this.payments.get(impUid ?? latest ?? '');
    if (!payment) throw refused('취소할 결제건이 존재하지 않습니다 (no payment to cancel)');
    if (payment.status === 'cancelled') throw refused('이미 전액취소된 주문입니다 (the payment is already fully cancelled)');
    if (payment.status !== 'paid') throw refused(`결제완료 상태가 아닌 거래건은 취소할 수 없습니다 (a ${payment.status} payment cannot be cancelled)`);
    const refundable = payment.amount - payment.cancel_amount;
    const checksum = body.checksum as number | undefined;
    if (checksum !== undefined && checksum !== refundable) {
      throw refused(`취소가능잔액 검증에 실패했습니다 (checksum ${checksum} differs from the refundable ${refundable})`);
    }
    const asked = (body.amount as number | undefined) ?? 0;
    if (asked < 0) throw refused('취소요청금액은 0보다 커야 합니다 (amount must be positive)');
    if (asked > refundable) throw refused(`취소요청금액이 취소가능잔액(${refundable})보다 큽니다 (amount exceeds the refundable balance)`);
    const amount = asked === 0 ? refundable : asked;
    const now = seconds(this.clock());
    const cancellationId = `cancel_${randomBytes(8).toString('hex')}`;
    const receipt = `https://mockup.iamport.kr/receipt/${payment.imp_uid}/${cancellationId}`;
    payment.cancel_history = [
      ...payment.cancel_history,
      { pg_tid: `C${payment.imp_uid.slice(4)}${payment.cancel_history.length}`, amount, cancelled_at: now, reason: str(body, 'reason'), cancellation_id: cancellationId, receipt_url: receipt },
    ];
    payment.cancel_receipt_urls = [...payment.cancel_receipt_urls, receipt];
    payment.cancel_amount += amount;
    payment.cancel_reason = str(body, 'reason') ?? payment.cancel_reason;
    // A partial refund leaves the payment paid; only the last won makes it cancelled.
    if (payment.cancel_amount === payment.amount) {
      payment.status = 'cancelled';
      payment.cancelled_at = now;
    }
    return { payment: publicPayment(payment), noticeUrl: payment.noticeUrl, cancellationId };
  }

  // ---- prepared amounts ----------------------------------------------------------------------------------

  prepare(body: RequestParams): PreparedPayment {
    const merchantUid = body.merchant_uid as string;
    if (this.prepared.has(merchantUid)) throw refused(`이미 사전등록된 merchant_uid입니다: ${merchantUid} (already prepared)`);
    if (this.prepared.size >= LIMITS.prepared) throw refused('사전등록 가능한 건수를 초과했습니다 (prepare store is full)');
    return this.putPrepared(body);
  }

  editPrepared(body: RequestParams): PreparedPayment {
    if (!this.prepared.has(body.merchant_uid as string)) throw notFound('사전등록된 결제정보가 없습니다 (nothing prepared for this merchant_uid)');
    return this.putPrepared(body);
  }

  getPrepared(merchantUid: string): PreparedPayment {
    const p = this.prepared.get(merchantUid);
    // The schema lists no 404 here: an unknown merchant_uid is HTTP 200 with code -1.
    if (!p) throw notFound('사전등록된 결제정보가 없습니다 (nothing prepared for this merchant_uid)');
    return { ...p };
  }

  // ---- schedules -----------------------------------------------------------------------------------------

  /**
   * Registers a batch as a unit (nothing half-registers). With card data and no key yet for the customer_uid, the
   * key is issued first, as PortOne's billing guide describes (`opi/ko/integration/start/v1/non-auth`); with a key already there, the card data is ignored.
   */
  schedule(body: RequestParams): ScheduleAnnotation[] {
    const customerUid = body.customer_uid as string;
    const list = body.schedules as RequestParams[];
    if (list.length > LIMITS.schedulesPerRequest) {
      throw refused(`한 번에 최대 ${LIMITS.schedulesPerRequest}건까지 예약할 수 있습니다 (too many schedules in one request)`);
    }
    if (this.schedules.size + list.length > LIMITS.schedules) throw refused('예약 가능한 건수를 초과했습니다 (schedule store is full)');
    const now = this.clock();
    const seen = new Set<string>();
    for (const s of list) {
      const merchantUid = this.freshMerchantUid(s);
      if (seen.has(merchantUid) || this.schedules.has(merchantUid)) throw duplicateSchedule(merchantUid);
      seen.add(merchantUid);
      noticeUrl(s.notice_url);
      customData(s.custom_data);
      if ((s.schedule_at as number) * 1000 <= now) throw refused('schedule_at은 현재 시각 이후여야 합니다 (schedule_at must be in the future)');
      positive(s.amount as number);
    }
    if (!this.customers.has(customerUid) && body.card_number !== undefined) this.issueCustomer(customerUid, body);
    const customer = this.customer(customerUid);
    const drafts = list.map((s): StoredSchedule => ({
      customer_uid: customer.customer_uid,
      merchant_uid: s.merchant_uid as string,
      imp_uid: null,
      pg_provider: customer.pg_provider,
      pg_id: customer.pg_id,
      customer_id: str(body, 'customer_id') ?? customer.customer_id,
      schedule_at: s.schedule_at as number,
      executed_at: 0,
      revoked_at: 0,
      amount: s.amount as number,
      currency: str(s, 'currency') ?? 'KRW',
      name: str(s, 'name'),
      buyer_name: str(s, 'buyer_name') ?? customer.customer_name,
      buyer_email: str(s, 'buyer_email') ?? customer.customer_email,
      buyer_tel: str(s, 'buyer_tel') ?? customer.customer_tel,
      buyer_addr: str(s, 'buyer_addr') ?? customer.customer_addr,
      buyer_postcode: str(s, 'buyer_postcode') ?? customer.customer_postcode,
      custom_data: customData(s.custom_data),
      schedule_status: 'scheduled',
      payment_status: null,
      fail_reason: null,
      promotion_id: str(s, 'promotion_id'),
      request: s,
    }));
    for (const d of drafts) this.schedules.set(d.merchant_uid, d);
    return drafts.map(publicSchedule);
  }

  unschedule(body: RequestParams): ScheduleAnnotation[] {
    const customerUid = str(body, 'customer_uid');
    const wanted = body.merchant_uid ? new Set(body.merchant_uid as string[]) : null;
    if (!customerUid && !wanted) throw refused('customer_uid 또는 merchant_uid 중 하나는 필수입니다 (give customer_uid or merchant_uid)');
    if (customerUid) this.customer(customerUid);
    const revoked: ScheduleAnnotation[] = [];
    for (const s of this.schedules.values()) {
      if (s.schedule_status !== 'scheduled') continue;
      if (customerUid && s.customer_uid !== customerUid) continue;
      if (wanted && !wanted.has(s.merchant_uid)) continue;
      this.revoke(s);
      revoked.push(publicSchedule(s));
    }
    if (revoked.length === 0) throw refused('취소할 예약결제 기록이 존재하지 않습니다 (no pending schedule to revoke)');
    return revoked;
  }

  getSchedule(merchantUid: string): ScheduleAnnotation {
    return publicSchedule(this.storedSchedule(merchantUid));
  }

  reschedule(merchantUid: string, scheduleAt: number): ScheduleAnnotation {
    const s = this.storedSchedule(merchantUid);
    if (s.schedule_status !== 'scheduled') throw new ApiFailure('invalid', `이미 ${s.schedule_status} 상태인 예약결제입니다 (only a pending schedule moves)`);
    if (scheduleAt * 1000 <= this.clock()) throw new ApiFailure('invalid', 'schedule_at은 현재 시각 이후여야 합니다 (schedule_at must be in the future)');
    s.schedule_at = scheduleAt;
    return publicSchedule(s);
  }

  listSchedules(filter: ScheduleFilter): SchedulePage {
    const sign = filter.oldestFirst ? 1 : -1;
    const all = [...this.schedules.values()]
      .filter((s) => !filter.customerUid || s.customer_uid === filter.customerUid)
      .filter((s) => (!filter.status || s.schedule_status === filter.status) && s.schedule_at >= filter.from && s.schedule_at < filter.to)
      .sort((a, b) => sign * (a.schedule_at - b.schedule_at));
    const limit = Math.min(LIMITS.maxLimit, Math.max(1, filter.limit ?? LIMITS.pageSize));
    return paged(all.map(publicSchedule), filter.page ?? 1, limit);
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
  execute(due: ScheduleAnnotation): Charged {
    const s = this.storedSchedule(due.merchant_uid);
    const customer = this.customers.get(s.customer_uid);
    s.executed_at = seconds(this.clock());
    s.schedule_status = 'executed';
    const charged = this.charge({
      body: { ...s.request, buyer_name: s.buyer_name, buyer_email: s.buyer_email, buyer_tel: s.buyer_tel, buyer_addr: s.buyer_addr, buyer_postcode: s.buyer_postcode },
      merchantUid: s.merchant_uid,
      // A key deleted after scheduling fails the charge, as at PortOne.
      card: customer ? customerCard(customer) : null,
      customerUid: s.customer_uid,
      pg: { provider: s.pg_provider ?? MOCK_PG.provider, id: s.pg_id ?? MOCK_PG.id },
      usage: 'payment.scheduled',
    });
    s.imp_uid = charged.payment.imp_uid;
    s.payment_status = charged.payment.status;
    s.fail_reason = charged.payment.fail_reason;
    return charged;
  }

  // ---- the browser sandbox's registrations (built and checked by ./sandbox-desk.ts) ------------------------------

  /**
   * Stores a payment the browser sandbox made, under its own imp_uid, and the billing key it issued. Called again
   * with the same imp_uid when a Paymentwall pingback settles it.
   */
  recordSandbox(payment: PaymentAnnotation, key: CustomerAnnotation | null): void {
    if (this.byMerchantUid.get(payment.merchant_uid) !== payment.imp_uid) {
      this.freshMerchantUid({ merchant_uid: payment.merchant_uid });
      if (this.payments.has(payment.imp_uid)) throw refused('이미 존재하는 imp_uid입니다 (imp_uid already used)');
      if (this.payments.size >= LIMITS.payments) throw refused('결제 가능한 건수를 초과했습니다 (payment store is full)');
    }
    if (key && !this.customers.has(key.customer_uid) && this.customers.size >= LIMITS.customers) {
      throw refused(`등록 가능한 빌링키 수를 초과했습니다 (the stand-in holds at most ${LIMITS.customers} billing keys)`);
    }
    this.payments.set(payment.imp_uid, { ...payment, noticeUrl: null });
    this.byMerchantUid.set(payment.merchant_uid, payment.imp_uid);
    if (key) {
      const digits = (key.card_number ?? '').replace(/\D/g, '');
      this.customers.set(key.customer_uid, { ...key, declines: false, last4: digits.slice(-4) });
    }
  }

  // ---- internals -----------------------------------------------------------------------------------------

  private putPrepared(body: RequestParams): PreparedPayment {
    const p: PreparedPayment = { merchant_uid: body.merchant_uid as string, amount: body.amount as number, currency: str(body, 'currency') };
    this.prepared.set(p.merchant_uid, p);
    return { ...p };
  }

  private customer(customerUid: string): StoredCustomer {
    const customer = this.customers.get(customerUid);
    if (!customer) throw this.unknownCustomer(customerUid);
    return customer;
  }

  private unknownCustomer(customerUid: string): ApiFailure {
    return notFound(`존재하지 않는 customer_uid입니다: ${customerUid} (no billing key for this customer_uid)`);
  }

  private storedSchedule(merchantUid: string): StoredSchedule {
    const s = this.schedules.get(merchantUid);
    if (!s) throw notFound('존재하지 않는 예약결제입니다 (no schedule with this merchant_uid)');
    return s;
  }

  private revoke(s: StoredSchedule): void {
    s.schedule_status = 'revoked';
    s.revoked_at = seconds(this.clock());
  }

  /**
   * A merchant_uid may be reused only after a failed attempt (PortOne's retry rule); a paid one, or one
   * waiting in a schedule, is refused.
   */
  private freshMerchantUid(body: RequestParams): string {
    const merchantUid = body.merchant_uid as string;
    const previous = this.byMerchantUid.get(merchantUid);
    if (previous && this.payments.get(previous)?.status !== 'failed') {
      throw refused(`[F1002] 이미 결제가 이루어진 거래건입니다 (merchant_uid ${merchantUid} is already used)`);
    }
    if (this.schedules.get(merchantUid)?.schedule_status === 'scheduled') throw duplicateSchedule(merchantUid);
    return merchantUid;
  }

  /** Card data a PG would refuse; `birth` and `pwd_2digit` are checked only when given (the PG decides if required). */
  private checkCard(body: RequestParams): CardFacts {
    const checks: Array<[string, string, ReturnType<typeof normalizeCardNumber>]> = [
      ['card_number', '카드번호', normalizeCardNumber(body.card_number)],
      ['expiry', '유효기간', normalizeExpiry(body.expiry, new Date(this.clock()))],
    ];
    if (body.birth !== undefined) checks.push(['birth', '생년월일 또는 사업자번호', normalizeBirth(body.birth)]);
    if (body.pwd_2digit !== undefined) checks.push(['pwd_2digit', '비밀번호 앞 두자리', normalizePassword2(body.pwd_2digit)]);
    for (const [field, label, result] of checks) {
      if (!result.ok) throw refused(`[F112] 카드정보 인증에 실패했습니다: ${label}을(를) 확인해주세요 (${field}: ${result.message})`);
    }
    const number = checks[0]![2];
    return cardFacts(number.ok ? number.value : '');
  }

  private charge(args: {
    body: RequestParams;
    merchantUid: string;
    card: CardFacts | null;
    customerUid: string | null;
    pg: { provider: string; id: string };
    usage: PaymentAnnotation['customer_uid_usage'];
  }): Charged {
    if (this.payments.size >= LIMITS.payments) throw refused('결제 가능한 건수를 초과했습니다 (payment store is full)');
    const { body, card } = args;
    const amount = positive(body.amount as number);
    const prepared = this.prepared.get(args.merchantUid);
    if (prepared && prepared.amount !== amount) {
      throw refused(`사전등록된 결제금액(${prepared.amount})과 요청금액(${amount})이 일치하지 않습니다 (amount differs from the prepared one)`);
    }
    const notice = noticeUrl(body.notice_url);
    const custom = customData(body.custom_data);
    const now = seconds(this.clock());
    const failReason = !card ? '등록되지 않은 빌링키입니다 (the billing key was deleted)' : card.declines ? DECLINE_REASON : null;
    const status: PaymentStatus = failReason ? 'failed' : 'paid';
    const impUid = this.newImpUid();
    const payment: StoredPayment = {
      ...paymentDefaults(),
      imp_uid: impUid,
      merchant_uid: args.merchantUid,
      pay_method: 'card',
      channel: 'api',
      pg_provider: args.pg.provider,
      pg_tid: status === 'paid' ? `T${impUid.slice(4)}` : null,
      pg_id: args.pg.id,
      apply_num: status === 'paid' ? String(randomInt(10_000_000, 100_000_000)) : null,
      card_code: card?.card_code ?? null,
      card_name: card?.card_name ?? null,
      card_quota: (body.card_quota as number | undefined) ?? 0,
      card_number: card?.masked ?? null,
      card_type: card ? 0 : null,
      name: str(body, 'name'),
      amount,
      currency: str(body, 'currency') ?? 'KRW',
      buyer_name: str(body, 'buyer_name'),
      buyer_email: str(body, 'buyer_email'),
      buyer_tel: str(body, 'buyer_tel'),
      buyer_addr: str(body, 'buyer_addr'),
      buyer_postcode: str(body, 'buyer_postcode'),
      custom_data: custom,
      user_agent: 'sorry_not_supported',
      status,
      started_at: now,
      paid_at: status === 'paid' ? now : 0,
      failed_at: status === 'failed' ? now : 0,
      fail_reason: failReason,
      receipt_url: status === 'paid' ? `https://mockup.iamport.kr/receipt/${impUid}` : null,
      customer_uid: args.customerUid,
      customer_uid_usage: args.usage,
      noticeUrl: notice,
    };
    this.payments.set(impUid, payment);
    this.byMerchantUid.set(args.merchantUid, impUid);
    return { payment: publicPayment(payment), noticeUrl: notice };
  }

  private newImpUid(): string {
    for (;;) {
      const id = `imp_${randomInt(100_000_000_000, 1_000_000_000_000)}`;
      if (!this.payments.has(id)) return id;
    }
  }
}

/** The refusal the schedule follow-up of a merchant server recognises as "already scheduled". */
function duplicateSchedule(merchantUid: string): ApiFailure {
  return refused(`이미 예약된 merchant_uid입니다: ${merchantUid} (merchant_uid already scheduled)`);
}

/** `pg` is `{provider}` or `{provider}.{mid}`; without it PortOne uses the account's default channel. */
function pgOf(body: RequestParams): { provider: string; id: string } {
  const [provider, mid] = (str(body, 'pg') ?? '').split('.');
  return { provider: provider || MOCK_PG.provider, id: mid || MOCK_PG.id };
}

function paged<T>(all: T[], page: number, size: number): { total: number; previous: number; next: number; list: T[] } {
  const p = Math.max(1, Math.floor(page));
  return { total: all.length, previous: p > 1 ? p - 1 : 0, next: p * size < all.length ? p + 1 : 0, list: all.slice((p - 1) * size, p * size) };
}

function publicCustomer(c: StoredCustomer): CustomerAnnotation {
  const { declines: _declines, last4: _last4, ...rest } = c;
  return rest;
}

/**
 * The part of a PortOne payment this stand-in never fills (no virtual accounts, issuer codes, promotions; nothing
 * cancelled yet), as PortOne sends it: null, 0 or empty. `sandbox` is false: PortOne's own test channels say true,
 * this stand-in's payments say false (README).
 */
export function paymentDefaults() {
  return {
    emb_pg_provider: null,
    sandbox: false,
    escrow: false,
    bank_code: null,
    bank_name: null,
    card_issuer_code: null,
    card_issuer_name: null,
    card_publisher_code: null,
    card_publisher_name: null,
    vbank_code: null,
    vbank_name: null,
    vbank_num: null,
    vbank_holder: null,
    vbank_date: 0,
    vbank_issued_at: 0,
    cancel_amount: 0,
    cancelled_at: 0,
    cancel_reason: null,
    cancel_history: [],
    deposit_history: [],
    cancel_receipt_urls: [],
    cash_receipt_issued: false,
    promotion: null,
  } satisfies Partial<PaymentAnnotation>;
}

function publicSchedule(s: StoredSchedule): ScheduleAnnotation {
  const { request: _request, ...rest } = s;
  return rest;
}

function publicPayment(p: StoredPayment): PaymentAnnotation {
  const { noticeUrl: _noticeUrl, ...rest } = p;
  return { ...rest, cancel_history: rest.cancel_history.map((c) => ({ ...c })), cancel_receipt_urls: [...rest.cancel_receipt_urls] };
}

function customerCard(c: StoredCustomer): CardFacts {
  return { masked: c.card_number!, last4: c.last4, card_code: c.card_code!, card_name: c.card_name!, declines: c.declines };
}

function customData(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  if (s.length > LIMITS.customData) throw refused('custom_data가 너무 깁니다 (custom_data is too long)');
  return s;
}

function noticeUrl(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || value.length > LIMITS.customData || !/^https?:\/\//.test(value)) {
    throw refused('notice_url이 올바르지 않습니다 (notice_url must be an http(s) URL)');
  }
  return value;
}

function positive(amount: number): number {
  if (!(amount > 0)) throw refused('결제금액은 0보다 커야 합니다 (amount must be greater than 0)');
  return amount;
}
