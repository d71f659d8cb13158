import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, DEFAULT_RETRY, retryDelay, type DeliveryReport } from '../../../fake-graph-api/index.js';
import { ANN, BO, BOT, PAGE, START, runClock, setup, type Setup } from './fixtures/world.js';
import { deadUrl, ok, receiversClosedAfterEach, type Receiver } from './fixtures/receiver.js';

/** Retries, backoff and the unsubscribe hour, all on xstate's SimulatedClock: no wall-clock sleeps. */
const receiver = receiversClosedAfterEach().start;
let s: Setup | undefined;
afterEach(async () => {
  await s?.dispatcher.stop({ flush: false });
  s = undefined;
});

const texts = (r: Receiver, from = 0) =>
  r.posts().slice(from).flatMap((b) => b.entry.flatMap((e) => (e.messaging ?? []).map((m) => (m['message'] as { text: string }).text)));

describe('retry schedule', () => {
  it('is three quick retries 1 s apart, then backoff from 30 s doubling up to 15 min', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => retryDelay(n, DEFAULT_RETRY)))
      .toEqual([1000, 1000, 1000, 30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000]);
  });
});

describe('delivery with failures', () => {
  it('retries a receiver that fails twice, then delivers every event once and in order', async () => {
    const bot = await receiver((_req, i, res) => void (i < 2 ? res.writeHead(500).end('oops') : ok(_req, i, res)));
    const desk = await receiver();
    const reports: string[] = [];
    s = setup({ bot: bot.url, desk: desk.url }, {
      onDelivery: (r: DeliveryReport) => reports.push(`${r.record.kind}:${r.outcome}${r.retryInMs ? `:${r.retryInMs}` : ''}`),
    });
    s.platform.userWrites(PAGE, ANN, { text: 'one' });
    s.platform.userWrites(PAGE, ANN, { text: 'two' });
    s.platform.userWrites(PAGE, BO, { text: 'three' });
    const drained = s.dispatcher.drain();
    await runClock(s);
    await drained;

    expect(bot.requests).toHaveLength(5); // one, one, one (ok), two, three
    expect(texts(bot)).toEqual(['one', 'one', 'one', 'two', 'three']);
    expect(texts(bot, 2)).toEqual(['one', 'two', 'three']); // what the bot accepted: each once, in order
    const [one, two] = s.dispatcher.deliveries();
    expect(one!.state).toBe('delivered');
    expect(one!.attempts.map(({ time, status, batchSize }) => ({ time, status, batchSize }))).toEqual([
      { time: START, status: 500, batchSize: 1 },
      { time: START + 1000, status: 500, batchSize: 1 },
      { time: START + 2000, status: 200, batchSize: 1 },
    ]);
    expect(one!.settledAt).toBe(START + 2000);
    expect(two!.attempts.map((a) => a.time)).toEqual([START + 2000]); // waited behind `one`: order kept
    expect(reports).toEqual(['message:retrying:1000', 'message:retrying:1000', 'message:delivered', 'message:delivered', 'message:delivered']);
    // the same bytes and signatures on every attempt
    expect(new Set(bot.requests.slice(0, 3).map((r) => r.raw.toString())).size).toBe(1);
    expect(new Set(bot.requests.slice(0, 3).map((r) => r.headers['x-hub-signature-256'])).size).toBe(1);
  });

  it('counts a POST unanswered after the timeout as a failure and retries it', async () => {
    let hung: (() => void) | undefined;
    const bot = await receiver((req, i, res) => {
      if (i === 0) hung = () => res.destroy();
      else ok(req, i, res);
    });
    const desk = await receiver();
    s = setup({ bot: bot.url, desk: desk.url }, { timeoutMs: 2500 });
    s.platform.userWrites(PAGE, ANN, { text: 'slow' });
    await bot.seen(1);
    s.clock.increment(2500); // the timeout passes in virtual time
    await runClock(s);
    await s.dispatcher.drain();
    hung?.();
    const [record] = s.dispatcher.deliveries();
    expect(record!.state).toBe('delivered');
    expect(record!.attempts.map(({ time, status, error }) => ({ time, status, error }))).toEqual([
      { time: START, status: undefined, error: 'timeout after 2500 ms' },
      { time: START + 3500, status: 200, error: undefined },
    ]);
  });

  it('retries a receiver that is down with backoff, unsubscribes the app after one hour, and accounts for every event', async () => {
    const desk = await receiver();
    const logs: string[] = [];
    s = setup({ bot: await deadUrl(), desk: desk.url }, { onLog: (m) => logs.push(m) });
    s.platform.userWrites(PAGE, ANN, { text: 'one' });
    s.platform.userWrites(PAGE, ANN, { text: 'two' });
    await runClock(s);

    const [one, two] = s.dispatcher.deliveries();
    const offsets = one!.attempts.map((a) => a.time - START);
    // 0, three quick retries, then 30 s, 60 s, … capped at 15 min, the last exactly at the hour
    expect(offsets).toEqual([0, 1000, 2000, 3000, 33_000, 93_000, 213_000, 453_000, 933_000, 1_833_000, 2_733_000, 3_600_000]);
    expect(one!.attempts.every((a) => a.error === 'ECONNREFUSED' && a.status === undefined)).toBe(true);
    const reason = `app unsubscribed from page ${PAGE} after 1 h of failed deliveries`;
    expect(one).toMatchObject({ state: 'failed', reason: `ECONNREFUSED; ${reason}`, settledAt: START + 3_600_000 });
    expect(two).toMatchObject({ state: 'failed', reason, attempts: [] });
    expect(logs).toEqual([`webhooks: Bot (${BOT}) unsubscribed from page ${PAGE} after 1 h of failed deliveries (last: ECONNREFUSED)`]);
    expect(s.dispatcher.subscriptions().find((x) => x.appId === BOT)).toMatchObject({ state: 'unsubscribed', reason });

    // later events are not sent, and not lost either
    s.platform.userWrites(PAGE, ANN, { text: 'three' });
    await s.dispatcher.drain();
    expect(s.dispatcher.deliveries({ state: 'failed' }).map((d) => d.reason)).toEqual([
      `ECONNREFUSED; ${reason}`, reason, `not subscribed: ${reason}`,
    ]);
    expect(s.dispatcher.deliveries({ state: 'pending' })).toEqual([]);
    // and the admin route accounts for all three
    const admin = createApp(s.platform, { dispatcher: s.dispatcher });
    const failed = await request(admin).get('/__admin/deliveries?state=failed');
    expect(failed.body.deliveries.map((d: { eventIndex: number; attempts: unknown[] }) => [d.eventIndex, d.attempts.length])).toEqual([[0, 12], [2, 0], [4, 0]]);
    expect((await request(admin).get('/__admin/deliveries')).body.deliveries).toHaveLength(3);
  });

  it('resets the hour on success: failures that are not continuous do not unsubscribe', async () => {
    let down = true;
    const bot = await receiver((req, i, res) => void (down ? res.writeHead(503).end() : ok(req, i, res)));
    const desk = await receiver();
    s = setup({ bot: bot.url, desk: desk.url });
    s.platform.userWrites(PAGE, ANN, { text: 'one' });
    await runClock(s, START + 40 * 60_000);
    down = false;
    await runClock(s);
    expect(s.dispatcher.deliveries()[0]!.state).toBe('delivered');
    down = true;
    s.platform.userWrites(PAGE, ANN, { text: 'two' });
    await runClock(s, s.clock.now() + 40 * 60_000);
    down = false;
    await runClock(s);
    expect(s.dispatcher.deliveries().map((d) => d.state)).toEqual(['delivered', 'delivered']);
    expect(s.dispatcher.subscriptions().find((x) => x.appId === BOT)!.state).toBe('subscribed');
  });
});
