import { ANN, BO, CONVERSATION_ROUTING, HOP_V2, LIVEDESK, MANYCHAT, PAGE_INBOX, manychatCast, routedActors, type Scenario } from '../scenario.js';

export const takeNeedsPermission: Scenario = {
  name: 'take-needs-permission',
  title: 'take_thread_control needs the page\'s "take control" permission: LiveDesk without it is refused',
  story:
    'The page\'s admin gave the take permission to ManyChat and the Page Inbox, not to LiveDesk. When Ann asks for a ' +
    'human, LiveDesk tries to take her thread and is refused; the thread stays with ManyChat, which keeps answering. ' +
    'Bo\'s thread is picked up from the Page Inbox instead: a human replying there takes control (the inbox has the permission).',
  world: manychatCast({ profile: CONVERSATION_ROUTING, takeControl: [MANYCHAT, PAGE_INBOX] }),
  apps: routedActors(),
  steps: [
    { user: ANN, says: 'I need a human' },
    { user: ANN, says: 'hello?' },
    { user: BO, says: 'hi' },
    { inbox: 'reply', user: BO, text: 'Hi Bo, Jo from the shop here.' },
    { user: BO, says: 'great, thanks' },
  ],
  expect: {
    owners: { [ANN]: MANYCHAT, [BO]: PAGE_INBOX },
    refused: [{ app: LIVEDESK, call: 'take_thread_control', subcode: 2018927, count: 1 }],
    received: [
      { app: MANYCHAT, kind: 'take_thread_control', user: ANN, count: 0 },
      { app: MANYCHAT, kind: 'message', channel: 'messaging', user: ANN, count: 2 },
      { app: MANYCHAT, kind: 'message', channel: 'standby', user: BO, count: 1 },
    ],
    appStates: [
      { app: LIVEDESK, user: ANN, state: 'watching' },
      { app: PAGE_INBOX, user: BO, state: 'inboxFolder' },
    ],
    unanswered: { [ANN]: 0 },
  },
  under: {
    'hop-v1': { notMeaningful: 'HOP v1 has no take permission: only the primary takes (primary-takes-back)' },
    [HOP_V2]: { notMeaningful: 'HOP v2 has no take permission: an idle thread or the primary takes' },
  },
};
