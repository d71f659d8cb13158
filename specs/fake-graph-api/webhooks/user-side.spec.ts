import { afterEach, beforeEach, expect, it } from 'vitest';
import { verifyHubSignature } from '../../../fake-graph-api/index.js';
import { ANN, BOT, DESK, PAGE, SECRETS, START, setup, type Setup } from './fixtures/world.js';
import { startReceiver, type Receiver } from './fixtures/receiver.js';

/**
 * The user's new gestures reach real webhook servers as Meta sends them: signed, in the envelope, on the
 * channel the routing chose, and only for the fields the app subscribed to. The bot (primary, owner)
 * subscribes to every field; the LiveDesk forgot `standby`, so it hears none of the bot's thread.
 */
let bot: Receiver;
let desk: Receiver;
let s: Setup;

beforeEach(async () => {
  bot = await startReceiver();
  desk = await startReceiver();
});
afterEach(async () => {
  await s.dispatcher.stop({ flush: false });
  await bot.close();
  await desk.close();
});

const FIELDS = ['messages', 'messaging_postbacks', 'messaging_handovers', 'standby', 'message_echoes', 'messaging_referrals', 'message_reads', 'message_deliveries'] as const;

it('a quick reply, a like, a referral, a delivery and a read reach the owner in order, signed, one POST each', async () => {
  s = setup({ bot: bot.url, desk: desk.url, botFields: FIELDS });
  const { platform, dispatcher } = s;
  const tap = platform.userWrites(PAGE, ANN, { text: 'Talk to a person', quick_reply: { payload: 'HUMAN_AGENT' } });
  const like = platform.userWrites(PAGE, ANN, { sticker_id: '369239263222822' });
  platform.userArrives(PAGE, ANN, { ad_id: '6001', ref: 'spring-sale' });
  const sent = platform.sendMessage({ appId: BOT, pageId: PAGE }, ANN, { text: 'An agent will be with you' });
  platform.messagesDelivered(PAGE, ANN);
  platform.userReads(PAGE, ANN);
  await dispatcher.drain();
  const from = { sender: { id: ANN }, recipient: { id: PAGE }, timestamp: START };
  const mid = (o: { ok: true; value: { mid: string } | { message_id?: string } } | { ok: false }) => (o.ok ? ('mid' in o.value ? o.value.mid : o.value.message_id) : undefined);
  const url = 'https://scontent.xx.fbcdn.net/v/t39.1997-6/369239263222822.png';
  expect(bot.posts().map((p) => p.entry[0]!.messaging)).toEqual([
    [{ ...from, message: { mid: mid(tap), text: 'Talk to a person', quick_reply: { payload: 'HUMAN_AGENT' } } }],
    [{ ...from, message: { mid: mid(like), attachments: [{ type: 'image', payload: { url, sticker_id: 369239263222822 } }], sticker_id: 369239263222822 } }],
    [{ ...from, referral: { ref: 'spring-sale', ad_id: '6001', source: 'ADS', type: 'OPEN_THREAD' } }],
    [{ sender: { id: PAGE }, recipient: { id: ANN }, timestamp: START, message: { is_echo: true, app_id: Number(BOT), mid: mid(sent), text: 'An agent will be with you' } }],
    [{ ...from, delivery: { mids: [mid(sent)], watermark: START } }],
    [{ ...from, read: { watermark: START } }],
  ]);
  for (const request of bot.requests) expect(verifyHubSignature(SECRETS.bot, request.raw, request.headers['x-hub-signature-256'] as string)).toBe(true);
  expect(desk.posts()).toEqual([]);
});

it('an owner that did not subscribe to message_reads, message_deliveries or messaging_referrals hears none of them', async () => {
  s = setup({ bot: bot.url, desk: desk.url });
  const { platform, dispatcher } = s;
  platform.sendMessage({ appId: BOT, pageId: PAGE }, ANN, { text: 'hello' });
  expect(platform.messagesDelivered(PAGE, ANN).ok).toBe(true);
  expect(platform.userReads(PAGE, ANN).ok).toBe(true);
  // The referral goes to the owner only, and the owner does not hear messaging_referrals: nobody gets it.
  expect(platform.userArrives(PAGE, ANN, { ref: 'support' })).toEqual({ ok: true, value: { routes: [] } });
  await dispatcher.drain();
  expect(bot.posts().map((p) => Object.keys(p.entry[0]!.messaging![0]!))).toEqual([['sender', 'recipient', 'timestamp', 'message']]);
  expect(desk.posts()).toEqual([]);
  expect(platform.events().filter((e) => e.appId === DESK)).toEqual([]);
});
