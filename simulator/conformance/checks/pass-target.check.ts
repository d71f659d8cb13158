import { PAGE_INBOX } from '../../scenario.js';
import { defineCheck } from '../check.js';
import { answerOf } from '../excerpt.js';

/**
 * 7. When the bot passes control, the target is an app with a role (the Page Inbox, by its exact id, when
 * the bot is primary) and metadata is a string within the limit. The Platform judges the call; the check
 * reports its answer.
 */
export const passTarget = defineCheck({
  id: 'pass-target',
  number: 7,
  title: 'When it passes control, the target is an app with a role and metadata is a string within the limit',
  async run({ h, handoverText }) {
    const { psid, from } = await h.botThread();
    h.userWrites(psid, handoverText);
    await h.settle();
    const passes = h.botCallsSince(from).filter((c) => c.edge === 'pass_thread_control' && c.psid === psid);
    if (passes.length === 0) {
      return { status: 'warn', summary: `the bot did not pass control when the user wrote ${JSON.stringify(handoverText)} (set --handover-text)`, from, psids: [psid] };
    }
    const refused = passes.find((c) => c.status !== 200);
    if (refused) return { status: 'fail', summary: `pass_thread_control refused: ${answerOf(refused)}`, from, psids: [psid] };
    const target = h.owner(psid);
    if (h.bot.role === 'primary' && target !== PAGE_INBOX) {
      return { status: 'fail', summary: `control went to ${h.platform.appName(h.pageId, target ?? '')}, not to the Page Inbox (${PAGE_INBOX})`, from, psids: [psid] };
    }
    const metadata = passes[0]!.params['metadata'];
    const what = metadata === undefined ? 'no metadata' : `metadata of ${String(metadata).length} characters`;
    return { status: 'pass', summary: `passed to ${h.platform.appName(h.pageId, target ?? '')} (${target}), ${what}`, from, psids: [psid] };
  },
});
