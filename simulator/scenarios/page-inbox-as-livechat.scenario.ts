import { ANN, MANYCHAT, manychatActors, manychatCast, PAGE_INBOX, type Scenario } from '../scenario.js';

export const pageInboxAsLiveChat: Scenario = {
  name: 'page-inbox-as-livechat',
  title: 'The Page Inbox as LiveChat app: "Open Conversation" passes the thread to the inbox, Done brings it back',
  story:
    'Ann asks for an agent: ManyChat passes control to the Page Inbox. While the inbox has the thread, ManyChat hears Ann on ' +
    'standby and stays silent; a human answers from the inbox and marks the thread Done, which passes control back to ManyChat.',
  world: manychatCast(),
  apps: manychatActors({ liveChatAppId: PAGE_INBOX }),
  steps: [
    { user: ANN, says: 'hi' },
    { user: ANN, says: 'agent' },
    { inbox: 'reply', user: ANN, text: 'Hi Ann, this is Jo from the shop.' },
    { user: ANN, says: 'my order is late' },
    { inbox: 'reply', user: ANN, text: 'Sorry! It ships today.' },
    { inbox: 'done', user: ANN },
    { user: ANN, says: 'thanks' },
  ],
  expect: {
    owners: { [ANN]: MANYCHAT },
    received: [
      { app: PAGE_INBOX, kind: 'pass_thread_control', user: ANN, count: 1 },
      { app: MANYCHAT, kind: 'pass_thread_control', user: ANN, count: 1 },
      { app: MANYCHAT, kind: 'message', channel: 'standby', user: ANN, count: 1 },
      { app: PAGE_INBOX, kind: 'message', channel: 'messaging', user: ANN, count: 1 },
    ],
    appStates: [
      { app: MANYCHAT, user: ANN, state: 'automation' },
      { app: PAGE_INBOX, user: ANN, state: 'doneFolder' },
    ],
    unanswered: { [ANN]: 0 },
  },
  under: {
    'hop-v2': { differences: 'the thread starts idle and goes to ManyChat with Ann\'s first message; Done passes it back to the primary as in HOP v1.' },
    'conversation-routing': { differences: 'Done passes the thread back to the default app (ManyChat), which gets pass_thread_control as in HOP v1.' },
  },
};
