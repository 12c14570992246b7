/**
 * Seeded generator of hostile `m_redirect_url` return queries, and the oracle that says what a page with that query
 * is: not a return (`none`), a `success`, or a `failure`. The oracle restates the contract from PortOne's docs
 * (`sdk/ko/v1-sdk/javascript-sdk/payrt`, `opi/ko/integration/start/v1/auth`): values are untrusted strings; `imp_success` (else `success`) says true/false;
 * `error_code` means failure; blank ids are absent; malformed ids are a failure. Where the input is ambiguous
 * (conflicting duplicates, unknown flag words, no imp_uid), a clear failure is also an acceptable answer.
 */
import { chance, HUGE_100K, int, pick, type Rng } from './prng.js';

/** Injected code sets this; the suite asserts it never does. */
export const SENTINEL = '__hostileRan';

export const PAYLOADS: readonly string[] = [
  `<script>window.${SENTINEL}=1</script>`,
  `<img src=x onerror="window.${SENTINEL}=1">`,
  `<svg/onload=window.${SENTINEL}=1>`,
  `"><iframe srcdoc="<script>parent.${SENTINEL}=1</script>">`,
  `javascript:window.${SENTINEL}=1`,
  `\${window.${SENTINEL}=1}`,
  `{{constructor.constructor('window.${SENTINEL}=1')()}}`,
  `</p><script>window.${SENTINEL}=1</script>`,
  `<details open ontoggle=window.${SENTINEL}=1>`,
  `<a href="javascript:window.${SENTINEL}=1">click</a>`,
  `<style>@import 'x';</style><b>bold</b>`,
  `'; window.${SENTINEL}=1; '`,
];

const enc = encodeURIComponent;

/** Raw (already URL-encoded, or deliberately not) values for each PortOne key. */
function impUidValue(rng: Rng): string {
  return pick(rng, [
    () => `imp_${String(int(rng, 0, 999_999_999_999)).padStart(12, '0')}`,
    () => `imp_${String(int(rng, 0, 999_999_999_999)).padStart(12, '0')}`,
    () => '',
    () => '%20',
    () => '+',
    () => enc(pick(rng, PAYLOADS)),
    () => pick(rng, PAYLOADS).replace(/[ #&%+]/g, (c) => enc(c)), // unencoded markup, as a hand-made link would carry it
    () => HUGE_100K,
    () => '%00imp_1',
    () => 'imp_1%0A',
    () => enc('imp_한글'),
    () => 'imp_%zz',
    () => '%E0%A4%A',
    () => enc('imp_\u202e1'),
  ])();
}

function merchantUidValue(rng: Rng): string {
  return pick(rng, [
    () => `order_${int(rng, 0, 99_999)}`,
    () => `order_${int(rng, 0, 99_999)}`,
    () => '',
    () => '%20%20',
    () => enc(pick(rng, PAYLOADS)),
    () => HUGE_100K,
    () => 'order%0D%0A1',
    () => enc('주문-1'),
    () => 'order_%ff',
  ])();
}

const TRUE_WORDS = ['true', 'TRUE', 'True', '%20true%20', '1'];
const FALSE_WORDS = ['false', 'FALSE', 'False', '0'];
const UNKNOWN_WORDS = ['yes', 'no', 'Y', 'on', '', 'null', 'tru', 'truee', '%00true', enc('<b>true</b>'), '-1', '2'];

function flagValue(rng: Rng): string {
  const r = rng();
  if (r < 0.45) return pick(rng, TRUE_WORDS);
  if (r < 0.75) return pick(rng, FALSE_WORDS);
  return pick(rng, UNKNOWN_WORDS);
}

function errorCodeValue(rng: Rng): string {
  return pick(rng, ['F1001', 'F0004', 'F400', '', '%20', enc(pick(rng, PAYLOADS)), HUGE_100K, 'F%00']);
}

function errorMsgValue(rng: Rng): string {
  return pick(rng, [
    () => enc('[결제포기] 사용자가 결제를 취소하셨습니다'),
    () => enc('[거절] 카드 한도초과'),
    () => enc(pick(rng, PAYLOADS)),
    () => enc(`${pick(rng, PAYLOADS)}[결제포기] 사용자가 결제를 취소하셨습니다`),
    () => pick(rng, PAYLOADS).replace(/[ #&%+]/g, (c) => enc(c)),
    () => HUGE_100K,
    () => enc(`${pick(rng, PAYLOADS)}${'가'.repeat(40_000)}`),
    () => '%E0%A4%A%zz%',
    () => 'a%00b%07c%1Bd%7F',
    () => enc('\u202eevil\u200b text'),
    () => 'plus+signs+are+spaces',
  ])();
}

/** The merchant's own pairs: kept exactly as written after cleaning. Already in the form the URL parser keeps. */
const KEEP_PAIRS = ['keep=1', 'a=%20b', 'flag', 'q=imp_uid', 'imp_uidx=1', 'IMP_UID=upper', 'utm_source=%3Cscript%3E', 'x=a+b', 'plan=pro&seats=3'];

export interface RedirectCase {
  /** The query after `?`, exactly as put in the address bar. */
  search: string;
  hash: string;
  /** A request note to record first, so the return is matched to a customer (or to another element's customer). */
  note?: { merchant_uid: string; customer_uid: string };
}

/** One hostile return query. `customerUid` is the element's; some notes name someone else. */
export function generateRedirectCase(rng: Rng, customerUid: string): RedirectCase {
  const pairs: string[] = [];
  const add = (key: string, value: string) => pairs.push(`${chance(rng, 0.05) ? key.replace('_', '%5F') : key}=${value}`);
  if (chance(rng, 0.75)) add('imp_uid', impUidValue(rng));
  let merchantUid: string | undefined;
  if (chance(rng, 0.8)) {
    merchantUid = merchantUidValue(rng);
    add('merchant_uid', merchantUid);
  }
  if (chance(rng, 0.7)) add('imp_success', flagValue(rng));
  if (chance(rng, 0.2)) add('success', flagValue(rng));
  const failing = chance(rng, 0.35);
  if (failing || chance(rng, 0.05)) add('error_code', errorCodeValue(rng));
  if (failing || chance(rng, 0.15)) add('error_msg', errorMsgValue(rng));
  // Duplicated keys: iOS KG이니시스 sends merchant_uid twice; a forger may send anything twice.
  if (chance(rng, 0.15)) {
    const key = pick(rng, ['imp_uid', 'merchant_uid', 'imp_success', 'success', 'error_code', 'error_msg']);
    add(key, key === 'imp_success' || key === 'success' ? flagValue(rng) : key === 'imp_uid' ? impUidValue(rng) : merchantUidValue(rng));
  }
  const keeps = Array.from({ length: int(rng, 0, 2) }, () => pick(rng, KEEP_PAIRS));
  const all = [...pairs, ...keeps];
  for (let i = all.length - 1; i > 0; i--) {
    const j = int(rng, 0, i);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  const search = (chance(rng, 0.05) ? '&' : '') + all.join('&') + (chance(rng, 0.05) ? '&' : '');
  const hash = pick(rng, ['', '', '#top', '#%3Cscript%3E', '#imp_uid=1']);
  const c: RedirectCase = { search, hash };
  const decoded = merchantUid === undefined ? undefined : new URLSearchParams(`m=${merchantUid}`).get('m')!.trim();
  if (decoded && decoded.length <= 100 && chance(rng, 0.2)) {
    c.note = { merchant_uid: decoded, customer_uid: chance(rng, 0.5) ? customerUid : 'someone-else' };
  }
  return c;
}

export type Outcome = 'none' | 'success' | 'failure';

export interface Expectation {
  outcome: Outcome;
  /** A clear failure is also right here (ambiguous input). */
  failureAlsoRight: boolean;
  imp_uid: string | null;
  merchant_uid: string | null;
  customer_uid: string | null;
}

function flagOf(value: string | null): boolean | undefined | 'unknown' {
  if (value === null) return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return 'unknown';
}

/** What the page at `search` is for an element whose customer-uid is `customerUid`, given the recorded `note`. */
export function expectedOutcome(search: string, customerUid: string, note: RedirectCase['note']): Expectation {
  const q = new URLSearchParams(search);
  const first = (k: string) => q.get(k);
  const conflicting = ['imp_uid', 'merchant_uid', 'imp_success', 'success', 'error_code'].some((k) => new Set(q.getAll(k)).size > 1);
  const impUid = first('imp_uid')?.trim() || null;
  const merchantUid = first('merchant_uid')?.trim() || null;
  const statement = q.has('imp_success') || q.has('success') || q.has('error_code');
  const matched = note && merchantUid === note.merchant_uid ? note : undefined;
  const base = { imp_uid: impUid, merchant_uid: merchantUid, customer_uid: matched?.customer_uid ?? null };
  const none: Expectation = { outcome: 'none', failureAlsoRight: false, ...base };
  if (!impUid && !(merchantUid && (statement || matched))) return none;
  const malformed =
    (impUid !== null && (impUid.length > 100 || /[\u0000-\u001f<>"']/.test(impUid))) ||
    (merchantUid !== null && (merchantUid.length > 100 || /[\u0000-\u001f]/.test(merchantUid)));
  // Another element's return is left alone (a malformed one may also be reported as a failure: it names nobody).
  if (matched && matched.customer_uid !== customerUid) return { ...none, failureAlsoRight: malformed };
  if (malformed) return { outcome: 'failure', failureAlsoRight: true, ...base, imp_uid: null, merchant_uid: null };
  const errorCode = first('error_code')?.trim() || null;
  const primary = flagOf(first('imp_success'));
  const secondary = flagOf(first('success'));
  const flag = typeof primary === 'boolean' ? primary : typeof secondary === 'boolean' ? secondary : undefined;
  const unknownWord = primary === 'unknown' || secondary === 'unknown';
  const outcome: Outcome = errorCode !== null || flag === false ? 'failure' : 'success';
  return { outcome, failureAlsoRight: conflicting || unknownWord || impUid === null, ...base };
}
