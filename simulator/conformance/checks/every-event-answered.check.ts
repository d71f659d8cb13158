import * as shapes from '../../../fake-graph-api/webhooks/event-shapes.js';
import type { EnvelopeItem } from '../../../fake-graph-api/webhooks/envelope.js';
import { appRolesMap } from '../../../machines/platform/roles.js';
import { LIVEDESK, MANYCHAT, PAGE_INBOX } from '../../scenario.js';
import { defineCheck } from '../check.js';
import { deliveryAnswer, isOk } from '../excerpt.js';
import type { Delivery } from '../harness.js';

/**
 * 2. Every kind of event Meta may post gets a 2xx within the webhook timeout (5 s): messages, postbacks,
 * standby entries (a standby postback has no payload), the four handover events, an entry batching
 * several events on both channels, non-ASCII text (sent \u-escaped and signed as Meta does).
 * Each travels on a thread of its own that the bot owns, so whatever it answers cannot be refused.
 */
export const everyEventAnswered = defineCheck({
  id: 'every-event-answered',
  number: 2,
  title: 'Every kind of event gets 200 within 5 s',
  async run({ h }) {
    const page = h.pageId;
    const bot = h.bot.appId;
    const now = () => Date.now();
    const mid = () => h.platform.ids.mid();
    const taker = h.bot.role === 'primary' ? LIVEDESK : MANYCHAT;
    const thread = () => {
      const psid = h.user();
      h.ensureBotOwns(psid);
      return psid;
    };
    const one = (channel: 'messaging' | 'standby', event: shapes.MessagingEvent): EnvelopeItem[] => [{ pageId: page, channel, event }];
    const roles = h.platform.pageView(page)!.roles;
    const cases: { label: string; items: () => EnvelopeItem[] }[] = [
      { label: 'message', items: () => one('messaging', shapes.userMessage(page, thread(), now(), mid(), 'hello')) },
      { label: 'postback', items: () => one('messaging', shapes.userPostback(page, thread(), now(), mid(), { title: 'Get started', payload: 'GET_STARTED' }, 'messaging')) },
      { label: 'standby message', items: () => one('standby', shapes.userMessage(page, thread(), now(), mid(), 'is anyone there?')) },
      { label: 'standby postback without payload', items: () => one('standby', shapes.userPostback(page, thread(), now(), mid(), { title: 'Track my order' }, 'standby')) },
      { label: 'pass_thread_control', items: () => one('messaging', shapes.passThreadControl(page, thread(), now(), PAGE_INBOX, bot, '{"reason":"agent done"}')) },
      { label: 'take_thread_control', items: () => one('messaging', shapes.takeThreadControl(page, thread(), now(), bot, taker, 'taken back')) },
      { label: 'request_thread_control', items: () => one('messaging', shapes.requestThreadControl(page, thread(), now(), PAGE_INBOX, 'the user wants a human')) },
      { label: 'app_roles', items: () => one('messaging', shapes.appRoles(page, now(), appRolesMap(roles))) },
      {
        label: 'batched entries',
        items: () => {
          const [a, b, c] = [thread(), thread(), thread()];
          return [
            { pageId: page, channel: 'messaging', event: shapes.userMessage(page, a, now(), mid(), 'first of a batch') },
            { pageId: page, channel: 'messaging', event: shapes.userMessage(page, b, now(), mid(), 'second of a batch') },
            { pageId: page, channel: 'standby', event: shapes.userPostback(page, c, now(), mid(), { title: 'Menu' }, 'standby') },
            { pageId: page, channel: 'messaging', event: shapes.passThreadControl(page, c, now(), PAGE_INBOX, bot, null) },
          ];
        },
      },
      { label: 'non-ASCII text', items: () => one('messaging', shapes.userMessage(page, thread(), now(), mid(), 'Grüße aus Köln, ça va? 🎉 äöå')) },
    ];
    const answered: Delivery[] = [];
    for (const c of cases) {
      const items = c.items();
      await h.settle(); // a thread set up for a secondary bot comes with its own pass_thread_control
      answered.push(await h.post(items, { label: c.label }));
    }
    await h.settle();
    const bad = answered.filter((d) => !isOk(d));
    if (bad.length > 0) {
      return {
        status: 'fail',
        summary: `${bad.length} of ${answered.length} deliveries not answered 2xx within ${h.webhookTimeoutMs} ms: ${bad.map((d) => `${d.label} (${deliveryAnswer(d)})`).join(', ')}`,
      };
    }
    const slowest = Math.max(...answered.map((d) => d.latencyMs));
    return { status: 'pass', summary: `all ${answered.length} kinds answered 2xx (slowest ${slowest} ms)` };
  },
});
