import type { CheckScope } from '../check-scope.js';
import type { Outcome } from '../../../fake-graph-api/platform.js';
import { defineCheck, type Check, type CheckOutcome } from '../check.js';
import { deliveryAnswer, isOk, isSend } from '../excerpt.js';
import type { Delivery, Harness } from '../harness.js';

/** `HTTP 500`, or `no answer (ECONNRESET)` when the connection failed. */
const answerOf = (d: Delivery) => (d.status === undefined ? `no answer (${deliveryAnswer(d)})` : deliveryAnswer(d)!);

/**
 * 11–16. The bot survives what users and the platform send besides text: a quick-reply tap, an attachment,
 * a read, a delivery, an `app_roles` event (it has no `sender`: a bot that reads `sender.id` of every item
 * crashes on it) and a referral. Each event is produced by the platform's own rules on a thread the bot
 * owns, so it reaches the bot on `messaging` exactly as Meta would send it; the bot must answer it 2xx and
 * still answer the user's next message.
 */
interface Survival {
  id: string;
  number: number;
  /** The event in words, for titles and summaries. */
  what: string;
  /** Its kind in the delivery log (`eventKind`). */
  kind: string;
  /** A user's gesture the bot answers (a tap, an attachment); the others want no answer, so none is waited for. */
  wantsAnswer?: boolean;
  /** Makes the platform produce the event for `psid`; a string when it could not (the check is then skipped). */
  act(h: CheckScope, psid: string): Promise<Outcome<unknown> | string>;
  /** Why it cannot share the bot with other checks (see Check). */
  runsAlone?: string;
}

const SURVIVALS: readonly Survival[] = [
  {
    id: 'survives-quick-reply', number: 11, what: 'a quick-reply tap', kind: 'message', wantsAnswer: true,
    // A neutral tap: a bot that hands over on "Talk to a person" would rightly stop answering afterwards.
    act: async (h, psid) => h.platform.userWrites(h.pageId, psid, { text: 'Track my order', quick_reply: { payload: 'TRACK_ORDER' } }),
  },
  {
    id: 'survives-attachment', number: 12, what: 'an image attachment', kind: 'message', wantsAnswer: true,
    act: async (h, psid) => h.platform.userWrites(h.pageId, psid, { attachment: { type: 'image', url: 'https://example.com/handover-sim/shoe.jpg' } }),
  },
  {
    id: 'survives-read', number: 13, what: 'a read event', kind: 'read',
    act: async (h, psid) => h.platform.userReads(h.pageId, psid),
  },
  {
    id: 'survives-delivery', number: 14, what: 'a delivery event', kind: 'delivery',
    // A delivery reports the page's messages: the bot's answer to a first message is one.
    act: async (h, psid) => {
      h.userWrites(psid, 'what are your opening hours?');
      await h.settle();
      const delivered = h.platform.messagesDelivered(h.pageId, psid);
      return delivered.ok ? delivered : 'the bot sent the user nothing, so there was nothing to report delivered';
    },
  },
  {
    id: 'survives-app-roles', number: 15, what: 'an app_roles event (no sender)', kind: 'app_roles',
    runsAlone: 'app_roles goes to every app of the page, outside any thread',
    // A Page admin saves the roles as they are: every app subscribed to messaging_handovers is told.
    act: async (h) => {
      const { primary, secondaries } = h.platform.pageView(h.pageId)!.roles;
      const saved = h.platform.setRoles(h.pageId, primary, secondaries);
      // A page without roles (Conversation Routing) has no roles to save: Meta sends it no app_roles.
      return !saved.ok && saved.refusal === 'hop_api_disabled' ? `not applicable under ${h.protocol}: the page has no roles, so Meta sends no app_roles` : saved;
    },
  },
  {
    id: 'survives-referral', number: 16, what: 'a referral (an m.me link with ref)', kind: 'referral',
    act: async (h, psid) => h.platform.userArrives(h.pageId, psid, { ref: 'handover-sim-conformance' }),
  },
];

function survivalCheck(s: Survival): Check {
  return defineCheck({
    id: s.id,
    number: s.number,
    title: `It survives ${s.what}: answers it 2xx and still answers the next message`,
    ...(s.runsAlone === undefined ? {} : { runsAlone: s.runsAlone }),
    async run({ h }): Promise<CheckOutcome> {
      const { psid, from } = await h.botThread();
      const acted = await s.act(h, psid);
      if (typeof acted === 'string') return { status: 'skip', summary: acted, from, psids: [psid] };
      if (!acted.ok) throw new Error(`the platform refused to produce ${s.what}: ${acted.refusal}`);
      await h.settle(undefined, { awaitReaction: s.wantsAnswer ?? false });
      const delivery = h.deliveriesSince(from).find((d) => d.kinds.includes(s.kind) && (s.kind === 'app_roles' || d.psids.includes(psid)));
      if (delivery === undefined) return { status: 'skip', summary: `the bot is not subscribed to ${s.what}'s webhook field: Meta would not send it`, from, psids: [psid] };
      if (!isOk(delivery)) {
        const down = delivery.status === undefined ? ': the bot probably crashed on it' : '';
        return { status: 'fail', summary: `${s.what} got ${answerOf(delivery)}${down}`, from, psids: [psid] };
      }
      const next = h.mark();
      h.userWrites(psid, 'hello, are you there?');
      await h.settle();
      const message = h.deliveriesSince(next).find((d) => d.psids.includes(psid) && d.kinds.includes('message'));
      if (message === undefined || !isOk(message)) {
        return { status: 'fail', summary: `after ${s.what} the next message got ${message ? answerOf(message) : 'no delivery'}: the bot went down after ${s.what}`, from, psids: [psid] };
      }
      const answered = h.botCallsSince(next).some((c) => c.psid === psid && isSend(c) && c.status === 200);
      if (!answered) return { status: 'fail', summary: `${s.what} got HTTP ${delivery.status}, but the next message got no answer`, from, psids: [psid] };
      return { status: 'pass', summary: `${s.what} got HTTP ${delivery.status}; the next message was answered`, from, psids: [psid] };
    },
  });
}

export const survivesUserEvents: readonly Check[] = SURVIVALS.map(survivalCheck);
