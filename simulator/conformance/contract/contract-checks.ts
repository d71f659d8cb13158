import type { CheckScope } from '../check-scope.js';
import type { UserInput } from '../../../fake-graph-api/platform.js';
import { LIKE_STICKER_ID } from '../../../fake-graph-api/webhooks/event-shapes.js';
import { homeApp } from '../../../machines/platform/roles.js';
import { PAGE_INBOX } from '../../scenario.js';
import type { Check, CheckOutcome } from '../check.js';
import { isSend } from '../excerpt.js';
import type { Harness } from '../harness.js';
import type { Contract, ContractExpectation, ContractStep } from './contract.schema.js';

/** Every scenario of a contract as a check of the report. */
export function contractChecks(contract: Contract): Check[] {
  return contract.scenarios.map((scenario) => ({
    id: `scenario: ${scenario.name}`,
    number: 0,
    title: `${contract.name ? `${contract.name}: ` : ''}${scenario.name}`,
    runsAlone: 'a contract\'s expectations are timed (silent for, within): its timings are the bot\'s alone',
    async run({ h }): Promise<CheckOutcome> {
      const { psid, from } = await h.botThread();
      let since = h.mark();
      for (const [i, step] of scenario.steps.entries()) {
        if ('expect' in step) {
          const failure = await expectation(h, psid, step.expect, since);
          if (failure) return { status: 'fail', summary: `step ${i + 1}: ${failure}`, from, psids: [psid] };
        } else {
          since = h.mark();
          await act(h, psid, step);
        }
      }
      await h.settle();
      return { status: 'pass', summary: `all ${scenario.steps.length} steps held`, from, psids: [psid] };
    },
  }));
}

async function act(h: CheckScope, psid: string, step: Exclude<ContractStep, { expect: unknown }>): Promise<void> {
  const check = (outcome: { ok: boolean; refusal?: string }, what: string) => {
    if (!outcome.ok) throw new Error(`${what} was refused: ${outcome.refusal}`);
  };
  const user = (input: UserInput, what: string) => check(h.platform.userWrites(h.pageId, psid, input), what);
  if ('says' in step) check(h.userWrites(psid, step.says), `the user's message`);
  else if ('taps' in step) check(h.userTaps(psid, step.taps.title, step.taps.payload), `the user's tap`);
  else if ('taps_quick_reply' in step) user({ text: step.taps_quick_reply.title, quick_reply: { payload: step.taps_quick_reply.payload } }, `the user's quick reply`);
  else if ('sends_attachment' in step) user({ attachment: step.sends_attachment }, `the user's attachment`);
  else if ('likes' in step) user({ sticker_id: LIKE_STICKER_ID }, `the user's like`);
  else if ('arrives_from' in step) check(h.platform.userArrives(h.pageId, psid, step.arrives_from), `the user's arrival`);
  else if ('reads' in step) check(h.platform.userReads(h.pageId, psid), `the user's read`);
  else if ('receives' in step) check(h.platform.messagesDelivered(h.pageId, psid), 'the delivery of the bot\'s messages');
  else if ('wait' in step) await new Promise((resolve) => setTimeout(resolve, step.wait));
  else if (step.inbox === 'done') check(h.platform.inboxDone(h.pageId, psid), 'marking the thread Done in the Page Inbox');
  else if (step.inbox === 'move_to_inbox') check(h.platform.inboxMoveToInbox(h.pageId, psid), 'moving the thread to the Inbox folder');
  else if ('text' in step) check(h.platform.inboxReply(h.pageId, psid, step.text), `the Page Inbox's reply`);
}

function appId(h: CheckScope, ref: string): string | null {
  if (ref === 'page_inbox') return PAGE_INBOX;
  if (ref === 'bot') return h.bot.appId;
  // `primary` names the app the page gives threads to: the primary, or under Conversation Routing the default app.
  if (ref === 'primary') {
    const page = h.platform.pageView(h.pageId);
    return page ? homeApp(page) : null;
  }
  return ref;
}

/** Waits until the expectation holds for what happened since the last action; a failure in words, or null. */
async function expectation(h: CheckScope, psid: string, e: ContractExpectation, since: ReturnType<Harness['mark']>): Promise<string | null> {
  const name = (id: string | null) => (id === null ? 'nobody' : id === h.bot.appId ? 'the bot' : h.platform.appName(h.pageId, id));
  if ('silent' in e) {
    await new Promise((resolve) => setTimeout(resolve, e.for));
    await h.settle();
    const sent = h.botCallsSince(since).filter((c) => c.psid === psid && isSend(c));
    return sent.length === 0 ? null : `expected no message from the bot for ${e.for} ms, it sent ${sent.length}`;
  }
  const holds = (): boolean => {
    if ('passes_to' in e) {
      const target = appId(h, e.passes_to);
      return h.botCallsSince(since).some((c) => c.psid === psid && c.edge === 'pass_thread_control' && c.status === 200) && h.owner(psid) === target;
    }
    if ('sends' in e) {
      return h.botCallsSince(since).some((c) => {
        if (c.psid !== psid || !isSend(c) || c.status !== 200) return false;
        if (e.sends === true) return true;
        const text = (c.params['message'] as { text?: unknown } | undefined)?.text;
        return typeof text === 'string' && text.toLowerCase().includes(e.sends.toLowerCase());
      });
    }
    return h.owner(psid) === appId(h, e.owner);
  };
  const deadline = Date.now() + e.within;
  while (!holds()) {
    if (Date.now() >= deadline) {
      if ('passes_to' in e) return `expected the bot to pass control to ${name(appId(h, e.passes_to))} within ${e.within} ms; the thread is with ${name(h.owner(psid))}`;
      if ('sends' in e) return `expected the bot to send ${e.sends === true ? 'a message' : JSON.stringify(e.sends)} within ${e.within} ms`;
      return `expected ${name(appId(h, e.owner))} to own the thread within ${e.within} ms; it is with ${name(h.owner(psid))}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return null;
}
