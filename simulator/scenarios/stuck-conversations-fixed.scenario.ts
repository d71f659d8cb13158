import { ANN, BO, CY, MANYCHAT, manychatActors, manychatCast, PAGE_INBOX, type Scenario } from '../scenario.js';

export const stuckConversationsFixed: Scenario = {
  name: 'stuck-conversations-fixed',
  title: 'The help page\'s fix: mark the stuck conversations Done, and automation works again',
  story:
    'Ann and Bo were passed to the Page Inbox and nobody closed their conversations: ManyChat\'s broadcast is refused for them. ' +
    'Marking both threads Done passes control back to ManyChat; the next broadcast reaches everyone and the bot answers again.',
  world: manychatCast(),
  apps: manychatActors({ liveChatAppId: PAGE_INBOX }),
  steps: [
    { user: ANN, says: 'agent' },
    { user: BO, says: 'agent please' },
    { user: CY, says: 'hi' },
    { app: MANYCHAT, broadcast: 'New arrivals this week!' },
    { inbox: 'done', user: ANN },
    { inbox: 'done', user: BO },
    { app: MANYCHAT, broadcast: 'Free shipping today!' },
    { user: ANN, says: 'what are your opening hours?' },
  ],
  expect: {
    owners: { [ANN]: MANYCHAT, [BO]: MANYCHAT, [CY]: MANYCHAT },
    refusedSends: { [MANYCHAT]: 2 },
    received: [{ app: MANYCHAT, kind: 'pass_thread_control', count: 2 }],
    appStates: [
      { app: MANYCHAT, user: ANN, state: 'automation' },
      { app: MANYCHAT, user: BO, state: 'automation' },
    ],
    unanswered: { [ANN]: 0 },
  },
  under: {
    'hop-v2': { differences: 'the same within minutes; left alone, the stuck threads would lapse to idle 24 hours after the users\' last message.' },
    'conversation-routing': { differences: 'Done passes each thread back to the default app; left alone, the stuck threads would lapse to idle after 24 hours.' },
  },
};
