import { ANN, MANYCHAT, PAGE_INBOX, manychatActors, manychatCast, type Scenario } from '../scenario.js';

/**
 * The most common hand-off of all: the bot offers quick replies and the user taps "Talk to an agent". A
 * quick reply reaches the bot as a message (its title as `text`, its `quick_reply.payload` beside it), so
 * the same Open Conversation flow starts as when the user types it.
 */
export const quickReplyHandoff: Scenario = {
  name: 'quick-reply-handoff',
  title: 'The user taps a "Talk to an agent" quick reply: ManyChat passes the thread to the Page Inbox',
  story:
    'Ann taps the quick reply "Talk to an agent" (payload HUMAN_AGENT): ManyChat gets it on messaging, the Page Inbox on ' +
    'standby with the payload intact, and ManyChat passes control to the Page Inbox. A human answers; Done brings the ' +
    'thread back, and Ann taps another quick reply, answered by ManyChat.',
  world: manychatCast(),
  apps: manychatActors({ liveChatAppId: PAGE_INBOX }),
  steps: [
    { user: ANN, tapsQuickReply: { title: 'Talk to an agent', payload: 'HUMAN_AGENT' } },
    { inbox: 'reply', user: ANN, text: 'Hi Ann, Jo here. How can I help?' },
    { inbox: 'done', user: ANN },
    { user: ANN, tapsQuickReply: { title: 'Track my order', payload: 'TRACK_ORDER' } },
  ],
  expect: {
    owners: { [ANN]: MANYCHAT },
    received: [
      { app: MANYCHAT, kind: 'message', channel: 'messaging', user: ANN, count: 2 },
      { app: PAGE_INBOX, kind: 'message', channel: 'standby', user: ANN, count: 2 },
      { app: PAGE_INBOX, kind: 'pass_thread_control', user: ANN, count: 1 },
      { app: MANYCHAT, kind: 'pass_thread_control', user: ANN, count: 1 },
    ],
    appStates: [
      { app: MANYCHAT, user: ANN, state: 'automation' },
      { app: PAGE_INBOX, user: ANN, state: 'doneFolder' },
    ],
    unanswered: { [ANN]: 0 },
  },
  under: {
    'hop-v2': { differences: 'the thread starts idle and goes to ManyChat with Ann\'s first tap; Done passes it back to the primary as in HOP v1.' },
    'conversation-routing': { differences: 'ManyChat is the default app: Ann\'s idle thread goes to it with her first tap; Done passes it back to the default app.' },
  },
};
