import { defineCheck } from '../check.js';
import { isSend } from '../excerpt.js';

/**
 * 4. After it passes control the bot keeps listening: it is subscribed to `standby` (as its
 * `subscribed_apps` call says, when it makes one) and it takes the conversation up again once control
 * is given back: the next message is answered.
 */
export const keepsListening = defineCheck({
  id: 'keeps-listening',
  number: 4,
  title: 'It keeps listening after it passes control: subscribed to standby, and can be given control back',
  async run({ h }) {
    const psid = h.user();
    h.handToOtherApp(psid);
    h.userWrites(psid, 'are you still there?');
    await h.settle(undefined, { awaitReaction: false }); // standby: check 3 judges an answer to it
    h.giveToBot(psid);
    await h.settle();
    // From here on: what the bot sends as control comes back (a "welcome back") does not answer the next message.
    const back = h.mark();
    h.userWrites(psid, 'hello again');
    await h.settle();
    const fields = h.subscribedFields;
    const notes = [fields === undefined ? 'the bot made no subscribed_apps call' : `the bot subscribed the page to: ${fields.join(', ')}`];
    if (fields !== undefined && !fields.includes('standby')) {
      return { status: 'fail', summary: `not subscribed to standby (subscribed_fields: ${fields.join(',') || 'none'}): the bot goes deaf once it passes control`, psids: [psid], notes };
    }
    const answered = h.botCallsSince(back).some((c) => c.psid === psid && isSend(c) && c.status === 200);
    if (!answered) return { status: 'fail', summary: 'control was given back, but the next message got no answer', psids: [psid], notes };
    const how = fields === undefined ? ' (no subscribed_apps call seen: make sure standby is ticked in the app dashboard)' : ', subscribed to standby';
    return { status: 'pass', summary: `answered again once control came back${how}`, psids: [psid], notes };
  },
});
