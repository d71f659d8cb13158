import { ANN, CONVERSATION_ROUTING, HOP_V2, LIVEDESK, MANYCHAT, hours, manychatActors, manychatCast, routedActors, type Scenario } from '../scenario.js';

export const idleAfter24h: Scenario = {
  name: 'idle-after-24h',
  title: 'A day without a user message: the agent\'s control lapses to idle, silently, and the default app answers again',
  story:
    'Ann asks for a human and LiveDesk takes the thread. She answers the agent once, then goes quiet. 25 hours later she ' +
    'writes again: control lapsed 24 hours after her last message, with no webhook to anyone, so her message goes to ' +
    'ManyChat, the default app, which answers; LiveDesk hears it on standby and its agent stops.',
  world: manychatCast({ profile: CONVERSATION_ROUTING }),
  apps: routedActors(),
  steps: [
    { user: ANN, says: 'I need a human' },
    { user: ANN, says: 'my order is late' },
    { wait: hours(25) },
    { user: ANN, says: 'hello again' },
  ],
  expect: {
    owners: { [ANN]: MANYCHAT },
    received: [
      { app: MANYCHAT, kind: 'take_thread_control', user: ANN, count: 1 },
      { app: MANYCHAT, kind: 'pass_thread_control', user: ANN, count: 0 },
      { app: LIVEDESK, kind: 'message', channel: 'standby', user: ANN, count: 2 },
      { app: MANYCHAT, kind: 'message', channel: 'messaging', user: ANN, count: 2 },
    ],
    appStates: [
      { app: LIVEDESK, user: ANN, state: 'watching' },
      { app: MANYCHAT, user: ANN, state: 'automation' },
    ],
    unanswered: { [ANN]: 0 },
  },
  under: {
    'hop-v1': { notMeaningful: 'HOP v1 control never lapses: the thread stays with its owner until passed or taken' },
    [HOP_V2]: {
      differences: 'no take permission: LiveDesk requests, ManyChat (primary) passes; after 24 h the thread is idle and ManyChat, the primary, gets it back with Ann\'s message.',
      world: manychatCast({ profile: HOP_V2 }),
      apps: manychatActors(),
      expect: {
        owners: { [ANN]: MANYCHAT },
        received: [
          { app: MANYCHAT, kind: 'request_thread_control', user: ANN, count: 1 },
          { app: LIVEDESK, kind: 'pass_thread_control', user: ANN, count: 1 },
          { app: MANYCHAT, kind: 'pass_thread_control', user: ANN, count: 0 },
          { app: MANYCHAT, kind: 'message', channel: 'messaging', user: ANN, count: 2 },
        ],
        appStates: [
          { app: LIVEDESK, user: ANN, state: 'watching' },
          { app: MANYCHAT, user: ANN, state: 'automation' },
        ],
        unanswered: { [ANN]: 0 },
      },
    },
  },
};
