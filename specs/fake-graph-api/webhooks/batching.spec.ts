import { afterEach, describe, expect, it } from 'vitest';
import { ANN, BO, BOT, DESK, PAGE, START, runClock, setup, type Setup } from './fixtures/world.js';
import { receiversClosedAfterEach, startReceiver, type Receiver } from './fixtures/receiver.js';

/** Several events for one app in one POST, as Meta does under load: off by default, configurable. */
const receivers = receiversClosedAfterEach();
let s: Setup | undefined;
afterEach(async () => {
  await s?.dispatcher.stop({ flush: false });
  s = undefined;
});

async function two() {
  const bot = await startReceiver();
  const desk = await startReceiver();
  receivers.push(bot, desk);
  return { bot: bot.url, desk: desk.url, receivers: { bot, desk } };
}

/** Per POST: per entry, `channel×items`. */
const shape = (r: Receiver) => r.posts().map((b) => b.entry.map((e) => (e.messaging ? `messaging×${e.messaging.length}` : `standby×${e.standby!.length}`)));

/** Three events for the bot in one synchronous burst: two on `messaging`, then one on `standby`. */
function burst(x: Setup) {
  x.platform.userWrites(PAGE, ANN, { text: 'a' });
  x.platform.userWrites(PAGE, ANN, { text: 'b' });
  x.platform.passThreadControl({ appId: BOT, pageId: PAGE }, BO, DESK, null);
  x.platform.userWrites(PAGE, BO, { text: 'c' });
}

describe('batching', () => {
  it('is off by default: one event per POST', async () => {
    const w = await two();
    s = setup(w);
    burst(s);
    await s.dispatcher.drain();
    expect(shape(w.receivers.bot)).toEqual([['messaging×1'], ['messaging×1'], ['standby×1']]);
    expect(s.dispatcher.deliveries().every((d) => d.attempts[0]!.batchSize === 1)).toBe(true);
  });

  it("with layout `items`, puts consecutive events of one page and channel in one entry's array", async () => {
    const w = await two();
    s = setup(w, { batch: { maxEvents: 10 } });
    burst(s);
    await s.dispatcher.drain();
    expect(shape(w.receivers.bot)).toEqual([['messaging×2', 'standby×1']]);
    const body = w.receivers.bot.posts()[0]!;
    expect(body.entry.map((e) => e.id)).toEqual([PAGE, PAGE]);
    expect(body.entry[0]!.messaging!.map((m) => (m['message'] as { text: string }).text)).toEqual(['a', 'b']);
    expect(s.dispatcher.deliveries({ appId: BOT }).map((d) => d.attempts[0]!.batchSize)).toEqual([3, 3, 3]);
    expect(shape(w.receivers.desk)).toEqual([['messaging×2']]); // pass_thread_control + Bo's message
  });

  it('with layout `entries`, gives every event its own entry', async () => {
    const w = await two();
    s = setup(w, { batch: { maxEvents: 10, layout: 'entries' } });
    burst(s);
    await s.dispatcher.drain();
    expect(shape(w.receivers.bot)).toEqual([['messaging×1', 'messaging×1', 'standby×1']]);
  });

  it('never puts more than maxEvents in one POST, and keeps the order across POSTs', async () => {
    const w = await two();
    s = setup(w, { batch: { maxEvents: 2 } });
    for (const text of ['1', '2', '3', '4', '5']) s.platform.userWrites(PAGE, ANN, { text });
    await s.dispatcher.drain();
    expect(shape(w.receivers.bot)).toEqual([['messaging×2'], ['messaging×2'], ['messaging×1']]);
    expect(w.receivers.bot.posts().flatMap((b) => b.entry.flatMap((e) => e.messaging!.map((m) => (m['message'] as { text: string }).text))))
      .toEqual(['1', '2', '3', '4', '5']);
  });

  it('with maxWaitMs, holds the first event of an idle queue for others to join, on the virtual clock', async () => {
    const w = await two();
    s = setup(w, { batch: { maxEvents: 10, maxWaitMs: 200 } });
    s.platform.userWrites(PAGE, ANN, { text: 'first' });
    await s.dispatcher.idle();
    expect(w.receivers.bot.requests).toEqual([]);
    s.clock.increment(100);
    s.platform.userWrites(PAGE, ANN, { text: 'second' });
    await runClock(s);
    await s.dispatcher.drain();
    expect(shape(w.receivers.bot)).toEqual([['messaging×2']]);
    expect(w.receivers.bot.posts()[0]!.entry[0]!.time).toBe(START + 200);
  });
});
