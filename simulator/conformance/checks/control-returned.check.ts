import { defineCheck } from '../check.js';
import { deliveryAnswer, isOk } from '../excerpt.js';

/** 5. When control is passed back, the bot handles `pass_thread_control` without error. */
export const controlReturned = defineCheck({
  id: 'control-returned',
  number: 5,
  title: 'When control is passed back, it handles pass_thread_control without error',
  async run({ h }) {
    const psid = h.user();
    h.handToOtherApp(psid);
    await h.settle();
    const from = h.mark();
    h.giveToBot(psid);
    await h.settle();
    const delivery = h.deliveriesSince(from).find((d) => d.kinds.includes('pass_thread_control') && d.psids.includes(psid));
    if (!delivery) return { status: 'fail', summary: 'no pass_thread_control reached the bot (is it subscribed to messaging_handovers?)', from, psids: [psid] };
    if (!isOk(delivery)) {
      return { status: 'fail', summary: `pass_thread_control answered ${deliveryAnswer(delivery)}`, from, psids: [psid] };
    }
    const failed = h.botCallsSince(from).filter((c) => c.status !== 200);
    if (failed.length > 0) return { status: 'fail', summary: `${failed.length} Graph call(s) of the bot failed after control came back`, from, psids: [psid] };
    return { status: 'pass', summary: `pass_thread_control answered HTTP ${delivery.status}; no failed call followed`, from, psids: [psid] };
  },
});
