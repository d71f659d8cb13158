import { defineCheck } from '../check.js';
import { isSend } from '../excerpt.js';

/** 10. After everything above, the bot is still up: a normal message gets an answer. */
export const survives = defineCheck({
  id: 'survives',
  number: 10,
  title: 'It survives every event above: it still answers a normal message afterwards',
  runsAlone: 'it judges the bot after every check before it',
  async run({ h }) {
    const { psid, from } = await h.botThread();
    h.userWrites(psid, 'hello');
    await h.settle();
    const delivery = h.deliveriesSince(from).find((d) => d.psids.includes(psid) && d.kinds.includes('message'));
    if (delivery?.status === undefined) return { status: 'fail', summary: `the bot is down: ${delivery?.error ?? 'nothing delivered'}`, from };
    const answered = h.botCallsSince(from).some((c) => c.psid === psid && isSend(c) && c.status === 200);
    if (!answered) return { status: 'fail', summary: `a normal message got HTTP ${delivery.status} but no answer`, from };
    return { status: 'pass', summary: 'a normal message was answered', from };
  },
});
