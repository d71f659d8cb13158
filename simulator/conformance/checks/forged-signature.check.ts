import { userMessage } from '../../../fake-graph-api/webhooks/event-shapes.js';
import { defineCheck } from '../check.js';

/** 8. The bot does not act on a webhook whose signature is wrong: no Graph call follows a forged event. */
export const forgedSignature = defineCheck({
  id: 'forged-signature',
  number: 8,
  title: 'It does not act on a webhook whose signature is wrong',
  async run({ h }) {
    const psid = h.user();
    h.ensureBotOwns(psid);
    await h.settle();
    const from = h.mark();
    const event = userMessage(h.pageId, psid, Date.now(), h.platform.ids.mid(), 'hello from a forger');
    const delivery = await h.post([{ pageId: h.pageId, channel: 'messaging', event }], { label: 'signed with the wrong secret', secret: `not-${h.bot.appSecret}` });
    await h.settle();
    const calls = h.botCallsSince(from);
    const answer = delivery.status === undefined ? delivery.error : `HTTP ${delivery.status}`;
    if (calls.length > 0) return { status: 'fail', summary: `${calls.length} Graph call(s) followed a forged event (the bot answered it ${answer})`, from };
    return { status: 'pass', summary: `no call followed the forged event (the bot answered ${answer})`, from };
  },
});
