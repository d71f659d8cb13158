import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, createWebhookDispatcher, Platform } from '../../../fake-graph-api/index.js';
import { metaError } from '../graph/fixtures/harness.js';
import { ANN, BOT, PAGE, START, runClock, setup, world, type Setup } from './fixtures/world.js';
import { deadUrl, ok, receiversClosedAfterEach, type Receiver } from './fixtures/receiver.js';

/** The library's life cycle (drain, stop with flush or report, reset) and GET /__admin/deliveries. */
const receiver = receiversClosedAfterEach().start;
let s: Setup | undefined;
afterEach(async () => {
  await s?.dispatcher.stop({ flush: false });
  s = undefined;
});

describe('stop', () => {
  it('with flush, tries each waiting event once more at once and reports what is still undelivered', async () => {
    let healthy = false;
    const bot = await receiver((req, i, res) => void (healthy ? ok(req, i, res) : res.writeHead(500).end()));
    s = setup({ bot: bot.url, desk: await deadUrl() });
    s.platform.userWrites(PAGE, ANN, { text: 'one' });
    s.platform.userWrites(PAGE, ANN, { text: 'two' });
    await s.dispatcher.idle(); // `one` failed once; its retry waits on the virtual clock
    healthy = true;
    const { pending } = await s.dispatcher.stop();
    expect(pending).toEqual([]);
    expect(s.dispatcher.deliveries().map((d) => [d.state, d.attempts.length])).toEqual([['delivered', 2], ['delivered', 1]]);
  });

  it('without flush, fails every waiting event as `stopped before delivery` and returns them', async () => {
    const bot = await receiver((_req, _i, res) => void res.writeHead(500).end());
    s = setup({ bot: bot.url, desk: await deadUrl() });
    s.platform.userWrites(PAGE, ANN, { text: 'one' });
    s.platform.userWrites(PAGE, ANN, { text: 'two' });
    await s.dispatcher.idle();
    const { pending } = await s.dispatcher.stop({ flush: false });
    expect(pending.map((d) => [d.kind, d.state, d.reason, d.attempts.length])).toEqual([
      ['message', 'failed', 'stopped before delivery', 1],
      ['message', 'failed', 'stopped before delivery', 0],
    ]);
    expect(s.dispatcher.nextTimerAt()).toBeUndefined();
    await s.dispatcher.drain(); // nothing left pending
    expect(bot.requests).toHaveLength(1);
  });
});

describe('deliver', () => {
  it('queues an event handed over by the caller, for callers that do not start() the dispatcher', async () => {
    const bot = await receiver();
    s = setup({ bot: bot.url, desk: await deadUrl() });
    await s.dispatcher.stop({ flush: false }); // the fixture started it: build a fresh one that is not started
    const dispatcher = createWebhookDispatcher(s.platform, { clock: s.clock });
    s.platform.userWrites(PAGE, ANN, { text: 'by hand' });
    const [toBot, toInbox] = s.platform.events();
    expect(dispatcher.deliver(toInbox!, 1)).toBeUndefined(); // no webhook
    expect(dispatcher.deliver(toBot!, 0)).toMatchObject({ eventIndex: 0, appId: BOT, state: 'pending' });
    await dispatcher.drain();
    expect(bot.posts()[0]!.entry[0]!.messaging![0]!['message']).toMatchObject({ text: 'by hand' });
    await dispatcher.stop();
  });
});

describe('drain', () => {
  it('resolves only once every event is delivered or failed', async () => {
    const bot = await receiver((req, i, res) => void (i === 0 ? res.writeHead(502).end() : ok(req, i, res)));
    s = setup({ bot: bot.url, desk: await deadUrl() });
    let drained = false;
    s.platform.userWrites(PAGE, ANN, { text: 'one' });
    void s.dispatcher.drain().then(() => (drained = true));
    await s.dispatcher.idle();
    expect(drained).toBe(false);
    expect(s.dispatcher.deliveries({ state: 'pending' })).toHaveLength(1);
    await runClock(s);
    await s.dispatcher.drain();
    expect(drained).toBe(true);
  });
});

describe('GET /__admin/deliveries', () => {
  it('lists each event with its attempts and final state, and filters by state', async () => {
    const bot = await receiver();
    s = setup({ bot: bot.url, desk: await deadUrl() }, { retry: { unsubscribeAfterMs: 2_000 } });
    const app = createApp(s.platform, { dispatcher: s.dispatcher });
    s.platform.passThreadControl({ appId: BOT, pageId: PAGE }, ANN, '2000000002', 'agent');
    s.platform.userWrites(PAGE, ANN, { text: 'hi' });
    await runClock(s);

    const all = await request(app).get('/__admin/deliveries');
    expect(all.status).toBe(200);
    expect(all.body.deliveries.map((d: { appName: string; kind: string; channel: string; state: string }) => `${d.appName} ${d.kind} ${d.channel} ${d.state}`)).toEqual([
      'LiveDesk pass_thread_control messaging failed',
      'Bot message standby delivered',
      'LiveDesk message messaging failed', // queued behind the failing handover, failed with it
    ]);
    const failed = await request(app).get('/__admin/deliveries?state=failed');
    expect(failed.body.deliveries).toHaveLength(2);
    expect(failed.body.deliveries[1]).toMatchObject({
      eventIndex: 2, kind: 'message', state: 'failed', attempts: [],
      reason: `app unsubscribed from page ${PAGE} after 2000 ms of failed deliveries`,
    });
    expect(failed.body.deliveries[0]).toMatchObject({
      eventIndex: 0, appId: '2000000002', pageId: PAGE, channel: 'messaging', kind: 'pass_thread_control', psid: ANN,
      state: 'failed', reason: `ECONNREFUSED; app unsubscribed from page ${PAGE} after 2000 ms of failed deliveries`,
      queuedAt: START, settledAt: START + 2000,
    });
    expect(failed.body.deliveries[0].attempts.map((a: { time: number; error: string }) => [a.time - START, a.error]))
      .toEqual([[0, 'ECONNREFUSED'], [1000, 'ECONNREFUSED'], [2000, 'ECONNREFUSED']]);
    const delivered = await request(app).get('/__admin/deliveries?state=delivered');
    expect(delivered.body.deliveries[0]).toMatchObject({ eventIndex: 1, state: 'delivered', attempts: [{ time: START, status: 200, batchSize: 1 }] });
    expect(delivered.body.subscriptions.map((x: { appName: string; state: string }) => `${x.appName} ${x.state}`)).toEqual(['Bot subscribed', 'LiveDesk unsubscribed']);
    expect((await request(app).get('/__admin/deliveries?state=pending')).body.deliveries).toEqual([]);
    expect((await request(app).get(`/__admin/deliveries?app=${BOT}`)).body.deliveries).toHaveLength(1);
  });

  it("answers a bad filter with Meta's error envelope", async () => {
    s = setup({ bot: await deadUrl(), desk: await deadUrl() });
    const res = await request(createApp(s.platform, { dispatcher: s.dispatcher })).get('/__admin/deliveries?state=lost');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#100) Param state Invalid option: expected one of "pending"|"delivered"|"failed"', 100));
  });

  it('POST /__admin/reset forgets deliveries and queues and restores subscriptions lost to failure', async () => {
    s = setup({ bot: await deadUrl(), desk: await deadUrl() }, { retry: { unsubscribeAfterMs: 1_000 } });
    const app = createApp(s.platform, { dispatcher: s.dispatcher });
    s.platform.userWrites(PAGE, ANN, { text: 'hi' });
    await runClock(s);
    expect(s.dispatcher.subscriptions()[0]!.state).toBe('unsubscribed');
    expect((await request(app).post('/__admin/reset')).body).toEqual({ success: true });
    expect((await request(app).get('/__admin/deliveries')).body.deliveries).toEqual([]);
    expect(s.dispatcher.subscriptions()[0]!.state).toBe('subscribed');
    expect(s.platform.events()).toEqual([]);
  });

  it('works without a dispatcher: the Graph API app alone answers 404 for the delivery routes', async () => {
    const platform = new Platform(world({ bot: 'http://127.0.0.1:9/', desk: 'http://127.0.0.1:9/' }));
    const app = createApp(platform);
    const res = await request(app).get('/__admin/deliveries');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('(#100) Webhook delivery is not running on this server');
    expect((await request(app).post(`/__admin/apps/${BOT}/verify`)).status).toBe(404);
    expect((await request(app).post('/__admin/reset')).body).toEqual({ success: true });
  });
});
