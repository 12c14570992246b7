/**
 * The one table of the PortOne V1 REST endpoints the stand-in answers, restated from PortOne's V1 REST schema
 * (`api/rest-v1/...` on developers.portone.io): path, method, parameters (where, type, required, maxLength), the
 * answer's shape and the HTTP statuses PortOne lists for it. Requests are checked from this table before the ledger
 * sees them, so a JSON body and a form body (`schedules[0][amount]=…`) arrive as the same typed object.
 *
 * Refusal statuses follow the listed statuses: a refusal on an endpoint that lists only 200 and 401 (every POST
 * that charges, issues or schedules) is HTTP 200 with `code` -1; 404 is used only where the endpoint lists it.
 */

export type ParamType = 'string' | 'integer' | 'number' | 'boolean' | 'string[]' | 'object' | 'schedules';

export interface ParamSpec {
  name: string;
  in: 'path' | 'query' | 'body';
  type: ParamType;
  required?: boolean;
  maxLength?: number;
  values?: readonly string[];
}

/** What `response` holds, by the schema's definition names. */
export type ResponseShape =
  | 'Auth'
  | 'Payment'
  | 'PaymentPage'
  | 'Customer'
  | 'Customer[]'
  | 'ScheduleResult'
  | 'ScheduleResult[]'
  | 'SchedulePage'
  | 'PaymentPrepare';

export type Operation =
  | 'getToken'
  | 'getCustomers'
  | 'getCustomer'
  | 'issueCustomer'
  | 'deleteCustomer'
  | 'customerPayments'
  | 'customerSchedules'
  | 'getPayment'
  | 'findPayment'
  | 'cancelPayment'
  | 'preparePayment'
  | 'editPreparedPayment'
  | 'getPreparedPayment'
  | 'onetime'
  | 'again'
  | 'schedulesByRange'
  | 'schedule'
  | 'unschedule'
  | 'getSchedule'
  | 'reschedule';

export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `{name}` is a path parameter; `{name?}` an optional last segment. */
  path: string;
  operation: Operation;
  /** Where PortOne documents it. */
  docs: string;
  params: readonly ParamSpec[];
  response: ResponseShape;
  /** The HTTP statuses the schema lists for it. */
  statuses: readonly number[];
}

const path = (name: string, maxLength?: number): ParamSpec => ({ name, in: 'path', type: 'string', required: true, maxLength });
const query = (name: string, type: ParamType = 'string', extra: Partial<ParamSpec> = {}): ParamSpec => ({ name, in: 'query', type, ...extra });
const body = (name: string, type: ParamType = 'string', extra: Partial<ParamSpec> = {}): ParamSpec => ({ name, in: 'body', type, ...extra });
const required = { required: true } as const;
const max = (maxLength: number) => ({ maxLength });

const SCHEDULE_STATUS = ['scheduled', 'executed', 'revoked'] as const;
const PAYMENT_STATUSES = ['ready', 'paid', 'failed', 'cancelled'] as const;

/** Key-in card fields. `birth` and `pwd_2digit` are optional in the schema (required or not depends on the PG). */
const CARD: readonly ParamSpec[] = [
  body('card_number', 'string', required),
  body('expiry', 'string', required),
  body('birth'),
  body('pwd_2digit'),
  body('cvc'),
];
const BUYER: readonly ParamSpec[] = [
  body('buyer_name', 'string', max(16)),
  body('buyer_email', 'string', max(64)),
  body('buyer_tel', 'string', max(16)),
  body('buyer_addr', 'string', max(128)),
  body('buyer_postcode', 'string', max(8)),
];
const CUSTOMER: readonly ParamSpec[] = [
  body('customer_id'),
  body('customer_name', 'string', max(20)),
  body('customer_tel', 'string', max(20)),
  body('customer_email', 'string', max(200)),
  body('customer_addr', 'string', max(200)),
  body('customer_postcode', 'string', max(8)),
];
/** Charge options shared by onetime, again and each schedule. */
const CHARGE: readonly ParamSpec[] = [
  body('currency'),
  body('tax_free', 'number'),
  body('vat_amount', 'number'),
  body('name', 'string', max(40)),
  ...BUYER,
  body('card_quota', 'integer'),
  body('interest_free_by_merchant', 'boolean'),
  body('use_card_point', 'boolean'),
  body('custom_data'),
  body('notice_url'),
  body('browser_ip'),
  body('product_type', 'string', { values: ['real', 'digital'] }),
  body('bypass'),
  body('promotion_id'),
];

/**
 * One entry of `schedules`. The schema also marks `currency` and `name` required here, but describes currency as
 * defaulting to KRW, and PortOne's billing guide (`opi/ko/integration/start/v1/non-auth`) schedules without a currency: both stay optional.
 */
const SCHEDULE_ITEM: readonly ParamSpec[] = [
  body('merchant_uid', 'string', { required: true, maxLength: 40 }),
  body('schedule_at', 'integer', required),
  body('amount', 'number', required),
  ...CHARGE,
  body('cash_receipt_type', 'string', { values: ['person', 'company', 'anonymous'] }),
  body('product_count', 'integer'),
  body('extra', 'object'),
];

const LIST_BY_CUSTOMER: readonly ParamSpec[] = [
  path('customer_uid'),
  query('page', 'integer'),
  query('from', 'integer', required),
  query('to', 'integer', required),
  query('schedule-status', 'string', { values: SCHEDULE_STATUS }),
];

const PREPARE: readonly ParamSpec[] = [
  body('merchant_uid', 'string', { required: true, maxLength: 40 }),
  body('amount', 'number', required),
  body('currency'),
];

const docs = (category: string, method: string, p: string) => `api/rest-v1/${category}#${method.toLowerCase()} ${p}`;

function endpoint(
  method: Endpoint['method'],
  p: string,
  operation: Operation,
  category: string,
  response: ResponseShape,
  statuses: number[],
  params: readonly ParamSpec[] = [],
): Endpoint {
  return { method, path: p, operation, docs: docs(category, method, p.replace('?}', '}')), params, response, statuses };
}

export const ENDPOINTS: readonly Endpoint[] = [
  endpoint('POST', '/users/getToken', 'getToken', 'auth', 'Auth', [200, 401], [
    body('imp_key', 'string', required),
    body('imp_secret', 'string', required),
  ]),
  endpoint('GET', '/subscribe/customers', 'getCustomers', 'billingkey', 'Customer[]', [200, 207, 401, 404], [
    query('customer_uid[]', 'string[]', required),
  ]),
  endpoint('GET', '/subscribe/customers/{customer_uid}', 'getCustomer', 'billingkey', 'Customer', [200, 401, 404], [
    path('customer_uid'),
  ]),
  // The schema marks channel_key required here; see README "channel keys" for why the stand-in does not.
  endpoint('POST', '/subscribe/customers/{customer_uid}', 'issueCustomer', 'billingkey', 'Customer', [200, 401], [
    path('customer_uid', 80),
    body('channel_key', 'string', max(55)),
    body('channel_group_id', 'string', max(55)),
    body('pg', 'string', max(80)),
    ...CARD,
    ...CUSTOMER,
  ]),
  endpoint('DELETE', '/subscribe/customers/{customer_uid}', 'deleteCustomer', 'billingkey', 'Customer', [200, 401, 404], [
    path('customer_uid'),
    query('reason'),
    query('extra[requester]'),
  ]),
  endpoint('GET', '/subscribe/customers/{customer_uid}/payments', 'customerPayments', 'billingkey', 'PaymentPage', [200, 401, 404], [
    path('customer_uid'),
    query('page', 'integer'),
  ]),
  endpoint('GET', '/subscribe/customers/{customer_uid}/schedules', 'customerSchedules', 'billingkey', 'SchedulePage', [200, 400, 401], LIST_BY_CUSTOMER),
  endpoint('GET', '/payments/{imp_uid}', 'getPayment', 'payment', 'Payment', [200, 401, 404], [
    path('imp_uid'),
    query('include_sandbox', 'boolean'),
  ]),
  endpoint('GET', '/payments/find/{merchant_uid}/{payment_status?}', 'findPayment', 'payment', 'Payment', [200, 401, 404], [
    path('merchant_uid'),
    { name: 'payment_status', in: 'path', type: 'string', values: PAYMENT_STATUSES },
    query('sorting', 'string', { values: ['-started', 'started', '-paid', 'paid', '-updated', 'updated'] }),
  ]),
  endpoint('POST', '/payments/cancel', 'cancelPayment', 'payment', 'Payment', [200, 401], [
    body('imp_uid'),
    body('merchant_uid'),
    body('amount', 'number'),
    body('tax_free', 'number'),
    body('vat_amount', 'number'),
    body('checksum', 'number'),
    body('reason'),
    body('refund_holder'),
    body('refund_bank'),
    body('refund_account'),
    body('refund_tel'),
    body('retain_promotion', 'boolean'),
    body('enable_webhook', 'boolean'),
    body('extra', 'object'),
  ]),
  endpoint('POST', '/payments/prepare', 'preparePayment', 'payment.validation', 'PaymentPrepare', [200, 401], PREPARE),
  endpoint('PUT', '/payments/prepare', 'editPreparedPayment', 'payment.validation', 'PaymentPrepare', [200, 401, 404], PREPARE),
  endpoint('GET', '/payments/prepare/{merchant_uid}', 'getPreparedPayment', 'payment.validation', 'PaymentPrepare', [200, 401], [
    path('merchant_uid'),
  ]),
  endpoint('POST', '/subscribe/payments/onetime', 'onetime', 'nonAuthPayment', 'Payment', [200, 401], [
    body('merchant_uid', 'string', { required: true, maxLength: 40 }),
    body('amount', 'number', required),
    body('vat', 'number'),
    ...CARD,
    body('customer_uid', 'string', max(80)),
    body('pg', 'string', max(80)),
    body('channelGroupId', 'string', max(55)),
    ...CHARGE,
    body('secure_3d_charge_id'),
    body('secure_3d_token'),
  ]),
  endpoint('POST', '/subscribe/payments/again', 'again', 'nonAuthPayment', 'Payment', [200, 401], [
    body('customer_uid', 'string', { required: true, maxLength: 80 }),
    body('merchant_uid', 'string', { required: true, maxLength: 40 }),
    body('amount', 'number', required),
    body('vat', 'number'),
    ...CHARGE.map((p) => (p.name === 'name' ? { ...p, required: true } : p)),
    body('product_count', 'integer'),
    body('cash_receipt_type', 'string', { values: ['person', 'company', 'anonymous'] }),
    body('extra', 'object'),
    body('channel_key', 'string', max(55)),
  ]),
  endpoint('GET', '/subscribe/payments/schedule', 'schedulesByRange', 'nonAuthPayment.subscribe', 'SchedulePage', [200, 400, 401], [
    query('schedule_from', 'integer', required),
    query('schedule_to', 'integer', required),
    query('schedule_status', 'string', { values: SCHEDULE_STATUS }),
    query('page', 'integer'),
    query('limit', 'integer'),
    query('sorting'),
  ]),
  endpoint('POST', '/subscribe/payments/schedule', 'schedule', 'nonAuthPayment.subscribe', 'ScheduleResult[]', [200, 401], [
    body('customer_uid', 'string', { required: true, maxLength: 80 }),
    body('customer_id'),
    body('checking_amount', 'integer'),
    ...CARD.map((p) => ({ ...p, required: false })),
    body('channel_key', 'string', max(55)),
    body('schedules', 'schedules', required),
  ]),
  // Both are optional in the schema: customer_uid alone revokes all of its schedules, merchant_uid alone those.
  endpoint('POST', '/subscribe/payments/unschedule', 'unschedule', 'nonAuthPayment.subscribe', 'ScheduleResult[]', [200, 401], [
    body('customer_uid', 'string', max(80)),
    body('merchant_uid', 'string[]'),
  ]),
  endpoint('GET', '/subscribe/payments/schedule/{merchant_uid}', 'getSchedule', 'nonAuthPayment.subscribe', 'ScheduleResult', [200, 401, 404], [
    path('merchant_uid'),
  ]),
  endpoint('PUT', '/subscribe/payments/schedule/{merchant_uid}', 'reschedule', 'nonAuthPayment.subscribe', 'ScheduleResult', [200, 400, 404, 500], [
    path('merchant_uid'),
    body('schedule_at', 'integer', required),
  ]),
  endpoint('POST', '/subscribe/payments/schedule/{merchant_uid}/reschedule', 'reschedule', 'nonAuthPayment.subscribe', 'ScheduleResult', [200, 400, 404, 500], [
    path('merchant_uid'),
    body('schedule_at', 'integer', required),
  ]),
  endpoint('GET', '/subscribe/payments/schedule/customers/{customer_uid}', 'customerSchedules', 'nonAuthPayment.subscribe', 'SchedulePage', [200, 400, 401], LIST_BY_CUSTOMER),
];

/** Paths under /subscribe/ in the schema that the stand-in does not answer (README lists them). */
export const LEFT_OUT = ['POST /subscribe/payments/schedule/{merchant_uid}/retry'] as const;

export interface Matched {
  endpoint: Endpoint;
  pathParams: Record<string, string>;
}

/** Finds the endpoint for a method and a decoded path; `allowed` lists the methods the path answers otherwise. */
export function matchEndpoint(method: string, segments: readonly string[]): { matched: Matched | null; allowed: string[] } {
  const allowed: string[] = [];
  for (const e of ENDPOINTS) {
    const pathParams = matchPath(e.path, segments);
    if (!pathParams) continue;
    if (e.method === method) return { matched: { endpoint: e, pathParams }, allowed };
    allowed.push(e.method);
  }
  return { matched: null, allowed };
}

function matchPath(template: string, segments: readonly string[]): Record<string, string> | null {
  const parts = template.split('/').slice(1);
  const optionalLast = parts.at(-1)?.endsWith('?}') ?? false;
  if (segments.length !== parts.length && !(optionalLast && segments.length === parts.length - 1)) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const seg = segments[i];
    const name = /^\{(\w+)\??\}$/.exec(part)?.[1];
    if (name) {
      if (seg !== undefined) params[name] = seg;
    } else if (seg !== part) {
      return null;
    }
  }
  return params;
}

export type RequestParams = Record<string, unknown>;

/** A parameter PortOne would refuse: names it, says why. */
export class ParamError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
    this.name = 'ParamError';
  }
}

/**
 * Collects the endpoint's parameters from the path, the query and the body, converts form strings to the listed
 * types, and refuses a missing required one, a wrong type, an over-long string or a value outside the listed set.
 * Parameters the table does not list are dropped, as PortOne ignores them.
 */
export function checkParams(e: Endpoint, pathParams: Record<string, string>, search: URLSearchParams, raw: Record<string, unknown>): RequestParams {
  const out: RequestParams = {};
  for (const spec of e.params) {
    const value =
      spec.in === 'path'
        ? pathParams[spec.name]
        : spec.in === 'query'
          ? spec.type === 'string[]'
            ? search.getAll(spec.name)
            : (search.get(spec.name) ?? undefined)
          : raw[spec.name];
    const checked = checkValue(spec, value, spec.name);
    if (checked !== undefined) out[spec.name] = checked;
  }
  return out;
}

function absent(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function checkValue(spec: ParamSpec, value: unknown, label: string): unknown {
  if (absent(value)) {
    if (spec.required) throw new ParamError(label, `${label} 파라미터가 누락되었습니다 (${label} is required)`);
    return undefined;
  }
  const wrongType = () => new ParamError(label, `${label} 파라미터의 형식이 올바르지 않습니다 (${label} must be ${article(spec.type)})`);
  switch (spec.type) {
    case 'string': {
      if (typeof value !== 'string' && typeof value !== 'number') throw wrongType();
      const s = String(value);
      if (spec.maxLength !== undefined && s.length > spec.maxLength) {
        throw new ParamError(label, `${label}는 ${spec.maxLength}자 이하여야 합니다 (${label} is longer than ${spec.maxLength} characters)`);
      }
      if (spec.values && !spec.values.includes(s)) {
        throw new ParamError(label, `${label} 값이 올바르지 않습니다 (${label} is one of ${spec.values.join(', ')})`);
      }
      return s;
    }
    case 'integer':
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n) || (spec.type === 'integer' && !Number.isSafeInteger(n))) throw wrongType();
      return n;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === '1' || value === 1) return true;
      if (value === 'false' || value === '0' || value === 0) return false;
      throw wrongType();
    }
    case 'string[]': {
      const list = Array.isArray(value) ? value : [value];
      return list.map((item, i) => checkValue({ ...spec, type: 'string', required: true }, item, `${label}[${i}]`));
    }
    case 'object': {
      if (typeof value === 'string') {
        try {
          return JSON.parse(value) as unknown;
        } catch {
          throw wrongType();
        }
      }
      if (typeof value !== 'object') throw wrongType();
      return value;
    }
    case 'schedules': {
      const list = Array.isArray(value) ? value : typeof value === 'object' ? Object.values(value as object) : null;
      if (!list) throw wrongType();
      return list.map((item, i) => {
        if (typeof item !== 'object' || item === null) throw new ParamError(`${label}[${i}]`, `${label}[${i}] must be an object`);
        const entry: RequestParams = {};
        for (const field of SCHEDULE_ITEM) {
          const checked = checkValue(field, (item as Record<string, unknown>)[field.name], `${label}[${i}].${field.name}`);
          if (checked !== undefined) entry[field.name] = checked;
        }
        return entry;
      });
    }
  }
}

function article(type: ParamType): string {
  return type === 'string[]' ? 'a list of strings' : type === 'schedules' ? 'a list of schedules' : `a${type === 'integer' || type === 'object' ? 'n' : ''} ${type}`;
}
