import { defineCheck } from '../check.js';
import { isOk } from '../excerpt.js';

/** 6. As primary: what the bot does with `request_thread_control` (granted or ignored) is reported. */
export const requestHandling = defineCheck({
  id: 'request-handling',
  number: 6,
  title: 'As primary, how it treats request_thread_control (granted, ignored) is reported',
  async run({ h }) {
    if (h.bot.role !== 'primary') return { status: 'skip', summary: 'only the primary receives request_thread_control' };
    // The profile says what the Page Inbox's "move to Inbox" does: under Conversation Routing it takes control.
    if (h.profile.pageInbox.moveToInbox !== 'request_thread_control') {
      return { status: 'skip', summary: `not applicable under ${h.protocol}: request_thread_control exists only without a default application (zero-config), and the Page Inbox takes control instead` };
    }
    const { psid, from } = await h.botThread();
    const outcome = h.platform.inboxMoveToInbox(h.pageId, psid);
    if (!outcome.ok) throw new Error(`conformance setup: the Page Inbox could not request control: ${outcome.refusal}`);
    await h.settle();
    const delivery = h.deliveriesSince(from).find((d) => d.kinds.includes('request_thread_control'));
    if (!delivery || !isOk(delivery)) {
      return { status: 'fail', summary: `request_thread_control not answered 2xx (${delivery?.status ?? delivery?.error ?? 'not delivered'})`, from, psids: [psid] };
    }
    const failed = h.botCallsSince(from).filter((c) => c.status !== 200);
    if (failed.length > 0) return { status: 'fail', summary: `the bot's answer to the request failed: ${failed.length} refused call(s)`, from, psids: [psid] };
    const owner = h.owner(psid);
    if (owner === h.bot.appId) return { status: 'pass', summary: 'ignored: the bot kept the thread (a request is not a grant)', from, psids: [psid] };
    return { status: 'pass', summary: `granted: the bot passed the thread to ${h.platform.appName(h.pageId, owner ?? '')}`, from, psids: [psid] };
  },
});
