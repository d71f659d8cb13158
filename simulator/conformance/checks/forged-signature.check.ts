import { userMessage } from '../../../fake-graph-api/webhooks/event-shapes.js';
import { defineCheck } from '../check.js';
import { isConnectionLost } from '../bot-lifeline.js';
import { deliveryAnswer } from '../excerpt.js';

/**
 * 8. The bot does not act on a webhook whose signature is wrong: no Graph call follows a forged event,
 * and it answers it (403 is usual) rather than dropping the connection: a bot that throws on a bad
 * signature can be taken down by anyone who knows its URL.
 */
export const forgedSignature = defineCheck({
  id: 'forged-signature',
  number: 8,
  title: 'It does not act on a webhook whose signature is wrong',
  runsAlone: 'no Graph call on the forged thread, or on no thread, may follow a forged event: it judges the bot as a whole',
  async run({ h }) {
    const { psid, from } = await h.botThread();
    const event = userMessage(h.pageId, psid, Date.now(), h.platform.ids.mid(), 'hello from a forger');
    const delivery = await h.post([{ pageId: h.pageId, channel: 'messaging', event }], { label: 'a forged signature', secret: `not-${h.bot.appSecret}` });
    await h.settle();
    // A bot that acts on the forged event acts for its sender (or page-wide). Sends the bot had already
    // scheduled for other threads (Meta's sample apps reply in timed steps) are not this event's doing.
    const calls = h.botCallsSince(from).filter((c) => c.psid === psid || c.psid === null);
    const answer = deliveryAnswer(delivery);
    if (isConnectionLost(delivery)) return { status: 'fail', summary: `crashed on a bad signature (the connection dropped: ${answer}); answer 403 and carry on`, from, judgesCrash: true };
    if (calls.length > 0) return { status: 'fail', summary: `${calls.length} Graph call(s) followed a forged event (the bot answered it ${answer})`, from };
    return { status: 'pass', summary: `no call followed the forged event (the bot answered ${answer})`, from };
  },
});
