import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANN, BO, BOT, DESK, PAGE, START, setup, type Setup } from './fixtures/world.js';
import { startReceiver, type Receiver } from './fixtures/receiver.js';

/**
 * Routing is decided by the platform (machines/platform/routing.ts); these specs check that the events
 * reach the real webhook servers on the channel and by the subscription it decided, in Meta's envelope.
 */
let bot: Receiver;
let desk: Receiver;
let s: Setup;
const asBot = { appId: BOT, pageId: PAGE };
const asDesk = { appId: DESK, pageId: PAGE };

beforeEach(async () => {
  bot = await startReceiver();
  desk = await startReceiver();
});
afterEach(async () => {
  await s.dispatcher.stop({ flush: false });
  await bot.close();
  await desk.close();
});

/** What each item of each POST was, as `channel:kind:text`. */
function heard(receiver: Receiver): string[] {
  return receiver.posts().flatMap((body) => body.entry.flatMap((entry) =>
    (['messaging', 'standby'] as const).flatMap((channel) => (entry[channel] ?? []).map((item) => {
      const kind = Object.keys(item).find((k) => !['sender', 'recipient', 'timestamp'].includes(k))!;
      const text = (item['message'] as { text?: string } | undefined)?.text;
      return `${channel}:${kind}${text ? `:${text}` : ''}`;
    }))));
}

describe('webhook routing to real servers', () => {
  it('sends the owner `messaging`, a standby subscriber `standby`, handovers and echoes by subscription, in Meta\'s envelope', async () => {
    s = setup({ bot: bot.url, desk: desk.url });
    const { platform, dispatcher } = s;
    const first = platform.userWrites(PAGE, ANN, { text: 'hi' });
    expect(platform.passThreadControl(asBot, ANN, DESK, 'to agent').ok).toBe(true);
    platform.userWrites(PAGE, ANN, { text: 'need help' });
    platform.sendMessage(asDesk, ANN, { text: 'on it' });
    platform.passThreadControl(asDesk, ANN, BOT, null);
    await dispatcher.drain();

    expect(heard(bot)).toEqual([
      'messaging:message:hi',
      'standby:message:need help',
      'messaging:message:on it', // the desk's echo: the bot subscribed to message_echoes
      'messaging:pass_thread_control',
    ]);
    expect(heard(desk)).toEqual(['messaging:pass_thread_control', 'messaging:message:need help']);
    // exact bytes of the first POST, as Meta writes them
    const mid = first.ok ? first.value.mid : '';
    expect(bot.requests[0]!.raw.toString()).toBe(
      `{"object":"page","entry":[{"id":"${PAGE}","time":${START},"messaging":[{"sender":{"id":"${ANN}"},"recipient":{"id":"${PAGE}"},"timestamp":${START},"message":{"mid":"${mid}","text":"hi"}}]}]}`,
    );
    expect(desk.posts()[0]).toEqual({
      object: 'page',
      entry: [{ id: PAGE, time: START, messaging: [{
        sender: { id: ANN }, recipient: { id: PAGE }, timestamp: START,
        pass_thread_control: { previous_owner_app_id: BOT, new_owner_app_id: DESK, metadata: 'to agent' },
      }] }],
    });
    expect(bot.requests[0]!.headers['content-type']).toBe('application/json');
    expect(bot.requests[0]!.headers['user-agent']).toBe('facebookexternalua');
    expect(dispatcher.deliveries().map((d) => `${d.appName} ${d.channel} ${d.kind} ${d.psid} ${d.state}`)).toEqual([
      `Bot messaging message ${ANN} delivered`,
      `LiveDesk messaging pass_thread_control ${ANN} delivered`,
      `Bot standby message ${ANN} delivered`,
      `LiveDesk messaging message ${ANN} delivered`,
      `Bot messaging message_echo ${ANN} delivered`,
      `Bot messaging pass_thread_control ${ANN} delivered`,
    ]);
  });

  it('reproduces the deaf bot: a primary not subscribed to `standby` hears nothing while the desk owns the thread', async () => {
    s = setup({ bot: bot.url, desk: desk.url, botFields: ['messages', 'messaging_postbacks', 'messaging_handovers'] });
    const { platform, dispatcher } = s;
    platform.passThreadControl(asBot, ANN, DESK, null);
    platform.userWrites(PAGE, ANN, { text: 'is anyone there?' });
    platform.userWrites(PAGE, ANN, { postback: { title: 'Talk to the bot', payload: 'BOT' } });
    platform.userWrites(PAGE, BO, { text: 'hello bot' }); // Bo's thread is still the bot's
    await dispatcher.drain();

    expect(heard(bot)).toEqual(['messaging:message:hello bot']);
    expect(heard(desk)).toEqual(['messaging:pass_thread_control', 'messaging:message:is anyone there?', 'messaging:postback']);
    // the platform recorded the bot's silence: nothing for it about Ann after the pass
    expect(platform.events().filter((e) => e.appId === BOT)).toHaveLength(1);
  });

  it('gives a standby postback without its payload, and the owner the full postback', async () => {
    s = setup({ bot: bot.url, desk: desk.url });
    s.platform.passThreadControl(asBot, ANN, DESK, null);
    s.platform.userWrites(PAGE, ANN, { postback: { title: 'Agent', payload: 'AGENT' } });
    await s.dispatcher.drain();
    expect(bot.posts()[0]!.entry[0]!.standby![0]!['postback']).toEqual({ title: 'Agent', mid: expect.stringMatching(/^m_/) });
    expect(desk.posts()[1]!.entry[0]!.messaging![0]!['postback']).toEqual({ title: 'Agent', payload: 'AGENT', mid: expect.stringMatching(/^m_/) });
  });

  it('sends nothing for an app without a webhook and lists none of its events as deliveries', async () => {
    s = setup({ bot: bot.url, desk: desk.url });
    s.platform.userWrites(PAGE, ANN, { text: 'hi' });
    await s.dispatcher.drain();
    expect(s.platform.events().map((e) => e.appId)).toEqual([BOT, '263902037430900']);
    expect(s.dispatcher.deliveries().map((d) => d.appId)).toEqual([BOT]);
  });

  it('sends nothing and records nothing once stopped', async () => {
    s = setup({ bot: bot.url, desk: desk.url });
    await s.dispatcher.stop();
    s.platform.userWrites(PAGE, ANN, { text: 'after stop' });
    await s.dispatcher.idle();
    expect(bot.requests).toEqual([]);
    expect(s.dispatcher.deliveries()).toEqual([]);
  });
});
