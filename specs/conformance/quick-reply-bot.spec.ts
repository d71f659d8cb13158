import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../../simulator/conformance/harness.js';
import { userMessage } from '../../fake-graph-api/webhooks/event-shapes.js';
import { PAGE_INBOX } from '../../simulator/scenario.js';
import { APP_ID, APP_SECRET, VERIFY_TOKEN, startExampleBot } from './example-bots.js';

/**
 * The quick-reply example bot, driven with webhook bodies built by hand as Meta sends a tapped quick reply
 * (https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/messages: `message.text`
 * is the button's title, `message.quick_reply.payload` its payload): it offers a person on the handover
 * text and passes control to the Page Inbox once the offer is tapped.
 */
let close: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of close.splice(0)) await c();
});

async function harnessWithBot() {
  const { settings, bot, webhook } = await startExampleBot('quick-reply-handover-bot');
  close.push(() => bot.close());
  const h = new Harness({ webhook, appId: APP_ID, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, quietMs: 100 });
  await h.start();
  close.push(() => h.close());
  settings.graphApiUrl = `${h.url}/v19.0`;
  settings.accessToken = h.bot.accessToken;
  await bot.subscribed;
  return h;
}

describe('quick-reply-handover-bot', () => {
  it('answers the handover text with a "Talk to a person" quick reply, and passes control when it is tapped', async () => {
    const h = await harnessWithBot();
    const { psid, from } = await h.botThread();
    const asks = userMessage(h.pageId, psid, Date.now(), h.platform.ids.mid(), 'I want an agent');
    await h.post([{ pageId: h.pageId, channel: 'messaging', event: asks }]);
    await h.settle();
    const offer = h.botCallsSince(from).find((c) => c.edge === 'messages');
    expect([offer?.status, offer?.params['message']]).toEqual([
      200,
      { text: 'Shall I get you a person?', quick_replies: [{ content_type: 'text', title: 'Talk to a person', payload: 'TALK_TO_HUMAN' }] },
    ]);
    expect(h.owner(psid)).toBe(APP_ID);

    const tapped = h.mark();
    const tap = { ...userMessage(h.pageId, psid, Date.now(), h.platform.ids.mid(), 'Talk to a person'), message: { mid: h.platform.ids.mid(), text: 'Talk to a person', quick_reply: { payload: 'TALK_TO_HUMAN' } } };
    await h.post([{ pageId: h.pageId, channel: 'messaging', event: tap }]);
    await h.settle();
    expect(h.botCallsSince(tapped).map((c) => [c.edge, c.params['target_app_id'], c.status])).toEqual([['pass_thread_control', PAGE_INBOX, 200]]);
    expect(h.owner(psid)).toBe(PAGE_INBOX);
  });

  it('a quick reply with another payload is a message like any other: no pass', async () => {
    const h = await harnessWithBot();
    const { psid, from } = await h.botThread();
    const tap = { ...userMessage(h.pageId, psid, Date.now(), h.platform.ids.mid(), 'Opening hours'), message: { mid: h.platform.ids.mid(), text: 'Opening hours', quick_reply: { payload: 'HOURS' } } };
    await h.post([{ pageId: h.pageId, channel: 'messaging', event: tap }]);
    await h.settle();
    expect(h.botCallsSince(from).map((c) => [c.edge, c.params['message'], c.status])).toEqual([['messages', { text: 'You said: Opening hours' }, 200]]);
    expect(h.owner(psid)).toBe(APP_ID);
  });
});
