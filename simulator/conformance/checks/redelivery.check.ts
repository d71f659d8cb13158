import { userMessage } from '../../../fake-graph-api/webhooks/event-shapes.js';
import { defineCheck } from '../check.js';
import { isSend } from '../excerpt.js';

/** 9. Meta redelivers after failures: the same `mid` twice must not make the bot reply twice (a warning). */
export const redelivery = defineCheck({
  id: 'redelivery',
  number: 9,
  title: 'A redelivered event (same mid) does not make it reply twice',
  async run({ h }) {
    const { psid, from } = await h.botThread();
    const event = userMessage(h.pageId, psid, Date.now(), h.platform.ids.mid(), 'what are your opening hours?');
    const items = [{ pageId: h.pageId, channel: 'messaging' as const, event }];
    await h.post(items, { label: 'first delivery' });
    await h.settle();
    await h.post(items, { label: 'redelivery, same mid' });
    await h.settle();
    const replies = h.botCallsSince(from).filter((c) => c.psid === psid && isSend(c)).length;
    if (replies > 1) return { status: 'warn', summary: `the bot replied ${replies} times to one message delivered twice (deduplicate on message.mid)`, from };
    return { status: 'pass', summary: replies === 1 ? 'one reply to a message delivered twice' : 'no reply to the message at all (nothing doubled)', from };
  },
});
