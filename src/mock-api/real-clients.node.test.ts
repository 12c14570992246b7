/**
 * Three V1 REST clients from npm, each pointed at the stand-in through its own host setting (nothing patched), run
 * a merchant's billing life and PortOne's refusals. Each must surface PortOne's message the way it does against
 * PortOne: refusals of billing POSTs come as HTTP 200 with code -1, missing lookups as 404.
 *
 * - `iamporter`: `new Iamporter({ host })`; code ≠ 0 rejects with IamporterError(message); a 404 resolves with
 *   `status: 404`. It has no schedule calls.
 * - `iamport`: the static `Iamport.DEFAULT_HOST`, read by the constructor; code ≠ 0 rejects with Error(message) and
 *   `code: 'IAMPORT_-1'`; a 400/401/404 rejects with Error('404') and `code: 'HTTP_404'` (PortOne's message is lost).
 * - `iamport-rest-client-nodejs` (PortOne's own): `new Iamport({ baseUrl })`; any refusal rejects with
 *   `error.response.data` = PortOne's envelope.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Iamporter } from 'iamporter';
import IamportLegacy from 'iamport';
import { Iamport as PortOneClient, Request } from 'iamport-rest-client-nodejs';
import { startMockApi, TEST_CARDS, TEST_CREDENTIALS, type MockApi } from './index.js';

const CARD = { card_number: TEST_CARDS.approve, expiry: '2031-12', birth: '900101', pwd_2digit: '12' };
const BAD_CARD = { ...CARD, card_number: '4242-4242-4242-4241' };
const EXPIRED_CARD = { ...CARD, expiry: '2020-01' };
const UNKNOWN_KEY = /존재하지 않는 customer_uid/;
const USED_UID = /이미 결제가 이루어진 거래건/;
const ALREADY_SCHEDULED = /이미 예약된 merchant_uid/;
const CANCELLED_TWICE = /이미 전액취소된/;
const CARD_REFUSED = /카드정보 인증에 실패/;
const NOTHING_TO_REVOKE = /취소할 예약결제 기록이 존재하지 않습니다/;

/** Resolves what a promise rejected with; fails when it resolved. */
async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  assert.fail('expected a refusal');
}

describe('real V1 clients from npm against the mock API', () => {
  let api: MockApi;
  let scheduleAt: number;

  before(async () => {
    api = await startMockApi();
    scheduleAt = Math.floor(api.now() / 1000) + 86400;
  });
  after(() => api.close());

  test('iamporter: token, issue, look up, again, onetime, find, cancel, delete, and each refusal', async () => {
    const client = new Iamporter({ apiKey: TEST_CREDENTIALS.impKey, secret: TEST_CREDENTIALS.impSecret, host: api.url });
    assert.equal((await client.getToken()).status, 200);

    const issued = await client.createSubscription({ customer_uid: 'ia-1', ...CARD });
    assert.equal(issued.data.card_number, '424242******4242');
    assert.equal((await client.getSubscription('ia-1')).data.customer_uid, 'ia-1');

    const paid = await client.paySubscription({ customer_uid: 'ia-1', merchant_uid: 'ia-pay-1', amount: 9900, name: '월간 이용권' });
    assert.equal(paid.data.status, 'paid');
    const onetime = await client.payOnetime({ merchant_uid: 'ia-ot-1', amount: 3000, ...CARD });
    assert.equal(onetime.data.customer_uid, null);
    assert.equal((await client.findByMerchantUid('ia-pay-1')).data.imp_uid, paid.data.imp_uid);
    const refunded = await client.cancelByImpUid(paid.data.imp_uid, { reason: '첫 결제 환불' });
    assert.equal(refunded.data.status, 'cancelled');

    // Refusals: HTTP 200 with code -1, so iamporter rejects with PortOne's own message.
    for (const [refused, message] of [
      [() => client.paySubscription({ customer_uid: 'nobody', merchant_uid: 'ia-x-1', amount: 100, name: 'n' }), UNKNOWN_KEY],
      [() => client.createSubscription({ customer_uid: 'ia-bad', ...BAD_CARD }), CARD_REFUSED],
      [() => client.payOnetime({ merchant_uid: 'ia-ot-x', amount: 100, ...EXPIRED_CARD }), CARD_REFUSED],
      [() => client.paySubscription({ customer_uid: 'ia-1', merchant_uid: 'ia-ot-1', amount: 100, name: 'n' }), USED_UID],
      [() => client.cancelByImpUid(paid.data.imp_uid), CANCELLED_TWICE],
    ] as const) {
      const error = await rejection(refused());
      assert.equal(error.name, 'IamporterError');
      assert.match(error.message, message);
      assert.equal(error.status, 200);
    }

    assert.equal((await client.deleteSubscription('ia-1')).data.customer_uid, 'ia-1');
    // A missing key is a 404, which iamporter resolves (as against PortOne) with the status and message.
    const gone = await client.getSubscription('ia-1');
    assert.equal(gone.status, 404);
    assert.match(gone.message, UNKNOWN_KEY);
  });

  test('iamport: the same life with schedule / unschedule, refusals carry PortOne’s message', async () => {
    const defaultHost = IamportLegacy.DEFAULT_HOST;
    IamportLegacy.DEFAULT_HOST = api.url;
    try {
      const client = new IamportLegacy({ impKey: TEST_CREDENTIALS.impKey, impSecret: TEST_CREDENTIALS.impSecret });
      const issued = await client.subscribe_customer.create({ customer_uid: 'il-1', ...CARD });
      assert.equal(issued.card_number, '424242******4242');
      assert.equal((await client.subscribe_customer.get({ customer_uid: 'il-1' })).customer_uid, 'il-1');

      const paid = await client.subscribe.again({ customer_uid: 'il-1', merchant_uid: 'il-pay-1', amount: 9900, name: '월간 이용권' });
      assert.equal(paid.status, 'paid');
      assert.equal((await client.subscribe.onetime({ merchant_uid: 'il-ot-1', amount: 3000, ...CARD })).status, 'paid');

      const scheduled = await client.subscribe.schedule({
        customer_uid: 'il-1',
        schedules: [
          { merchant_uid: 'il-sch-1', schedule_at: scheduleAt, amount: 9900, name: '다음 달' },
          { merchant_uid: 'il-sch-2', schedule_at: scheduleAt + 86400, amount: 9900, name: '다다음 달' },
        ],
      });
      assert.deepEqual(scheduled.map((s: any) => s.schedule_status), ['scheduled', 'scheduled']);
      const revoked = await client.subscribe.unschedule({ customer_uid: 'il-1', merchant_uid: ['il-sch-2'] });
      assert.deepEqual(revoked.map((s: any) => s.merchant_uid), ['il-sch-2']);

      assert.equal((await client.payment.getByMerchant({ merchant_uid: 'il-pay-1' })).imp_uid, paid.imp_uid);
      assert.equal((await client.payment.cancel({ imp_uid: paid.imp_uid, reason: '환불' })).status, 'cancelled');

      for (const [refused, message] of [
        [() => client.subscribe.again({ customer_uid: 'nobody', merchant_uid: 'il-x-1', amount: 100, name: 'n' }), UNKNOWN_KEY],
        [() => client.subscribe_customer.create({ customer_uid: 'il-bad', ...BAD_CARD }), CARD_REFUSED],
        [() => client.subscribe.onetime({ merchant_uid: 'il-ot-x', amount: 100, ...EXPIRED_CARD }), CARD_REFUSED],
        [() => client.subscribe.again({ customer_uid: 'il-1', merchant_uid: 'il-ot-1', amount: 100, name: 'n' }), USED_UID],
        [() => client.subscribe.schedule({ customer_uid: 'il-1', schedules: [{ merchant_uid: 'il-sch-1', schedule_at: scheduleAt, amount: 1 }] }), ALREADY_SCHEDULED],
        [() => client.subscribe.schedule({ customer_uid: 'nobody', schedules: [{ merchant_uid: 'il-sch-9', schedule_at: scheduleAt, amount: 1 }] }), UNKNOWN_KEY],
        [() => client.subscribe.unschedule({ customer_uid: 'il-1', merchant_uid: ['il-sch-2'] }), NOTHING_TO_REVOKE],
        [() => client.payment.cancel({ imp_uid: paid.imp_uid }), CANCELLED_TWICE],
      ] as const) {
        const error = await rejection(refused());
        assert.equal(error.code, 'IAMPORT_-1');
        assert.match(error.message, message);
      }

      assert.equal((await client.subscribe_customer.delete({ customer_uid: 'il-1' })).customer_uid, 'il-1');
      // A 404 lookup: this client reports only the status, as it does against PortOne.
      const gone = await rejection(client.subscribe_customer.get({ customer_uid: 'il-1' }));
      assert.deepEqual([gone.code, gone.message], ['HTTP_404', '404']);
    } finally {
      IamportLegacy.DEFAULT_HOST = defaultHost;
    }
  });

  test('iamport-rest-client-nodejs (PortOne’s own): the whole life incl. schedule lists, and each refusal’s envelope', async () => {
    const client = new PortOneClient({ apiKey: TEST_CREDENTIALS.impKey, apiSecret: TEST_CREDENTIALS.impSecret, baseUrl: api.url });
    const { Customers, Subscribe, Payments, Prepare } = Request;
    const run = async (request: { request(c: PortOneClient): Promise<any> }) => (await request.request(client)).data.response;

    const issued = await run(Customers.postBillingKey({ customer_uid: 'pc-1', ...CARD } as any));
    assert.equal(issued.card_number, '424242******4242');
    assert.equal((await run(Customers.getBillingKey({ customer_uid: 'pc-1' }))).customer_uid, 'pc-1');
    const many = await run(Customers.getBillingKeys({ customer_uid: ['pc-1'] }));
    assert.deepEqual(many.map((c: any) => c.customer_uid), ['pc-1']);

    const paid = await run(Subscribe.again({ customer_uid: 'pc-1', merchant_uid: 'pc-pay-1', amount: 9900, name: '월간 이용권' }));
    assert.equal(paid.status, 'paid');
    // UNIX seconds, read by the client as dates.
    assert.ok(Math.abs((paid.paid_at as Date).getTime() - api.now()) < 5000);
    assert.equal((await run(Subscribe.onetime({ merchant_uid: 'pc-ot-1', amount: 3000, ...CARD } as any))).status, 'paid');

    await run(
      Subscribe.schedule({
        customer_uid: 'pc-1',
        schedules: [
          { merchant_uid: 'pc-sch-1', schedule_at: scheduleAt, amount: 9900, name: '다음 달' },
          { merchant_uid: 'pc-sch-2', schedule_at: scheduleAt + 86400, amount: 9900, name: '다다음 달' },
        ],
      } as any),
    );
    const listed = await run(Subscribe.getScheduleds({ customer_uid: 'pc-1', from: 0, to: scheduleAt + 2 * 86400 } as any));
    assert.deepEqual(listed.list.map((s: any) => s.merchant_uid).sort(), ['pc-sch-1', 'pc-sch-2']);
    const byCustomer = await run(Customers.getScheduleds({ customer_uid: 'pc-1', from: 0, to: scheduleAt + 2 * 86400 } as any));
    assert.equal(byCustomer.total, 2);
    assert.equal((await run(Subscribe.getScheduled({ merchant_uid: 'pc-sch-1' }))).schedule_status, 'scheduled');
    const revoked = await run(Subscribe.unschedule({ customer_uid: 'pc-1', merchant_uid: 'pc-sch-2' }));
    assert.deepEqual(revoked.map((s: any) => s.schedule_status), ['revoked']);

    assert.equal((await run(Payments.getByMerchantUid({ merchant_uid: 'pc-pay-1', status: 'paid' } as any))).imp_uid, paid.imp_uid);
    const history = await run(Customers.getPayments({ customer_uid: 'pc-1' } as any));
    assert.ok(history.list.some((p: any) => p.imp_uid === paid.imp_uid));
    await run(Prepare.postAmount({ merchant_uid: 'pc-prep-1', amount: 5000 } as any));
    assert.equal((await run(Prepare.getAmount({ merchant_uid: 'pc-prep-1' }))).amount, 5000);
    assert.equal((await run(Payments.cancel({ imp_uid: paid.imp_uid, reason: '환불' } as any))).status, 'cancelled');

    const envelope = async (request: { request(c: PortOneClient): Promise<any> }) => (await rejection(request.request(client))).response.data;
    for (const [request, message] of [
      [Subscribe.again({ customer_uid: 'nobody', merchant_uid: 'pc-x-1', amount: 100, name: 'n' }), UNKNOWN_KEY],
      [Customers.postBillingKey({ customer_uid: 'pc-bad', ...BAD_CARD } as any), CARD_REFUSED],
      [Subscribe.onetime({ merchant_uid: 'pc-ot-x', amount: 100, ...EXPIRED_CARD } as any), CARD_REFUSED],
      [Subscribe.schedule({ customer_uid: 'nobody', schedules: [{ merchant_uid: 'pc-sch-9', schedule_at: scheduleAt, amount: 1 }] } as any), UNKNOWN_KEY],
      [Subscribe.again({ customer_uid: 'pc-1', merchant_uid: 'pc-ot-1', amount: 100, name: 'n' }), USED_UID],
      [Subscribe.schedule({ customer_uid: 'pc-1', schedules: [{ merchant_uid: 'pc-sch-1', schedule_at: scheduleAt, amount: 1 }] } as any), ALREADY_SCHEDULED],
      [Subscribe.unschedule({ customer_uid: 'pc-1', merchant_uid: 'pc-sch-2' }), NOTHING_TO_REVOKE],
      [Payments.cancel({ imp_uid: paid.imp_uid } as any), CANCELLED_TWICE],
      [Prepare.postAmount({ merchant_uid: 'pc-prep-1', amount: 5000 } as any), /이미 사전등록된/],
      [Subscribe.onetime({ merchant_uid: 'pc-prep-1', amount: 100, ...CARD } as any), /사전등록된 결제금액/],
    ] as const) {
      const data = await envelope(request);
      assert.deepEqual([data.code, data.response], [-1, null]);
      assert.match(data.message, message);
    }

    assert.equal((await run(Customers.deleteBillingKey({ customer_uid: 'pc-1' }))).customer_uid, 'pc-1');
    const gone = await rejection(Customers.getBillingKey({ customer_uid: 'pc-1' }).request(client));
    assert.equal(gone.response.status, 404);
    assert.match(gone.response.data.message, UNKNOWN_KEY);
  });
});
