import * as shapes from '../../../fake-graph-api/webhooks/event-shapes.js';
import type { EnvelopeItem } from '../../../fake-graph-api/webhooks/envelope.js';
import { appRolesMap } from '../../../machines/platform/roles.js';
import { LIVEDESK, MANYCHAT, PAGE_INBOX } from '../../scenario.js';
import { differences, reactionOf, type Twin } from '../batch-equivalence.js';
import { defineCheck } from '../check.js';
import { deliveryAnswer, isNotOwnerRefusal, isOk, isSend } from '../excerpt.js';
import type { Delivery } from '../harness.js';

/**
 * 2. Every kind of event Meta may post gets a 2xx within the webhook timeout (5 s): messages, postbacks,
 * standby entries (a standby postback has no payload), the four handover events, non-ASCII text (sent
 * \u-escaped and signed as Meta does), and a batched POST (several entries, several events per entry,
 * `messaging` and `standby` mixed) whose every event is handled as the same event is when it comes alone.
 * Each event travels on a thread of its own, as Meta would send it: a `messaging` event on a thread the bot
 * owns, a `standby` event on a thread another app owns (protocol.md §2.3), so a bot that answers standby is
 * refused with Meta's (#10) 2018300 and fails here too.
 */
export const everyEventAnswered = defineCheck({
  id: 'every-event-answered',
  number: 2,
  title: 'Every kind of event gets 200 within 5 s, and each event of a batch is handled as when alone',
  runsAlone: 'it sends every kind of event, batched too: a bot that goes down on one kind goes down here, before the checks that send only some kinds, as in the one-at-a-time run',
  async run({ h }) {
    const page = h.pageId;
    const bot = h.bot.appId;
    const now = () => Date.now();
    const mid = () => h.platform.ids.mid();
    const taker = h.bot.role === 'primary' ? LIVEDESK : MANYCHAT;
    const thread = (channel: 'messaging' | 'standby' = 'messaging') => {
      const psid = h.user();
      if (channel === 'standby') h.handToOtherApp(psid);
      else h.ensureBotOwns(psid);
      return psid;
    };
    const item = (channel: 'messaging' | 'standby', event: shapes.MessagingEvent): EnvelopeItem => ({ pageId: page, channel, event });
    const one = (channel: 'messaging' | 'standby', event: shapes.MessagingEvent): EnvelopeItem[] => [item(channel, event)];
    const roles = h.platform.pageView(page)!.roles;
    // Meta sends app_roles where the page has roles (HOP); a Conversation Routing page has none.
    const hasRoles = roles.primary !== null || roles.secondaries.length > 0;
    // The kinds that also travel in the batch, by what they are: each is sent alone first. The standby ones
    // lead, while the bot has sent nothing yet: a bot that dies on one is not also suspected of dying on the
    // echo of a reply still on its way (bot-lifeline.ts), however fast the machine.
    const twin = (channel: 'messaging' | 'standby', event: (psid: string) => shapes.MessagingEvent) => ({ channel, on: (psid: string) => item(channel, event(psid)) });
    const twins = {
      'standby message': twin('standby', (psid) => shapes.userMessage(page, psid, now(), mid(), 'is anyone there?')),
      'standby postback without payload': twin('standby', (psid) => shapes.userPostback(page, psid, now(), mid(), { title: 'Track my order' }, 'standby')),
      message: twin('messaging', (psid) => shapes.userMessage(page, psid, now(), mid(), 'hello')),
      postback: twin('messaging', (psid) => shapes.userPostback(page, psid, now(), mid(), { title: 'Get started', payload: 'GET_STARTED' }, 'messaging')),
      pass_thread_control: twin('messaging', (psid) => shapes.passThreadControl(page, psid, now(), PAGE_INBOX, bot, '{"reason":"agent done"}')),
    };
    type TwinKind = keyof typeof twins;
    const cases: { label: string; twin?: TwinKind; items: () => EnvelopeItem[] }[] = [
      ...(Object.keys(twins) as TwinKind[]).map((kind) => ({ label: kind, twin: kind, items: () => [twins[kind].on(thread(twins[kind].channel))] })),
      { label: 'take_thread_control', items: () => one('messaging', shapes.takeThreadControl(page, thread(), now(), bot, taker, 'taken back')) },
      { label: 'request_thread_control', items: () => one('messaging', shapes.requestThreadControl(page, thread(), now(), PAGE_INBOX, 'the user wants a human')) },
      ...(hasRoles ? [{ label: 'app_roles', items: () => one('messaging', shapes.appRoles(page, now(), appRolesMap(roles))) }] : []),
      { label: 'non-ASCII text', items: () => one('messaging', shapes.userMessage(page, thread(), now(), mid(), 'Grüße aus Köln, ça va? 🎉 äöå')) },
    ];
    // The batch: entry[0].messaging[0..1], entry[1].standby[0..1], entry[2].messaging[0..1].
    const layout: TwinKind[] = ['message', 'postback', 'standby message', 'standby postback without payload', 'message', 'pass_thread_control'];
    // Every thread is set up first (one given to the bot comes with its own pass_thread_control), then each event is posted.
    const posts = cases.map((c) => ({ ...c, built: c.items() }));
    const batchThreads = layout.map((kind) => thread(twins[kind].channel));
    await h.settle();
    const start = h.mark();
    const answered: Delivery[] = [];
    const alone = new Map<TwinKind, string[]>();
    const reactions: (() => void)[] = [];
    for (const c of posts) {
      const from = h.mark();
      answered.push(await h.post(c.built, { label: c.label }));
      const psid = shapes.psidOf(c.built[0]!.event, page);
      if (c.twin && psid) reactions.push(() => alone.set(c.twin!, reactionOf(h, psid, from)));
    }
    // The batch follows at once, on threads of its own: its events are compared with their twins once both settled.
    const what: Partial<Record<TwinKind, string>> = { message: 'message "hello"', postback: 'postback "Get started"' };
    const batch: (Twin & { kind: TwinKind })[] = layout.map((kind, i) => ({ kind, what: what[kind] ?? kind, alone: [], item: twins[kind].on(batchThreads[i]!) }));
    const beforeBatch = h.mark();
    const batched = await h.post(batch.map((t) => t.item), { label: 'batched entries' });
    answered.push(batched);
    const compare = () => {
      for (const read of reactions) read();
      for (const twin of batch) twin.alone = alone.get(twin.kind) ?? [];
      return differences(h, batch, beforeBatch);
    };
    // Paced by the bot's answers: done once each batched event got its twin's reaction (within the ceiling).
    await h.settleUntil(() => compare().length === 0);

    // Every finding is told (a framework can have several of these bugs at once), the first as the summary.
    const bad = answered.filter((d) => !isOk(d));
    const refused = h.botCallsSince(start).filter((c) => isSend(c) && isNotOwnerRefusal(c));
    // A batch the bot did not answer is told as such; what it then left undone is that failure, not another.
    const differ = isOk(batched) ? compare() : [];
    const findings = [
      bad.length > 0 && `${bad.length} of ${answered.length} deliveries not answered 2xx within ${h.webhookTimeoutMs} ms: ${bad.map((d) => `${d.label} (${deliveryAnswer(d)})`).join(', ')}`,
      refused.length > 0 && `the bot answered standby events: ${refused.length} send(s) refused with (#10) 2018300 (another app owns those threads: a standby event is for listening)`,
      differ.length > 0 && `in a batched POST the bot ${differ.length === 1 ? 'mishandled 1 event' : `mishandled ${differ.length} events`} of ${batch.length} it handles alone: ${differ.join('; ')}`,
    ].filter((f): f is string => typeof f === 'string');
    if (findings.length > 0) return { status: 'fail', summary: findings[0]!, notes: findings.slice(1).map((f) => `also: ${f}`) };
    const slowest = Math.max(...answered.map((d) => d.latencyMs));
    return { status: 'pass', summary: `all ${answered.length} kinds answered 2xx (slowest ${slowest} ms); the ${batch.length} events of a batched POST handled as when alone` };
  },
});
