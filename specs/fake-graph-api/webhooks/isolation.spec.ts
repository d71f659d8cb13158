import { describe, expect, it } from 'vitest';
import { createWebhookDispatcher, Platform } from '../../../fake-graph-api/index.js';
import type { RecordedEvent } from '../../../fake-graph-api/index.js';
import { receiversClosedAfterEach } from './fixtures/receiver.js';
import { ANN, BOT, DESK, PAGE, world } from './fixtures/world.js';

/** Issue 13: an error in one event's delivery is that event's failure, with its reason; nothing else stops. */
const receivers = receiversClosedAfterEach();

const eventFor = (appId: string, extra: unknown): RecordedEvent => ({
  appId, pageId: PAGE, channel: 'messaging',
  event: { sender: { id: ANN }, recipient: { id: PAGE }, timestamp: 1, message: { mid: 'm_x', text: 'x', extra } } as never,
});

describe('one event that cannot be serialized', () => {
  it('fails alone with its reason; the same app\'s next event and the other app\'s events are delivered', async () => {
    const bot = await receivers.start();
    const desk = await receivers.start();
    const platform = new Platform(world({ bot: bot.url, desk: desk.url }));
    const dispatcher = createWebhookDispatcher(platform);
    const bad = dispatcher.deliver(eventFor(BOT, 10n), 0)!; // a BigInt: JSON.stringify throws
    const good = dispatcher.deliver(eventFor(BOT, 'fine'), 1)!;
    const other = dispatcher.deliver(eventFor(DESK, 'fine'), 2)!;
    await dispatcher.drain();
    expect([bad.state, bad.reason]).toEqual(['failed', 'internal error: the webhook body could not be built: TypeError: Do not know how to serialize a BigInt']);
    expect([good.state, other.state]).toEqual(['delivered', 'delivered']);
    expect([bot.posts().length, desk.posts().length]).toEqual([1, 1]);
    await dispatcher.stop();
  });

  it('a report listener that throws fails the batch with the reason instead of killing the queue', async () => {
    const bot = await receivers.start();
    const desk = await receivers.start();
    const platform = new Platform(world({ bot: bot.url, desk: desk.url }));
    let throws = true;
    const dispatcher = createWebhookDispatcher(platform, { onDelivery: () => { if (throws) { throws = false; throw new Error('listener bug'); } } });
    const first = dispatcher.deliver(eventFor(BOT, 1), 0)!;
    const second = dispatcher.deliver(eventFor(BOT, 2), 1)!;
    await dispatcher.drain();
    expect([first.state, second.state]).toEqual(['delivered', 'delivered']);
    await dispatcher.stop();
  });
});

describe('events produced while the dispatcher stops', () => {
  it('are not sent, fail with their reason, and are returned with the undelivered ones', async () => {
    const hung = await receivers.start(() => {});
    const desk = await receivers.start();
    const platform = new Platform(world({ bot: hung.url, desk: desk.url }));
    const dispatcher = createWebhookDispatcher(platform, { timeoutMs: 60_000 });
    dispatcher.start();
    platform.userWrites(PAGE, ANN, { text: 'before' });
    await hung.seen(1);
    const stopping = dispatcher.stop({ deadlineMs: 200 });
    platform.userWrites(PAGE, ANN, { text: 'during' });
    const { pending } = await stopping;
    expect(pending.map((r) => [r.eventIndex, r.state, r.reason])).toEqual([
      [0, 'failed', 'stopped before delivery (drain deadline of 200 ms passed)'],
      [2, 'failed', 'produced while the server was stopping: not sent'], // event 1 is the Page Inbox's copy of 'before': no webhook
    ]);
    expect(hung.requests).toHaveLength(1);
  });
});
