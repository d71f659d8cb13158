import { createHmac } from 'node:crypto';
import { SimulatedClock } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import { Platform, createWebhookDispatcher, parseWorld, type WebhookDispatcher, type WebhookDispatcherOptions } from '../../../fake-graph-api/index.js';
import { receiversClosedAfterEach, type Answer } from '../webhooks/fixtures/receiver.js';
import { ANN, BOT, DESK, IG, IG_ANN, IG_INBOX, NOW } from './fixtures.js';

/**
 * Instagram webhooks over HTTP (issue 23 part 3): `"object":"instagram"`, `entry[].id` the Instagram account
 * id, IGSIDs as senders (protocol.md §2.1, §2.7; S60), signed as on Messenger with the app's secret
 * (`X-Hub-Signature-256`, S16). An app's Instagram subscription has the `instagram` object's field names
 * (S60, S63) and goes to its webhook URL on the Page; Messenger and Instagram events never share a POST.
 */
const receivers = receiversClosedAfterEach();
let dispatcher: WebhookDispatcher | undefined;
afterEach(async () => {
  await dispatcher?.stop({ flush: false });
  dispatcher = undefined;
});

const PAGE = '1200000001';
const SECRET = { bot: 'bot-secret', desk: 'desk-secret' };

/** Meta's handshake answered as a bot does (the challenge echoed), every POST with 200. */
const answer: Answer = (req, _i, res) => {
  const challenge = new URL(req.url, 'http://x').searchParams.get('hub.challenge');
  res.writeHead(200, { 'Content-Type': 'text/plain' }).end(req.method === 'GET' ? challenge ?? '' : 'EVENT_RECEIVED');
};

async function setup(options: WebhookDispatcherOptions = {}, deskFields?: string[]) {
  const bot = await receivers.start(answer);
  const desk = await receivers.start(answer);
  const clock = new SimulatedClock();
  clock.set(NOW);
  const world = parseWorld({
    pages: [{
      id: PAGE, name: 'Acme',
      apps: [
        { id: BOT, name: 'Bot', role: 'primary', accessToken: 'bot', appSecret: SECRET.bot, webhook: { url: bot.url, verifyToken: 'vt', fields: ['messages', 'messaging_handovers', 'standby', 'message_echoes'] } },
        { id: DESK, name: 'Desk', role: 'secondary', accessToken: 'desk', appSecret: SECRET.desk, webhook: { url: desk.url, verifyToken: 'vt', fields: ['messages', 'messaging_handovers', 'standby'] } },
      ],
      users: [{ psid: ANN, name: 'Ann' }],
      instagram: {
        id: IG, username: 'acme.ig', defaultApp: BOT,
        // BOT hears every field of the instagram object; DESK only what it lists (no echoes: they come with `messages`).
        apps: [{ id: BOT, takeControl: true }, { id: DESK, takeControl: true, ...(deskFields && { fields: deskFields }) }],
        users: [{ igsid: IG_ANN, username: 'ann.ig' }],
      },
    }],
  });
  const platform = new Platform(world, { clock });
  dispatcher = createWebhookDispatcher(platform, { clock, ...options });
  dispatcher.start();
  return { platform, dispatcher, bot, desk };
}

const sign = (secret: string, raw: Buffer) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

describe('Instagram webhook envelopes', () => {
  it('a message: object instagram, the account id as entry id, the IGSID as sender, signed with the app secret', async () => {
    const { platform, dispatcher, bot, desk } = await setup();
    const { mid } = (platform.userWrites(IG, IG_ANN, { text: 'hi' }) as { value: { mid: string } }).value;
    await dispatcher.drain();
    expect(bot.posts()).toEqual([{
      object: 'instagram',
      entry: [{ id: IG, time: NOW, messaging: [{ sender: { id: IG_ANN }, recipient: { id: IG }, timestamp: NOW, message: { mid, text: 'hi' } }] }],
    }]);
    expect(bot.requests[0]!.headers['x-hub-signature-256']).toBe(sign(SECRET.bot, bot.requests[0]!.raw));
    // The live chat app does not own the thread: standby, under its own secret.
    expect(desk.posts()).toEqual([{
      object: 'instagram',
      entry: [{ id: IG, time: NOW, standby: [{ sender: { id: IG_ANN }, recipient: { id: IG }, timestamp: NOW, message: { mid, text: 'hi' } }] }],
    }]);
    expect(desk.requests[0]!.headers['x-hub-signature-256']).toBe(sign(SECRET.desk, desk.requests[0]!.raw));
  });

  it('an app\'s Messenger and Instagram events go in POSTs of their own object, even when batched together', async () => {
    const { platform, dispatcher, bot } = await setup({ batch: { maxEvents: 10 } });
    platform.userWrites(PAGE, ANN, { text: 'on messenger' });
    platform.userWrites(IG, IG_ANN, { text: 'on instagram' });
    platform.userWrites(PAGE, ANN, { text: 'messenger again' });
    await dispatcher.drain();
    const posts = bot.posts();
    expect(posts.map((p) => [p.object, p.entry.map((e) => e.id), p.entry.flatMap((e) => (e.messaging ?? []).map((m) => (m['message'] as { text: string }).text))])).toEqual([
      ['page', [PAGE], ['on messenger', 'messenger again']],
      ['instagram', [IG], ['on instagram']],
    ]);
  });

  it('a pass to another app: pass_thread_control on messaging to the new owner, for its messaging_handover field (S63)', async () => {
    const { platform, dispatcher, desk } = await setup({}, ['messages', 'messaging_handover']);
    platform.userWrites(IG, IG_ANN, { text: 'hi' });
    platform.passThreadControl({ appId: BOT, pageId: PAGE }, IG_ANN, DESK, 'over to you');
    await dispatcher.drain();
    // DESK did not subscribe to `standby`: it hears only the pass (and then owns the thread).
    expect(desk.posts()).toEqual([{
      object: 'instagram',
      entry: [{ id: IG, time: NOW, messaging: [{ sender: { id: IG_ANN }, recipient: { id: IG }, timestamp: NOW, pass_thread_control: { previous_owner_app_id: BOT, new_owner_app_id: DESK, metadata: 'over to you' } }] }],
    }]);
  });

  it('an echo comes with the messages field on Instagram (no message_echoes field there)', async () => {
    const { platform, dispatcher, desk } = await setup({}, ['messages']);
    platform.userWrites(IG, IG_ANN, { text: 'hi' });
    const sent = platform.sendMessage({ appId: BOT, pageId: PAGE }, IG_ANN, { text: 'hello' });
    await dispatcher.drain();
    const mid = (sent as { value: { message_id: string } }).value.message_id;
    expect(desk.posts()).toEqual([{
      object: 'instagram',
      entry: [{ id: IG, time: NOW, messaging: [{ sender: { id: IG }, recipient: { id: IG_ANN }, timestamp: NOW, message: { is_echo: true, app_id: Number(BOT), mid, text: 'hello' } }] }],
    }]);
  });

  it('the handshake and the subscription list name the Instagram subscription beside the Page\'s', async () => {
    const { dispatcher, bot } = await setup({}, ['messages']);
    const results = await dispatcher.verifyAll();
    expect(results.map((r) => [r.pageId, r.appId, r.ok])).toEqual([[PAGE, BOT, true], [PAGE, DESK, true], [IG, BOT, true], [IG, DESK, true]]);
    expect(bot.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
    expect(dispatcher.subscriptions().map(({ pageId, appId, fields }) => ({ pageId, appId, fields }))).toEqual([
      { pageId: PAGE, appId: BOT, fields: ['messages', 'messaging_handovers', 'standby', 'message_echoes'] },
      { pageId: PAGE, appId: DESK, fields: ['messages', 'messaging_handovers', 'standby'] },
      { pageId: IG, appId: BOT, fields: ['messages', 'messaging_postbacks', 'messaging_seen', 'message_reactions', 'messaging_referral', 'messaging_handover', 'standby'] },
      { pageId: IG, appId: DESK, fields: ['messages'] },
    ]);
    expect(IG_INBOX).toBe('1217981644879628');
  });
});
