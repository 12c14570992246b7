import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEMO_PLAN, startDemoServer, type DemoServer } from './index.js';
import { startMockApi, TEST_CARDS, type MockApi } from '../../src/mock-api/index.js';
import { postJson } from '../../src/test-helpers/merchant.js';

const CARD = { card_number: TEST_CARDS.approve, expiry: '2031-12', birth: '900101', pwd_2digit: '12' };
const DAY_MS = 24 * 3600 * 1000;

describe('demo server (reference merchant server for the demo page)', () => {
  let api: MockApi;
  let demo: DemoServer;
  const dataDir = mkdtempSync(join(tmpdir(), 'imp-billing-demo-'));
  const start = () => startDemoServer({ port: 0, mockApiUrl: api.url, dataDir: join(dataDir, 'db'), databaseUrl: '' });

  before(async () => {
    api = await startMockApi();
    demo = await start();
    api.setWebhookUrl(`${demo.url}/api/webhook`);
  });
  after(async () => {
    await demo?.close();
    await api?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const overview = async () => (await (await fetch(`${demo.url}/api/subscriptions`)).json()) as any;

  test('register → again → verify → schedule → advance → webhook → next schedule, all visible in /api/subscriptions', async () => {
    const card = await postJson(`${demo.url}/api/card`, { customer_uid: 'demo-1', ...CARD });
    assert.equal(card.body.ok, true);

    const again = await postJson(`${demo.url}/api/again`, { customer_uid: 'demo-1' });
    assert.deepEqual([again.body.ok, again.body.status, again.body.amount], [true, 'paid', DEMO_PLAN.amount]);
    const verified = await postJson(`${demo.url}/api/verify`, { imp_uid: again.body.imp_uid, merchant_uid: again.body.merchant_uid });
    assert.equal(verified.body.ok, true);

    const scheduled = await postJson(`${demo.url}/api/schedule`, { customer_uid: 'demo-1', in_seconds: 3600 });
    assert.equal(scheduled.body.ok, true);
    const twice = await postJson(`${demo.url}/api/schedule`, { customer_uid: 'demo-1' });
    assert.equal(twice.status, 409);

    const advanced = await postJson(`${demo.url}/api/advance`, { days: 1 });
    assert.equal(advanced.body.ok, true);
    assert.deepEqual(
      advanced.body.executed.map((e: any) => [e.status, e.webhook?.status]),
      [['paid', 200]],
    );

    const view = await overview();
    assert.equal(view.store, 'pglite');
    assert.equal(view.subscriptions[0].customer_uid, 'demo-1');
    assert.equal(view.payments.length, 2);
    const schedules = view.schedules['demo-1'];
    assert.deepEqual(schedules.map((s: any) => s.schedule_status).sort(), ['executed', 'scheduled']);
    const next = schedules.find((s: any) => s.schedule_status === 'scheduled');
    assert.equal(view.subscriptions[0].next_merchant_uid, next.merchant_uid);
    assert.ok(next.schedule_at * 1000 > view.now);
  });

  test('a declined card is an answer, not an error', async () => {
    await postJson(`${demo.url}/api/card`, { customer_uid: 'demo-decline', ...CARD, card_number: TEST_CARDS.decline });
    const again = await postJson(`${demo.url}/api/again`, { customer_uid: 'demo-decline' });
    assert.equal(again.status, 200);
    assert.deepEqual([again.body.ok, again.body.status], [false, 'failed']);
    assert.ok(again.body.fail_reason);
  });

  test('refund: the last paid payment is cancelled at PortOne and shows as cancelled in the records', async () => {
    await postJson(`${demo.url}/api/card`, { customer_uid: 'demo-refund', ...CARD });
    assert.equal((await postJson(`${demo.url}/api/refund`, { customer_uid: 'demo-refund' })).body.code, 'nothing-to-refund');
    const paid = await postJson(`${demo.url}/api/again`, { customer_uid: 'demo-refund' });
    const refunded = await postJson(`${demo.url}/api/refund`, { customer_uid: 'demo-refund' });
    assert.deepEqual([refunded.status, refunded.body.imp_uid, refunded.body.status], [200, paid.body.imp_uid, 'cancelled']);
    const view = await overview();
    assert.equal(view.payments.find((p: any) => p.imp_uid === paid.body.imp_uid).status, 'cancelled');
  });

  test('bad input and unknown routes are refused', async () => {
    assert.equal((await postJson(`${demo.url}/api/again`, {})).status, 400);
    assert.equal((await postJson(`${demo.url}/api/again`, { customer_uid: 'nobody' })).status, 404);
    assert.equal((await postJson(`${demo.url}/api/advance`, { days: -1 })).status, 400);
    assert.equal((await postJson(`${demo.url}/api/schedule`, { customer_uid: 'nobody' })).status, 404);
    assert.equal((await fetch(`${demo.url}/api/nope`)).status, 404);
    assert.equal((await fetch(`${demo.url}/api/card`)).status, 405);
  });

  test('the routes the page calls take JSON only: a cross-site form cannot charge or schedule', async () => {
    for (const path of ['/api/card', '/api/verify', '/api/again', '/api/schedule', '/api/advance', '/api/replay-webhook', '/api/wrong-secret']) {
      const r = await fetch(`${demo.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'customer_uid=demo-1&days=1',
      });
      assert.equal(r.status, 415, path);
    }
  });

  test('a forged webhook is looked up, refused and kept in the log as refused', async () => {
    const r = await fetch(`${demo.url}/api/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'imp_uid=imp_999999999999&merchant_uid=forged&status=paid',
    });
    assert.equal(r.status, 404);
    const view = await overview();
    assert.ok(view.webhooks.some((w: any) => w.imp_uid === 'imp_999999999999' && w.outcome === 'refused' && w.verified_status === null));
  });

  test('CORS for loopback pages only', async () => {
    const ok = await fetch(`${demo.url}/api/card`, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173' } });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    const other = await fetch(`${demo.url}/api/card`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  test('subscriptions survive a restart (PGlite folder)', async () => {
    await demo.close();
    demo = await start();
    api.setWebhookUrl(`${demo.url}/api/webhook`);
    const view = await overview();
    assert.ok(view.subscriptions.some((s: any) => s.customer_uid === 'demo-1'));
    // The chain keeps going after the restart.
    const advanced = await postJson(`${demo.url}/api/advance`, { ms: 31 * DAY_MS });
    assert.ok(advanced.body.executed.some((e: any) => e.customer_uid === 'demo-1' && e.webhook?.status === 200));
  });

  test('a wrong secret is reported clearly as a 401 from PortOne', async () => {
    const wrong = await startDemoServer({ port: 0, mockApiUrl: api.url, impSecret: 'wrong', databaseUrl: '' });
    try {
      const r = await postJson(`${wrong.url}/api/card`, { customer_uid: 'x', ...CARD });
      assert.equal(r.status, 502);
      assert.match(r.body.message, /401/);
    } finally {
      await wrong.close();
    }
  });
});
